// Acceptance (issue 3): invalid environments give a clear error with file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../helpers/run-cli.js';
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
  assertOne(errorsOf(base('  x:\n    type: elastic\n    url: http://h\n')), 4, /unknown target type 'elastic'; expected elasticsearch or splunk/);
});

test('missing URL', () => {
  assertOne(errorsOf(base('  es:\n    type: elasticsearch\n    auth: {apiKey: k}\n')), 3, /targets\.es: missing required key 'url'/);
});

test('bad interval', () => {
  assertOne(errorsOf(base(es + '    watch: {interval: 30x}\n')), 7, /targets\.es\.watch\.interval: must be a duration/);
});

test('unknown mapping', () => {
  assertOne(errorsOf(base(es + '    watch:\n      mapping: ecs_linux\n')), 8, /mapping: must be one of ecs_windows, splunk_windows/);
});

test('missing ${VAR}', () => {
  assertOne(errorsOf(base(es), {}), 6, /environment variable KEY is not set/);
});

test('unknown keys are errors', () => {
  assertOne(errorsOf(base(es + '    wtach: {}\n')), 7, /unknown key 'wtach'/);
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
