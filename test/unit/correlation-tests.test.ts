// `detctl test` on correlations (issue 14): timestamped events, the named rules evaluated on each
// (Sigma and every deployed query), then groups, time windows and the type's aggregate; each
// declared group must fire or stay quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../helpers/run-cli.js';
import { evaluateCorrelation, type CorrelatedEvent } from '../../src/evaluate/correlation.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import type { SigmaCorrelation } from '../../src/rules/sigma/correlation-model.js';

/** The rule the correlations below count. */
const FAILED_LOGON = `title: Failed logon
name: failed_logon
logsource: {product: windows, service: security}
detection:
    selection: {EventID: 4625}
    condition: selection
---
`;

const RULES = `${FAILED_LOGON}title: Successful logon
name: successful_logon
logsource: {product: windows, service: security}
detection:
    selection: {EventID: 4624}
    condition: selection
---
title: Brute force
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules: [failed_logon]
    group-by: [TargetUserName]
    timespan: 10m
    condition: {gte: 5}
`;

const at = (minute: number, second = 0) => `2026-12-01T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}Z`;
const logon = (user: string, id: number, minute: number, second = 0) => `      - {time: "${at(minute, second)}", event: {EventID: ${id}, TargetUserName: ${user}}}`;

const TESTS = (groups: string) => `correlations:
  - name: five failures for alice in four minutes, four for bob, five for carol over forty
    events:
${[0, 1, 2, 3, 4].map((m) => logon('alice', 4625, m)).join('\n')}
${[0, 1, 2, 3].map((m) => logon('bob', 4625, m)).join('\n')}
${[0, 10, 20, 30, 40].map((m) => logon('carol', 4625, m)).join('\n')}
${logon('bob', 4624, 5)}
    groups:
${groups}
`;

test('an event_count correlation fires on the group over the threshold and not on the others, in every target', async () => {
  const dir = tempProject({
    'rules/brute.yml': RULES,
    'rules/brute.tests.yml': TESTS('      - {group: {TargetUserName: alice}, match: true}\n      - {group: {TargetUserName: bob}, match: false}\n      - {group: {TargetUserName: carol}, match: false}'),
  });
  const r = await runCli(['test', 'rules', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.out + r.err);
  const report = JSON.parse(r.out) as { rules: { title: string; passed: boolean; events: number; targets: { target: { name: string }; outcome: { status: string; matched: number; events: number } }[] }[] };
  const brute = report.rules.find((x) => x.title === 'Brute force')!;
  assert.equal(brute.passed, true);
  assert.equal(brute.events, 15);
  assert.deepEqual(brute.targets.map((t) => [t.target.name, t.outcome.status, t.outcome.matched, t.outcome.events]), [
    ['sigma', 'pass', 1, 3],
    ['lucene', 'pass', 1, 3],
    ['spl', 'pass', 1, 3],
  ]);
  const text = await runCli(['test', 'rules', '--verbose'], { cwd: dir });
  assert.match(text.out, /PASS {2}rules\/brute\.yml — Brute force \(15 events, rules\/brute\.tests\.yml\)\n {2}sigma +pass: 1 of 3 groups fire/);
});

test('a wrong expectation fails with the group, where it is declared, and the window that decided', async () => {
  const dir = tempProject({
    'rules/brute.yml': RULES,
    'rules/brute.tests.yml': TESTS('      - {group: {TargetUserName: alice}, match: true}\n      - {group: {TargetUserName: bob}, match: true}'),
  });
  const r = await runCli(['test', 'rules'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL {2}rules\/brute\.yml — Brute force/);
  assert.match(r.out, /sigma +FAIL: TargetUserName=bob \(rules\/brute\.tests\.yml:21:10, five failures for alice .*\): expected the correlation fires, got no alert\n +decided by: event_count 4 not >= 5 \(from 2026-12-01T10:00:00\.000Z to 2026-12-01T10:03:00\.000Z\)/);
  assert.match(r.out, /lucene +FAIL: TargetUserName=bob .*; Sigma: no alert\n.*\n +query: failed_logon: EventID:4625/);
});

test('a group that is not the correlation\'s group-by, and a time that is not one, are errors at their path:line:col', async () => {
  const dir = tempProject({
    'rules/brute.yml': RULES,
    'rules/brute.tests.yml': `correlations:\n  - events:\n      - {time: "yesterday", event: {EventID: 4625, TargetUserName: a}}\n    groups:\n      - {group: {TargetUsername: a}, match: true}\n`,
  });
  const r = await runCli(['test', 'rules'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.err, /^rules\/brute\.tests\.yml:3:10: error: 'yesterday' is not a time/m);
  assert.match(r.err, /^rules\/brute\.tests\.yml:5:18: error: 'TargetUsername' is not a group-by field of 'Brute force' \(TargetUserName\); did you mean 'TargetUserName'\?/m);
  assert.match(r.err, /^rules\/brute\.tests\.yml:5:10: error: the group needs a value for 'TargetUserName'/m);
});

// The aggregates, each on one group over the threshold and one under it.
function correlationOf(block: string, rules = RULES.split('---\n').slice(0, 2).join('---\n')): SigmaCorrelation {
  const dir = tempProject({ 'rules/c.yml': `${rules}---\ntitle: C\ncorrelation:\n${block.replace(/^/gm, '    ')}\n` });
  const loaded = loadRuleFiles(discoverRuleFiles(['rules/'], dir).files);
  assert.deepEqual(loaded.flatMap((l) => l.diagnostics), []);
  return loaded.find((l) => l.rule?.kind === 'sigma-correlation')!.rule as SigmaCorrelation;
}
const ev = (minute: number, rule: string, fields: Record<string, string | number>): CorrelatedEvent => ({ time: Date.parse(at(minute)), event: fields, rules: new Set([rule]) });
const fired = (c: SigmaCorrelation, events: CorrelatedEvent[]) => Object.fromEntries(evaluateCorrelation(c, events).map((g) => [Object.values(g.group).join(','), g.fired]));

test('value_count: distinct values of the field per group', () => {
  const c = correlationOf('type: value_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 10m\ncondition: {gte: 3, field: TargetHost}');
  const events = [...['h1', 'h2', 'h3'].map((h, i) => ev(i, 'failed_logon', { User: 'alice', TargetHost: h })), ...['h1', 'h1', 'h2', 'h2'].map((h, i) => ev(i, 'failed_logon', { User: 'bob', TargetHost: h }))];
  assert.deepEqual(fired(c, events), { alice: true, bob: false });
});

test('temporal: every named rule within the span; temporal_ordered: in the order named', () => {
  const temporal = correlationOf('type: temporal\nrules: [failed_logon, successful_logon]\ngroup-by: [User]\ntimespan: 5m');
  const ordered = correlationOf('type: temporal_ordered\nrules: [failed_logon, successful_logon]\ngroup-by: [User]\ntimespan: 5m');
  const events = [
    ev(0, 'failed_logon', { User: 'alice' }), ev(2, 'successful_logon', { User: 'alice' }), // in order
    ev(0, 'successful_logon', { User: 'bob' }), ev(1, 'failed_logon', { User: 'bob' }), // reversed
    ev(0, 'failed_logon', { User: 'carol' }), ev(9, 'successful_logon', { User: 'carol' }), // too far apart
  ];
  assert.deepEqual(fired(temporal, events), { alice: true, bob: true, carol: false });
  assert.deepEqual(fired(ordered, events), { alice: true, bob: false, carol: false });
});

test('aliases: each rule\'s own field for the group', () => {
  const c = correlationOf('type: temporal\nrules: [failed_logon, successful_logon]\ngroup-by: [user]\ntimespan: 5m\naliases:\n    user: {failed_logon: TargetUserName, successful_logon: SubjectUserName}');
  const events = [ev(0, 'failed_logon', { TargetUserName: 'alice' }), ev(1, 'successful_logon', { SubjectUserName: 'alice', TargetUserName: 'x' }), ev(1, 'successful_logon', { SubjectUserName: 'bob' })];
  assert.deepEqual(fired(c, events), { alice: true, bob: false });
});

test('value_sum, value_avg and value_percentile over the numeric values of the field', () => {
  const sum = correlationOf('type: value_sum\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gt: 100, field: Bytes}');
  const avg = correlationOf('type: value_avg\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 50, field: Bytes}');
  const p90 = correlationOf('type: value_percentile\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 90, field: Bytes, percentile: 90}');
  const events = [
    // sum 135; avg 27, and under 50 in every window that starts or ends at an event (95 alone is none); p90 95
    ...[10, 10, 95, 10, 10].map((b, i) => ev(i, 'failed_logon', { User: 'alice', Bytes: b })),
    // sum 130, avg 65, p90 70 (text that is no number is left out)
    ...[60, '70', 'n/a'].map((b, i) => ev(i, 'failed_logon', { User: 'bob', Bytes: b })),
    ev(0, 'failed_logon', { User: 'carol', Bytes: 40 }), // sum 40, avg 40, p90 40
  ];
  assert.deepEqual(fired(sum, events), { alice: true, bob: true, carol: false });
  assert.deepEqual(fired(avg, events), { alice: false, bob: true, carol: false });
  assert.deepEqual(fired(p90, events), { alice: true, bob: false, carol: false });
});

test('events without a value for a group-by field are in no group', () => {
  const c = correlationOf('type: event_count\nrules: [failed_logon]\ngroup-by: [User, Host]\ntimespan: 1h\ncondition: {gte: 2}');
  assert.deepEqual(fired(c, [ev(0, 'failed_logon', { User: 'a', Host: 'h' }), ev(1, 'failed_logon', { User: 'a' }), ev(2, 'failed_logon', { User: 'a', Host: 'h' })]), { 'a,h': true });
});

test('with --env, each target tests the correlation with its mapping and keyword suffix', async () => {
  const rules = `${FAILED_LOGON}title: Spraying hosts
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules: [failed_logon]
    group-by: [User]
    timespan: 10m
    condition: {gte: 3, field: TargetHost}
`;
  const ev = (user: string, host: string, minute: number) => `      - {time: "${at(minute)}", event: {EventID: 4625, User: ${user}, TargetHost: ${host}}}`;
  const dir = tempProject({
    'rules/spray.yml': rules,
    'rules/spray.tests.yml': `correlations:\n  - events:\n${[ev('alice', 'h1', 0), ev('alice', 'h2', 1), ev('alice', 'h3', 2), ev('bob', 'h1', 0), ev('bob', 'h1', 1), ev('bob', 'h2', 2)].join('\n')}\n    groups:\n      - {group: {User: alice}, match: true}\n      - {group: {User: bob}, match: false}\n`,
    'environments/e.yaml': `rules: [rules/]
targets:
  es: {type: elasticsearch, url: "http://127.0.0.1:9", auth: {apiKey: k}, watch: {indices: [x-*], mapping: ecs_windows, keywordSuffix: .keyword}}
  splunk: {type: splunk, url: "http://127.0.0.1:9", auth: {token: t}, app: a, savedSearch: {mapping: splunk_windows}}
`,
  });
  const r = await runCli(['test', '--env', 'e', '--verbose'], { cwd: dir });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /sigma +pass: 1 of 2 groups fire\n {2}es \(lucene, ecs_windows, \.keyword\) +pass: 1 of 2 groups fire\n {2}splunk \(spl, splunk_windows\) +pass: 1 of 2 groups fire/);
});

test('a file of several correlations: each test names its correlation, and a misspelt name is an error', async () => {
  const second = `---\ntitle: Many successes\nname: many_successes\ncorrelation: {type: event_count, rules: [successful_logon], group-by: [TargetUserName], timespan: 10m, condition: {gte: 3}}\n`;
  const tests = (head: string) => `correlations:\n  - ${head}events:\n${[0, 1, 2].map((m) => logon('dave', 4624, m)).join('\n')}\n    groups:\n      - {group: {TargetUserName: dave}, match: true}\n`;
  const named = tempProject({ 'rules/brute.yml': RULES + second, 'rules/brute.tests.yml': tests('correlation: many_successes\n    ') });
  const ok = await runCli(['test', 'rules', '--format', 'json'], { cwd: named });
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.deepEqual((JSON.parse(ok.out) as { rules: { title: string }[] }).rules.map((r) => r.title), ['Many successes']);

  const unnamed = await runCli(['test', 'rules'], { cwd: tempProject({ 'rules/brute.yml': RULES + second, 'rules/brute.tests.yml': tests('') }) });
  assert.equal(unnamed.code, 1);
  assert.match(unnamed.err, /^rules\/brute\.tests\.yml:2:5: error: rules\/brute\.yml holds 2 correlations: say which one this test is for/m);
  const misspelt = await runCli(['test', 'rules'], { cwd: tempProject({ 'rules/brute.yml': RULES + second, 'rules/brute.tests.yml': tests('correlation: many_sucesses\n    ') }) });
  assert.equal(misspelt.code, 1);
  assert.match(misspelt.err, /^rules\/brute\.tests\.yml:2:5: error: no correlation of rules\/brute\.yml has the id, name or title 'many_sucesses'; did you mean 'many_successes'\?/m);
});
