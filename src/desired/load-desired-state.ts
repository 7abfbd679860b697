// A project folder (environments/ + rules) into the desired state of one environment: load the
// environment, find and load its rules, select, compile and render. Every problem of every
// stage is collected; objects are only returned when there is no error. Warnings (a schedule
// longer than a correlation's timespan) are returned apart: they are printed and fail nothing.
import { isError, type Diagnostic } from '../diagnostics.js';
import { loadEnvironment, type Environment } from '../config/load-environment.js';
import type { Rule } from '../rules/load-rules.js';
import { loadEnvironmentRules } from './environment-rules.js';
import { providerOf, type DesiredObject } from '../targets/registry.js';
import { renderEnvironment } from './render-environment.js';
import { selectRules } from './select-rules.js';

export interface DesiredState {
  environment?: Environment;
  rules: Rule[];
  objects: DesiredObject[];
  /** The errors; objects is empty when there is one. */
  diagnostics: Diagnostic[];
  /** Warnings of rendering (severity `warning`), printed by the commands, failing nothing. */
  warnings: Diagnostic[];
}

/** Per target, the project files its provider renders with besides the rules (ESCU macros and deployments). */
function loadProviderInputs(environment: Environment, projectDir: string, problems: Diagnostic[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, target] of Object.entries(environment.settings.targets)) {
    const loaded = providerOf(target.type).loadInputs?.(target, projectDir);
    if (!loaded) continue;
    problems.push(...loaded.diagnostics);
    inputs[name] = loaded.inputs;
  }
  return inputs;
}

export function loadDesiredState(projectDir: string, envName: string, env: NodeJS.ProcessEnv): DesiredState {
  const { environment, diagnostics } = loadEnvironment(projectDir, envName, env);
  if (!environment) return { rules: [], objects: [], diagnostics, warnings: [] };
  const { rules, diagnostics: problems } = loadEnvironmentRules(environment, projectDir);
  const selected = selectRules(rules, environment);
  problems.push(...selected.diagnostics);
  const inputs = loadProviderInputs(environment, projectDir, problems);
  const rendered = renderEnvironment(selected.rules, environment, inputs);
  problems.push(...rendered.diagnostics.filter(isError));
  const warnings = rendered.diagnostics.filter((d) => !isError(d));
  return problems.length > 0
    ? { environment, rules: selected.rules, objects: [], diagnostics: problems, warnings }
    : { environment, rules: selected.rules, objects: rendered.objects, diagnostics: [], warnings };
}
