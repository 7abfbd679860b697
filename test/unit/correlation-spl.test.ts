// Acceptance 1 of issue 14: the correlation examples of pySigma-backend-splunk's public tests
// (SigmaHQ/pySigma-backend-splunk tests/test_backend_splunk_correlations.py), written as rule files
// in test/fixtures/correlations/, convert to the SPL those tests expect, whitespace aside.
// Beyond them: temporal_ordered and the value_* types in the same stats form, and Lucene's refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { compileRule } from '../../src/compile/compile-rule.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { SigmaCorrelation } from '../../src/rules/sigma/correlation-model.js';
import { tempDir } from '../helpers/temp-dir.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/correlations');

/** The file's one correlation, loaded with the rules beside it (and nothing else). */
function correlationOf(path: string, absolute: string): SigmaCorrelation {
  const loaded = loadRuleFiles([{ path, absolute }]);
  assert.deepEqual(loaded.flatMap((l) => l.diagnostics.map((d) => d.message)), []);
  const correlations = loaded.flatMap((l) => (l.rule?.kind === 'sigma-correlation' ? [l.rule] : []));
  assert.equal(correlations.length, 1);
  return correlations[0];
}

const spl = (file: string) => compileRule(correlationOf(`correlations/${file}`, join(FIXTURES, file)), 'spl')[0];
const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Each fixture and the string its pySigma test expects (the test's name is in the fixture's first line). */
const EXPECTED: Record<string, string> = {
  'event_count.yml': `fieldA="value1" fieldB="value2"

| bin _time span=15m
| stats count as event_count by _time fieldC fieldD

| search event_count >= 10`,
  'value_count.yml': `fieldA="value1" fieldB="value2"

| bin _time span=15m
| stats dc(fieldD) as value_count by _time fieldC

| search value_count < 10`,
  'value_count_with_fields.yml': `fieldA="value1" fieldB="value2"

| bin _time span=15m
| stats dc(fieldD) as value_count values(device_name) as device_name values(source_ip) as source_ip values(username) as username by _time fieldC

| search value_count < 10`,
  'value_count_base_rule_fields_ignored.yml': `fieldA="value1" fieldB="value2"

| bin _time span=15m
| stats dc(fieldD) as value_count by _time fieldC

| search value_count < 10`,
  'event_count_with_fields.yml': `fieldA="value1" fieldB="value2"

| bin _time span=15m
| stats count as event_count values(fieldE) as fieldE values(fieldF) as fieldF by _time fieldC fieldD

| search event_count >= 10`,
  'temporal.yml': `| multisearch
[ search fieldA="value1" fieldB="value2" | eval event_type="base_rule_1" | rename fieldC as field ]
[ search fieldA="value3" fieldB="value4" | eval event_type="base_rule_2" | rename fieldD as field ]

| bin _time span=15m
| stats dc(event_type) as event_type_count by _time fieldC

| search event_type_count >= 2`,
  'event_count_regex_deferred.yml': `| multisearch
[ search fieldA="value1" fieldB="value2" | eval event_type="base_rule" ]
[ search fieldA="value1"
| regex fieldB="value2" | eval event_type="base_rule2" ]

| bin _time span=15m
| stats count as event_count by _time fieldC fieldD

| search event_count >= 10`,
  'single_rule_regex_deferred.yml': `fieldA="value1"
| regex fieldB="value2"

| bin _time span=15m
| stats count as event_count by _time fieldC

| search event_count >= 10`,
  'subrule_fields_not_in_output.yml': `fieldA="value1"

| bin _time span=15m
| stats count as event_count by _time fieldC

| search event_count >= 10`,
};

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`pySigma-backend-splunk conformance: ${file}`, () => {
    assert.equal(squeeze(spl(file)), squeeze(expected));
  });
}

test('pySigma conformance, one known difference: an empty main search is * (test_event_count_correlation_rule_with_regex_or_deferred)', () => {
  const pysigma = `| multisearch
[ search fieldA="value1" fieldB="value2" | eval event_type="base_rule" ]
[ search \n| rex field=fieldA "(?<fieldAMatch>value1)"
| eval fieldACondition=if(isnotnull(fieldAMatch), "true", "false")
| rex field=fieldB "(?<fieldBMatch>value2)"
| eval fieldBCondition=if(isnotnull(fieldBMatch), "true", "false")
| search fieldACondition="true" OR fieldBCondition="true" | eval event_type="base_rule2" ]

| bin _time span=15m
| stats count as event_count by _time fieldC

| search event_count >= 10`;
  assert.equal(squeeze(spl('event_count_regex_or_deferred.yml')), squeeze(pysigma.replace('[ search \n| rex', '[ search *\n| rex')));
});

/** A file of two base rules and one correlation of `type` with the given extra `correlation:` lines. */
function beyond(type: string, extra: string): string {
  const dir = tempDir();
  const text = `title: Login failed
name: failed
logsource: { product: windows }
detection: { sel: { EventID: 4625 }, condition: sel }
---
title: Login succeeded
name: succeeded
logsource: { product: windows }
detection: { sel: { EventID: 4624 }, condition: sel }
---
title: Correlation
correlation:
    type: ${type}
    group-by: [User]
    timespan: 2w
${extra}`;
  writeFileSync(join(dir, 'c.yml'), text);
  return compileRule(correlationOf('rules/c.yml', join(dir, 'c.yml')), 'spl')[0];
}

test('temporal_ordered: each rule first seen after the one before it', () => {
  const out = beyond('temporal_ordered', '    rules: [failed, succeeded]\n');
  assert.equal(
    out,
    `| multisearch
[ search EventID=4625 | eval event_type="failed" ]
[ search EventID=4624 | eval event_type="succeeded" ]

| bin _time span=14d
| stats dc(event_type) as event_type_count min(eval(if(event_type="failed", _time, null()))) as first_1 min(eval(if(event_type="succeeded", _time, null()))) as first_2 by _time User

| search event_type_count >= 2
| where first_1 < first_2`,
  );
});

test('value_sum, value_avg and value_percentile aggregate the condition field', () => {
  const condition = (rest: string) => `    rules: failed\n    condition:\n        field: Bytes\n${rest}`;
  assert.match(beyond('value_sum', condition('        gt: 1000\n')), /^EventID=4625\n\n\| bin _time span=14d\n\| stats sum\(Bytes\) as value_sum by _time User\n\n\| search value_sum > 1000$/);
  assert.match(beyond('value_avg', condition('        neq: 2.5\n')), /\| stats avg\(Bytes\) as value_avg by _time User\n\n\| search value_avg != 2.5$/);
  assert.match(beyond('value_percentile', condition('        percentile: 95\n        lte: 7\n')), /\| stats perc95\(Bytes\) as value_percentile by _time User\n\n\| search value_percentile <= 7$/);
});

test('a single-rule temporal correlation tags its events without multisearch', () => {
  assert.match(beyond('temporal', '    rules: failed\n'), /^EventID=4625 \| eval event_type="failed"\n\n/);
});

test('--to lucene: a correlation is refused at its correlation key', () => {
  const correlation = correlationOf('correlations/event_count.yml', join(FIXTURES, 'event_count.yml'));
  assert.throws(
    () => compileRule(correlation, 'lucene'),
    (error: unknown) => {
      assert.ok(error instanceof DiagnosticError);
      const [d] = error.diagnostics;
      assert.match(d.message, /Lucene query_string has no aggregation; a correlation deploys to Watcher as a watch with aggregations/);
      assert.deepEqual({ line: d.location?.line, column: d.location?.column }, { line: 15, column: 1 });
      return true;
    },
  );
});
