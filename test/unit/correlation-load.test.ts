// Sigma correlation documents: loaded from multi-document files beside their rules, or from their
// own files; every mistake a `path:line:col` error at the key it is about, the rest still loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRuleFiles } from '../../src/rules/load-rules.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

const RULE = (name: string, eventId: number) => `title: Rule ${name}
name: ${name}
logsource:
    product: windows
detection:
    sel:
        EventID: ${eventId}
    condition: sel
`;

/** The correlation document with `lines` (indented under `correlation:`). */
const CORRELATION = (lines: string, head = 'title: Correlation\n') => `${head}correlation:\n${lines.replace(/^/gm, '    ')}\n`;

async function validate(files: Record<string, string>) {
  return runCli(['validate', 'rules'], { cwd: tempProject(files) });
}

/** The `path:line:col: error: …` lines of the output. */
const errors = (err: string) => err.split('\n').filter((l) => /^\S+:\d+:\d+: error: /.test(l));

function assertError(err: string, where: string, message: RegExp) {
  const hit = errors(err).find((l) => l.startsWith(`${where}: error: `) && message.test(l));
  assert.ok(hit, `no error at ${where} matching ${message} in:\n${err}`);
}

test('a file of rules and a correlation, --- separated, loads each document', async () => {
  const r = await validate({ 'rules/c.yml': `${RULE('a', 1)}---\n${RULE('b', 2)}---\n${CORRELATION('type: temporal\nrules: [a, b]\ngroup-by: [User]\ntimespan: 5m')}` });
  assert.deepEqual(errors(r.err), []);
  assert.equal(r.code, 0);
  assert.match(r.out, /^1 rule file checked, 0 with errors$/m);
});

test('schema mistakes of a correlation: type, timespan, condition, unknown keys', async () => {
  const r = await validate({
    'rules/c.yml': `${RULE('a', 1)}---\n${CORRELATION('type: event_cnt\nrules: [a]\ngroupby: [User]\ntimespan: 15 minutes\ncondition:\n    gte: 1\n    lte: 3')}`,
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/c.yml:12:5', /'event_cnt' is not a correlation type; one of event_count, value_count/);
  assertError(r.err, 'rules/c.yml:14:5', /unknown key 'groupby' in 'correlation'; did you mean 'group-by'\?/);
  assertError(r.err, 'rules/c.yml:15:5', /'15 minutes' is not a time span/);
  assertError(r.err, 'rules/c.yml:16:5', /needs exactly one of gt, gte, lt, lte, eq, neq/);
});

test('conditions: missing, without its field, with a field it does not aggregate, a boolean expression', async () => {
  const r = await validate({
    'rules/a.yml': RULE('a', 1),
    'rules/missing.yml': CORRELATION('type: event_count\nrules: a\ntimespan: 1h'),
    'rules/no-field.yml': CORRELATION('type: value_sum\nrules: a\ntimespan: 1h\ncondition:\n    gt: 10'),
    'rules/extra-field.yml': CORRELATION('type: event_count\nrules: a\ntimespan: 1h\ncondition:\n    gt: 10\n    field: Bytes'),
    'rules/no-percentile.yml': CORRELATION('type: value_percentile\nrules: a\ntimespan: 1h\ncondition:\n    gt: 10\n    field: Bytes'),
    'rules/extended.yml': CORRELATION('type: temporal\nrules: a\ntimespan: 1h\ncondition: a and not b'),
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/missing.yml:2:1', /a correlation of type event_count needs a 'condition'/);
  assertError(r.err, 'rules/no-field.yml:6:5', /the condition of a value_sum correlation needs the 'field' it aggregates/);
  assertError(r.err, 'rules/extra-field.yml:8:9', /aggregates no field; drop 'condition.field'/);
  assertError(r.err, 'rules/no-percentile.yml:6:5', /needs 'percentile'/);
  assertError(r.err, 'rules/extended.yml:6:5', /extended conditions .* are not supported/);
  assert.match(r.out, /^6 rule files checked, 5 with errors$/m);
});

test('references: an unknown rule, an alias of a rule not correlated, an ambiguous name, a rule that did not load', async () => {
  const r = await validate({
    'rules/a.yml': RULE('a', 1),
    'rules/b1.yml': RULE('b', 2),
    'rules/b2.yml': RULE('b', 3),
    'rules/broken.yml': 'title: Broken\nname: broken\nlogsource: {product: windows}\ndetection: {sel: {EventID: 1}}\n',
    'rules/unknown.yml': CORRELATION('type: event_count\nrules:\n    - a\n    - aa_typo\ntimespan: 1h\ncondition: {gte: 2}'),
    'rules/alias.yml': CORRELATION('type: temporal\nrules: [a]\ntimespan: 1h\naliases:\n    user:\n        a: User\n        c: SubjectUserName'),
    'rules/ambiguous.yml': CORRELATION('type: event_count\nrules: b\ntimespan: 1h\ncondition: {gte: 2}'),
    'rules/not-loaded.yml': CORRELATION('type: event_count\nrules: broken\ntimespan: 1h\ncondition: {gte: 2}'),
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/unknown.yml:6:11', /no rule has the id or name 'aa_typo'/);
  assertError(r.err, 'rules/alias.yml:9:13', /alias 'user' maps a field of 'c', which is not among the correlation's rules \(a\)/);
  assertError(r.err, 'rules/ambiguous.yml:4:5', /'b' names 2 rules \(rules\/b1.yml, rules\/b2.yml\)/);
  assertError(r.err, 'rules/not-loaded.yml:4:5', /'broken' is a rule that did not load \(see its errors in rules\/broken.yml\)/);
});

test('a cycle between correlations is an error at both, and breaks a correlation that names one of them', async () => {
  const r = await validate({
    'rules/a.yml': RULE('a', 1),
    'rules/cycle.yml': `${CORRELATION('type: event_count\nrules: [a, c2]\ntimespan: 1h\ncondition: {gte: 2}', 'title: One\nname: c1\n')}---\n${CORRELATION('type: event_count\nrules: c1\ntimespan: 1h\ncondition: {gte: 2}', 'title: Two\nname: c2\n')}`,
    'rules/outside.yml': CORRELATION('type: event_count\nrules: c1\ntimespan: 1h\ncondition: {gte: 2}'),
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/cycle.yml:5:16', /correlation 'c1' leads back to itself: c1 → c2 → c1/);
  assertError(r.err, 'rules/cycle.yml:13:5', /correlation 'c2' leads back to itself: c2 → c1 → c2/);
  assertError(r.err, 'rules/outside.yml:4:5', /'c1' is a rule that did not load/);
});

test('a correlation names rules of other files by id or name; generate: false marks them correlation-only', () => {
  const dir = tempProject({
    'rules/a.yml': RULE('a', 1).replace('name: a', 'id: 11111111-1111-4111-8111-111111111111'),
    'rules/b.yml': RULE('b', 2),
    'rules/c.yml': RULE('c', 3),
    'rules/hidden.yml': CORRELATION('type: temporal_ordered\nrules: [11111111-1111-4111-8111-111111111111, b]\ntimespan: 10m'),
    'rules/shown.yml': CORRELATION('type: event_count\nrules: c\ntimespan: 10m\ncondition: {gte: 5}\ngenerate: true'),
  });
  const loaded = loadRuleFiles(['a', 'b', 'c', 'hidden', 'shown'].map((f) => ({ path: `rules/${f}.yml`, absolute: join(dir, 'rules', `${f}.yml`) })));
  assert.deepEqual(loaded.flatMap((l) => l.diagnostics), []);
  const [a, b, c, hidden, shown] = loaded.map((l) => l.rule!);
  assert.ok(hidden.kind === 'sigma-correlation' && shown.kind === 'sigma-correlation');
  assert.deepEqual(hidden.resolved, [a, b]);
  assert.deepEqual(hidden.condition, { ...hidden.condition, op: 'gte', count: 2 }); // temporal default: every rule matched
  assert.deepEqual(hidden.timespan, { text: '10m', count: 10, unit: 'm', seconds: 600 });
  assert.ok(a.kind === 'sigma' && b.kind === 'sigma' && c.kind === 'sigma');
  assert.equal(a.correlationOnly, true);
  assert.equal(b.correlationOnly, true);
  assert.equal(c.correlationOnly, undefined);
});

test('convert: a multi-document file prints its rules and the correlation; --to lucene refuses the correlation at its line', async () => {
  const cwd = tempProject({ 'rules/c.yml': `${RULE('a', 1)}---\n${CORRELATION('type: event_count\nrules: a\ngroup-by: User\ntimespan: 10m\ncondition: {gte: 5}')}` });
  const spl = await runCli(['convert', '--to', 'spl', 'rules'], { cwd });
  assert.equal(spl.code, 0, spl.err);
  assert.equal(spl.out, '# rules/c.yml: Rule a\nEventID=1\n\n# rules/c.yml: Correlation\nEventID=1\n\n| bin _time span=10m\n| stats count as event_count by _time User\n\n| search event_count >= 5\n\n');
  const lucene = await runCli(['convert', '--to', 'lucene', '--format', 'jsonl', 'rules'], { cwd });
  assert.equal(lucene.code, 1);
  const lines = lucene.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines[0].queries, ['EventID:1']);
  assert.deepEqual(lines[1].error, { message: 'Lucene query_string has no aggregation; a correlation deploys to Watcher as a watch with aggregations (see it with detctl build)', line: 11, column: 1 });
  assert.match(lucene.err, /^rules\/c.yml:11:1: error: Lucene query_string has no aggregation/m);
});

test("a correlation's attributes are checked as a rule's: id a UUID, status and level from Sigma's lists", async () => {
  const r = await validate({
    'rules/a.yml': RULE('a', 1),
    'rules/c.yml': CORRELATION('type: event_count\nrules: a\ntimespan: 1h\ncondition: {gte: 2}', 'title: C\nid: 42\nstatus: done\nlevel: hihg\n'),
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/c.yml:2:1', /must be a UUID, got '42'/);
  assertError(r.err, 'rules/c.yml:3:1', /'status' is 'done'; expected one of stable/);
  assertError(r.err, 'rules/c.yml:4:1', /'level' is 'hihg'; expected one of informational/);
});

test('build: both targets deploy a correlation in place of the rules it names (generate: false)', async () => {
  const environment = readFileSync(resolve(import.meta.dirname, '../../environments/local.yaml'), 'utf8');
  const cwd = tempProject({
    'environments/local.yaml': environment,
    'escu/macros/.keep': '',
    'escu/deployments/.keep': '',
    'rules/c.yml': `${RULE('a', 1).replace('name: a', 'name: a\nid: 11111111-1111-4111-8111-111111111111')}---\n${CORRELATION('type: event_count\nrules: a\ntimespan: 10m\ncondition: {gte: 5}', 'title: Correlation\nid: 22222222-2222-4222-8222-222222222222\n')}`,
  });
  const r = await runCli(['build', '--env', 'local', '--out', 'out'], { cwd, env: { DETCTL_SANDBOX_ES_API_KEY: 'k', DETCTL_SANDBOX_SPLUNK_TOKEN: 't' } });
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(join(cwd, 'out/elastic/watches')), ['detctl-local-22222222-2222-4222-8222-222222222222.json'], 'the watch of the correlation, none of rule a');
  const watch = JSON.parse(readFileSync(join(cwd, 'out/elastic/watches/detctl-local-22222222-2222-4222-8222-222222222222.json'), 'utf8')) as { watch: { condition: unknown } };
  assert.deepEqual(watch.watch.condition, { array_compare: { 'ctx.payload.aggregations.by_group.buckets': { path: 'doc_count', gte: { value: 5, quantifier: 'some' } } } });
  const conf = readFileSync(join(cwd, 'out/splunk/detections/default/savedsearches.conf'), 'utf8');
  assert.match(conf, /^\[detctl - Correlation\]$/m);
  assert.match(conf, /^dispatch\.earliest_time = -10m$/m);
  assert.doesNotMatch(conf, /Rule a/);
});

test('convert, file by file: a correlation naming rules of other files converts as if all were loaded first', async () => {
  const cwd = tempProject({
    'rules/1-corr.yml': CORRELATION('type: temporal\nrules: [a, b]\ngroup-by: User\ntimespan: 1h'),
    'rules/2-a.yml': RULE('a', 1),
    'rules/3-b.yml': RULE('b', 2),
    'rules/4-bad.yml': CORRELATION('type: event_count\nrules: nothere\ntimespan: 1h\ncondition: {gte: 2}'),
  });
  const r = await runCli(['convert', '--to', 'spl', '--format', 'jsonl', 'rules'], { cwd });
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { path: string; queries?: string[]; error?: { message: string } });
  assert.deepEqual(lines.map((l) => l.path), ['rules/1-corr.yml', 'rules/2-a.yml', 'rules/3-b.yml', 'rules/4-bad.yml']);
  assert.match(lines[0].queries![0], /^\| multisearch\n\[ search EventID=1 \| eval event_type="a" \]\n\[ search EventID=2 \| eval event_type="b" \]\n/);
  assert.equal(lines[3].error!.message, "no rule has the id or name 'nothere'");
});
