// Acceptance (issue 3): the seed rule built for the seed's settings gives the seed's watch, apart
// from the query text (ours is our Lucene) and the indices the environment names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnvironment } from '../../src/config/load-environment.js';
import { loadDesiredStateFrom } from '../helpers/desired-state.js';

const root = resolve(import.meta.dirname, '..', '..');
const seedWatch = JSON.parse(readFileSync(resolve(root, 'test/fixtures/seed-xpack-watcher.json'), 'utf8'));

const ENV = `rules: [rules/sigma/t1086_remote_powershell_session.yml]
targets:
  es:
    type: elasticsearch
    url: http://127.0.0.1:9200
    auth: {apiKey: "\${KEY}"}
    watch:
      idPrefix: ""
      indices: [winlogbeat-*]
      interval: 30m
      timestampField: timestamp
      actions: {email: {to: root@localhost}}
`;

test('the seed rule renders to the seed watch', () => {
  const { environment } = parseEnvironment(ENV, 'environments/t.yaml', 't', { KEY: 'secret-key-1' });
  const [watch] = loadDesiredStateFrom(root, environment!);
  assert.ok(watch.kind === 'watch');
  assert.equal(watch.id, '96b9f619-aa91-478f-bacb-c3e50f8df575');
  const body = watch.body as typeof seedWatch;
  const query = '(EventID:(4103 OR 400)) AND HostName:ServerRemoteHost AND HostApplication:*wsmprovhost.exe*';
  const expected = structuredClone(seedWatch);
  expected.input.search.request.body.query.bool.must[0].query_string.query = query;
  expected.input.search.request.indices = ['winlogbeat-*'];
  for (const key of ['trigger', 'input', 'condition', 'actions']) assert.deepEqual(body[key], expected[key], key);
  for (const key of Object.keys(seedWatch.metadata)) assert.ok(key in body.metadata, `metadata.${key}`);
  assert.equal(body.metadata.title, seedWatch.metadata.title);
  assert.equal(body.metadata.description, seedWatch.metadata.description);
  assert.equal(body.metadata.query, query);
  assert.equal(body.metadata.managed_by, 'detctl');
  assert.equal(body.metadata.env, 't');
  assert.equal(body.metadata.rule_id, '96b9f619-aa91-478f-bacb-c3e50f8df575');
  assert.match(body.metadata.content_hash, /^[0-9a-f]{64}$/);
});

test('per-rule overrides from custom: interval, throttle and disabled', () => {
  const { environment } = parseEnvironment(ENV.replace('t1086_remote_powershell_session', 'encoded_powershell_outside_admin_hosts'), 'environments/t.yaml', 't', { KEY: 'k' });
  const [watch] = loadDesiredStateFrom(root, environment!);
  assert.ok(watch.kind === 'watch');
  const body = watch.body as typeof seedWatch;
  assert.equal(body.trigger.schedule.interval, '15m');
  assert.equal(body.input.search.request.body.query.bool.filter.range.timestamp.gte, 'now-15m/m');
});
