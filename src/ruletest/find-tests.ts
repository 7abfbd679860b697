// Which rules have tests, from both sources: SigmaHQ's regression data (Sigma rules naming
// `regression_tests_path`) and detctl's `.tests.yml` files (any rule, ESCU included). One bad test
// file is its own diagnostics; every other rule's tests are still loaded.
import type { Diagnostic } from '../diagnostics.js';
import type { Rule } from '../rules/load-rules.js';
import { loadDetctlTests, testFilesOf } from './detctl-source.js';
import type { Evaluators } from './evaluators.js';
import type { RuleTests } from './model.js';
import { loadSigmaHqTests } from './sigmahq-source.js';

export interface FoundTests {
  tests: RuleTests[];
  /** Rules without any test, by path. */
  untested: string[];
  diagnostics: Diagnostic[];
}

export interface FindOptions {
  /** What rule paths are relative to. */
  cwd: string;
  /** The environment's `tests:` folder, absolute. */
  testsDir?: string;
  evaluators: Pick<Evaluators, 'flattenSigmaHqEvent'>;
}

export function findRuleTests(rules: readonly Rule[], options: FindOptions): FoundTests {
  const found: FoundTests = { tests: [], untested: [], diagnostics: [] };
  for (const rule of rules) {
    // A correlation's tests are the `correlations:` of the tests file of the file that holds it
    // (detctl-source.ts); the file's `events:` are its rules'.
    const sources = [
      ...(rule.kind === 'sigma' ? [loadSigmaHqTests(rule, options.cwd, options.evaluators)] : []),
      ...testFilesOf(rule, options.cwd, options.testsDir).map((file) => loadDetctlTests(rule, file, options.cwd, rules.filter((r) => r.kind === 'sigma-correlation' && r.path === rule.path))),
    ];
    for (const s of sources) {
      found.diagnostics.push(...s.diagnostics);
      if (s.tests) found.tests.push(s.tests);
    }
    // A rule whose test file is malformed has tests, just unreadable ones: its diagnostics say so.
    if (!sources.some((s) => s.tests || s.diagnostics.length > 0)) found.untested.push(rule.path);
  }
  return found;
}
