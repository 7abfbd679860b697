// `convert` on worker threads (src/cli/convert-files.ts): whatever the number of threads, the same
// output in the same order, the same diagnostics and exit code — also for what depends on other
// files (a rule id used twice, a correlation naming rules of another file), which is decided after
// every thread is done. And how many workers a run starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempProject } from '../helpers/run-cli.js';
import { BULK_FILES, convertFiles, MIN_FILES_PER_THREAD, workerCount } from '../../src/cli/convert-files.js';
import { parseLanguages } from '../../src/cli/convert.js';
import { discoverRuleFiles } from '../../src/rules/discover.js';

const rule = (i: number, id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) =>
  `title: Rule ${i}\nid: ${id}\nname: rule_${i}\nstatus: test\nlogsource:\n    product: windows\ndetection:\n    sel:\n        EventID: ${i}\n        CommandLine|contains: 'x${i}'\n    condition: sel\n`;
const correlation = (names: string[]) => `title: Many\ncorrelation:\n    type: event_count\n    rules: [${names.join(', ')}]\n    group-by: [User]\n    timespan: 5m\n    condition:\n        gte: 3\n`;

/**
 * 250 files (more than the threads' batches of 32, and a bulk input: with no worker, this thread's
 * files are read ahead by a thread of their own, read-ahead.ts), among them every case that
 * depends on other files, and some broken ones.
 */
function project(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 250; i++) files[`rules/r${String(i).padStart(3, '0')}.yml`] = rule(i);
  files['rules/r010.yml'] = rule(10, '00000000-0000-4000-8000-000000000120'); // shares r120's id
  files['rules/r050.yml'] = 'title: [unclosed\n';
  files['rules/r051.yml'] = rule(51).replace('condition: sel', 'condition: nope');
  files['rules/r140.yml'] = correlation(['rule_3', 'rule_139']); // names rules of other files
  files['rules/r141.yml'] = correlation(['rule_141_missing']);
  return tempProject(files);
}

test('on worker threads the same output, diagnostics and exit code as in one, in input order', async () => {
  const dir = project();
  const { files } = discoverRuleFiles(['rules'], dir);
  assert.ok(files.length >= BULK_FILES);
  // (Each worker started from the sources compiles them through tsx again: a few cases only.)
  for (const [to, format] of [['spl', 'jsonl'], ['lucene,spl', 'text']] as const) {
    const args = ['convert', '--to', to, '--format', format, 'rules'];
    const alone = await runCli(args, { cwd: dir, env: { DETCTL_WORKERS: '0' } });
    assert.equal(alone.code, 1, 'the broken files fail the run');
    assert.match(alone.err, /rules\/r010\.yml:2:1: error: rule id 00000000-0000-4000-8000-000000000120 is also used by rules\/r120\.yml/);
    assert.match(alone.err, /rules\/r050\.yml:\d+:\d+: error: YAML syntax error/);
    assert.match(alone.err, /rules\/r141\.yml:\d+:\d+: error: .*rule_141_missing/);
    if (format === 'jsonl') {
      const lines = alone.out.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.path), files.map((f) => f.path), 'in input order');
      const named = lines.find((l) => l.path === 'rules/r140.yml');
      assert.match(named.queries[0], /EventID=3\b[^]*EventID=139\b/, 'the correlation found the rules of the other files');
    }
    // Only the workers convert here, so their results are what is compared.
    const { outputs, filesPerThread } = await convertFiles(files, { to: parseLanguages(to), format }, 2, { here: false });
    assert.equal(outputs.map((o) => o.out).join(''), alone.out, `${to} ${format}`);
    assert.equal(outputs.map((o) => o.err).join(''), alone.err, `${to} ${format}`);
    assert.equal(filesPerThread[0], 0);
    assert.equal(filesPerThread[1]! + filesPerThread[2]!, files.length);
    // And the command with its workers and this thread: the same again.
    const shared = await runCli(args, { cwd: dir, env: { DETCTL_WORKERS: '1' } });
    assert.deepEqual(shared, alone);
  }
});

test('how many workers: DETCTL_WORKERS when set; otherwise two idle cores per thread besides this one, for enough files', () => {
  assert.equal(workerCount({ DETCTL_WORKERS: '0' }, 10_000, 8, 0), 0);
  assert.equal(workerCount({ DETCTL_WORKERS: ' 3 ' }, 1, 1, 9), 3);
  assert.deepEqual(workerCount({ DETCTL_WORKERS: 'many' }, 10, 2, 0), { problem: "DETCTL_WORKERS is 'many', which is not a number of worker threads (0 for none)" });
  const enough = 20 * MIN_FILES_PER_THREAD;
  assert.equal(workerCount({}, enough, 2, 0), 0, 'two idle cores: this thread (and V8’s helpers) alone');
  assert.equal(workerCount({}, enough, 4, 0.2), 1, 'four idle cores: this thread and one worker');
  assert.equal(workerCount({}, enough, 8, 0.2), 3);
  assert.equal(workerCount({}, enough, 8, 3.6), 1, 'four of eight cores busy: two threads');
  assert.equal(workerCount({}, enough, 4, 1.6), 0, 'one idle pair of cores: this thread alone');
  assert.equal(workerCount({}, enough, 8, 14), 0, 'an overloaded machine');
  assert.equal(workerCount({}, MIN_FILES_PER_THREAD * 2 - 1, 16, 0), 0, 'too few files to share');
  assert.equal(workerCount({}, MIN_FILES_PER_THREAD * 3, 16, 0), 2);
});
