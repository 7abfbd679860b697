// A project folder (environments/ + rules) into the desired state of one environment: load the
// environment, find and load its rules, select, compile and render. Every problem of every
// stage is collected; objects are only returned when there is none.
import { resolve } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { loadEnvironment, type Environment } from './config/load-environment.js';
import { discoverRuleFiles } from './rules/discover.js';
import { loadRuleFiles, type Rule } from './rules/load-rules.js';
import { selectRules } from './render/select-rules.js';
import { renderEnvironment } from './render/render-environment.js';
import type { DesiredObject } from './render/objects.js';

export interface DesiredState {
  environment?: Environment;
  rules: Rule[];
  objects: DesiredObject[];
  diagnostics: Diagnostic[];
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
  const rendered = renderEnvironment(selected.rules, environment);
  problems.push(...rendered.diagnostics);
  return problems.length > 0
    ? { environment, rules: selected.rules, objects: [], diagnostics: problems }
    : { environment, rules: selected.rules, objects: rendered.objects, diagnostics: [] };
}
