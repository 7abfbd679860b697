// Acceptance (issue 11, 1): secrets by reference. A webhook header `X-Token: '${WH_SECRET}'`:
// `plan --out`, then `deploy --plan`: the live header holds the real value; the plan file, the
// release files and all output hold neither the value nor its base64, only the reference; a
// second plan is empty. A variable a desired object needs and the environment lacks: exit 1 and no
// write request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentYaml, sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';
import { runCli } from '../helpers/run-cli.js';

const SECRET = 'wh-secret-value-7f3a9c';
const BASE64 = Buffer.from(SECRET).toString('base64');
const WATCH_ID = 'detctl-e2e-96b9f619-aa91-478f-bacb-c3e50f8df575';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

const withWebhook = (p: SandboxProject) =>
  environmentYaml(p.sandbox).replace('        logging: {}\n', "        logging: {}\n        webhook: {url: 'https://hooks.example.net/in', headers: {X-Token: '${WH_SECRET}'}}\n");

const writes = (p: SandboxProject) => p.sandbox.requestLog.filter((e) => e.method === 'PUT' || e.method === 'DELETE' || (e.method === 'POST' && !/_query|_search|\/services\/auth/.test(e.path) && !/saved\/searches\?|conf-macros\?/.test(e.path)));

describe('secrets by reference', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject();
    writeFileSync(join(p.dir, 'environments/e2e.yaml'), withWebhook(p));
    p.env.WH_SECRET = SECRET;
  });
  after(() => p.close());

  test('plan --out, deploy --plan: the value reaches the server only', async () => {
    const outputs: string[] = [];
    const plan = await p.cli(['plan', '--env', 'e2e', '--out', 'p.json']);
    outputs.push(plan.out, plan.err);
    assert.equal(plan.code, 0, plan.err);
    const planFile = readFileSync(join(p.dir, 'p.json'), 'utf8');
    assert.ok(planFile.includes('"X-Token": "${WH_SECRET}"') || planFile.includes('"X-Token":"${WH_SECRET}"'), 'the plan file holds the reference');
    assert.ok(!planFile.includes('***'));

    const deploy = await p.cli(['deploy', '--env', 'e2e', '--plan', 'p.json', '--yes']);
    outputs.push(deploy.out, deploy.err);
    assert.equal(deploy.code, 0, deploy.err);

    const response = await fetch(`${p.sandbox.esUrl}/_watcher/watch/${WATCH_ID}`, { headers: { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}` } });
    assert.equal(response.status, 200);
    const stored = (await response.json()) as { watch: { actions: { webhook: { webhook: { headers: Record<string, string> } } } } };
    assert.equal(stored.watch.actions.webhook.webhook.headers['X-Token'], SECRET, 'the live header holds the real value');

    for (const args of [['plan', '--env', 'e2e'], ['plan', '--env', 'e2e', '--format', 'json'], ['deploy', '--env', 'e2e', '--yes'], ['releases', '--env', 'e2e', '--format', 'json']]) {
      const r = await p.cli(args);
      outputs.push(r.out, r.err);
      if (args[0] === 'plan' && args.length === 3) assert.match(r.out, /Plan: 0 to create, 0 to update, 0 to delete/, 'a second plan is empty');
      if (args[0] === 'deploy') assert.match(r.out, /No changes/);
    }
    const history = allFiles(join(p.dir, '.detctl'));
    assert.ok(history.some((f) => f.includes('history')), 'a release was written');
    const releases = history.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.ok(releases.includes('${WH_SECRET}'), 'the release holds the reference');
    for (const text of [planFile, releases, ...outputs]) {
      assert.ok(!text.includes(SECRET), 'the value leaked');
      assert.ok(!text.includes(BASE64) && !text.includes(BASE64.replace(/=+$/, '')), 'the base64 of the value leaked');
    }
  });

  test('a missing variable referenced by a desired object: exit 1 and no write', async () => {
    p.sandbox.clearLog();
    const env = { ...p.env };
    delete env.WH_SECRET;
    const r = await runCli(['deploy', '--env', 'e2e', '--yes'], { cwd: p.dir, env });
    assert.equal(r.code, 1);
    assert.match(r.err, /WH_SECRET is not set/);
    assert.deepEqual(writes(p), []);
  });
});
