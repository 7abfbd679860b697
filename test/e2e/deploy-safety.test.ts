// Acceptance (issue 5, 4) and the deploy contract: invalid input means exit 1 and no request at
// all; secrets never reach output or files; TLS is verified; confirmation, mass-delete guard and
// saved plans behave as documented.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxProject, environmentYaml, type SandboxProject } from '../helpers/sandbox-project.js';
import { runCli, tempProject } from '../helpers/run-cli.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('nothing is sent when the input is invalid', () => {
  let p: SandboxProject;
  before(async () => (p = await sandboxProject()));
  after(() => p.close());

  test('an invalid rule: exit 1 and zero requests', async () => {
    writeFileSync(join(p.dir, 'rules/sigma/broken.yml'), 'title: Broken\nid: 99999999-9999-4999-8999-999999999999\nlogsource: {product: windows}\ndetection:\n    sel:\n        a|nope: 1\n    condition: sel\n');
    p.sandbox.clearLog();
    const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.err, /rules\/sigma\/broken\.yml:6:9: error: field 'a': unknown modifier 'nope'/);
    assert.match(r.err, /nothing was sent to any server/);
    assert.deepEqual(p.sandbox.requestLog, []);
    rmSync(join(p.dir, 'rules/sigma/broken.yml'));
  });

  test('an invalid environment: exit 1 and zero requests', async () => {
    p.sandbox.clearLog();
    const r = await runCli(['deploy', '--env', 'e2e', '--yes'], { cwd: p.dir, env: { SANDBOX_ES_KEY: p.env.SANDBOX_ES_KEY } });
    assert.equal(r.code, 1);
    assert.match(r.err, /environments\/e2e\.yaml:\d+:\d+: error: environment variable SANDBOX_SPLUNK_TOKEN is not set/);
    assert.deepEqual(p.sandbox.requestLog, []);
  });
});

describe('deploy contract', () => {
  let p: SandboxProject;
  before(async () => (p = await sandboxProject()));
  after(() => p.close());

  test('without a terminal and without --yes nothing is applied', async () => {
    const r = await p.cli(['deploy', '--env', 'e2e']);
    assert.equal(r.code, 1);
    assert.match(r.err, /refusing to apply without confirmation/);
    assert.equal(p.sandbox.requestLog.filter((e) => e.method === 'PUT' || (e.method === 'POST' && !e.path.includes('_query') && !e.path.includes('_search'))).length, 0);
  });

  test('on a terminal anything but "yes" cancels; --dry-run changes nothing', async () => {
    const no = await p.cli(['deploy', '--env', 'e2e'], { isTTY: true, answer: 'y' });
    assert.equal(no.code, 1);
    assert.match(no.err, /Cancelled/);
    const dry = await p.cli(['deploy', '--env', 'e2e', '--dry-run']);
    assert.equal(dry.code, 0);
    assert.match(dry.out, /Plan: 13 to create/);
    assert.equal((await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode'])).code, 2);
  });

  test('a saved plan is applied as saved, and refused once live objects changed', async () => {
    const saved = await p.cli(['plan', '--env', 'e2e', '--out', 'plan.json']);
    assert.equal(saved.code, 0, saved.err);
    const applied = await p.cli(['deploy', '--env', 'e2e', '--yes', '--plan', 'plan.json']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /13 created/);
    const file = join(p.dir, 'rules/sigma/linux_iptables_flush.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('level: medium', 'level: high'));
    assert.equal((await p.cli(['plan', '--env', 'e2e', '--out', 'plan.json'])).code, 0);
    // Someone changes a managed watch by hand after the plan was made.
    const id = 'detctl-e2e-96b9f619-aa91-478f-bacb-c3e50f8df575';
    const headers = { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' };
    const live = (await (await fetch(`${p.sandbox.esUrl}/_watcher/watch/${id}`, { headers })).json()) as { watch: Record<string, unknown> };
    const put = await fetch(`${p.sandbox.esUrl}/_watcher/watch/${id}?active=true`, { method: 'PUT', headers, body: JSON.stringify({ ...live.watch, trigger: { schedule: { interval: '5m' } } }) });
    assert.equal(put.status, 200);
    const stale = await p.cli(['deploy', '--env', 'e2e', '--yes', '--plan', 'plan.json']);
    assert.equal(stale.code, 1);
    assert.match(stale.err, /plan\.json is stale/);
    const redeploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(redeploy.code, 0, redeploy.err);
    assert.match(redeploy.out, /0 created, 2 updated/);
  });

  test('a deploy that would delete most managed objects stops unless allowed', async () => {
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace('rules: [rules/]', 'rules: [rules/escu/]'));
    const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.err, /would delete too much of elastic \(100% of its managed objects\)/);
    const allowed = await p.cli(['deploy', '--env', 'e2e', '--yes', '--allow-mass-delete']);
    assert.equal(allowed.code, 0, allowed.err);
    assert.match(allowed.out, /0 created, 0 updated, 8 deleted/);
  });

  test('a desired object whose name an unowned object holds is a collision, and nothing is applied', async () => {
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox));
    await p.sandbox.seedWatch('detctl-e2e-96b9f619-aa91-478f-bacb-c3e50f8df575', { trigger: { schedule: { interval: '1h' } }, actions: {}, metadata: { owner: 'team' } });
    const r = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.out + r.err, /collide/);
    const plan = await p.cli(['plan', '--env', 'e2e']);
    assert.equal(plan.code, 1);
  });
});

test('secrets never appear in any output or file', async () => {
  const secretKey = { id: 'detctl-secret-id', key: 'super-secret-api-key-value' };
  const token = 'super-secret-splunk-token-value';
  const p = await sandboxProject({ credentials: { elasticsearch: { apiKey: secretKey }, splunk: { token } } });
  try {
    const encoded = p.sandbox.credentials.esApiKeyEncoded;
    const outputs: string[] = [];
    for (const args of [['validate', 'rules'], ['build', '--env', 'e2e', '--out', 'build'], ['plan', '--env', 'e2e', '--out', 'plan.json'], ['plan', '--env', 'e2e', '--format', 'markdown'], ['plan', '--env', 'e2e', '--format', 'json'], ['deploy', '--env', 'e2e', '--yes'], ['deploy', '--env', 'e2e', '--yes', '--format', 'json'], ['releases', '--env', 'e2e'], ['releases', '--env', 'e2e', '--format', 'json']]) {
      const r = await p.cli(args);
      outputs.push(r.out, r.err);
    }
    const files = allFiles(p.dir).filter((f) => !f.includes('node_modules'));
    assert.ok(files.some((f) => f.includes('.detctl/history/e2e/')), 'a release was written');
    const everything = [...outputs, ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');
    for (const secret of [encoded, secretKey.key, token]) assert.ok(!everything.includes(secret), `a secret leaked`);
  } finally {
    await p.close();
  }
});

test('TLS: a self-signed sandbox fails without its CA and works with tls.ca', async () => {
  const certs = tempProject({});
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certs, 'key.pem'), '-out', join(certs, 'ca.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const ca = readFileSync(join(certs, 'ca.pem'), 'utf8');
  const p = await sandboxProject({ tls: { cert: ca, key: readFileSync(join(certs, 'key.pem'), 'utf8') } }, { 'ca.pem': ca });
  try {
    const without = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(without.code, 1);
    assert.match(without.err, /certificate/i);
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), environmentYaml(p.sandbox).replace(/timeout: 2s/g, 'timeout: 2s\n    tls: {ca: ca.pem}'));
    const withCa = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(withCa.code, 0, withCa.err);
    assert.match(withCa.out, /13 created/);
  } finally {
    await p.close();
  }
});
