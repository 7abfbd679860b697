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
import { renderEscuDetection } from './escu-saved-search.js';
import { renderEscuMacros } from './escu-macros.js';
import { deploymentFor, missingDeployment } from '../rules/escu/load-escu-deployments.js';
import type { EscuDeployment, EscuDetection, EscuMacro } from '../rules/escu/model.js';
import type { SigmaRule } from '../rules/sigma/model.js';

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

/** ESCU macros and deployments of a Splunk target, loaded from the folders its `escu:` names. */
export interface EscuLibrary {
  macros: EscuMacro[];
  deployments: EscuDeployment[];
}

export function renderEnvironment(rules: Rule[], environment: Environment, escu: Record<string, EscuLibrary> = {}): RenderResult {
  const diagnostics: Diagnostic[] = [];
  const objects: DesiredObject[] = [];
  const sigma = rules.filter((r): r is SigmaRule => r.kind === 'sigma');
  const detections = rules.filter((r): r is EscuDetection => r.kind === 'escu' && r.rendered);
  for (const rule of sigma) diagnostics.push(...checkRuleOverrides(rule));
  for (const [target, settings] of Object.entries(environment.settings.targets)) {
    if (settings.type === 'elasticsearch') {
      const w = settings.watch;
      for (const rule of sigma) {
        const queries = attempt(diagnostics, () => compileRule(rule, 'lucene', { mapping: w.mapping as MappingName | undefined, keywordSuffix: w.keywordSuffix }));
        if (queries) objects.push(...renderWatches(rule, queries, { target, env: environment.name, settings: w }));
      }
      continue;
    }
    const s = settings.savedSearch;
    for (const rule of sigma) {
      const queries = attempt(diagnostics, () => compileRule(rule, 'spl', { mapping: s.mapping as MappingName | undefined }));
      if (queries) objects.push(...renderSigmaSavedSearches(rule, queries, { target, app: settings.app, owner: settings.owner, settings: s }));
    }
    if (detections.length === 0) continue;
    const library = escu[target] ?? { macros: [], deployments: [] };
    const escuSettings = { namePrefix: settings.escu.namePrefix, app: settings.app, owner: settings.owner, target, enabled: settings.escu.enabled };
    for (const d of detections) {
      const deployment = deploymentFor(d, library.deployments);
      if (!deployment) {
        diagnostics.push(missingDeployment(d));
        continue;
      }
      const search = attempt(diagnostics, () => renderEscuDetection(d, deployment, escuSettings));
      if (search) objects.push(search);
    }
    const macros = renderEscuMacros(detections, library.macros, escuSettings);
    objects.push(...macros.macros);
    diagnostics.push(...macros.diagnostics);
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
