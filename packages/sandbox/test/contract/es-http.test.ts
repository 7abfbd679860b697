// Contract §A, the HTTP layer around Watcher (product header, media types, credentials, malformed
// bodies, parameters), client behaviour against it, and the document API a lock or history
// index uses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, HttpConnection, errors } from '@elastic/elasticsearch';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { apiKeyHeader, esClient, esJsonHeaders, raw } from './helpers.js';

const watch = { trigger: { schedule: { interval: '30m' } }, actions: {} };
type EsErrorBody = { error: { type: string; reason: string; root_cause: { type: string; reason: string }[]; caused_by?: { type: string; reason: string } }; status: number };

describe('sandbox: Elasticsearch HTTP layer', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  test('every response carries x-elastic-product: Elasticsearch, errors included', async () => {
    const ok = await raw(sb.esUrl, '/', { headers: apiKeyHeader(sb) });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['x-elastic-product'], 'Elasticsearch');
    const denied = await raw(sb.esUrl, '/');
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['x-elastic-product'], 'Elasticsearch');
  });

  test('the default undici connection works as well as HttpConnection', async () => {
    const undici = new Client({ node: sb.esUrl, auth: { apiKey: sb.credentials.esApiKeyEncoded }, maxRetries: 0 });
    const info = await undici.info();
    assert.equal(info.tagline, 'You Know, for Search');
    assert.match(info.version.number, /^9\./);
    await undici.close();
  });

  describe('credentials', () => {
    test('an API key given as {id, api_key} or encoded, basic and bearer are all accepted', async () => {
      const { apiKey, username, password, bearerToken } = sb.credentials.elasticsearch;
      const clients = [
        new Client({ node: sb.esUrl, auth: { apiKey: { id: apiKey.id, api_key: apiKey.key } }, Connection: HttpConnection }),
        new Client({ node: sb.esUrl, auth: { apiKey: sb.credentials.esApiKeyEncoded }, Connection: HttpConnection }),
        new Client({ node: sb.esUrl, auth: { username, password }, Connection: HttpConnection }),
        new Client({ node: sb.esUrl, auth: { bearer: bearerToken }, Connection: HttpConnection }),
      ];
      for (const client of clients) assert.equal((await client.watcher.stats()).stats[0].watcher_state, 'started');
    });

    test('a wrong credential is 401 security_exception, worded per scheme', async () => {
      const wrongKey = await raw(sb.esUrl, '/_watcher/stats', { headers: { authorization: `ApiKey ${Buffer.from('detctl-sandbox:nope').toString('base64')}` } });
      assert.equal(wrongKey.status, 401);
      assert.equal((wrongKey.json as EsErrorBody).error.reason, 'unable to authenticate with provided credentials and anonymous access is not allowed for this request');
      const wrongUser = await raw(sb.esUrl, '/_watcher/stats', { headers: { authorization: `Basic ${Buffer.from('elastic:nope').toString('base64')}` } });
      assert.equal((wrongUser.json as EsErrorBody).error.reason, 'unable to authenticate user [elastic] for REST request [/_watcher/stats]');
      const client = new Client({ node: sb.esUrl, auth: { bearer: 'nope' }, Connection: HttpConnection, maxRetries: 0 });
      await assert.rejects(client.watcher.stats(), (e: unknown) => e instanceof errors.ResponseError && e.meta.statusCode === 401);
    });
  });

  describe('media types', () => {
    test('compatible-with=9 and =8 are accepted and echoed in the reply content type', async () => {
      for (const version of [9, 8]) {
        const type = `application/vnd.elasticsearch+json; compatible-with=${version}`;
        const res = await raw(sb.esUrl, '/_watcher/watch/mt', { method: 'PUT', headers: { ...apiKeyHeader(sb), accept: type, 'content-type': type }, body: JSON.stringify(watch) });
        assert.ok(res.status === 200 || res.status === 201, String(res.status));
        assert.equal(res.headers['content-type'], `application/vnd.elasticsearch+json;compatible-with=${version}`);
      }
    });

    test('another version, a non-number, or mismatched headers are 400 media_type_header_exception', async () => {
      const seven = 'application/vnd.elasticsearch+json; compatible-with=7';
      const res = await raw(sb.esUrl, '/_watcher/watch/mt', { method: 'PUT', headers: { ...apiKeyHeader(sb), accept: seven, 'content-type': seven }, body: JSON.stringify(watch) });
      assert.equal(res.status, 400);
      const body = res.json as EsErrorBody;
      assert.equal(body.error.type, 'media_type_header_exception');
      assert.equal(body.error.reason, 'Invalid media-type value on headers [Accept, Content-Type]');
      assert.equal(body.error.caused_by?.reason, `Accept version must be either version 9 or 8, but found 7. Accept=${seven}`);
      const garbage = await raw(sb.esUrl, '/', { headers: { ...apiKeyHeader(sb), accept: 'application/vnd.elasticsearch+json; compatible-with=x' } });
      assert.equal(garbage.status, 400);
      assert.equal((garbage.json as EsErrorBody).error.type, 'media_type_header_exception');
      const mismatch = await raw(sb.esUrl, '/_watcher/watch/mt', {
        method: 'PUT',
        headers: { ...apiKeyHeader(sb), accept: 'application/vnd.elasticsearch+json; compatible-with=8', 'content-type': 'application/vnd.elasticsearch+json; compatible-with=9' },
        body: JSON.stringify(watch),
      });
      assert.equal(mismatch.status, 400);
      assert.match((mismatch.json as EsErrorBody).error.caused_by?.reason ?? '', /compatible versions must match/);
    });

    test('a body in an unsupported or missing Content-Type is 406', async () => {
      const text = await raw(sb.esUrl, '/_watcher/watch/mt', { method: 'PUT', headers: { ...apiKeyHeader(sb), 'content-type': 'text/plain' }, body: JSON.stringify(watch) });
      assert.equal(text.status, 406);
      assert.deepEqual(text.json, { error: 'Content-Type header [text/plain] is not supported', status: 406 });
      const none = await raw(sb.esUrl, '/_watcher/watch/mt', { method: 'PUT', headers: apiKeyHeader(sb), body: JSON.stringify(watch) });
      assert.deepEqual(none.json, { error: 'Content-Type header is missing', status: 406 });
    });
  });

  describe('malformed requests', () => {
    test('malformed JSON is 400 x_content_parse_exception with [line:col] and Jackson wording', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/bad', { method: 'PUT', headers: esJsonHeaders(sb), body: '{"trigger": {"schedule": {interval: "30m"}}}' });
      assert.equal(res.status, 400);
      const body = res.json as EsErrorBody;
      assert.equal(body.error.type, 'x_content_parse_exception');
      assert.match(body.error.reason, /^\[1:27\] Unexpected character \('i' \(code 105\)\): was expecting double-quote to start field name/);
    });

    test('a duplicate key is refused, and truncated JSON is x_content_e_o_f_exception', async () => {
      const dup = await raw(sb.esUrl, '/_watcher/watch/bad', { method: 'PUT', headers: esJsonHeaders(sb), body: '{"trigger":{"schedule":{"interval":"1m"}},"trigger":{}}' });
      assert.equal(dup.status, 400);
      assert.match((dup.json as EsErrorBody).error.reason, /Duplicate field 'trigger'/);
      const eof = await raw(sb.esUrl, '/_watcher/watch/bad', { method: 'PUT', headers: esJsonHeaders(sb), body: '{"trigger":{"schedule":' });
      assert.equal((eof.json as EsErrorBody).error.type, 'x_content_e_o_f_exception');
    });

    test('a PUT with no body fails validation', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/empty', { method: 'PUT', headers: esJsonHeaders(sb) });
      assert.equal(res.status, 400);
      assert.equal((res.json as EsErrorBody).error.reason, 'Validation Failed: 1: request body is missing;');
    });

    test('an unknown query parameter is refused, with a suggestion', async () => {
      const res = await raw(sb.esUrl, '/_watcher/watch/p?activ=true', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify(watch) });
      assert.equal(res.status, 400);
      assert.equal((res.json as EsErrorBody).error.reason, 'request [/_watcher/watch/p] contains unrecognized parameter: [activ] -> did you mean [active]?');
      const notBool = await raw(sb.esUrl, '/_watcher/watch/p?active=yes', { method: 'PUT', headers: esJsonHeaders(sb), body: JSON.stringify(watch) });
      assert.equal((notBool.json as EsErrorBody).error.reason, 'Failed to parse value [yes] as only [true] or [false] are allowed.');
    });

    test('a known path with the wrong verb is 405 with Allow; an unknown one is 400 no handler', async () => {
      const wrong = await raw(sb.esUrl, '/_watcher/_query/watches', { method: 'DELETE', headers: apiKeyHeader(sb) });
      assert.equal(wrong.status, 405);
      assert.match(String(wrong.headers.allow), /GET/);
      const unknown = await raw(sb.esUrl, '/_watcher/watch/a/b/c', { headers: apiKeyHeader(sb) });
      assert.equal(unknown.status, 400);
      assert.match((unknown.json as { error: string }).error, /^no handler found for uri/);
    });
  });

  describe('the client against injected faults', () => {
    test('503 is retried (maxRetries 3: four requests); 429 is not', async () => {
      const faulty = await startSandbox({ faultRate: 1, faultKinds: ['503'], faultTargets: ['elasticsearch'] });
      try {
        const client = new Client({ node: faulty.esUrl, auth: { apiKey: faulty.credentials.esApiKeyEncoded }, Connection: HttpConnection });
        await assert.rejects(client.watcher.stats({}, { retryBackoff: () => 0 }), (e: unknown) => e instanceof errors.ResponseError && e.meta.statusCode === 503);
        assert.equal(faulty.requestLog.length, 4);
        assert.ok(faulty.requestLog.every((e) => e.fault === '503' && e.status === 503));
      } finally {
        await faulty.close();
      }
      const busy = await startSandbox({ faultRate: 1, faultKinds: ['429'] });
      try {
        const client = new Client({ node: busy.esUrl, auth: { apiKey: busy.credentials.esApiKeyEncoded }, Connection: HttpConnection });
        const error = await client.watcher.stats({}, { retryBackoff: () => 0 }).catch((e: unknown) => e);
        assert.ok(error instanceof errors.ResponseError);
        assert.equal(error.meta.statusCode, 429);
        assert.equal((error.body as EsErrorBody).error.type, 'es_rejected_execution_exception');
        assert.equal(busy.requestLog.length, 1);
      } finally {
        await busy.close();
      }
    });
  });
});

describe('sandbox: Elasticsearch document API (locks and history)', () => {
  let sb: Sandbox;
  let es: Client;
  before(async () => {
    // No periodic refresh during these tests: visibility to search is then decided by them alone.
    sb = await startSandbox({ esRefreshIntervalMs: 3_600_000 });
    es = esClient(sb);
  });
  after(() => sb.close());

  test('create is 201 and a second create of the same id is 409, by _create and by op_type=create', async () => {
    const first = await es.create({ index: '.detctl-locks', id: 'prod', document: { holder: 'a', expires_at: '2030-01-01T00:00:00Z' } }, { meta: true });
    assert.equal(first.statusCode, 201);
    assert.equal(first.body.result, 'created');
    for (const attempt of [
      () => es.create({ index: '.detctl-locks', id: 'prod', document: { holder: 'b' } }),
      () => es.index({ index: '.detctl-locks', id: 'prod', op_type: 'create', document: { holder: 'b' } }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      assert.ok(error instanceof errors.ResponseError);
      assert.equal(error.meta.statusCode, 409);
      assert.equal((error.body as EsErrorBody).error.type, 'version_conflict_engine_exception');
      assert.equal((error.body as EsErrorBody).error.reason, '[prod]: version conflict, document already exists (current version [1])');
    }
  });

  test('get is realtime; a missing document is 404 {"_index","_id","found":false}; a missing index is index_not_found_exception', async () => {
    const got = await es.get({ index: '.detctl-locks', id: 'prod' });
    assert.equal(got.found, true);
    assert.equal((got._source as { holder: string }).holder, 'a');
    const missing = await raw(sb.esUrl, '/.detctl-locks/_doc/nope', { headers: apiKeyHeader(sb) });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { _index: '.detctl-locks', _id: 'nope', found: false });
    const noIndex = await raw(sb.esUrl, '/no-such-index/_search', { method: 'POST', headers: esJsonHeaders(sb), body: '{}' });
    assert.equal(noIndex.status, 404);
    assert.equal((noIndex.json as EsErrorBody).error.type, 'index_not_found_exception');
  });

  test('if_seq_no guards an update, and delete removes', async () => {
    const current = await es.get({ index: '.detctl-locks', id: 'prod' });
    await es.index({ index: '.detctl-locks', id: 'prod', if_seq_no: current._seq_no, if_primary_term: current._primary_term, document: { holder: 'c' } });
    const stale = await es.index({ index: '.detctl-locks', id: 'prod', if_seq_no: current._seq_no, if_primary_term: current._primary_term, document: { holder: 'd' } }).catch((e: unknown) => e);
    assert.ok(stale instanceof errors.ResponseError && stale.meta.statusCode === 409);
    const deleted = await es.delete({ index: '.detctl-locks', id: 'prod' });
    assert.equal(deleted.result, 'deleted');
    const again = await es.delete({ index: '.detctl-locks', id: 'prod' }, { ignore: [404] });
    assert.equal(again.result, 'not_found');
  });

  test('search sees new documents only after a refresh (or with refresh=true); sort and size apply', async () => {
    await es.index({ index: '.detctl-history', document: { env: 'prod', at: '2026-01-01T00:00:00Z', n: 1 } });
    const before = await es.search({ index: '.detctl-history', query: { match_all: {} } });
    assert.equal(before.hits.hits.length, 0, 'not yet refreshed');
    await es.index({ index: '.detctl-history', document: { env: 'prod', at: '2026-02-01T00:00:00Z', n: 2 }, refresh: true });
    await es.index({ index: '.detctl-history', document: { env: 'dev', at: '2026-03-01T00:00:00Z', n: 3 }, refresh: 'wait_for' });
    const prod = await es.search({ index: '.detctl-history', query: { bool: { filter: [{ term: { env: 'prod' } }, { range: { at: { gte: '2026-01-15T00:00:00Z' } } }] } } });
    assert.deepEqual(prod.hits.hits.map((h) => (h._source as { n: number }).n), [2]);
    const latest = await es.search({ index: '.detctl-history', sort: [{ at: { order: 'desc' } }], size: 2 });
    assert.deepEqual(latest.hits.hits.map((h) => (h._source as { n: number }).n), [3, 2]);
    assert.equal(latest.hits.hits[0]._score, null);
    assert.deepEqual(latest.hits.total, { value: 3, relation: 'eq' });
  });

  test('an index name that is not lowercase is refused', async () => {
    const res = await raw(sb.esUrl, '/Bad/_doc/1', { method: 'PUT', headers: esJsonHeaders(sb), body: '{}' });
    assert.equal(res.status, 400);
    assert.equal((res.json as EsErrorBody).error.type, 'invalid_index_name_exception');
  });
});
