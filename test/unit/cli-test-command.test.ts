// `detctl test` as a command among the others: the status line on stderr for long runs (on a
// terminal only), colours per stream with NO_COLOR, the report on stdout or in --out, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedRules } from '../helpers/generate-rules.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

/** Rule i with one event it must match and one it must not. */
function rulesWithTests(count: number): Record<string, string> {
  const files = generatedRules(count);
  for (let i = 0; i < count; i++) {
    files[`rules/generated/rule_${String(i).padStart(5, '0')}.tests.yml`] = `events:
  - {match: true, event: {Image: 'C:\\tools\\tool${i}.exe', CommandLine: 'tool${i} -flag${i}'}}
  - {match: false, event: {Image: 'C:\\tools\\tool${i}.exe', CommandLine: 'tool${i} -other'}}
`;
  }
  return files;
}

test('a long run draws a progress line on a terminal stderr, and never elsewhere', async () => {
  const dir = tempProject(rulesWithTests(50));
  const onTerminal = await runCli(['test'], { cwd: dir, errIsTTY: true });
  assert.equal(onTerminal.code, 0, onTerminal.err);
  assert.match(onTerminal.err, /\r\x1b\[2Ktesting \[#+ *\] 50\/50/);
  assert.match(onTerminal.out, /^50 rules tested: 50 passed, 0 failed; 0 without tests$/m);
  const piped = await runCli(['test'], { cwd: dir });
  assert.equal(piped.err, '');
  assert.doesNotMatch(piped.out, /\x1b/);
});

test('colours on a terminal stdout, none with NO_COLOR or --no-color; --quiet prints the failing rules and the totals', async () => {
  const files = rulesWithTests(2);
  files['rules/generated/rule_00001.tests.yml'] = files['rules/generated/rule_00001.tests.yml'].replace('match: false', 'match: true');
  const dir = tempProject(files);
  const coloured = await runCli(['test'], { cwd: dir, isTTY: true });
  assert.equal(coloured.code, 1);
  assert.match(coloured.out, /\x1b\[32mPASS\x1b\[0m {2}rules\/generated\/rule_00000\.yml/);
  assert.match(coloured.out, /\x1b\[31mFAIL\x1b\[0m {2}rules\/generated\/rule_00001\.yml/);
  for (const plain of [await runCli(['test'], { cwd: dir, isTTY: true, env: { NO_COLOR: '1' } }), await runCli(['--no-color', 'test'], { cwd: dir, isTTY: true })]) {
    assert.doesNotMatch(plain.out, /\x1b/);
  }
  const quiet = await runCli(['--quiet', 'test'], { cwd: dir });
  assert.doesNotMatch(quiet.out, /rule_00000/);
  assert.match(quiet.out, /^FAIL {2}rules\/generated\/rule_00001\.yml/m);
  assert.match(quiet.out, /^2 rules tested: 1 passed, 1 failed/m);
});

test('--out writes the report in its format, the text report on stdout; a rule that cannot be loaded fails the run', async () => {
  const dir = tempProject({ ...rulesWithTests(1), 'rules/broken.yml': 'title: Broken\nlogsource: {product: windows}\ndetection: {sel: {a|nope: 1}, condition: sel}\n' });
  const r = await runCli(['test', '--format', 'json', '--out', 'report.json'], { cwd: dir });
  assert.equal(r.code, 1, 'the broken rule is an error');
  assert.match(r.err, /^rules\/broken\.yml:3:\d+: error: .*unknown modifier 'nope'/m);
  assert.match(r.err, /Wrote the json report to report\.json\./);
  assert.match(r.out, /^1 rule tested: 1 passed/m);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  assert.equal(report.rules[0].path, 'rules/generated/rule_00000.yml');
  assert.equal(report.passed, true);
});
