// Per-rule deploy settings from a Sigma rule's `custom:` block (documented in docs/rules.md):
//   custom: {interval: 15m, throttle: 1h, disabled: true, actions: {...same shape as the environment's}}
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import { ruleWatchActions, type WatchSettings } from './elasticsearch/settings.js';
import { ES_TIME_VALUE, WATCHER_INTERVAL, isDuration } from '../base/duration.js';

export interface RuleOverrides {
  interval?: string;
  throttle?: string;
  disabled?: boolean;
  actions?: WatchSettings['actions'];
}

export function ruleOverrides(rule: SigmaRule): RuleOverrides {
  const c = rule.custom;
  const overrides: RuleOverrides = {};
  if (isDuration(WATCHER_INTERVAL, c.interval)) overrides.interval = c.interval;
  if (isDuration(ES_TIME_VALUE, c.throttle)) overrides.throttle = c.throttle;
  if (typeof c.disabled === 'boolean') overrides.disabled = c.disabled;
  if (c.actions !== undefined) {
    const parsed = ruleWatchActions.safeParse(c.actions);
    if (parsed.success) overrides.actions = parsed.data;
  }
  return overrides;
}

/** The problems of a rule's overrides, so they are errors before anything is rendered. */
export function checkRuleOverrides(rule: SigmaRule): Diagnostic[] {
  const c = rule.custom;
  const at = rule.keyLocations.custom ?? rule.loc;
  const problems: Diagnostic[] = [];
  const durations = { interval: [WATCHER_INTERVAL, '15m, 1h or 1w'], throttle: [ES_TIME_VALUE, '15m, 1h or 1d'] } as const;
  for (const [key, [syntax, examples]] of Object.entries(durations)) {
    if (c[key] !== undefined && !isDuration(syntax, c[key])) {
      problems.push(diagnostic('rule-custom', `custom.${key} must be a duration like ${examples}`, at));
    }
  }
  if (c.disabled !== undefined && typeof c.disabled !== 'boolean') problems.push(diagnostic('rule-custom', 'custom.disabled must be true or false', at));
  if (c.actions !== undefined) {
    const parsed = ruleWatchActions.safeParse(c.actions);
    if (!parsed.success) problems.push(diagnostic('rule-custom', `custom.actions: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, at));
  }
  return problems;
}
