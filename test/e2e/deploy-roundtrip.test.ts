// Acceptance (issue 5, 1): deploy the example rules to both targets against the sandbox over HTTP;
// plan then shows no changes, also after the watches ran; one edited rule is one update per
// target with the field diff; one removed rule is one delete per target; unowned objects stay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

let p: SandboxProject;
const UNOWNED_WATCH = { trigger: { schedule: { interval: '1h' } }, input: { simple: {} }, actions: { log: { logging: { text: 'mine' } } }, metadata: { owner: 'someone else' } };

before(async () => {
  p = await sandboxProject();
  await p.sandbox.seedWatch('team-watch', UNOWNED_WATCH);
  await p.sandbox.seedSavedSearch({ name: 'Team search', app: 'detections', settings: { search: 'index=main team', cron_schedule: '0 * * * *' } });
});
after(() => p.close());

async function planJson() {
  const r = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

test('deploy, then plan shows no changes', async () => {
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err + deploy.out);
  assert.match(deploy.out, /Deployed e2e: 13 created, 0 updated, 0 deleted, 0 unchanged, 0 failed\./);
  const plan = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
  assert.equal(plan.code, 0, plan.out + plan.err);
  assert.match(plan.out, /Plan: 0 to create, 0 to update, 0 to delete, 13 unchanged\./);
});

test('still no changes after the watches executed (their versions moved)', async () => {
  assert.ok((await p.sandbox.executeWatches()) >= 4);
  const plan = await p.cli(['--verbose', 'plan', '--env', 'e2e', '--detailed-exitcode']);
  assert.equal(plan.code, 0, plan.out);
  assert.match(plan.err, /^loaded 5 rules into 13 desired objects in \d+ ms$/m);
  assert.match(plan.err, /^listed elastic, splunk: 13 managed objects, 0 unowned with a desired id, in \d+ ms$/m);
});

test('a second deploy writes nothing', async () => {
  p.sandbox.clearLog();
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err);
  assert.match(deploy.out, /No changes/);
  assert.deepEqual(p.sandbox.requestLog.filter((e) => e.method !== 'GET' && !e.path.includes('_query/watches') && !e.path.includes('/_search')), []);
});

test('editing one rule is one update per target, with the field diff', async () => {
  const file = join(p.dir, 'rules/sigma/linux_iptables_flush.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace("a0|endswith: 'iptables'", "a0|endswith: 'ip6tables'"));
  const plan = await planJson();
  assert.deepEqual(plan.summary, { create: 0, update: 2, replace: 0, delete: 0, noop: 11 });
  const updates = plan.changes.filter((c: { action: string }) => c.action === 'update');
  const paths = updates.map((u: { fields: { path: string }[] }) => u.fields.map((f) => f.path));
  assert.ok(paths[0].some((p: string) => p.includes('query')), JSON.stringify(paths));
  assert.ok(paths[1].includes('search'), JSON.stringify(paths));
  const text = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
  assert.equal(text.code, 2);
  assert.match(text.out, /ip6tables/);
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.match(deploy.out, /0 created, 2 updated, 0 deleted, 11 unchanged, 0 failed/);
  assert.equal((await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode'])).code, 0);
});

test('removing one rule file is one delete per target', async () => {
  rmSync(join(p.dir, 'rules/sigma/linux_iptables_flush.yml'));
  const plan = await planJson();
  assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 0, delete: 2, noop: 11 });
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err);
  assert.match(deploy.out, /0 created, 0 updated, 2 deleted, 11 unchanged, 0 failed/);
});

test('unowned watches and saved searches in the same cluster and app are untouched', async () => {
  const r = await fetch(`${p.sandbox.esUrl}/_watcher/watch/team-watch`, { headers: { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}` } });
  const body = (await r.json()) as { watch: { metadata: unknown } };
  assert.equal(r.status, 200);
  assert.deepEqual(body.watch.metadata, { owner: 'someone else' });
  const s = await fetch(`${p.sandbox.splunkUrl}/servicesNS/nobody/detections/saved/searches/Team%20search?output_mode=json`, { headers: { authorization: `Bearer ${p.sandbox.credentials.splunk.token}` } });
  assert.equal(s.status, 200);
  const entry = ((await s.json()) as { entry: { content: Record<string, unknown> }[] }).entry[0];
  assert.equal(entry.content.search, 'index=main team');
  const writes = p.sandbox.requestLog.filter((e) => e.method !== 'GET' && (e.path.includes('team-watch') || e.path.includes('Team%20search')));
  assert.deepEqual(writes, []);
});
