// Acceptance (issue 6): releases are recorded; rollback restores an earlier release exactly on
// both targets (also over a partial release); the lock lets one of two deploys in; the
// Elasticsearch history store works; history holds no secrets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxProject, environmentYaml, type SandboxProject } from '../helpers/sandbox-project.js';
import { tempDir } from '../helpers/temp-dir.js';
import { loadEnvironment } from '../../src/config/load-environment.js';
import { createTargets } from '../../src/live/create-targets.js';
import { listLive } from '../../src/live/list-live.js';
import { fingerprintLive } from '../../src/plan/live-fingerprint.js';

const RULE = (id: string, title: string, value: string) => `title: ${title}
id: ${id}
status: test
level: high
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '${value}'
    condition: selection
`;
const A = '0a0a0a0a-0000-4000-8000-00000000000a';
const B = '0b0b0b0b-0000-4000-8000-00000000000b';
const C = '0c0c0c0c-0000-4000-8000-00000000000c';

/** Everything detctl owns on both targets, normalised, keyed by target/kind/id. */
async function liveState(p: SandboxProject): Promise<string> {
  const { environment } = loadEnvironment(p.dir, 'e2e', p.env);
  const live = await listLive(await createTargets(environment!, { projectDir: p.dir }), []);
  return fingerprintLive(live.filter((l) => l.owned));
}

/** Replaces the project's rules/ with exactly these files. */
function putRules(p: SandboxProject, files: Record<string, string>): void {
  rmSync(join(p.dir, 'rules'), { recursive: true, force: true });
  mkdirSync(join(p.dir, 'rules'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(p.dir, 'rules', name), text);
}

async function releases(p: SandboxProject) {
  const r = await p.cli(['releases', '--env', 'e2e', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { id: string; status: string; rollbackOf: string | null }[];
}

for (const store of ['local', 'elasticsearch'] as const) {
  describe(`v1, v2, rollback (${store} history)`, () => {
    let p: SandboxProject;
    before(async () => {
      p = await sandboxProject({}, { 'rules/.keep': '' });
      const history = store === 'local' ? 'history: {store: local}' : 'history: {store: elasticsearch, target: elastic, index: .detctl-history}';
      writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('history: {store: local}', history));
    });
    after(() => p.close());

    test('rollback makes live equal v1 exactly and records rollback_of', async () => {
      const put = (files: Record<string, string>) => putRules(p, files);
      put({ 'a.yml': RULE(A, 'Rule A', '\\a.exe'), 'b.yml': RULE(B, 'Rule B', '\\b.exe') });
      assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
      const v1 = await liveState(p);
      put({ 'a.yml': RULE(A, 'Rule A', '\\a2.exe'), 'c.yml': RULE(C, 'Rule C', '\\c.exe') });
      const v2deploy = await p.cli(['deploy', '--env', 'e2e', '--yes', '--allow-mass-delete']);
      assert.equal(v2deploy.code, 0, v2deploy.err);
      assert.match(v2deploy.out, /2 created, 2 updated, 2 deleted/);
      assert.notEqual(await liveState(p), v1);
      const list = await releases(p);
      assert.equal(list.length, 2);
      const rollback = await p.cli(['rollback', '--env', 'e2e', '--yes', '--allow-mass-delete']);
      assert.equal(rollback.code, 0, rollback.err);
      assert.match(rollback.err, new RegExp(`Rolling e2e back to release ${list[0].id}`));
      assert.equal(await liveState(p), v1);
      const after = await releases(p);
      assert.equal(after.length, 3);
      assert.equal(after[2].rollbackOf, list[0].id);
      const show = await p.cli(['releases', 'show', after[1].id, '--env', 'e2e']);
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /\+ elastic\/watch\/detctl-e2e-0c0c0c0c/);
      assert.match(show.out, /- elastic\/watch\/detctl-e2e-0b0b0b0b/);
      assert.match(show.out, /~ elastic\/watch\/detctl-e2e-0a0a0a0a/);
    });
  });
}

test('history files and documents contain no secrets', async () => {
  const p = await sandboxProject({ credentials: { splunk: { token: 'history-secret-token-1234' } } });
  try {
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox));
    assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
    const dir = join(p.dir, '.detctl/history/e2e');
    const text = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    assert.ok(text.length > 100);
    for (const secret of ['history-secret-token-1234', p.sandbox.credentials.esApiKeyEncoded]) assert.ok(!text.includes(secret));
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('history: {store: local}', 'history: {store: elasticsearch, target: elastic, index: .detctl-history}'));
    rmSync(join(p.dir, 'rules/sigma/linux_iptables_flush.yml'));
    assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
    p.sandbox.refreshIndices();
    const found = await fetch(`${p.sandbox.esUrl}/.detctl-history/_search`, { method: 'POST', headers: { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' }, body: '{"size":100}' });
    const docs = await found.text();
    assert.match(docs, /release/);
    for (const secret of ['history-secret-token-1234', p.sandbox.credentials.esApiKeyEncoded]) assert.ok(!docs.includes(secret));
  } finally {
    await p.close();
  }
});

test('rollback after a partial deploy restores the earlier release', async () => {
  const statePath = join(tempDir('detctl-partial-'), 'state.json');
  const { startSandbox } = await import('@detctl/sandbox');
  const p = await sandboxProject({ statePath }, { 'rules/.keep': '' });
  const ports = { esPort: Number(new URL(p.sandbox.esUrl).port), splunkPort: Number(new URL(p.sandbox.splunkUrl).port) };
  const put = (files: Record<string, string>) => putRules(p, files);
  put({ 'a.yml': RULE(A, 'Rule A', '\\a.exe'), 'b.yml': RULE(B, 'Rule B', '\\b.exe') });
  assert.equal((await p.cli(['deploy', '--env', 'e2e', '--yes'])).code, 0);
  const v1 = await liveState(p);
  await p.sandbox.flush();
  await p.sandbox.close();

  // v2 against an Elasticsearch that fails most requests; retries get the listing through.
  const faulty = await startSandbox({ ...ports, statePath, faultRate: 0.55, seed: 1, faultKinds: ['503', 'reset'], faultTargets: ['elasticsearch'] });
  const generated: Record<string, string> = {};
  for (let i = 0; i < 30; i++) generated[`g${i}.yml`] = RULE(`0d0d0d0d-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`, `Rule G${i}`, `\\g${i}.exe`);
  put({ 'a.yml': RULE(A, 'Rule A', '\\a2.exe'), ...generated });
  // Faults on Elasticsearch only, one change at a time: it sees the same request sequence, hence
  // the same seeded faults, on every run, so this one deploy ends partial, always.
  let partial;
  try {
    partial = await p.cli(['deploy', '--env', 'e2e', '--yes', '--allow-mass-delete', '--concurrency', '1']);
  } finally {
    await faulty.flush();
    await faulty.close();
  }
  assert.equal(partial.code, 1, partial.err);
  assert.match(partial.out, /Release .* \(partial\)/, 'a deploy ended partial');
  const list = await releases(p);
  assert.equal(list[list.length - 1].status, 'partial');

  const healthy = await startSandbox({ ...ports, statePath });
  try {
    const rollback = await p.cli(['rollback', '--env', 'e2e', '--yes', '--allow-mass-delete', '--to', list[0].id]);
    assert.equal(rollback.code, 0, rollback.err + rollback.out);
    assert.equal(await liveState(p), v1);
  } finally {
    await healthy.close();
  }
});

describe('locking', () => {
  let p: SandboxProject;
  before(async () => (p = await sandboxProject({ latencyMs: 30 })));
  after(() => p.close());

  test('of two deploys started together one applies and the other fails fast naming the holder', async () => {
    const [a, b] = await Promise.all([p.cli(['deploy', '--env', 'e2e', '--yes']), p.cli(['deploy', '--env', 'e2e', '--yes'])]);
    const results = [a, b].sort((x, y) => x.code - y.code);
    assert.equal(results[0].code, 0, results[0].err);
    assert.match(results[0].out, /13 created/);
    assert.equal(results[1].code, 1);
    assert.match(results[1].err, /environment e2e is locked by deploy of .+@.+ \(pid \d+\) since .+; if that run died, wait for the expiry or pass --force-unlock/);
  });

  test('a dead run\'s expired lock is taken over; a live one is cleared with --force-unlock', async () => {
    const lock = join(p.dir, '.detctl/history/e2e/lock');
    const holder = (expiresAt: string) => JSON.stringify({ host: 'ci-runner-7', user: 'ci', pid: 4242, acquiredAt: '2026-01-01T00:00:00.000Z', expiresAt, command: 'deploy' });
    writeFileSync(lock, holder('2026-01-01T00:30:00.000Z'));
    const expired = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(expired.code, 0, expired.err);
    writeFileSync(lock, holder('2999-01-01T00:00:00.000Z'));
    const held = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(held.code, 1);
    assert.match(held.err, /locked by deploy of ci@ci-runner-7 \(pid 4242\)/);
    const forced = await p.cli(['deploy', '--env', 'e2e', '--yes', '--force-unlock']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.err, /Cleared the lock of e2e/);
    assert.throws(() => readFileSync(lock), /ENOENT/);
  });
});
