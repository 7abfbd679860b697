// Contract (nock): the exact requests the Elasticsearch adapter sends, and how it reads errors.
import { afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nock from 'nock';
import { withResettingServer } from '../helpers/resetting-server.js';
import { createEsClient } from '../../src/targets/elasticsearch/es-client.js';
import { WatcherTarget } from '../../src/targets/elasticsearch/watcher-target.js';
import { TargetError } from '../../src/targets/target.js';
import type { WatchObject } from '../../src/targets/elasticsearch/objects.js';
import type { ElasticsearchTarget } from '../../src/targets/elasticsearch/settings.js';

const URL_ = 'https://es.test:9200';
const PRODUCT = { 'x-elastic-product': 'Elasticsearch' };
const settings = { type: 'elasticsearch', url: URL_, auth: { apiKey: 'ZW5jb2RlZA==' }, tls: {}, watch: {} } as unknown as ElasticsearchTarget;

function target() {
  return new WatcherTarget('es', URL_, 'prod', createEsClient(settings, { projectDir: '.' }));
}

const watch: WatchObject = {
  kind: 'watch',
  target: 'es',
  id: 'detctl-1',
  active: true,
  source: 'rules/a.yml',
  body: { trigger: { schedule: { interval: '30m' } }, input: { search: { request: { indices: ['a'], body: { size: 0 } } } }, condition: { compare: { 'ctx.payload.hits.total': { not_eq: 0 } } }, actions: {}, metadata: { managed_by: 'detctl', env: 'prod', rule_id: '1' } },
};

before(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  assert.deepEqual(pending, [], 'every expected request was made');
});

const BY_SEQ_NO = [{ _seq_no: { order: 'asc' } }];
const OWNED_QUERY = { bool: { filter: [{ term: { 'metadata.managed_by': 'detctl' } }, { match: { 'metadata.env': { query: 'prod', operator: 'and' } } }] } };

describe('list', () => {
  test('queries owned watches a page at a time, then asks for desired ids it did not see', async () => {
    const listed = (id: string, env: string) => ({ _id: id, watch: { ...watch.body, metadata: { managed_by: 'detctl', env } }, status: { state: { active: false } }, _seq_no: 3, _primary_term: 1 });
    nock(URL_, { reqheaders: { authorization: 'ApiKey ZW5jb2RlZA==', accept: /compatible-with=8/ } })
      .post('/_watcher/_query/watches', { size: 10000, query: OWNED_QUERY, sort: BY_SEQ_NO })
      .reply(200, { count: 2, watches: [listed('detctl-a', 'prod'), listed('detctl-b', 'prod-eu')] }, PRODUCT)
      .post('/_watcher/_query/watches', { size: 10000, query: { ids: { values: ['detctl-1'] } }, sort: BY_SEQ_NO })
      .reply(200, { count: 1, watches: [{ _id: 'detctl-1', watch: { trigger: {} }, status: { state: { active: true } } }] }, PRODUCT);
    const live = await target().list([watch]);
    assert.deepEqual(live.map((l) => [l.id, l.owned]), [['detctl-a', true], ['detctl-1', false]]);
    assert.equal(live[0].canonical.active, false);
  });

  test('pages with search_after on _seq_no until a page is short (from/size cannot pass 10,000 hits)', async () => {
    const page = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ _id: `w${from + i}`, watch: { metadata: { managed_by: 'detctl', env: 'prod' } }, _seq_no: 2 * (from + i) }));
    nock(URL_)
      .post('/_watcher/_query/watches', { size: 10000, query: OWNED_QUERY, sort: BY_SEQ_NO })
      .reply(200, { count: 10700, watches: page(10000, 0) }, PRODUCT)
      .post('/_watcher/_query/watches', { size: 10000, query: OWNED_QUERY, sort: BY_SEQ_NO, search_after: [19998] })
      .reply(200, { count: 10700, watches: page(700, 10000) }, PRODUCT);
    assert.equal((await target().list([])).length, 10700);
  });

  test('a full page without _seq_no is an error, not a silently short listing', async () => {
    const page = Array.from({ length: 10000 }, (_, i) => ({ _id: `w${i}`, watch: { metadata: { managed_by: 'detctl', env: 'prod' } } }));
    nock(URL_).post('/_watcher/_query/watches').reply(200, { count: 10001, watches: page }, PRODUCT);
    await assert.rejects(target().list([]), (e: unknown) => e instanceof TargetError && /without their _seq_no/.test(e.message));
  });
});

describe('writes', () => {
  test('create and update are a full PUT with an explicit active', async () => {
    nock(URL_).put('/_watcher/watch/detctl-1', watch.body as nock.RequestBodyMatcher).query({ active: 'true' }).reply(201, { _id: 'detctl-1', created: true }, PRODUCT);
    await target().create(watch);
    nock(URL_).put('/_watcher/watch/detctl-1', watch.body as nock.RequestBodyMatcher).query({ active: 'false' }).reply(200, { _id: 'detctl-1', created: false }, PRODUCT);
    await target().update({ ...watch, active: false }, {} as never);
  });

  test('delete', async () => {
    nock(URL_).delete('/_watcher/watch/detctl-1').reply(200, { found: true, _id: 'detctl-1' }, PRODUCT);
    await target().delete({ target: 'es', kind: 'watch', id: 'detctl-1', owned: true, canonical: {}, raw: {} });
  });
});

describe('errors', () => {
  const failing = async (status: number, body: object, headers: object = PRODUCT) => {
    nock(URL_).put('/_watcher/watch/detctl-1').query(true).reply(status, body, headers as Record<string, string>);
    return target().create(watch).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as TargetError,
    );
  };

  test('a parse error keeps the server reason and is not retryable', async () => {
    const e = await failing(400, { error: { root_cause: [], type: 'parse_exception', reason: 'could not parse watch [detctl-1]. unexpected field [foo]' }, status: 400 });
    assert.ok(e instanceof TargetError);
    assert.equal(e.status, 400);
    assert.equal(e.retryable, false);
    assert.match(e.message, /parse_exception: could not parse watch \[detctl-1\]\. unexpected field \[foo\]/);
  });

  for (const status of [429, 502, 503, 504]) {
    test(`${status} is retryable`, async () => {
      const e = await failing(status, { error: { type: 'es_rejected_execution_exception', reason: 'busy' }, status });
      assert.equal(e.retryable, true);
      assert.equal(e.status, status);
    });
  }

  test('401 names the security exception', async () => {
    const e = await failing(401, { error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' }, status: 401 });
    assert.equal(e.retryable, false);
    assert.match(e.message, /401 security_exception/);
  });

  test('a reset connection is retryable', () =>
    withResettingServer(async (url) => {
      const local = { ...settings, url } as ElasticsearchTarget;
      const e = await new WatcherTarget('es', url, 'prod', createEsClient(local, { projectDir: '.' })).create(watch).catch((x: unknown) => x as TargetError);
      assert.ok(e instanceof TargetError);
      assert.equal(e.retryable, true, e.message);
    }));

  test('a server that is not Elasticsearch is refused', async () => {
    const e = await failing(200, { _id: 'detctl-1' }, {});
    assert.match(e.message, /did not identify as Elasticsearch/);
  });
});
