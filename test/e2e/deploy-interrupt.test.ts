// Acceptance (issue 11, 2): a deploy of 300 rules against a slow sandbox, interrupted by SIGINT,
// by SIGTERM, or by its stdout closing (`| head -1`), stops starting changes, lets the requests in
// flight finish, records a `partial` release whose objects are exactly what is live, releases the
// lock and exits 130 / 143 / 141; a second deploy then converges. Signals need a real process:
// the CLI's entry runs as a child (TypeScript through tsx), against the sandbox in this process.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';
import { generatedRules } from '../helpers/generate-rules.js';
import type { Release } from '../../src/history/release.js';

const repo = resolve(import.meta.dirname, '..', '..');
const RULES = 300;

function spawnDeploy(p: SandboxProject, global: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', join(repo, 'src/cli/entry.ts'), '--dir', p.dir, ...global, 'deploy', '--env', 'e2e', '--yes'], {
    cwd: repo,
    env: { ...process.env, ...p.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

const writes = (p: SandboxProject) => p.sandbox.requestLog.filter((e) => e.method === 'PUT' || (e.method === 'POST' && !/_query|_search/.test(e.path)) || e.method === 'DELETE').length;

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function releases(p: SandboxProject): Release[] {
  const dir = join(p.dir, '.detctl/history/e2e');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Release);
}

const lockLeft = (p: SandboxProject) => existsSync(join(p.dir, '.detctl/history/e2e/lock'));

/** The release lists exactly what is live: restoring it would change nothing. */
async function assertReleaseIsLive(p: SandboxProject, release: Release): Promise<void> {
  const check = await p.cli(['rollback', '--env', 'e2e', '--to', release.id, '--dry-run']);
  assert.equal(check.code, 0, check.err + check.out);
  assert.match(check.out, /No changes/);
}

async function assertConverges(p: SandboxProject): Promise<void> {
  const again = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(again.code, 0, again.err);
  const plan = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
  assert.equal(plan.code, 0, plan.out + plan.err);
}

/** No stack trace, no raw error. */
function assertQuiet(err: string): void {
  assert.doesNotMatch(err, /\n\s+at |node:internal|Error: write|Uncaught|^error:/m, err);
}

describe('an interrupted deploy stops cleanly and records what it made', { concurrency: false }, () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    test(`${signal} mid-deploy: exit ${code}, no lock, a partial release equal to the live state, a rerun converges`, async () => {
      const p = await sandboxProject({ latencyMs: 8 }, { ...generatedRules(RULES), 'rules/.keep': '' });
      try {
        const child = spawnDeploy(p);
        const err = collect(child.stderr!);
        collect(child.stdout!);
        const exit = exited(child);
        await until(() => writes(p) >= 30);
        child.kill(signal);
        const { code: status } = await exit;
        assert.equal(status, code, err());
        assertQuiet(err());
        assert.equal(lockLeft(p), false, 'the lock is released');
        const [release, ...more] = releases(p);
        assert.equal(more.length, 0);
        assert.equal(release.status, 'partial');
        const listed = Object.values(release.targets).reduce((n, t) => n + t.desired.length, 0);
        assert.ok(listed >= 20 && listed < 2 * RULES, `listed ${listed}`);
        assert.equal(listed + release.interrupted!.notApplied.length + release.failures.length, 2 * RULES);
        assert.match(err(), new RegExp(`no further change starts[\\s\\S]*Release ${release.id} \\(partial\\)`));
        await assertReleaseIsLive(p, release);
        await assertConverges(p);
      } finally {
        await p.close();
      }
    });
  }

  test('stdout closed by its reader (| head -1): exit 141 quietly, no lock, what was made is recorded, a rerun converges', async () => {
    const p = await sandboxProject({ latencyMs: 8 }, { ...generatedRules(RULES), 'rules/.keep': '' });
    try {
      // --verbose: creates with their fields, so that the plan text fills the pipe (below).
      const child = spawnDeploy(p, ['--verbose']);
      const err = collect(child.stderr!);
      const exit = exited(child);
      let first = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        first += chunk.toString();
        if (first.includes('\n')) child.stdout!.destroy(); // like `head -1`
      });
      const { code } = await exit;
      assert.equal(code, 141, err());
      assertQuiet(err());
      assert.equal(lockLeft(p), false);
      // The plan text fills the pipe, so the reader's close is seen at once: before the first
      // write, or (as here) with the first batch in flight.
      for (const release of releases(p)) {
        assert.equal(release.status, 'partial');
        await assertReleaseIsLive(p, release);
      }
      await assertConverges(p);
    } finally {
      await p.close();
    }
  });
});
