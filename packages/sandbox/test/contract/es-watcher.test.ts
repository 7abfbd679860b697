// Contract §A, Watcher: one test per quirk, driven through the official client and raw HTTP
// against the sandbox over real loopback HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, errors } from '@elastic/elasticsearch';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { esClient, esJsonHeaders, raw } from './helpers.js';

const baseWatch = {
  trigger: { schedule: { interval: '30m' } },
  input: { search: { request: { indices: ['logs-*'], body: { query: { match_all: {} } } } } },
  condition: { compare: { 'ctx.payload.hits.total': { gt: 0 } } },
  actions: { log: { logging: { text: 'hit' } } },
  metadata: { managed_by: 'detctl', env: 'test' },
};

async function failure(promise: Promise<unknown>): Promise<{ status: number; body: { error: { type: string; reason: string; root_cause: { type: string }[]; caused_by?: { type: string; reason: string } }; status: number } }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof errors.ResponseError, `expected a ResponseError, got ${String(error)}`);
    return { status: error.meta.statusCode ?? 0, body: error.body as never };
  }
  throw new Error('expected the request to fail');
}

describe('sandbox: Elasticsearch Watcher (contract §A)', () => {
  let sb: Sandbox;
  let es: Client;
  before(async () => {
    sb = await startSandbox();
    es = esClient(sb);
    // A document for baseWatch's search input to find, so that its condition is met when it runs.
    await es.index({ index: 'logs-a', document: { message: 'hello' }, refresh: true });
  });
  after(() => sb.close());

  describe('A1 endpoints and statuses', () => {
    test('PUT answers 201 created, then 200 for an overwrite', async () => {
      const first = await es.watcher.putWatch({ id: 'a1-put', ...baseWatch }, { meta: true });
      assert.equal(first.statusCode, 201);
      assert.deepEqual(first.body, { _id: 'a1-put', _version: 1, _seq_no: first.body._seq_no, _primary_term: 1, created: true });
      const second = await es.watcher.putWatch({ id: 'a1-put', ...baseWatch }, { meta: true });
      assert.equal(second.statusCode, 200);
      assert.equal(second.body.created, false);
      assert.equal(second.body._version, 2);
      assert.ok(second.body._seq_no > first.body._seq_no);
    });

    test('GET of a missing watch is 404 with {"_id","found":false} and no error envelope', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/nope', { headers: esJsonHeaders(sb) });
      assert.equal(res.status, 404);
      assert.deepEqual(res.json, { _id: 'nope', found: false });
    });

    test('DELETE answers {"_id","_version","found":true}, and 404 found:false when missing', async () => {
      await es.watcher.putWatch({ id: 'a1-del', ...baseWatch });
      const deleted = await raw(sb.esUrl, '/_watcher/watch/a1-del', { method: 'DELETE', headers: esJsonHeaders(sb) });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.json, { _id: 'a1-del', _version: 2, found: true });
      const again = await raw(sb.esUrl, '/_watcher/watch/a1-del', { method: 'DELETE', headers: esJsonHeaders(sb) });
      assert.equal(again.status, 404);
      assert.deepEqual(again.json, { _id: 'a1-del', _version: 1, found: false });
    });

    test('activate/deactivate answer {"status":…} and a missing watch is 404 document_missing_exception', async () => {
      await es.watcher.putWatch({ id: 'a1-act', ...baseWatch });
      const off = await es.watcher.deactivateWatch({ watch_id: 'a1-act' });
      assert.equal(off.status.state.active, false);
      const got = await es.watcher.getWatch({ id: 'a1-act' });
      assert.equal(got.status?.state.active, false);
      assert.equal(got.status?.version, got._version, 'status.version is the document version');
      const on = await es.watcher.activateWatch({ watch_id: 'a1-act' });
      assert.equal(on.status.state.active, true);
      const missing = await failure(es.watcher.activateWatch({ watch_id: 'a1-missing' }));
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.type, 'document_missing_exception');
      assert.equal(missing.body.error.reason, '[a1-missing]: document missing');
    });

    test('_start answers {"acknowledged":true}; stats report the state and active watch count', async () => {
      assert.deepEqual(await es.watcher.start(), { acknowledged: true });
      const stats = await es.watcher.stats();
      assert.equal(stats.manually_stopped, false);
      assert.equal(stats.stats[0].watcher_state, 'started');
      assert.ok(stats.stats[0].watch_count >= 1);
      const withMetric = await es.watcher.stats({ metric: 'current_watches' });
      assert.deepEqual(withMetric.stats[0].current_watches, []);
      const bad = await raw(sb.esUrl, '/_watcher/stats/bogus', { headers: esJsonHeaders(sb) });
      assert.equal(bad.status, 400);
    });
  });

  describe('A2 request and response shapes', () => {
    test('GET returns found, _version, _seq_no, _primary_term, status and watch; status is never inside watch', async () => {
      await es.watcher.putWatch({ id: 'a2-get', ...baseWatch });
      const got = await es.watcher.getWatch({ id: 'a2-get' });
      assert.deepEqual(Object.keys(got), ['_id', 'found', '_version', '_seq_no', '_primary_term', 'status', 'watch']);
      assert.equal(got.status?.actions?.log.ack.state, 'awaits_successful_execution');
      assert.equal((got.watch as unknown as Record<string, unknown>).status, undefined);
    });

    test('a "status" key in the PUT body is silently ignored', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/a2-status', {
        method: 'PUT',
        headers: esJsonHeaders(sb),
        body: JSON.stringify({ ...baseWatch, status: { state: { active: false } } }),
      });
      assert.equal(res.status, 201);
      const got = await es.watcher.getWatch({ id: 'a2-status' });
      assert.equal(got.status?.state.active, true);
    });

    test('query watches with no body goes out as GET and answers {count, watches:[{_id, watch, status, _seq_no, _primary_term}]}', async () => {
      sb.clearLog();
      const result = await es.watcher.queryWatches();
      assert.equal(sb.requestLog[0].method, 'GET');
      assert.ok(result.count >= 1);
      assert.deepEqual(Object.keys(result.watches[0]), ['_id', 'watch', 'status', '_seq_no', '_primary_term']);
    });

    test('only _id and metadata.* are queryable: the definition is not indexed', async () => {
      await es.watcher.putWatch({ id: 'a2-query', ...baseWatch, metadata: { managed_by: 'detctl', env: 'query-test' } });
      const byMeta = await es.watcher.queryWatches({ query: { term: { 'metadata.env.keyword': 'query-test' } } });
      assert.deepEqual(byMeta.watches.map((w) => w._id), ['a2-query']);
      const byId = await es.watcher.queryWatches({ query: { bool: { filter: [{ ids: { values: ['a2-query'] } }, { prefix: { _id: 'a2-' } }] } } });
      assert.equal(byId.count, 1);
      const byTrigger = await es.watcher.queryWatches({ query: { term: { 'trigger.schedule.interval': '30m' } } });
      assert.equal(byTrigger.count, 0);
    });

    test('metadata strings are dynamically mapped text: term matches one token, .keyword the whole value', async () => {
      await es.watcher.putWatch({ id: 'a2-text', ...baseWatch, metadata: { rule_id: '96b9f619-aa91-478f-bacb', env: 'text-test' } });
      const text = await es.watcher.queryWatches({ query: { term: { 'metadata.rule_id': '96b9f619-aa91-478f-bacb' } } });
      assert.equal(text.count, 0);
      const token = await es.watcher.queryWatches({ query: { term: { 'metadata.rule_id': 'aa91' } } });
      assert.equal(token.count, 1);
      const keyword = await es.watcher.queryWatches({ query: { term: { 'metadata.rule_id.keyword': '96b9f619-aa91-478f-bacb' } } });
      assert.equal(keyword.count, 1);
    });

    test('size defaults to 10, from/size page, and from+size over 10000 is 400', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => es.watcher.putWatch({ id: `a2-page-${String(i).padStart(2, '0')}`, ...baseWatch, metadata: { env: 'paging' } })));
      const query = { term: { 'metadata.env': 'paging' } };
      const first = await es.watcher.queryWatches({ query });
      assert.equal(first.count, 12);
      assert.equal(first.watches.length, 10);
      const rest = await es.watcher.queryWatches({ query, from: 10, size: 10 });
      assert.equal(rest.watches.length, 2);
      const tooFar = await failure(es.watcher.queryWatches({ query, from: 9995, size: 10 }));
      assert.equal(tooFar.status, 400);
      assert.equal(tooFar.body.error.root_cause[0].type, 'illegal_argument_exception');
      assert.match(JSON.stringify(tooFar.body), /Result window is too large, from \+ size must be less than or equal to: \[10000\] but was \[10005\]/);
    });

    test('sort on metadata.*.keyword with search_after pages through; sorting on _id or a text field is refused', async () => {
      const query = { term: { 'metadata.env': 'paging' } };
      const page = await es.watcher.queryWatches({ query, sort: [{ 'metadata.env.keyword': { order: 'asc' } }], size: 100 });
      assert.equal(page.count, 12);
      const ids = await raw(sb.esUrl, '/_watcher/_query/watches', { method: 'POST', headers: esJsonHeaders(sb), body: JSON.stringify({ query, sort: [{ _id: { order: 'asc' } }] }) });
      assert.equal(ids.status, 400);
      assert.match(ids.text, /Fielddata access on the _id field is disallowed/);
      const text = await raw(sb.esUrl, '/_watcher/_query/watches', { method: 'POST', headers: esJsonHeaders(sb), body: JSON.stringify({ query, sort: [{ 'metadata.env': { order: 'asc' } }] }) });
      assert.equal(text.status, 400);
      assert.match(text.text, /Text fields are not optimised/);
      await es.watcher.putWatch({ id: 'a2-after-1', ...baseWatch, metadata: { env: 'after', n: 1 } });
      await es.watcher.putWatch({ id: 'a2-after-2', ...baseWatch, metadata: { env: 'after', n: 2 } });
      await es.watcher.putWatch({ id: 'a2-after-3', ...baseWatch, metadata: { env: 'after', n: 3 } });
      const after1 = await es.watcher.queryWatches({ query: { term: { 'metadata.env': 'after' } }, sort: [{ 'metadata.n': { order: 'asc' } }], size: 2 });
      assert.deepEqual(after1.watches.map((w) => w._id), ['a2-after-1', 'a2-after-2']);
      const after2 = await es.watcher.queryWatches({ query: { term: { 'metadata.env': 'after' } }, sort: [{ 'metadata.n': { order: 'asc' } }], size: 2, search_after: [2] });
      assert.deepEqual(after2.watches.map((w) => w._id), ['a2-after-3']);
    });

    test('_seq_no sorts (it has doc values) and search_after on it pages; a rewritten watch moves behind the cursor', async () => {
      const query = { term: { 'metadata.env': 'seqno' } };
      for (const id of ['a2-seq-c', 'a2-seq-a', 'a2-seq-b']) await es.watcher.putWatch({ id, ...baseWatch, metadata: { env: 'seqno' } });
      const sort = [{ _seq_no: { order: 'asc' as const } }];
      const first = await es.watcher.queryWatches({ query, sort, size: 2 });
      assert.deepEqual(first.watches.map((w) => w._id), ['a2-seq-c', 'a2-seq-a'], 'write order, not id order');
      assert.ok(first.watches[0]!._seq_no! < first.watches[1]!._seq_no!);
      await es.watcher.putWatch({ id: 'a2-seq-c', ...baseWatch, metadata: { env: 'seqno' } });
      const next = await es.watcher.queryWatches({ query, sort, size: 2, search_after: [first.watches[1]!._seq_no!] });
      assert.deepEqual(next.watches.map((w) => w._id), ['a2-seq-b', 'a2-seq-c']);
      assert.equal(next.count, 3);
    });
  });

  describe('A3 error bodies', () => {
    test('a watch without trigger is 400 parse_exception "missing required field [trigger]"', async () => {
      const res = await failure(es.watcher.putWatch({ id: 'w1', actions: {} }));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        error: {
          root_cause: [{ type: 'parse_exception', reason: 'could not parse watch [w1]. missing required field [trigger]' }],
          type: 'parse_exception',
          reason: 'could not parse watch [w1]. missing required field [trigger]',
        },
        status: 400,
      });
    });

    test('an unknown top-level field is "unexpected field [foo]"', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/w1', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify({ ...baseWatch, foo: 1 }) });
      assert.equal(res.status, 400);
      assert.equal((res.json as { error: { reason: string } }).error.reason, 'could not parse watch [w1]. unexpected field [foo]');
    });

    test('a bad interval and one under a second are refused', async () => {
      const bad = await failure(es.watcher.putWatch({ id: 'w1', trigger: { schedule: { interval: '5x' } } }));
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.reason, /could not parse \[interval\] schedule\. unrecognized interval format \[5x\]/);
      const short = await failure(es.watcher.putWatch({ id: 'w1', trigger: { schedule: { interval: '0s' } } }));
      assert.match(short.body.error.reason, /interval can't be lower than 1000 ms, but \[0s\] was specified/);
    });

    test('unknown input, condition and action types name the type', async () => {
      const input = await failure(es.watcher.putWatch({ id: 'w1', trigger: baseWatch.trigger, input: { nope: {} } as never }));
      assert.equal(input.body.error.reason, 'could not parse input for watch [w1]. unknown input type [nope]');
      const condition = await failure(es.watcher.putWatch({ id: 'w1', trigger: baseWatch.trigger, condition: { sometimes: {} } as never }));
      assert.equal(condition.body.error.reason, 'could not parse condition for watch [w1]. unknown condition type [sometimes]');
      const action = await failure(es.watcher.putWatch({ id: 'w1', trigger: baseWatch.trigger, actions: { a: { pigeon: {} } } as never }));
      assert.equal(action.body.error.reason, 'could not parse action [w1/a]. unknown action type [pigeon]');
      const cron = await failure(es.watcher.putWatch({ id: 'w1', trigger: { schedule: { cron: '*/5 * * * *' } } }));
      assert.equal(cron.body.error.reason, 'could not parse [cron] schedule', 'a Unix cron is not a Quartz cron');
    });

    test('a watch id with whitespace is action_request_validation_exception', async () => {
      const res = await failure(es.watcher.putWatch({ id: 'my watch', ...baseWatch }));
      assert.equal(res.status, 400);
      assert.equal(res.body.error.type, 'action_request_validation_exception');
      assert.equal(res.body.error.reason, 'Validation Failed: 1: watch id contains whitespace;');
    });

    test('if_seq_no without if_primary_term, and version with if_seq_no, fail validation', async () => {
      const noTerm = await raw(sb.esUrl, '/_watcher/watch/w1?if_seq_no=1', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify(baseWatch) });
      assert.equal((noTerm.json as { error: { reason: string } }).error.reason, 'Validation Failed: 1: ifSeqNo is set, but primary term is [0];');
      const both = await raw(sb.esUrl, '/_watcher/watch/w1?if_seq_no=1&if_primary_term=1&version=2', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify(baseWatch) });
      assert.equal(both.status, 400);
      assert.match(both.text, /compare and write operations can not use versioning/);
    });

    test('a stale if_seq_no is 409 version_conflict_engine_exception with the .watches shard', async () => {
      const put = await es.watcher.putWatch({ id: 'a3-cas', ...baseWatch });
      const res = await failure(es.watcher.putWatch({ id: 'a3-cas', if_seq_no: put._seq_no + 99, if_primary_term: 1, ...baseWatch }));
      assert.equal(res.status, 409);
      const error = res.body.error as unknown as Record<string, unknown>;
      assert.equal(error.type, 'version_conflict_engine_exception');
      assert.equal(error.reason, `[a3-cas]: version conflict, required seqNo [${put._seq_no + 99}], primary term [1]. current document has seqNo [${put._seq_no}] and primary term [1]`);
      assert.equal(error.index, '.watches');
      assert.equal(error.shard, '0');
    });

    test('a 401 is security_exception with WWW-Authenticate challenges', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/x', { headers: { accept: 'application/json' } });
      assert.equal(res.status, 401);
      const body = res.json as { error: { type: string; reason: string } };
      assert.equal(body.error.type, 'security_exception');
      assert.equal(body.error.reason, 'missing authentication credentials for REST request [/_watcher/watch/x]');
      assert.ok(String(res.headers['www-authenticate']).includes('ApiKey'));
    });

    test('the client throws ResponseError with meta.statusCode and body for every status >= 400', async () => {
      const res = await es.watcher.getWatch({ id: 'nope' }, { ignore: [404], meta: true });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.body, { _id: 'nope', found: false });
    });
  });

  describe('A4 GET normalises the watch', () => {
    test('fixed key order and defaults for condition, input and actions', async () => {
      await raw(sb.esUrl, '/_watcher/watch/a4-min', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify({ metadata: { m: 1 }, trigger: { schedule: { interval: '1h' } } }) });
      const got = await es.watcher.getWatch({ id: 'a4-min' });
      assert.deepEqual(got.watch, { trigger: { schedule: { interval: '1h' } }, input: { none: {} }, condition: { always: {} }, actions: {}, metadata: { m: 1 } });
      assert.deepEqual(Object.keys(got.watch ?? {}), ['trigger', 'input', 'condition', 'actions', 'metadata']);
    });

    test('schedules: "30m" stays, 30 becomes "30s", hourly minute 5 becomes [5], daily at objects get arrays', async () => {
      const cases: [unknown, unknown][] = [
        [{ interval: '30m' }, { interval: '30m' }],
        [{ interval: 30 }, { interval: '30s' }],
        [{ hourly: { minute: 5 } }, { hourly: { minute: [5] } }],
        [{ daily: { at: 'noon' } }, { daily: { at: ['noon'] } }],
        [{ daily: { at: { hour: 9, minute: 30 } } }, { daily: { at: [{ hour: [9], minute: [30] }] } }],
      ];
      for (const [i, [schedule, expected]] of cases.entries()) {
        await es.watcher.putWatch({ id: `a4-schedule-${i}`, trigger: { schedule: schedule as never } });
        const got = await es.watcher.getWatch({ id: `a4-schedule-${i}` });
        assert.deepEqual(got.watch?.trigger, { schedule: expected }, JSON.stringify(schedule));
      }
    });

    test('durations move to millis: watch and action throttle_period, search timeout', async () => {
      await es.watcher.putWatch({
        id: 'a4-durations',
        trigger: baseWatch.trigger,
        throttle_period: '5m',
        input: { search: { request: { indices: ['x'] }, timeout: '30s' } },
        actions: { log: { throttle_period: '1h', logging: { text: 't' } } },
      });
      const got = await es.watcher.getWatch({ id: 'a4-durations' });
      const watch = got.watch as unknown as Record<string, Record<string, unknown>>;
      assert.equal(watch.throttle_period_in_millis, 300000);
      assert.equal(watch.throttle_period, undefined);
      assert.equal((watch.input.search as Record<string, unknown>).timeout_in_millis, 30000);
      assert.equal((watch.actions.log as Record<string, unknown>).throttle_period_in_millis, 3600000);
    });

    test('search requests gain search_type and rest_total_hits_as_int, "a,b" indices become an array, body keeps its key order', async () => {
      const body = { size: 0, query: { bool: { filter: [] } }, aggs: {} };
      await es.watcher.putWatch({ id: 'a4-search', trigger: baseWatch.trigger, input: { search: { request: { indices: 'a,b' as never, body } } } });
      const got = await es.watcher.getWatch({ id: 'a4-search' });
      const request = (got.watch?.input as { search: { request: Record<string, unknown> } }).search.request;
      assert.deepEqual(Object.keys(request), ['search_type', 'indices', 'rest_total_hits_as_int', 'body']);
      assert.equal(request.search_type, 'query_then_fetch');
      assert.equal(request.rest_total_hits_as_int, true);
      assert.deepEqual(request.indices, ['a', 'b']);
      assert.deepEqual(Object.keys(request.body as object), ['size', 'query', 'aggs']);
    });

    test('email recipients become arrays, a string body becomes {text}, the profile defaults to standard, logging gains level info, scripts gain lang painless', async () => {
      await es.watcher.putWatch({
        id: 'a4-actions',
        trigger: baseWatch.trigger,
        condition: { script: 'return true' as never },
        actions: {
          mail: { email: { to: 'soc@example.net', cc: ['a@x', 'b@x'], subject: 's', body: 'hits' as never } },
          log: { logging: { text: 'x' } },
        },
      });
      const got = await es.watcher.getWatch({ id: 'a4-actions' });
      const watch = got.watch as unknown as { condition: unknown; actions: { mail: { email: Record<string, unknown> }; log: { logging: Record<string, unknown> } } };
      assert.deepEqual(watch.condition, { script: { source: 'return true', lang: 'painless' } });
      // EmailAction.parse starts from Profile.STANDARD and toXContent always writes it.
      assert.deepEqual(watch.actions.mail.email, { profile: 'standard', to: ['soc@example.net'], cc: ['a@x', 'b@x'], subject: 's', body: { text: 'hits' } });
      assert.deepEqual(watch.actions.log.logging, { level: 'info', text: 'x' });
    });

    test('secrets come back as ::es_redacted::, and a fresh PUT may not send them back', async () => {
      await es.watcher.putWatch({ id: 'a4-secret', trigger: baseWatch.trigger, actions: { hook: { webhook: { host: 'h', port: 443, auth: { basic: { username: 'u', password: 'hunter2' } } } } } });
      const got = await es.watcher.getWatch({ id: 'a4-secret' });
      const hook = (got.watch?.actions as Record<string, { webhook: Record<string, unknown> }>).hook.webhook;
      assert.deepEqual(hook, { scheme: 'http', host: 'h', port: 443, method: 'get', params: {}, headers: {}, auth: { basic: { username: 'u', password: '::es_redacted::' } } });
      const echo = await failure(es.watcher.putWatch({ id: 'a4-secret', ...(got.watch as object) } as never));
      assert.equal(echo.body.error.reason, 'found redacted password in field [password]');
    });

    test('a metadata value that contradicts the field mapping is refused, as by ES dynamic mapping', async () => {
      const res = await failure(es.watcher.putWatch({ id: 'a4-mapping', trigger: baseWatch.trigger, metadata: { mixed: [1, 'two'] } }));
      assert.equal(res.status, 400);
      assert.equal(res.body.error.type, 'document_parsing_exception');
      assert.match(res.body.error.reason, /failed to parse field \[metadata\.mixed\] of type \[long\]/);
    });

    test('metadata comes back as-is', async () => {
      const metadata = { b: { nested: ['one', 'two'] }, a: null, title: 'T1086 Remote PowerShell' };
      await es.watcher.putWatch({ id: 'a4-meta', trigger: baseWatch.trigger, metadata });
      const got = await es.watcher.getWatch({ id: 'a4-meta' });
      assert.deepEqual(got.watch?.metadata, metadata);
    });

    test('versions move on their own when watches execute, the definition does not', async () => {
      await es.watcher.putWatch({ id: 'a4-exec', ...baseWatch });
      const before = await es.watcher.getWatch({ id: 'a4-exec' });
      assert.ok((await sb.executeWatches(['a4-exec'])) === 1);
      const afterRun = await es.watcher.getWatch({ id: 'a4-exec' });
      assert.ok(afterRun._seq_no! > before._seq_no!);
      assert.equal(afterRun._version, before._version! + 1);
      assert.deepEqual(afterRun.watch, before.watch);
      assert.equal(afterRun.status?.actions?.log.ack.state, 'ackable');
      assert.ok(afterRun.status?.last_checked);
      await es.watcher.deactivateWatch({ watch_id: 'a4-exec' });
      assert.equal(await sb.executeWatches(['a4-exec']), 0, 'an inactive watch does not run');
    });
  });

  describe('A5 PUT semantics', () => {
    test('a plain re-PUT reactivates the watch (active defaults to true) and resets acks', async () => {
      await es.watcher.putWatch({ id: 'a5-reset', ...baseWatch });
      await sb.executeWatches(['a5-reset']);
      await es.watcher.ackWatch({ watch_id: 'a5-reset' });
      await es.watcher.deactivateWatch({ watch_id: 'a5-reset' });
      const acked = await es.watcher.getWatch({ id: 'a5-reset' });
      assert.equal(acked.status?.actions?.log.ack.state, 'acked');
      await es.watcher.putWatch({ id: 'a5-reset', ...baseWatch });
      const reset = await es.watcher.getWatch({ id: 'a5-reset' });
      assert.equal(reset.status?.state.active, true);
      assert.equal(reset.status?.actions?.log.ack.state, 'awaits_successful_execution');
      await es.watcher.putWatch({ id: 'a5-reset', active: false, ...baseWatch });
      assert.equal((await es.watcher.getWatch({ id: 'a5-reset' })).status?.state.active, false);
    });

    test('a PUT with if_seq_no merges: an action and a metadata key the caller dropped survive', async () => {
      const put = await es.watcher.putWatch({ id: 'a5-merge', ...baseWatch, actions: { log: { logging: { text: 'a' } }, extra: { logging: { text: 'b' } } }, metadata: { keep: 'me', managed_by: 'detctl' } });
      await es.watcher.putWatch({ id: 'a5-merge', if_seq_no: put._seq_no, if_primary_term: put._primary_term, ...baseWatch, actions: { log: { logging: { text: 'changed' } } }, metadata: { managed_by: 'detctl' } });
      const got = await es.watcher.getWatch({ id: 'a5-merge' });
      const actions = got.watch?.actions as Record<string, { logging: { text: string } }>;
      assert.deepEqual(Object.keys(actions), ['log', 'extra']);
      assert.equal(actions.log.logging.text, 'changed');
      assert.equal((got.watch?.metadata as Record<string, unknown>).keep, 'me');
    });

    test('a PUT with if_seq_no on a missing watch is 404 document_missing_exception', async () => {
      const res = await failure(es.watcher.putWatch({ id: 'a5-missing', if_seq_no: 0, if_primary_term: 1, ...baseWatch }));
      assert.equal(res.status, 404);
      assert.equal(res.body.error.type, 'document_missing_exception');
    });

    test('the version parameter alone is refused: internal versioning is not optimistic concurrency', async () => {
      await es.watcher.putWatch({ id: 'a5-version', ...baseWatch });
      const res = await raw(sb.esUrl, '/_watcher/watch/a5-version?version=1', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify(baseWatch) });
      assert.equal(res.status, 400);
      assert.match(res.text, /internal versioning can not be used for optimistic concurrency control/);
    });
  });

  describe('A6 _execute', () => {
    test('runs the stored watch through the official client: condition met, actions simulated, status untouched without record_execution', async () => {
      await es.watcher.putWatch({ id: 'a6-exec', ...baseWatch, actions: { log: { logging: { text: 'hits: {{ctx.payload.hits.total}}' } } } });
      const before = await es.watcher.getWatch({ id: 'a6-exec' });
      const response = await es.watcher.executeWatch({ id: 'a6-exec', action_modes: { _all: 'simulate' } });
      const record = response.watch_record as unknown as { watch_id: string; state: string; result: { input: { payload: { hits: { total: number } } }; condition: { type: string; met: boolean }; actions: unknown[] } };
      assert.equal(record.watch_id, 'a6-exec');
      assert.equal(record.state, 'executed');
      assert.equal(record.result.input.payload.hits.total, 1);
      assert.deepEqual(record.result.condition, { type: 'compare', status: 'success', met: true });
      assert.deepEqual(record.result.actions, [{ id: 'log', type: 'logging', status: 'simulated', logging: { logged_text: 'hits: 1' } }]);
      assert.equal((await es.watcher.getWatch({ id: 'a6-exec' }))._seq_no, before._seq_no, 'record_execution defaults to false');
      await es.watcher.executeWatch({ id: 'a6-exec', record_execution: true });
      assert.equal((await es.watcher.getWatch({ id: 'a6-exec' })).status?.execution_state, 'executed');
    });

    test('a script outside the painless subset fails the execution instead of being met; a missing watch is 404', async () => {
      await es.watcher.putWatch({ id: 'a6-script', ...baseWatch, condition: { script: { source: 'return ctx.payload.hits.hits.size() > 0' } } });
      const record = (await es.watcher.executeWatch({ id: 'a6-script' })).watch_record as unknown as { state: string; result: { condition: { status: string; reason: string }; actions?: unknown } };
      assert.equal(record.state, 'failed');
      assert.equal(record.result.condition.status, 'failure');
      assert.match(record.result.condition.reason, /not supported by the sandbox/);
      assert.equal(record.result.actions, undefined);
      const missing = await failure(es.watcher.executeWatch({ id: 'a6-nope' }));
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.type, 'resource_not_found_exception');
    });
  });
});
