// Acceptance (issue 3): invalid environments give a clear error with file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../helpers/run-cli.js';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { parseEnvironment } from '../../src/config/load-environment.js';

const RULE = `title: R
id: 44444444-4444-4444-8444-444444444444
status: test
level: medium
logsource: {product: windows}
detection:
    sel: {a: 1}
    condition: sel
`;

const base = (target: string) => `rules: [rules/]
targets:
${target}`;
const es = `  es:
    type: elasticsearch
    url: http://127.0.0.1:9200
    auth: {apiKey: "\${KEY}"}
`;

function errorsOf(text: string, env: NodeJS.ProcessEnv = { KEY: 'k' }): string[] {
  const { diagnostics } = parseEnvironment(text, 'environments/e.yaml', 'e', env);
  return diagnostics.map(formatDiagnostic);
}

function assertOne(errors: string[], line: number, message: RegExp) {
  const hit = errors.find((e) => message.test(e));
  assert.ok(hit, `no error matching ${message}:\n${errors.join('\n')}`);
  assert.match(hit!, new RegExp(`^environments/e\\.yaml:${line}:\\d+: error: `));
}

test('unknown target type', () => {
  assertOne(errorsOf(base('  x:\n    type: elastic\n    url: http://h\n')), 4, /'targets\.x\.type' is 'elastic'; expected one of elasticsearch, splunk/);
});

test('missing URL', () => {
  assertOne(errorsOf(base('  es:\n    type: elasticsearch\n    auth: {apiKey: k}\n')), 3, /'targets\.es' needs the key 'url'/);
});

test('bad interval', () => {
  assertOne(errorsOf(base(es + '    watch: {interval: 30x}\n')), 7, /'targets\.es\.watch\.interval' must be a duration/);
});

test('unknown mapping', () => {
  assertOne(errorsOf(base(es + '    watch:\n      mapping: ecs_linux\n')), 8, /'targets\.es\.watch\.mapping' must be one of ecs_windows, splunk_windows/);
});

const splunk = `  sp:
    type: splunk
    url: https://127.0.0.1:8089
    auth: {token: t}
    app: search
`;

/** The one `path:line:col` error (line and column checked), matching the message. */
function assertAt(errors: string[], line: number, column: number, message: RegExp) {
  const hit = errors.find((e) => message.test(e));
  assert.ok(hit, `no error matching ${message}:\n${errors.join('\n')}`);
  assert.ok(hit!.startsWith(`environments/e.yaml:${line}:${column}: error: `), hit);
}

// Acceptance (issue 10): a week throttle (Elasticsearch time values have no `w`) and an
// impossible cron are errors at their key, not crashes of `plan` or a refusal by Splunk.
test('throttle: 1w is an error at the key', () => {
  const errors = errorsOf(base(es + '    watch:\n      actions:\n        logging:\n          throttle: 1w\n'));
  assertAt(errors, 10, 11, /'targets\.es\.watch\.actions\.logging\.throttle' must be a duration like 30s, 15m, 1h or 1d \(Elasticsearch time values have no weeks\)/);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.deepEqual(errorsOf(base(es + '    watch:\n      actions:\n        logging: {throttle: 7d}\n')), []);
});

test('an invalid cron is an error at the key: 61 * * * *', () => {
  const errors = errorsOf(base(splunk + '    savedSearch:\n      cron: 61 * * * *\n'));
  assertAt(errors, 9, 7, /'targets\.sp\.savedSearch\.cron' must be a five-field cron expression like \*\/30 \* \* \* \*: invalid value for minute: 61/);
  assert.equal(errors.length, 1, errors.join('\n'));
});

test('cron: what standard five-field cron takes passes; Quartz extensions, nicknames and other field counts do not', () => {
  const cronErrors = (cron: string) => errorsOf(base(splunk + `    savedSearch:\n      cron: '${cron}'\n`));
  for (const ok of ['*/30 * * * *', '0 6 * * 1-5', '15,45 0-23/2 1 jan,jul sun', '0 0 * * 7', '00 01 * * *']) assert.deepEqual(cronErrors(ok), [], ok);
  for (const bad of ['0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 8', '*/0 * * * *', '5-1 * * * *', '0 0 L * *', '0 0 ? * *', '0 0 * * 1#2', '@hourly', '0 0 * * * *', '* * * *', '0  * * * *']) {
    const errors = cronErrors(bad);
    assert.equal(errors.length, 1, `${bad}: ${errors.join('\n')}`);
    assertAt(errors, 9, 7, /'targets\.sp\.savedSearch\.cron' must be a five-field cron expression/);
  }
});

test('missing ${VAR}', () => {
  assertOne(errorsOf(base(es), {}), 6, /environment variable KEY is not set/);
});

test('unknown keys are errors', () => {
  assertOne(errorsOf(base(es + '    wtach: {}\n')), 7, /unknown key 'wtach' in 'targets\.es'; did you mean 'watch'\?/);
});

test('a rule filter that selects nothing', async () => {
  const dir = tempProject({ 'rules/r.yml': RULE, 'environments/e.yaml': base(es).replace('rules: [rules/]', 'rules: [rules/]\nselect: {level: [critical]}') });
  const r = await runCli(['build', '--env', 'e', '--out', 'out'], { cwd: dir, env: { KEY: 'k' } });
  assert.equal(r.code, 1);
  assert.match(r.err, /^environments\/e\.yaml:2:10: error: select\.level \[critical\] selects no rule/m);
  assert.match(r.err, /nothing written/);
});

test('a missing environment file', async () => {
  const r = await runCli(['build', '--env', 'nope', '--out', 'out'], { cwd: tempProject({}) });
  assert.equal(r.code, 1);
  assert.match(r.err, /no environment 'nope'/);
});

// Issue 11: the rough errors name the environment file and line (or the plan file), with a hint.
test('cron: 5 is an error at the key saying what a cron is, with a hint about YAML numbers', () => {
  const { diagnostics } = parseEnvironment(base(splunk + '    savedSearch:\n      cron: 5\n'), 'environments/e.yaml', 'e', {});
  assert.equal(diagnostics.length, 1);
  assert.equal(
    formatDiagnostic(diagnostics[0]),
    "environments/e.yaml:9:7: error: 'targets.sp.savedSearch.cron' must be a five-field cron expression like */30 * * * *, not the number 5\n  hint: YAML reads 5 as a number; write the value in quotes to give text",
  );
});

test('a schema error has a hint pointing at the documentation', () => {
  const { diagnostics } = parseEnvironment(base('  x:\n    type: elastic\n    url: http://h\n'), 'environments/e.yaml', 'e', {});
  assert.match(diagnostics[0].hint ?? '', /docs\/environments\.md/);
});

test('rules: [nope/] is an error at the entry, naming the project folder', async () => {
  const dir = tempProject({ 'rules/r.yml': RULE, 'environments/e.yaml': base(es).replace('rules: [rules/]', 'rules: [rules/, nope/]') });
  const r = await runCli(['build', '--env', 'e', '--out', 'out'], { cwd: dir, env: { KEY: 'k' } });
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`^environments/e\\.yaml:1:17: error: no such file or folder: nope/\\n  hint: the paths under rules: \\(default: rules/\\) are relative to the project folder, ${dir}\\n`, 'm'));
});

test('a missing tls.ca file is an error at the key, before any request', async () => {
  const dir = tempProject({ 'rules/r.yml': RULE, 'environments/e.yaml': base(es + '    tls: {ca: certs/ca.pem}\n') });
  for (const args of [['plan', '--env', 'e'], ['deploy', '--env', 'e', '--yes']]) {
    const r = await runCli(args, { cwd: dir, env: { KEY: 'k' } });
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      `environments/e.yaml:7:11: error: tls.ca: cannot read the CA file certs/ca.pem: no such file (looked at ${join(dir, 'certs/ca.pem')})\n  hint: tls.ca is a PEM file of CA certificates, relative to the project folder (--dir); nothing was sent to any server\n`,
    );
  }
});

test('deploy --plan with a missing file names it and says how to make one, before any request', async () => {
  const dir = tempProject({ 'rules/r.yml': RULE, 'environments/e.yaml': base(es) });
  const r = await runCli(['deploy', '--env', 'e', '--plan', '/missing.json', '--yes'], { cwd: dir, env: { KEY: 'k' } });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'error: cannot read the plan file /missing.json: no such file (looked at /missing.json); nothing was changed\n  hint: save a plan with `detctl plan --env e --out /missing.json`, then deploy it with --plan /missing.json\n');
});
