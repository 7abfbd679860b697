// Acceptance (issue 11, 4): symbolic links under rules/ are followed safely. A link loop and a
// dangling link beside valid rules are both reported (`path:1:1`), and the valid rules are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

const rule = (n: number, extra = '') => `title: Rule ${n}
id: 5${n}555555-5555-4555-8555-555555555555
status: test
level: medium
logsource: {product: windows}
detection:
    sel: {Image: 'x${n}.exe'${extra}}
    condition: sel
`;

function project(): string {
  const dir = tempProject({ 'rules/a_valid.yml': rule(1), 'rules/z_valid.yml': rule(2), 'rules/sub/invalid.yml': rule(3, ', a|nope: 1'), 'outside/linked.yml': rule(4) });
  symlinkSync('loop.yml', join(dir, 'rules/loop.yml'));
  symlinkSync('b_loop.yml', join(dir, 'rules/c_loop.yml'));
  symlinkSync('c_loop.yml', join(dir, 'rules/b_loop.yml'));
  symlinkSync('gone.yml', join(dir, 'rules/dangling.yml'));
  symlinkSync('../outside', join(dir, 'rules/linked'));
  symlinkSync('..', join(dir, 'rules/sub/up'));
  symlinkSync('a_valid.yml', join(dir, 'rules/same.yml'));
  return dir;
}

test('validate: loops and dangling links are each their own error; every valid rule is checked', async () => {
  const dir = project();
  const r = await runCli(['validate'], { cwd: dir });
  assert.equal(r.code, 1);
  const errors = r.err.split('\n').filter((l) => l.includes(': error: '));
  assert.deepEqual(errors, [
    'rules/b_loop.yml:1:1: error: symbolic link loop: the link leads back to itself',
    'rules/c_loop.yml:1:1: error: symbolic link loop: the link leads back to itself',
    'rules/dangling.yml:1:1: error: dangling symbolic link: what it points to does not exist',
    'rules/loop.yml:1:1: error: symbolic link loop: the link leads back to itself',
    `rules/sub/up:1:1: error: symbolic link loop: the link leads back to the enclosing folder ${realpathSync(join(dir, 'rules'))}`,
    "rules/sub/invalid.yml:7:28: error: field 'a': unknown modifier 'nope' (known: contains, startswith, endswith, all, base64, base64offset, utf16le, wide, utf16be, utf16, windash, re, i, ignorecase, m, multiline, s, dotall, cidr, exists, lt, lte, gt, gte, neq, fieldref, cased)",
  ]);
  assert.match(r.err, /hint: the other rule files are still checked/);
  // a_valid, linked/linked.yml, sub/invalid, z_valid: the file behind same.yml is loaded once.
  assert.match(r.out, /^4 rule files checked, 1 with errors$/m);
});

test('discovery: the files found through links, each once', () => {
  const dir = project();
  const { files, diagnostics } = discoverRuleFiles(['rules'], dir);
  assert.deepEqual(files.map((f) => f.path), ['rules/a_valid.yml', 'rules/linked/linked.yml', 'rules/sub/invalid.yml', 'rules/z_valid.yml']);
  assert.equal(diagnostics.length, 5, diagnostics.map(formatDiagnostic).join('\n'));
});

test('a path given that is a dangling link or a loop is an error naming it', () => {
  const dir = tempProject({});
  mkdirSync(join(dir, 'rules'));
  symlinkSync('nowhere.yml', join(dir, 'rules/d.yml'));
  symlinkSync('l.yml', join(dir, 'rules/l.yml'));
  const { diagnostics } = discoverRuleFiles(['rules/d.yml', 'rules/l.yml', 'rules/none.yml'], dir);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    'error: rules/d.yml: dangling symbolic link: what it points to does not exist',
    'error: rules/l.yml: symbolic link loop: the link leads back to itself',
    'error: no such file or folder: rules/none.yml',
  ]);
});
