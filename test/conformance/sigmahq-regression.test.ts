// Acceptance (issue 13, 1): `detctl test` over SigmaHQ's regression suite — the 202 rules of
// shared/corpus/sigmahq that name `regression_tests_path:`, with their true-positive events — on
// Sigma and four deployed queries: Lucene and SPL, each without and with its Windows mapping.
// Every rule whose queries can be expressed must pass; each failure is printed with its reason,
// the counts per target are printed and asserted (at least 200 per target). Lucene once more with
// case, as query_string terms on keyword fields match by default (reported, not required to pass).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestReport } from '../../src/ruletest/model.js';
import { requireCorpus } from './corpus.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

const RULE_FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

/** The rule files naming a regression test (a commented-out key does not count, as YAML reads it). */
function regressionRules(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.yml') && /^regression_tests_path:/m.test(readFileSync(join(root, path), 'utf8')) ? [path] : [];
    });
  return RULE_FOLDERS.flatMap(walk).sort();
}

/**
 * Every target once without and once with its Windows mapping. No request is made: `detctl test` is
 * offline. The Lucene targets match strings regardless of case, as Sigma means them
 * (`watch.caseInsensitive`): keyword fields compare with case, so Lucene's default terms miss events
 * whose case differs from the rule's — the `lucene-cased` column shows which, and that nothing else
 * fails there.
 */
const ENVIRONMENT = `targets:
  lucene: {type: elasticsearch, url: 'http://127.0.0.1:9', auth: {apiKey: unused}, watch: {indices: [winlogbeat-*], caseInsensitive: true}}
  lucene-ecs_windows: {type: elasticsearch, url: 'http://127.0.0.1:9', auth: {apiKey: unused}, watch: {indices: [winlogbeat-*], mapping: ecs_windows, caseInsensitive: true}}
  lucene-cased: {type: elasticsearch, url: 'http://127.0.0.1:9', auth: {apiKey: unused}, watch: {indices: [winlogbeat-*]}}
  spl: {type: splunk, url: 'http://127.0.0.1:9', auth: {token: unused}, app: search}
  spl-splunk_windows: {type: splunk, url: 'http://127.0.0.1:9', auth: {token: unused}, app: search, savedSearch: {mapping: splunk_windows}}
`;

test('detctl test on SigmaHQ regression data: every expressible rule passes on Sigma, Lucene and SPL, each ± its Windows mapping', async () => {
  const sigmahq = join(requireCorpus(), 'sigmahq');
  // A project whose rules and regression data are SigmaHQ's (linked, not copied), with the environment above.
  const project = tempProject({ 'environments/conformance.yaml': ENVIRONMENT });
  for (const folder of [...RULE_FOLDERS, 'regression_data']) symlinkSync(join(sigmahq, folder), join(project, folder));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rules = regressionRules(project);
  const run = await runCli(['test', '--env', 'conformance', '--format', 'json', ...rules], { cwd: project });
  const elapsed = performance.now() - started;
  // CPU time as well as wall time: on a shared machine the wall time says more about the neighbours.
  const { user, system } = process.cpuUsage(cpu);
  const report = JSON.parse(run.out) as TestReport;

  console.log(`detctl test, SigmaHQ regression: ${report.rules.length} rules, ${report.rules.reduce((n, r) => n + r.events, 0)} events, in ${(elapsed / 1000).toFixed(1)} s (${((user + system) / 1e6).toFixed(1)} s CPU)`);
  for (const [target, t] of Object.entries(report.totals)) console.log(`  ${target.padEnd(20)} ${t.pass} passed, ${t['not-expressible']} not expressible, ${t.fail} failed, ${t.error} errors`);
  for (const r of report.rules) {
    for (const { target, outcome } of r.targets) {
      if (outcome.status === 'not-expressible') console.log(`  not expressible  ${target.name}  ${r.path}: ${outcome.reason}`);
      if (outcome.status === 'error') console.log(`  ERROR  ${target.name}  ${r.path}: ${outcome.reason}`);
      if (outcome.status === 'fail') console.log(`  FAIL  ${target.name}  ${r.path}: ${outcome.first.event}: expected ${outcome.first.expected}, got ${outcome.first.actual}; decided by ${outcome.first.decidedBy}`);
    }
  }
  assert.equal(run.err, '', 'every regression test file is read');
  assert.equal(rules.length, 202);
  assert.equal(report.rules.length, 202, 'every rule naming regression data has tests');
  assert.deepEqual(Object.keys(report.totals), ['sigma', 'lucene', 'lucene-ecs_windows', 'lucene-cased', 'spl', 'spl-splunk_windows']);
  // With case, Lucene fails only where case decides: every rule failing there passes case-insensitively.
  const outcome = (r: TestReport['rules'][number], name: string) => r.targets.find((t) => t.target.name === name)?.outcome.status;
  const casedFailures = report.rules.filter((r) => outcome(r, 'lucene-cased') === 'fail');
  assert.ok(casedFailures.every((r) => outcome(r, 'lucene') === 'pass'), 'lucene-cased fails only on case');
  assert.equal(report.totals['lucene-cased'].error, 0);
  for (const [target, t] of Object.entries(report.totals).filter(([name]) => name !== 'lucene-cased')) {
    assert.equal(t.fail + t.error, 0, `${target}: every rule whose queries can be expressed passes`);
    assert.ok(t.pass >= 200, `${target}: ${t.pass} rules pass, at least 200 must`);
  }
  assert.equal(run.code, casedFailures.length > 0 ? 1 : 0, 'detctl test exits 1 while a target fails');
});
