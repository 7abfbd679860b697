// A project folder (environments/ + rules) into the desired state of one environment: load the
// environment, find and load its rules, select, compile and render. Every problem of every
// stage is collected; objects are only returned when there is none.
import { resolve } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { loadEnvironment, type Environment } from './config/load-environment.js';
import { discoverRuleFiles } from './rules/discover.js';
import { loadRuleFiles, type Rule } from './rules/load-rules.js';
import { selectRules } from './render/select-rules.js';
import { renderEnvironment, type EscuLibrary } from './render/render-environment.js';
import { loadEscuMacroFiles } from './rules/escu/load-escu-macros.js';
import { loadEscuDeploymentFiles } from './rules/escu/load-escu-deployments.js';
import type { DesiredObject } from './render/objects.js';

export interface DesiredState {
  environment?: Environment;
  rules: Rule[];
  objects: DesiredObject[];
  diagnostics: Diagnostic[];
}

/** Per Splunk target, the ESCU macro and deployment files its `escu:` settings point at. */
function loadEscuLibraries(environment: Environment, projectDir: string, problems: Diagnostic[]): Record<string, EscuLibrary> {
  const libraries: Record<string, EscuLibrary> = {};
  for (const [name, target] of Object.entries(environment.settings.targets)) {
    if (target.type !== 'splunk') continue;
    const read = (path: string | undefined) => {
      if (!path) return [];
      const found = discoverRuleFiles([path], resolve(projectDir));
      problems.push(...found.diagnostics);
      return found.files;
    };
    const macros = loadEscuMacroFiles(read(target.escu.macros));
    const deployments = loadEscuDeploymentFiles(read(target.escu.deployments));
    problems.push(...macros.diagnostics, ...deployments.diagnostics);
    libraries[name] = { macros: macros.macros, deployments: deployments.deployments };
  }
  return libraries;
}

export function loadDesiredState(projectDir: string, envName: string, env: NodeJS.ProcessEnv): DesiredState {
  const { environment, diagnostics } = loadEnvironment(projectDir, envName, env);
  if (!environment) return { rules: [], objects: [], diagnostics };
  const discovered = discoverRuleFiles(environment.settings.rules, resolve(projectDir));
  const loaded = loadRuleFiles(discovered.files);
  const problems = [...discovered.diagnostics, ...loaded.flatMap((l) => l.diagnostics)];
  const rules = loaded.flatMap((l) => (l.rule ? [l.rule] : []));
  const selected = selectRules(rules, environment);
  problems.push(...selected.diagnostics);
  const escu = loadEscuLibraries(environment, projectDir, problems);
  const rendered = renderEnvironment(selected.rules, environment, escu);
  problems.push(...rendered.diagnostics);
  return problems.length > 0
    ? { environment, rules: selected.rules, objects: [], diagnostics: problems }
    : { environment, rules: selected.rules, objects: rendered.objects, diagnostics: [] };
}
