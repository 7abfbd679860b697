// The rules an environment deploys, before `select:`: the files its `rules:` names, loaded and
// resolved, with the Sigma filters its `filters:` names applied (src/rules/apply-filters.ts).
// One function for every command that reads an environment's rules (plan, deploy, build, test
// --env), so a filter changes the tested queries exactly as it changes the deployed ones.
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Environment } from '../config/load-environment.js';
import { discoverRuleFiles } from '../rules/discover.js';
import { loadRuleFiles, type Rule } from '../rules/load-rules.js';
import { applyFilters, loadFilterFiles } from '../rules/apply-filters.js';

export function loadEnvironmentRules(environment: Environment, projectDir: string): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const discovered = discoverRuleFiles(environment.settings.rules, resolve(projectDir), (i) => environment.locate(['rules', i]));
  const loaded = loadRuleFiles(discovered.files);
  const diagnostics = [...discovered.diagnostics, ...loaded.flatMap((l) => l.diagnostics)];
  const rules = loaded.flatMap((l) => (l.rule ? [l.rule] : []));
  const filterPaths = environment.settings.filters ?? [];
  if (filterPaths.length === 0) return { rules, diagnostics };
  const filterFiles = discoverRuleFiles(filterPaths, resolve(projectDir), (i) => environment.locate(['filters', i]));
  const filters = loadFilterFiles(filterFiles.files);
  diagnostics.push(...filterFiles.diagnostics, ...filters.diagnostics);
  const filtered = applyFilters(rules, filters.filters);
  diagnostics.push(...filtered.diagnostics);
  return { rules: filtered.rules, diagnostics };
}
