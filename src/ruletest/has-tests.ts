// Whether a rule has tests, without reading them: what `validate` warns about.
import type { Rule } from '../rules/load-rules.js';
import { testFilesOf } from './detctl-source.js';
import { REGRESSION_KEY } from './sigmahq-source.js';

export function hasTests(rule: Rule, cwd: string, testsDir?: string): boolean {
  return (rule.kind === 'sigma' && rule.custom[REGRESSION_KEY] !== undefined) || testFilesOf(rule, cwd, testsDir).length > 0;
}
