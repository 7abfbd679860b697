// How `convert` writes: stdout in pieces of many files (a write per file was a system call per
// file), and still in file order with stderr, as if each file's output and then its errors were
// written in turn (what a user sees with 2>&1 into a file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { generatedRules } from '../helpers/generate-rules.js';
import { tempProject } from '../helpers/run-cli.js';

test('stdout comes in few writes, and every error after the output of the files before it', async () => {
  const files = generatedRules(400);
  // Every 37th rule has no condition: an error on stderr and a jsonl error line on stdout.
  const broken = Object.keys(files).filter((_, i) => i % 37 === 5);
  for (const path of broken) files[path] = files[path]!.replace('    condition: selection\n', '');
  const cwd = tempProject(files);
  const writes: ['out' | 'err', string][] = [];
  const code = await main(['convert', '--to', 'lucene', '--format', 'jsonl', 'rules'], {
    out: (t) => void writes.push(['out', t]),
    err: (t) => void writes.push(['err', t]),
    isTTY: false,
    env: { DETCTL_WORKERS: '0' },
    cwd,
    ask: async () => '',
  });
  assert.equal(code, 1);
  const outWrites = writes.filter(([stream]) => stream === 'out');
  assert.ok(outWrites.length < 50, `${outWrites.length} writes to stdout for 400 files`);
  // Per file: its line on stdout, then its errors (each names the file), in input order.
  const out = outWrites.map(([, t]) => t).join('');
  const errs = writes.filter(([stream]) => stream === 'err').map(([, t]) => t);
  assert.equal(errs.length, broken.length);
  const expected = out
    .split(/(?<=\n)/)
    .map((line) => {
      const { path, error } = JSON.parse(line) as { path: string; error?: unknown };
      return error ? line + errs.find((e) => e.startsWith(`${path}:`))! : line;
    })
    .join('');
  assert.equal(writes.map(([, t]) => t).join(''), expected);
});
