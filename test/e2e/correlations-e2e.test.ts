// Issue 14, acceptance 2, end to end on the sandbox: an event_count (≥ 5 by User in 10m), a
// value_count (≥ 3 distinct TargetHost by User) and a temporal correlation deploy as Watcher
// watches and as Splunk saved searches; the rules they name (generate: false) deploy neither; on
// seeded events each watch stays quiet while only the group under the threshold exists, then
// fires for the group over it, its email naming that group only; `plan` is empty after the deploy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';

const RULES = `title: Failed logon
id: 5b0a4a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b
name: failed_logon
logsource: { product: windows, service: security }
detection: { selection: { EventID: 4625 }, condition: selection }
---
title: Network logon
id: 6c1b5b9f-2d3e-4f5a-9b0c-1d2e3f4a5b6c
name: network_logon
logsource: { product: windows, service: security }
detection: { selection: { EventID: 4624 }, condition: selection }
`;

const CORRELATIONS = `title: Many failed logons for one user
id: 7d2c6ca0-3e4f-4a6b-8c1d-2e3f4a5b6c7d
correlation:
    type: event_count
    rules: [failed_logon]
    group-by: [User]
    timespan: 10m
    condition: { gte: 5 }
---
title: One user on many hosts
id: 8e3d7db1-4f5a-4b7c-9d2e-3f4a5b6c7d8e
correlation:
    type: value_count
    rules: [network_logon]
    group-by: [User]
    timespan: 10m
    condition: { gte: 3, field: TargetHost }
---
title: Failed then successful logon
id: 9f4e8ec2-5a6b-4c8d-8e3f-4a5b6c7d8e9f
correlation:
    type: temporal
    rules: [failed_logon, network_logon]
    group-by: [User]
    timespan: 10m
---
title: Failed logons before a network logon
id: a05f9fd3-6b7c-4d9e-9f4a-5b6c7d8e9fa0
correlation:
    type: temporal_ordered
    rules: [failed_logon, network_logon]
    group-by: [User]
    timespan: 10m
`;

/** The other types, grouped by two fields (multi_terms): deployed and planned, not executed here. */
const MORE = `title: Bytes per user and host
id: b16fa0e4-7c8d-4eaf-8a5b-6c7d8e9fa0b1
correlation: { type: value_sum, rules: [network_logon], group-by: [User, TargetHost], timespan: 1h, condition: { gt: 1000000, field: Bytes } }
---
title: Average bytes per user and host
id: c27fb1f5-8d9e-4fb0-9b6c-7d8e9fa0b1c2
correlation: { type: value_avg, rules: [network_logon], group-by: [User, TargetHost], timespan: 1h, condition: { gte: 5000, field: Bytes } }
---
title: Bytes percentile per user and host
id: d380c206-9eaf-4ac1-8c7d-8e9fa0b1c2d3
correlation: { type: value_percentile, rules: [network_logon], group-by: [User, TargetHost], timespan: 1h, condition: { gte: 9000, field: Bytes, percentile: 95 } }
`;

const WATCHES = {
  eventCount: 'detctl-e2e-7d2c6ca0-3e4f-4a6b-8c1d-2e3f4a5b6c7d',
  valueCount: 'detctl-e2e-8e3d7db1-4f5a-4b7c-9d2e-3f4a5b6c7d8e',
  temporal: 'detctl-e2e-9f4e8ec2-5a6b-4c8d-8e3f-4a5b6c7d8e9f',
  temporalOrdered: 'detctl-e2e-a05f9fd3-6b7c-4d9e-9f4a-5b6c7d8e9fa0',
};
const INDEX = 'winlogbeat-2026.12';

let p: SandboxProject;
let deployErr = '';

before(async () => {
  p = await sandboxProject({}, { 'rules/.keep': '', 'rules/logons.yml': RULES, 'rules/correlations.yml': CORRELATIONS, 'rules/more.yml': MORE });
  // The fields as winlogbeat's template maps them: keywords (terms and cardinality need doc values).
  const created = await es('PUT', `/${INDEX}`, { mappings: { properties: { '@timestamp': { type: 'date' }, EventID: { type: 'long' }, User: { type: 'keyword' }, TargetHost: { type: 'keyword' }, Bytes: { type: 'long' } } } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const deploy = await p.cli(['deploy', '--env', 'e2e', '--yes']);
  assert.equal(deploy.code, 0, deploy.err + deploy.out);
  deployErr = deploy.err;
});
after(() => p.close());

async function es(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${p.sandbox.esUrl}${path}`, {
    method,
    headers: { authorization: `ApiKey ${p.sandbox.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** Events `minutesAgo` back from the sandbox's clock (its default: the real one). */
async function seed(events: { EventID: number; User: string; TargetHost: string; minutesAgo: number }[]): Promise<void> {
  for (const { minutesAgo, ...event } of events) {
    const r = await es('POST', `/${INDEX}/_doc`, { '@timestamp': new Date(Date.now() - minutesAgo * 60_000).toISOString(), ...event });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  await es('POST', `/${INDEX}/_refresh`);
}

interface WatchRecord {
  state: string;
  result: {
    input: { payload: { aggregations?: { by_group: { buckets: { key: string }[] } } } };
    condition: { type: string; met?: boolean; reason?: string };
    actions?: { id: string; status: string; email?: { message: { subject: string; body: { text: string } } } }[];
  };
}

/** `_execute` with the actions simulated, as one checks a watch on a real cluster. */
async function execute(id: string): Promise<WatchRecord> {
  const r = await es('POST', `/_watcher/watch/${id}/_execute`, { action_modes: { _all: 'simulate' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.watch_record as WatchRecord;
}

test('deploy: one watch and one saved search per correlation; the named rules get neither', async () => {
  for (const id of [...Object.values(WATCHES), 'detctl-e2e-b16fa0e4-7c8d-4eaf-8a5b-6c7d8e9fa0b1', 'detctl-e2e-c27fb1f5-8d9e-4fb0-9b6c-7d8e9fa0b1c2', 'detctl-e2e-d380c206-9eaf-4ac1-8c7d-8e9fa0b1c2d3']) {
    assert.equal((await es('GET', `/_watcher/watch/${id}`)).status, 200, id);
  }
  for (const rule of ['5b0a4a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', '6c1b5b9f-2d3e-4f5a-9b0c-1d2e3f4a5b6c']) {
    assert.equal((await es('GET', `/_watcher/watch/detctl-e2e-${rule}`)).status, 404, 'generate: false: no watch of its own');
  }
  for (const title of ['Many failed logons for one user', 'One user on many hosts', 'Failed then successful logon']) {
    const r = await fetch(`${p.sandbox.splunkUrl}/servicesNS/nobody/detections/saved/searches/${encodeURIComponent(`detctl - ${title}`)}?output_mode=json`, {
      headers: { authorization: `Bearer ${p.sandbox.credentials.splunk.token}` },
    });
    assert.equal(r.status, 200, title);
  }
  for (const title of ['Failed logon', 'Network logon']) {
    const r = await fetch(`${p.sandbox.splunkUrl}/servicesNS/nobody/detections/saved/searches/${encodeURIComponent(`detctl - ${title}`)}?output_mode=json`, {
      headers: { authorization: `Bearer ${p.sandbox.credentials.splunk.token}` },
    });
    assert.equal(r.status, 404, `${title}: generate: false`);
  }
});

test('the schedule longer than the timespan is a warning, not an error (watch.interval and savedSearch.cron)', () => {
  // The environment runs watches every 30m and saved searches on */30: both longer than 10m.
  const warnings = deployErr.split('\n').filter((line) => line.includes('warning:') && line.includes('looks back 10m'));
  // Four correlations look back 10m; the three of 1h are run often enough.
  assert.equal(warnings.filter((w) => w.includes('watch.interval 30m')).length, 4, deployErr);
  assert.equal(warnings.filter((w) => w.includes('savedSearch.cron */30 * * * *')).length, 4, deployErr);
  assert.doesNotMatch(deployErr, /looks back 1h/);
  assert.match(warnings[0], /^rules\/correlations\.yml:\d+:\d+: warning: correlation '.+' looks back 10m but runs only every 30m/);
});

test('plan is empty after the deploy (the watches of every type round-trip)', async () => {
  const plan = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
  assert.equal(plan.code, 0, plan.out + plan.err);
});

test('the watches stay quiet while only the group under the threshold has events', async () => {
  // bob: 2 failed logons (under 5), network logons to one host (under 3 hosts), no failed-then-logon pair.
  await seed([
    { EventID: 4625, User: 'bob', TargetHost: 'ws-1', minutesAgo: 3 },
    { EventID: 4625, User: 'bob', TargetHost: 'ws-1', minutesAgo: 2 },
    { EventID: 4624, User: 'carol', TargetHost: 'ws-1', minutesAgo: 2 },
    { EventID: 4624, User: 'carol', TargetHost: 'ws-1', minutesAgo: 1 },
    // Outside every window: 20 minutes old.
    ...Array.from({ length: 6 }, () => ({ EventID: 4625, User: 'dave', TargetHost: 'ws-9', minutesAgo: 20 })),
  ]);
  for (const id of Object.values(WATCHES)) {
    const record = await execute(id);
    assert.equal(record.result.condition.type, 'array_compare');
    assert.equal(record.result.condition.met, false, `${id}: ${JSON.stringify(record.result)}`);
    assert.equal(record.state, 'execution_not_needed');
    assert.deepEqual(record.result.input.payload.aggregations?.by_group.buckets, [], 'the bucket_selector left no group');
    assert.equal(record.result.actions, undefined);
  }
});

test('each watch fires for the group over the threshold, and its email names that group only', async () => {
  await seed([
    ...Array.from({ length: 6 }, (_, i) => ({ EventID: 4625, User: 'alice', TargetHost: 'ws-1', minutesAgo: 8 - i })),
    { EventID: 4624, User: 'alice', TargetHost: 'srv-1', minutesAgo: 2 },
    { EventID: 4624, User: 'alice', TargetHost: 'srv-2', minutesAgo: 1 },
    { EventID: 4624, User: 'alice', TargetHost: 'srv-3', minutesAgo: 1 },
  ]);
  const matched = 'rules matched (of failed_logon, network_logon): 2';
  const expected = { eventCount: 'events: 6', valueCount: 'distinct TargetHost: 3', temporal: matched, temporalOrdered: matched };
  for (const [name, id] of Object.entries(WATCHES) as [keyof typeof WATCHES, string][]) {
    const record = await execute(id);
    assert.equal(record.result.condition.met, true, `${name}: ${JSON.stringify(record.result)}`);
    assert.equal(record.state, 'executed');
    assert.deepEqual(record.result.input.payload.aggregations?.by_group.buckets.map((b) => b.key), ['alice'], name);
    const email = record.result.actions?.find((a) => a.id === 'send_email')?.email?.message;
    assert.ok(email, `${name}: an email`);
    assert.match(email.subject, /^Sigma Correlation '/);
    assert.ok(email.body.text.includes(`User: alice, ${expected[name]}`), `${name}: ${email.body.text}`);
    for (const other of ['bob', 'carol', 'dave']) assert.ok(!email.body.text.includes(other), `${name}: ${other} is under the threshold: ${email.body.text}`);
  }
});

test('a scheduled run records the execution (the runner uses the same evaluation)', async () => {
  assert.equal(await p.sandbox.executeWatches([WATCHES.eventCount]), 1);
  const got = await es('GET', `/_watcher/watch/${WATCHES.eventCount}`);
  const status = got.body.status as { execution_state: string; last_met_condition?: string };
  assert.equal(status.execution_state, 'executed');
  assert.ok(status.last_met_condition);
});

test('temporal_ordered needs the order: a network logon before the failed one fires temporal, not temporal_ordered', async () => {
  await seed([
    { EventID: 4624, User: 'erin', TargetHost: 'srv-7', minutesAgo: 5 },
    { EventID: 4625, User: 'erin', TargetHost: 'srv-7', minutesAgo: 1 },
  ]);
  const keys = async (id: string) => (await execute(id)).result.input.payload.aggregations?.by_group.buckets.map((b) => b.key);
  assert.deepEqual(await keys(WATCHES.temporal), ['alice', 'erin']);
  assert.deepEqual(await keys(WATCHES.temporalOrdered), ['alice'], 'erin logged on before failing');
});
