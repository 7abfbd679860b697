// The CLI writes stdout through its file descriptor (cli/process-main.ts writeAll): all of it must
// arrive, in order, also when the descriptor is a non-blocking pipe whose reader is slow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const processMain = resolve(import.meta.dirname, '../../src/cli/process-main.ts');

test('writeAll writes every byte to a pipe made non-blocking, while the reader waits', async () => {
  // The child opens process.stdout first, which leaves fd 1 non-blocking (libuv's uv_pipe_open):
  // a plain writeSync of 1 MiB then fails with EAGAIN while the parent does not read.
  const script = `
    const { writeAll } = await import(${JSON.stringify(processMain)});
    void process.stdout;
    const lines = Array.from({ length: 20000 }, (_, i) => 'line ' + i + ' ' + 'x'.repeat(40) + '\\n').join('');
    writeAll(1, lines);
  `;
  const child = spawn(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const closed = new Promise<number | null>((done) => child.on('close', done));
  child.stdout.pause();
  await new Promise((done) => setTimeout(done, 1500)); // the pipe fills while nobody reads
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdout.resume();
  const code = await closed;
  assert.equal(code, 0, err);
  const lines = out.split('\n').filter(Boolean);
  assert.equal(lines.length, 20000);
  lines.forEach((line, i) => assert.ok(line.startsWith(`line ${i} `), `line ${i}: ${line.slice(0, 20)}`));
});
