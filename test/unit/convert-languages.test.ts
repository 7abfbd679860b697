// `convert --to lucene,spl` (issue 16): one parse, every language. Per file one jsonl line whose
// `queries` has one list per language (the same lists each language alone prints), `errors` for
// the languages a rule does not convert to; text prints `## <language>` blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runCli, tempProject } from '../helpers/run-cli.js';

const root = resolve(import.meta.dirname, '..', '..');

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l));

test('jsonl: one line per file, with the queries each language alone gives', async () => {
  const both = await runCli(['convert', '--to', 'lucene,spl', '--format', 'jsonl', 'rules/sigma'], { cwd: root });
  assert.equal(both.code, 0, both.err);
  const lucene = lines((await runCli(['convert', '--to', 'lucene', '--format', 'jsonl', 'rules/sigma'], { cwd: root })).out);
  const spl = lines((await runCli(['convert', '--to', 'spl', '--format', 'jsonl', 'rules/sigma'], { cwd: root })).out);
  const got = lines(both.out);
  assert.equal(got.length, lucene.length);
  got.forEach((line, i) => {
    assert.deepEqual(line, { path: lucene[i].path, id: lucene[i].id, title: lucene[i].title, queries: { lucene: lucene[i].queries, spl: spl[i].queries } });
  });
});

test('the languages come in the order given, and the mapping and keyword suffix apply as alone', async () => {
  const seed = 'rules/sigma/t1086_remote_powershell_session.yml';
  const r = await runCli(['convert', '--to', 'spl,lucene', '--mapping', 'ecs_windows', '--keyword-suffix', '.keyword', '--format', 'jsonl', seed], { cwd: root });
  assert.equal(r.code, 0, r.err);
  const line = lines(r.out)[0];
  assert.deepEqual(Object.keys(line.queries), ['spl', 'lucene']);
  const alone = (to: string, extra: string[]) => runCli(['convert', '--to', to, '--mapping', 'ecs_windows', ...extra, '--format', 'jsonl', seed], { cwd: root });
  assert.deepEqual(line.queries.lucene, lines((await alone('lucene', ['--keyword-suffix', '.keyword'])).out)[0].queries);
  assert.deepEqual(line.queries.spl, lines((await alone('spl', [])).out)[0].queries);
});

test('an ESCU detection: its SPL in queries, the Lucene error in errors, exit 1, the language named on stderr', async () => {
  const r = await runCli(['convert', '--to', 'lucene,spl', '--format', 'jsonl', 'rules/escu'], { cwd: root });
  assert.equal(r.code, 1);
  const [line] = lines(r.out);
  assert.deepEqual(Object.keys(line.queries), ['spl']);
  assert.match(line.queries.spl[0], /^\| tstats /);
  assert.match(line.errors.lucene.message, /converts only to spl/);
  assert.equal(typeof line.errors.lucene.line, 'number');
  assert.match(r.err, /^rules\/escu\/certutil_decoding_a_file\.yml:\d+:1: error: lucene: an ESCU detection is a Splunk search/m);
});

test('text: a `## <language>` block per language that converted', async () => {
  const r = await runCli(['convert', '--to', 'lucene,spl', 'rules/escu', 'rules/sigma/t1086_remote_powershell_session.yml'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.out, /^# rules\/escu\/certutil_decoding_a_file\.yml: .*\n## spl\n\| tstats [^\n]*\n\n# /);
  assert.match(r.out, /# rules\/sigma\/t1086_remote_powershell_session\.yml: .*\n## lucene\n\(EventID:\(4103 OR 400\)\)[^\n]*\n\n## spl\nEventID IN \(4103, 400\)[^\n]*\n\n$/);
});

test('--to checks each name and refuses one named twice; --keyword-suffix needs lucene among them', async () => {
  const twice = await runCli(['convert', '--to', 'spl,spl', 'rules/sigma'], { cwd: root });
  assert.notEqual(twice.code, 0);
  assert.match(twice.err, /named twice/);
  const unknown = await runCli(['convert', '--to', 'lucene,eql', 'rules/sigma'], { cwd: root });
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.err, /Allowed choices are lucene, spl/);
  const suffix = await runCli(['convert', '--to', 'spl', '--keyword-suffix', '.keyword', 'rules/sigma'], { cwd: root });
  assert.equal(suffix.code, 1);
  assert.match(suffix.err, /--keyword-suffix applies to --to lucene only/);
});

test('a rule id used by two files (found only after both were converted): both are errors, in file order, the file between them converts', async () => {
  const rule = (id: string, value: number) => `title: Rule ${value}\nid: ${id}\nstatus: test\nlogsource:\n    product: windows\ndetection:\n    sel:\n        a: ${value}\n    condition: sel\n`;
  const same = '11111111-1111-4111-8111-111111111111';
  const dir = tempProject({ 'rules/a.yml': rule(same, 1), 'rules/b.yml': rule('22222222-2222-4222-8222-222222222222', 2), 'rules/c.yml': rule(same, 3) });
  for (const to of ['lucene', 'lucene,spl']) {
    const r = await runCli(['convert', '--to', to, '--format', 'jsonl', 'rules'], { cwd: dir });
    assert.equal(r.code, 1);
    const got = lines(r.out);
    assert.deepEqual(got.map((l) => l.path), ['rules/a.yml', 'rules/b.yml', 'rules/c.yml']);
    assert.deepEqual(got[0], { path: 'rules/a.yml', id: same, error: { message: `rule id ${same} is also used by rules/c.yml`, line: 2, column: 1 } });
    assert.ok(got[1].queries, 'b converts');
    assert.match(got[2].error.message, /also used by rules\/a\.yml/);
    assert.match(r.err, /^rules\/a\.yml:2:1: error: rule id .* is also used by rules\/c\.yml\n(.*\n)?rules\/c\.yml:2:1: error: .*also used by rules\/a\.yml/m);
  }
});

test('--case-insensitive with several languages: Lucene only, as alone; without lucene an error', async () => {
  const seed = 'rules/sigma/t1086_remote_powershell_session.yml';
  const both = await runCli(['convert', '--to', 'lucene,spl', '--case-insensitive', '--format', 'jsonl', seed], { cwd: root });
  assert.equal(both.code, 0, both.err);
  const line = lines(both.out)[0];
  const lucene = lines((await runCli(['convert', '--to', 'lucene', '--case-insensitive', '--format', 'jsonl', seed], { cwd: root })).out)[0];
  const spl = lines((await runCli(['convert', '--to', 'spl', '--format', 'jsonl', seed], { cwd: root })).out)[0];
  assert.deepEqual(line.queries, { lucene: lucene.queries, spl: spl.queries });
  assert.notDeepEqual(lucene.queries, lines((await runCli(['convert', '--to', 'lucene', '--format', 'jsonl', seed], { cwd: root })).out)[0].queries, 'the flag changes the Lucene query');
  const splOnly = await runCli(['convert', '--to', 'spl', '--case-insensitive', seed], { cwd: root });
  assert.equal(splOnly.code, 1);
  assert.match(splOnly.err, /--case-insensitive applies to --to lucene only/);
});
