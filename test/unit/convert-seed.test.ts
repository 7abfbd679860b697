// Acceptance: the seed rule converts to the queries the issue names, through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const seed = 'rules/sigma/t1086_remote_powershell_session.yml';

test('the seed rule converts to Lucene', async () => {
  const result = await runCli(['convert', '--to', 'lucene', '--format', 'jsonl', seed], { cwd: root });
  assert.equal(result.code, 0, result.err);
  const line = JSON.parse(result.out);
  assert.equal(line.path, seed);
  assert.equal(line.id, '96b9f619-aa91-478f-bacb-c3e50f8df575');
  assert.deepEqual(line.queries, ['(EventID:(4103 OR 400)) AND HostName:ServerRemoteHost AND HostApplication:*wsmprovhost.exe*']);
});

test('the seed rule converts to SPL', async () => {
  const result = await runCli(['convert', '--to', 'spl', '--format', 'jsonl', seed], { cwd: root });
  assert.equal(result.code, 0, result.err);
  assert.deepEqual(JSON.parse(result.out).queries, ['EventID IN (4103, 400) HostName="ServerRemoteHost" HostApplication="*wsmprovhost.exe*"']);
});

test('every example Sigma rule converts to both languages', async () => {
  for (const to of ['lucene', 'spl']) {
    const result = await runCli(['convert', '--to', to, '--format', 'jsonl', 'rules/sigma'], { cwd: root });
    assert.equal(result.code, 0, result.err);
    const lines = result.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length >= 4);
    for (const l of lines) assert.ok(Array.isArray(l.queries) && l.queries.length > 0, l.path);
  }
});

test('an ESCU detection converts to SPL as its own search, and not to Lucene', async () => {
  const spl = await runCli(['convert', '--to', 'spl', '--format', 'jsonl', 'rules/escu'], { cwd: root });
  assert.equal(spl.code, 0, spl.err);
  assert.match(JSON.parse(spl.out).queries[0], /^\| tstats `security_content_summariesonly`/);
  const lucene = await runCli(['convert', '--to', 'lucene', 'rules/escu'], { cwd: root });
  assert.equal(lucene.code, 1);
  assert.match(lucene.err, /^rules\/escu\/certutil_decoding_a_file\.yml:\d+:1: error: an ESCU detection is a Splunk search; it converts only to spl/m);
});
