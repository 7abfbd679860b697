// A project folder (environments/ + rules) into the desired state of one environment: load the
// environment, find and load its rules, select, compile and render. Every problem of every
// stage is collected; objects are only returned when there is no error. Warnings (a schedule
// longer than a correlation's timespan) are returned apart: they are printed and fail nothing.
import { isError, type Diagnostic } from '../diagnostics.js';
import { unsetVariable } from '../config/interpolate.js';
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

/**
 * The environment with the variables the selected native definitions reference (`${VAR}`, read from
 * the process environment as an environment file's are) added to its references: like those, they
 * stay references in everything rendered, planned and recorded, and are resolved in requests only
 * (docs/deploy.md, "Secrets"). A variable that is not set is an error where the file uses it.
 */
function withNativeVariables(environment: Environment, rules: readonly Rule[], env: NodeJS.ProcessEnv, problems: Diagnostic[]): Environment {
  const known = new Set(environment.secrets.map((s) => s.name));
  const added: { name: string; value: string }[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'native-watch' && rule.kind !== 'native-saved-search') continue;
    for (const variable of rule.variables) {
      const value = env[variable.name];
      if (value === undefined || value === '') {
        problems.push(unsetVariable(variable.name, variable.loc));
        continue;
      }
      if (known.has(variable.name)) continue;
      known.add(variable.name);
      added.push({ name: variable.name, value });
    }
  }
  return added.length === 0 ? environment : { ...environment, secrets: [...environment.secrets, ...added] };
}

export function loadDesiredState(projectDir: string, envName: string, env: NodeJS.ProcessEnv): DesiredState {
  const { environment: loadedEnv, diagnostics } = loadEnvironment(projectDir, envName, env);
  if (!loadedEnv) return { rules: [], objects: [], diagnostics, warnings: [] };
  return desiredStateOf(loadedEnv, projectDir, env);
}

/**
 * The desired state of an environment already loaded (and valid): its rules, selected, compiled
 * and rendered. `plan` calls it apart, after the listing's requests have gone out.
 */
export function desiredStateOf(loadedEnv: Environment, projectDir: string, env: NodeJS.ProcessEnv): DesiredState {
  const { rules, diagnostics: problems } = loadEnvironmentRules(loadedEnv, projectDir);
  const selected = selectRules(rules, loadedEnv);
  problems.push(...selected.diagnostics);
  const environment = withNativeVariables(loadedEnv, selected.rules, env, problems);
  const inputs = loadProviderInputs(environment, projectDir, problems);
  const rendered = renderEnvironment(selected.rules, environment, inputs);
  problems.push(...rendered.diagnostics.filter(isError));
  const warnings = rendered.diagnostics.filter((d) => !isError(d));
  return problems.length > 0
    ? { environment, rules: selected.rules, objects: [], diagnostics: problems, warnings }
    : { environment, rules: selected.rules, objects: rendered.objects, diagnostics: [], warnings };
}
