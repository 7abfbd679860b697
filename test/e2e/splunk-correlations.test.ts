// Issue 14 on Splunk, end to end on the sandbox: a correlation deploys as one saved search with its
// SPL and its timespan as the dispatch window; the rules it names with `generate: false` get none;
// a second deploy writes nothing, `plan` is empty, and removing the correlation's file is one delete
// on Splunk (and one on Elasticsearch, where the correlation is a watch: correlations-e2e.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

/** Names the example rule t1086_remote_powershell_session.yml, which keeps its own saved search. */
const REMOTE_SESSIONS = `title: Repeated remote PowerShell sessions
id: 3f0d6c8e-2b1a-4c5d-9e8f-7a6b5c4d3e2f
level: high
correlation:
    type: event_count
    rules: [96b9f619-aa91-478f-bacb-c3e50f8df575]
    group-by: [HostName]
    timespan: 15m
    condition: { gte: 3 }
    generate: true
`;

/** A rule and its correlation in one file (SigmaHQ's layout); the rule is correlation-only. */
const FAILED_LOGONS = `title: Failed logon
name: failed_logon
logsource: { product: windows, service: security }
detection: { selection: { EventID: 4625 }, condition: selection }
---
title: One user failing on many hosts
correlation:
    type: value_count
    rules: [failed_logon]
    group-by: [TargetUserName]
    timespan: 1h
    condition: { gte: 3, field: WorkstationName }
`;

let p: SandboxProject;

before(async () => {
  p = await sandboxProject({}, { 'rules/correlations/remote_sessions.yml': REMOTE_SESSIONS, 'rules/correlations/failed_logons.yml': FAILED_LOGONS });
});
after(() => p.close());

/** The saved search as splunkd returns it, or undefined when there is none. */
async function savedSearch(name: string): Promise<Record<string, unknown> | undefined> {
  const r = await fetch(`${p.sandbox.splunkUrl}/servicesNS/nobody/detections/saved/searches/${encodeURIComponent(name)}?output_mode=json`, {
    headers: { authorization: `Bearer ${p.sandbox.credentials.splunk.token}` },
  });
  if (r.status === 404) return undefined;
  assert.equal(r.status, 200);
  return ((await r.json()) as { entry: { content: Record<string, unknown> }[] }).entry[0].content;
}

type Change = { action: string; target: string; kind: string; id: string };

async function splunkChanges(): Promise<Change[]> {
  const r = await p.cli(['plan', '--env', 'e2e', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  return (JSON.parse(r.out).changes as Change[]).filter((c) => c.target === 'splunk' && c.action !== 'noop').map(({ action, target, kind, id }) => ({ action, target, kind, id }));
}

test('deploy: one saved search per correlation, with its SPL and its timespan as the window', async () => {
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err + deploy.out);
  const remote = await savedSearch('detctl - Repeated remote PowerShell sessions');
  assert.ok(remote, 'the correlation is deployed');
  assert.equal(
    remote.search,
    'EventID IN (4103, 400) HostName="ServerRemoteHost" HostApplication="*wsmprovhost.exe*"\n\n| bin _time span=15m\n| stats count as event_count by _time HostName\n\n| search event_count >= 3',
  );
  assert.equal(remote['dispatch.earliest_time'], '-15m');
  assert.equal(remote['dispatch.latest_time'], 'now');
  assert.equal(remote.cron_schedule, '*/30 * * * *');
  assert.ok(await savedSearch('detctl - T1086 Remote PowerShell Session'), 'generate: true keeps the named rule');
  const failures = await savedSearch('detctl - One user failing on many hosts');
  assert.equal(failures?.['dispatch.earliest_time'], '-1h');
  assert.match(String(failures?.search), /\| stats dc\(WorkstationName\) as value_count by _time TargetUserName/);
  assert.equal(await savedSearch('detctl - Failed logon'), undefined, 'generate: false: no saved search of its own');
});

test('a second deploy writes nothing to Splunk and plan is empty', async () => {
  p.sandbox.clearLog();
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err);
  assert.match(deploy.out, /No changes/);
  assert.deepEqual(p.sandbox.requestLog.filter((e) => e.method !== 'GET' && e.path.startsWith('/servicesNS')), []);
  assert.equal((await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode'])).code, 0);
});

test("removing the correlation's file is one delete per target", async () => {
  rmSync(join(p.dir, 'rules/correlations/remote_sessions.yml'));
  assert.deepEqual(await splunkChanges(), [{ action: 'delete', target: 'splunk', kind: 'saved-search', id: 'detctl - Repeated remote PowerShell sessions' }]);
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err);
  // One saved search and one watch (docs/correlations.md, "Deploying to Elasticsearch").
  assert.match(deploy.out, /delete watch detctl-e2e-3f0d6c8e-2b1a-4c5d-9e8f-7a6b5c4d3e2f/);
  assert.match(deploy.out, /0 created, 0 updated, 2 deleted/);
  assert.equal(await savedSearch('detctl - Repeated remote PowerShell sessions'), undefined);
  assert.ok(await savedSearch('detctl - T1086 Remote PowerShell Session'), 'the named rule stays');
});

test('rollback restores the deleted correlation', async () => {
  const rollback = await p.cli(['rollback', '--env', 'e2e', '--yes']);
  assert.equal(rollback.code, 0, rollback.err + rollback.out);
  const restored = await savedSearch('detctl - Repeated remote PowerShell sessions');
  assert.equal(restored?.['dispatch.earliest_time'], '-15m');
  assert.match(String(restored?.search), /\| search event_count >= 3$/);
});
