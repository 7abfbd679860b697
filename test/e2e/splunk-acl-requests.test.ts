// Issue 16 (apply): a Splunk create is followed by an ACL request only when the ACL it was created
// with is not the one detctl sets. Under servicesNS/nobody/<app> splunkd creates an object shared
// in the app with the app's default permissions, which is detctl's ACL: one request per object.
// Under servicesNS/<user>/<app> it is created private to that user: create, then ACL. Either way
// the objects list back canonically equal to what was desired (no `acl` drift).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '@detctl/sandbox';
import { createSplunkService } from '../../src/targets/splunk/create-splunk-service.js';
import { SplunkTarget } from '../../src/targets/splunk/splunk-target.js';
import type { SplunkTarget as SplunkSettings } from '../../src/targets/splunk/settings.js';
import type { MacroObject, SavedSearchObject } from '../../src/targets/splunk/objects.js';
import { APP, sigmaSavedSearch } from '../helpers/splunk-saved-searches.js';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

function splunkTarget(sb: Sandbox, owner: string): SplunkTarget {
  const settings = { type: 'splunk', url: sb.splunkUrl, auth: { token: sb.credentials.splunk.token }, tls: {}, app: APP, owner } as unknown as SplunkSettings;
  return new SplunkTarget('splunk', sb.splunkUrl, createSplunkService(settings, { projectDir: '.' }), { app: APP, owner, ownedPrefixes: ['detctl - '] });
}

function objectsOf(owner: string): [SavedSearchObject, MacroObject] {
  const search = { ...sigmaSavedSearch(), owner, name: `detctl - ACL case ${owner}` };
  const macro: MacroObject = { kind: 'macro', target: 'splunk', app: APP, owner, name: `acl_case_${owner}(1)`, source: 'escu/macros/x.yml', content: { definition: 'convert ctime($field$)', args: 'field', description: 'd' } };
  return [search, macro];
}

describe('Splunk creates: the ACL request only when the created ACL differs', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  const writes = () => sb.requestLog.filter((e) => e.method !== 'GET');

  test('owner nobody: one request per object (created shared in the app with its default permissions)', async () => {
    const target = splunkTarget(sb, 'nobody');
    const objects = objectsOf('nobody');
    sb.clearLog();
    for (const o of objects) await target.create(o);
    assert.deepEqual(writes().map((e) => `${e.method} ${e.path.replace(/^\/servicesNS\/[^/]+\/[^/]+\//, '')}`), ['POST saved/searches', 'POST configs/conf-macros']);
    const live = await target.list(objects);
    assert.equal(live.length, 2);
    for (const o of objects) assert.deepEqual(live.find((l) => l.id === o.name)?.canonical, target.canonical(o), o.name);
  });

  test('another owner: create, then the ACL request that shares it in the app (it was created private)', async () => {
    const target = splunkTarget(sb, 'admin');
    const objects = objectsOf('admin');
    sb.clearLog();
    for (const o of objects) await target.create(o);
    const paths = writes().map((e) => `${e.method} ${e.path.replace(/^\/servicesNS\/[^/]+\/[^/]+\//, '')}`);
    assert.deepEqual(paths, ['POST saved/searches', `POST saved/searches/${objects[0].name}/acl`, 'POST configs/conf-macros', `POST configs/conf-macros/${objects[1].name}/acl`]);
    const live = await target.list(objects);
    for (const o of objects) {
      const l = live.find((x) => x.id === o.name);
      assert.equal(l?.canonical.acl, undefined, `${o.name}: shared in the app, owned by admin`);
      assert.deepEqual(l?.canonical, target.canonical(o), o.name);
    }
  });
});

describe('a deploy with the default owner sends one Splunk request per created object', () => {
  let p: SandboxProject;
  before(async () => {
    p = await sandboxProject();
  });
  after(() => p.close());

  test('no ACL request, and the plan after the deploy is empty', async () => {
    const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
    assert.equal(deploy.code, 0, deploy.err + deploy.out);
    const created = Number(/(\d+) created/.exec(deploy.out)?.[1]);
    const splunkWrites = p.sandbox.requestLog.filter((e) => e.target === 'splunk' && e.method === 'POST' && !e.path.startsWith('/services/auth'));
    const elasticCreates = p.sandbox.requestLog.filter((e) => e.target === 'elasticsearch' && e.method === 'PUT' && e.path.startsWith('/_watcher/watch/'));
    assert.ok(splunkWrites.length > 0);
    assert.deepEqual(splunkWrites.filter((e) => e.path.endsWith('/acl')), []);
    assert.equal(splunkWrites.length + elasticCreates.length, created, 'one request per created object');
    const plan = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.out + plan.err);
    assert.match(plan.out, /Plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged\./);
  });
});
