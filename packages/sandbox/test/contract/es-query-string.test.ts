// query_string through the sandbox's HTTP API, as detctl's watches use it: documents indexed with
// the official client, `_search` with a query_string, ES's error bodies, and a watch whose search
// input is a query_string firing on matching documents only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { esClient, esJsonHeaders, raw } from './helpers.js';

type ErrorBody = {
  error: {
    type: string;
    reason: string;
    root_cause: { type: string; reason: string; index: string }[];
    failed_shards?: { index: string; reason: { type: string; reason: string; caused_by?: { type: string; reason: string; caused_by?: { type: string } } } }[];
  };
  status: number;
};

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('sandbox: query_string search', () => {
  let sb: Sandbox;
  let es: Client;
  before(async () => {
    sb = await startSandbox({ now: () => new Date(NOW) });
    es = esClient(sb);
    await es.indices.create({ index: 'winlogs', mappings: { properties: { 'source.ip': { type: 'ip' }, 'event.code': { type: 'keyword' } } } });
    const docs = [
      { '@timestamp': '2026-06-01T11:58:00Z', 'event.code': '1', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami', 'source.ip': '10.0.0.5' },
      { '@timestamp': '2026-06-01T11:59:00Z', 'event.code': '1', Image: 'C:\\Windows\\explorer.exe', CommandLine: 'explorer.exe', 'source.ip': '192.168.1.20' },
      { '@timestamp': '2026-05-01T00:00:00Z', 'event.code': '4688', Image: 'C:\\Tools\\psexec.exe', 'source.ip': '10.9.9.9' },
    ];
    for (const [i, document] of docs.entries()) await es.index({ index: 'winlogs', id: String(i), document });
    await es.indices.refresh({ index: 'winlogs' });
  });
  after(() => sb.close());

  const ids = async (query: string, extra: Record<string, unknown> = {}) => {
    const result = await es.search({ index: 'winlogs', query: { query_string: { query, ...extra } }, sort: [{ '@timestamp': 'asc' }] });
    return result.hits.hits.map((h) => h._id);
  };

  const searchRaw = (body: unknown) => raw(sb.esUrl, '/winlogs/_search', { method: 'POST', headers: esJsonHeaders(sb), body: JSON.stringify(body) });

  test('detctl-shaped queries: escaped keyword wildcards, _exists_, groups and NOT', async () => {
    assert.deepEqual(await ids('Image.keyword:*\\\\cmd.exe', { analyze_wildcard: true }), ['0']);
    assert.deepEqual(await ids('(event.code:1 AND (Image.keyword:*\\\\explorer.exe OR CommandLine.keyword:*whoami*))'), ['0', '1']);
    assert.deepEqual(await ids('event.code:(1 OR 4688) AND NOT _exists_:CommandLine'), ['2']);
    assert.deepEqual(await ids('whoami'), ['0'], 'the default field * searches every field');
    assert.deepEqual(await ids('event.code:4688 OR Image:explorer.exe'), ['2', '1']);
  });

  test('ip CIDR, ranges and one-sided ranges', async () => {
    assert.deepEqual(await ids('source.ip:"10.0.0.0/8"'), ['2', '0'], 'sorted by @timestamp');
    assert.deepEqual(await ids('source.ip:[192.168.0.0 TO 192.168.255.255]'), ['1']);
    assert.deepEqual(await ids('@timestamp:>=now-5m'), ['0', '1']);
    assert.deepEqual(await ids('event.code:{1 TO 5}'), ['2'], 'keyword ranges compare strings');
    const term = await es.search({ index: 'winlogs', query: { term: { 'source.ip': '192.168.0.0/16' } } });
    assert.deepEqual(term.hits.hits.map((h) => h._id), ['1'], 'the term query takes a CIDR block on an ip field too');
  });

  test('a syntax error is 400 search_phase_execution_exception with the query_shard_exception ES gives', async () => {
    const res = await searchRaw({ query: { query_string: { query: 'Image:(cmd' } } });
    assert.equal(res.status, 400);
    const body = res.json as ErrorBody;
    assert.equal(body.error.type, 'search_phase_execution_exception');
    assert.equal(body.error.reason, 'all shards failed');
    assert.deepEqual(body.error.root_cause.map((c) => [c.type, c.reason, c.index]), [['query_shard_exception', 'Failed to parse query [Image:(cmd]', 'winlogs']]);
    const shard = body.error.failed_shards?.[0].reason;
    assert.equal(shard?.caused_by?.type, 'parse_exception');
    assert.match(shard?.caused_by?.reason ?? '', /^Cannot parse 'Image:\(cmd': Encountered "<EOF>" at line 1, column 11\./);
  });

  test('an unknown parameter is 400 parsing_exception, as QueryStringQueryBuilder.fromXContent answers', async () => {
    const res = await searchRaw({ query: { query_string: { query: 'x', analyse_wildcard: true } } });
    assert.equal(res.status, 400);
    const body = res.json as ErrorBody;
    assert.equal(body.error.type, 'parsing_exception');
    assert.equal(body.error.reason, '[query_string] query does not support [analyse_wildcard]');
  });

  test('a watch whose search input is a query_string fires on matching documents only', async () => {
    const watch = (query: string) => ({
      trigger: { schedule: { interval: '5m' } },
      input: {
        search: {
          request: {
            indices: ['winlog*'],
            body: { size: 10, query: { bool: { must: [{ query_string: { query, analyze_wildcard: true } }], filter: { range: { '@timestamp': { gte: 'now-5m/m' } } } } } },
          },
        },
      },
      condition: { compare: { 'ctx.payload.hits.total': { not_eq: 0 } } },
      actions: { log: { logging: { text: 'hit' } } },
    });
    await es.watcher.putWatch({ id: 'fires', ...watch('Image.keyword:*\\\\cmd.exe') });
    await es.watcher.putWatch({ id: 'old-match', ...watch('Image.keyword:*\\\\psexec.exe') });
    await es.watcher.putWatch({ id: 'no-match', ...watch('Image.keyword:*\\\\notepad.exe') });
    assert.equal(await sb.executeWatches(['fires', 'old-match', 'no-match']), 3);

    const fired = (await es.watcher.getWatch({ id: 'fires' })).status;
    assert.ok(fired?.last_met_condition, 'the condition was met');
    assert.equal(fired?.execution_state, 'executed');
    assert.equal(fired?.actions?.log.ack.state, 'ackable');
    for (const id of ['old-match', 'no-match']) {
      const status = (await es.watcher.getWatch({ id })).status;
      assert.ok(status?.last_checked, `${id} ran`);
      assert.equal(status?.last_met_condition, undefined, `${id}: nothing in the last five minutes`);
      assert.equal(status?.execution_state, 'execution_not_needed');
      assert.equal(status?.actions?.log.ack.state, 'awaits_successful_execution');
    }
  });

  test('a watch whose query_string does not parse records a failed execution', async () => {
    await es.watcher.putWatch({
      id: 'broken',
      trigger: { schedule: { interval: '5m' } },
      input: { search: { request: { indices: ['winlogs'], body: { query: { query_string: { query: 'a AND' } } } } } },
      condition: { always: {} },
      actions: { log: { logging: { text: 'hit' } } },
    });
    await sb.executeWatches(['broken']);
    const status = (await es.watcher.getWatch({ id: 'broken' })).status;
    assert.equal(status?.execution_state, 'failed');
    assert.equal(status?.last_met_condition, undefined);
  });
});
