// The use case behind `detctl test` and `plan/deploy --test`: the rules' tests found, run
// against Sigma and the targets, as one report. Loading and running are separate from printing.
import { resolve } from 'node:path';
import type { Environment } from '../config/load-environment.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Rule } from '../rules/load-rules.js';
import type { Evaluators } from './evaluators.js';
import { findRuleTests } from './find-tests.js';
import type { TestReport, TestTarget } from './model.js';
import { runTests, testTargets, type RunOptions } from './run-tests.js';

export interface TestRulesOptions extends RunOptions {
  /** The project folder: rule paths and an environment's `tests:` folder are relative to it. */
  projectDir: string;
  /** Its targets are tested, with their mappings; without it, Sigma, Lucene and SPL unmapped. */
  environment?: Environment;
  /** Instead of those decided by the environment (the conformance suite tests each mapping). */
  targets?: TestTarget[];
  evaluators: Evaluators;
}

export interface TestRulesResult {
  report: TestReport;
  /** Test files that could not be read: the run fails, the other rules are still tested. */
  diagnostics: Diagnostic[];
}

export function testRules(rules: readonly Rule[], options: TestRulesOptions): TestRulesResult {
  const testsDir = options.environment?.settings.tests;
  const found = findRuleTests(rules, { cwd: options.projectDir, evaluators: options.evaluators, ...(testsDir ? { testsDir: resolve(options.projectDir, testsDir) } : {}) });
  const targets = options.targets ?? testTargets(options.environment);
  const report = runTests(found.tests, targets, options.evaluators, found.untested, options);
  return { report: { ...report, passed: report.passed && found.diagnostics.length === 0 }, diagnostics: found.diagnostics };
}
