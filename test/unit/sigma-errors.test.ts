// Acceptance: bad input gets a clear error naming the file and the line of the offending key,
// and a bad file never stops the others from being checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../helpers/run-cli.js';

const header = (id: string) => `title: Test rule
id: ${id}
status: test
logsource:
    product: windows
`;
const ID = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];

async function validate(files: Record<string, string>) {
  const dir = tempProject(files);
  return runCli(['validate', 'rules'], { cwd: dir });
}

/** Asserts one `path:line:col: error: …` line for the file, at the line, matching the message. */
function assertError(err: string, path: string, line: number, message: RegExp) {
  const lines = err.split('\n').filter((l) => l.startsWith(`${path}:`));
  const hit = lines.find((l) => message.test(l));
  assert.ok(hit, `no error matching ${message} for ${path} in:\n${err}`);
  const [, gotLine] = /^[^:]+:(\d+):\d+: error: /.exec(hit!) ?? [];
  assert.equal(Number(gotLine), line, hit);
}

test('YAML syntax error names file and line', async () => {
  const r = await validate({ 'rules/bad.yml': 'title: x\ndetection:\n  sel: [a, b\n  condition: sel\n' });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/bad.yml', 4, /YAML syntax error/);
});

test('missing detection and empty condition', async () => {
  const r = await validate({
    'rules/no-detection.yml': header(ID[0]),
    'rules/empty-condition.yml': header(ID[1]) + 'detection:\n    sel:\n        a: 1\n    condition: ""\n',
  });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/no-detection.yml', 1, /missing required attribute 'detection'/);
  assertError(r.err, 'rules/empty-condition.yml', 9, /'condition' must be a non-empty string/);
});

test('a detection without a condition', async () => {
  const r = await validate({ 'rules/r.yml': header(ID[0]) + 'detection:\n    sel:\n        a: 1\n' });
  assertError(r.err, 'rules/r.yml', 6, /'detection' has no 'condition'/);
});

test('a condition naming an unknown identifier points at the condition', async () => {
  const r = await validate({ 'rules/r.yml': header(ID[0]) + 'detection:\n    selection:\n        a: 1\n    condition: selection and not filtr\n' });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/r.yml', 9, /unknown detection 'filtr'/);
  assert.match(r.err, /rules\/r\.yml:9:34: error/);
});

test('an unknown modifier names the key and the modifier meant', async () => {
  const r = await validate({ 'rules/r.yml': header(ID[0]) + 'detection:\n    sel:\n        a: 1\n        CommandLine|contians: x\n    condition: sel\n' });
  assertError(r.err, 'rules/r.yml', 9, /unknown modifier 'contians'; did you mean 'contains'\? \(known: contains, /);
});

test('a modifier on a wrong value type', async () => {
  const r = await validate({ 'rules/r.yml': header(ID[0]) + 'detection:\n    sel:\n        Port|gt: high\n        Flag|contains: true\n    condition: sel\n' });
  assertError(r.err, 'rules/r.yml', 8, /modifier 'gt' expects a number value, got the string 'high'/);
  assertError(r.err, 'rules/r.yml', 9, /modifier 'contains' expects a string value, got the boolean true/);
});

test('an invalid regex and an invalid CIDR', async () => {
  const r = await validate({
    'rules/re.yml': header(ID[0]) + 'detection:\n    sel:\n        CommandLine|re: "a(b"\n    condition: sel\n',
    'rules/cidr.yml': header(ID[1]) + 'detection:\n    sel:\n        ip|cidr:\n            - 10.0.0.0/8\n            - 10.0.0.0/33\n    condition: sel\n',
  });
  assertError(r.err, 'rules/re.yml', 8, /invalid regular expression 'a\(b'/);
  // A problem with one value of a list points at that value.
  assertError(r.err, 'rules/cidr.yml', 10, /invalid CIDR network '10\.0\.0\.0\/33'/);
});

test('a string-only modifier on a number is an error at the value, as in pySigma', async () => {
  const r = await validate({
    'rules/b64.yml': header(ID[0]) + 'detection:\n    sel:\n        CommandLine|base64: 12345\n    condition: sel\n',
    'rules/list.yml': header(ID[1]) + 'detection:\n    sel:\n        Port|windash:\n            - a\n            - 445\n    condition: sel\n',
  });
  assert.equal(r.code, 1);
  assert.match(r.err, /^rules\/b64\.yml:8:29: error: field 'CommandLine': modifier 'base64' expects a string value, got the number 12345$/m);
  assert.match(r.err, /hint: pySigma rejects this too \(SigmaTypeError\); to match the text, quote it: '12345'/);
  assert.match(r.err, /^rules\/list\.yml:10:15: error: field 'Port': modifier 'windash' expects a string value, got the number 445$/m);
});

test('numbers stay accepted where pySigma accepts them', async () => {
  const dir = tempProject({
    // `|re` reads every value as text; `00000429` is a string to PyYAML (a number to YAML 1.2);
    // a number without modifiers, quoted text under `|contains`, `|cased` on text.
    'rules/r.yml': header(ID[0]) + "detection:\n    sel:\n        A|re: 5\n        B|contains: 00000429\n        C: 7\n        D|contains: '8'\n        E|cased: x\n    condition: sel\n",
  });
  const r = await runCli(['convert', '--to', 'spl', 'rules'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /B="\*00000429\*"/);
  assert.match(r.out, /C=7/);
  assert.match(r.out, /D="\*8\*"/);
  assert.match(r.out, /\| regex A="5"/);
});

test('duplicate rule ids across files name both files', async () => {
  const body = 'detection:\n    sel:\n        a: 1\n    condition: sel\n';
  const r = await validate({ 'rules/a.yml': header(ID[0]) + body, 'rules/b.yml': header(ID[0]) + body });
  assert.equal(r.code, 1);
  assertError(r.err, 'rules/a.yml', 2, /rule id 11111111-.* is also used by rules\/b\.yml/);
  assertError(r.err, 'rules/b.yml', 2, /is also used by rules\/a\.yml/);
});

test('a document that is not a mapping', async () => {
  const r = await validate({ 'rules/list.yml': '- title: x\n- title: y\n' });
  assertError(r.err, 'rules/list.yml', 1, /must be a YAML mapping, not a list/);
});

test('one bad file does not hide the others: all are reported and good ones still convert', async () => {
  const body = 'detection:\n    sel:\n        a: 1\n    condition: sel\n';
  const dir = tempProject({
    'rules/1-bad.yml': header(ID[0]) + 'detection:\n    sel:\n        a|nope: 1\n    condition: sel\n',
    'rules/2-good.yml': header(ID[1]) + body,
    'rules/3-bad.yml': 'title: [unclosed\n',
  });
  const r = await runCli(['convert', '--to', 'spl', '--format', 'jsonl', 'rules'], { cwd: dir });
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.path), ['rules/1-bad.yml', 'rules/2-good.yml', 'rules/3-bad.yml']);
  assert.equal(lines[0].error.line, 8);
  assert.match(lines[0].error.message, /unknown modifier 'nope'/);
  assert.deepEqual(lines[1].queries, ['a=1']);
  assert.ok(lines[2].error.message.includes('YAML'));
});

test('target-specific errors name the line: field references cannot be Lucene', async () => {
  const dir = tempProject({ 'rules/r.yml': header(ID[0]) + 'detection:\n    sel:\n        User|fieldref: ParentUser\n    condition: sel\n' });
  const lucene = await runCli(['convert', '--to', 'lucene', 'rules'], { cwd: dir });
  assert.equal(lucene.code, 1);
  assertError(lucene.err, 'rules/r.yml', 8, /cannot compare two fields/);
  const spl = await runCli(['convert', '--to', 'spl', 'rules'], { cwd: dir });
  assert.equal(spl.code, 0, spl.err);
  assert.equal(spl.out.trim().split('\n')[1], "*");
  assert.match(spl.out, /\| where 'User'='ParentUser'/);
});

test('aggregation conditions get a clear error', async () => {
  const r = await validate({ 'rules/r.yml': header(ID[0]) + 'detection:\n    sel:\n        a: 1\n    condition: sel | count() by host > 5\n' });
  assertError(r.err, 'rules/r.yml', 9, /aggregation conditions .* are not supported/);
});
