// Rules + environment → every desired object of every target. Pure: no I/O. All problems are
// collected, and objects are only returned when there are none (nothing half-rendered).
import { DiagnosticError, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Environment } from '../config/load-environment.js';
import { compileRule } from '../compile/compile-rule.js';
import type { MappingName } from '../compile/mappings/apply-mapping.js';
import type { Rule } from '../rules/load-rules.js';
import type { DesiredObject } from './objects.js';
import { renderWatches } from './watch.js';
import { renderSigmaSavedSearches } from './sigma-saved-search.js';
import { checkRuleOverrides } from './rule-overrides.js';

export interface RenderResult {
  objects: DesiredObject[];
  diagnostics: Diagnostic[];
}

function attempt<T>(diagnostics: Diagnostic[], f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
    else throw error;
    return undefined;
  }
}

export function renderEnvironment(rules: Rule[], environment: Environment): RenderResult {
  const diagnostics: Diagnostic[] = [];
  const objects: DesiredObject[] = [];
  for (const rule of rules) diagnostics.push(...checkRuleOverrides(rule));
  for (const [target, settings] of Object.entries(environment.settings.targets)) {
    for (const rule of rules) {
      if (settings.type === 'elasticsearch') {
        const w = settings.watch;
        const queries = attempt(diagnostics, () => compileRule(rule, 'lucene', { mapping: w.mapping as MappingName | undefined, keywordSuffix: w.keywordSuffix }));
        if (queries) objects.push(...renderWatches(rule, queries, { target, env: environment.name, settings: w }));
      } else {
        const s = settings.savedSearch;
        const queries = attempt(diagnostics, () => compileRule(rule, 'spl', { mapping: s.mapping as MappingName | undefined }));
        if (queries) objects.push(...renderSigmaSavedSearches(rule, queries, { target, app: settings.app, owner: settings.owner, settings: s }));
      }
    }
  }
  diagnostics.push(...collisions(objects));
  return diagnostics.length > 0 ? { objects: [], diagnostics } : { objects: sortObjects(objects), diagnostics };
}

/** Two rules rendering to one watch id or saved-search name would overwrite each other. */
function collisions(objects: DesiredObject[]): Diagnostic[] {
  const seen = new Map<string, DesiredObject>();
  const problems: Diagnostic[] = [];
  for (const o of objects) {
    const k = identity(o);
    const first = seen.get(k);
    if (first) problems.push(diagnostic('render-collision', `${o.kind} '${o.kind === 'watch' ? o.id : o.name}' of target ${o.target} is rendered from both ${first.source} and ${o.source}`, { file: o.source, line: 1, column: 1 }, 'give the rules distinct titles (saved searches are named after the title) or ids'));
    else seen.set(k, o);
  }
  return problems;
}

function identity(o: DesiredObject): string {
  return `${o.target}\u0000${o.kind}\u0000${o.kind === 'watch' ? o.id : o.name}`;
}

function sortObjects(objects: DesiredObject[]): DesiredObject[] {
  return [...objects].sort((a, b) => (identity(a) < identity(b) ? -1 : identity(a) > identity(b) ? 1 : 0));
}
