// Desired objects of an already parsed environment, for render tests.
import { resolve } from 'node:path';
import type { Environment } from '../../src/config/load-environment.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import { selectRules } from '../../src/desired/select-rules.js';
import { renderEnvironment } from '../../src/desired/render-environment.js';
import type { DesiredObject } from '../../src/targets/registry.js';

export function loadDesiredStateFrom(projectDir: string, environment: Environment): DesiredObject[] {
  const { files } = discoverRuleFiles(environment.settings.rules, resolve(projectDir));
  const rules = loadRuleFiles(files).flatMap((l) => (l.rule ? [l.rule] : []));
  const rendered = renderEnvironment(selectRules(rules, environment).rules, environment);
  if (rendered.diagnostics.length > 0) throw new Error(rendered.diagnostics.map((d) => d.message).join('\n'));
  return rendered.objects;
}
