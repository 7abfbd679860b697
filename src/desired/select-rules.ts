// The environment's `select:` filters. A filter that selects nothing is an error: it is almost
// always a typo, and deploying it would delete every managed object.
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Environment } from '../config/load-environment.js';
import type { Rule } from '../rules/load-rules.js';

type Select = NonNullable<Environment['settings']['select']>;

/** ESCU detections have no level; ESCU tags are the ATT&CK ids and analytic stories. */
const tagsOf = (rule: Rule): string[] => (rule.kind === 'escu' ? [...(rule.tags.mitreAttackId ?? []), ...rule.tags.analyticStory] : rule.tags);

const matchers: Record<keyof Select, (rule: Rule, wanted: string[]) => boolean> = {
  status: (rule, wanted) => rule.status !== undefined && wanted.includes(rule.status),
  // A level filter selects among Sigma rules; ESCU detections and native definitions, which have no level, pass it.
  level: (rule, wanted) => rule.kind === 'escu' || rule.kind === 'native-watch' || rule.kind === 'native-saved-search' || (rule.level !== undefined && wanted.includes(rule.level)),
  tags: (rule, wanted) => tagsOf(rule).some((t) => wanted.includes(t)),
  paths: (rule, wanted) => wanted.some((p) => rule.path === p || rule.path.startsWith(p.endsWith('/') ? p : `${p}/`)),
};

export function selectRules(rules: Rule[], environment: Environment): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const select = environment.settings.select ?? {};
  const diagnostics: Diagnostic[] = [];
  let selected = rules;
  for (const key of Object.keys(matchers) as (keyof Select)[]) {
    const wanted = select[key];
    if (!wanted) continue;
    const next = selected.filter((r) => matchers[key](r, wanted));
    if (next.length === 0) {
      diagnostics.push(diagnostic('env-select', `select.${key} [${wanted.join(', ')}] selects no rule (of ${selected.length} left by the filters before it)`, environment.locate(['select', key])));
    }
    selected = next;
  }
  return { rules: selected, diagnostics };
}
