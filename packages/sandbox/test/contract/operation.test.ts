// How the sandbox runs: concurrent writes, persistence across restarts, seeded faults, latency,
// the request log, TLS and the watch-execution timer. (The `detctl sandbox` command is tested with
// the CLI, test/e2e/sandbox-command.test.ts; how long close() and latency take is measured by
// bench/sandbox-timing.ts, not asserted here.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, HttpConnection } from '@elastic/elasticsearch';
import { startSandbox, type FaultKind } from '../../src/index.js';
import { apiKeyHeader, bearerHeader, esClient, form, raw, splunkService } from './helpers.js';

const watch = (n: number) => ({ trigger: { schedule: { interval: '5m' } }, actions: { log: { logging: { text: `w${n}` } } }, metadata: { managed_by: 'detctl', n } });

describe('sandbox: operation', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'detctl-sandbox-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('50 concurrent writes to each target lose nothing, and with a state file a restart keeps every object', async () => {
    const statePath = join(dir, 'state.json');
    const sb = await startSandbox({ statePath });
    const es = esClient(sb);
    const searches = splunkService(sb).savedSearches();
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => es.watcher.putWatch({ id: `c-${i}`, ...watch(i) })),
      ...Array.from({ length: 50 }, (_, i) => searches.create({ name: `concurrent ${i}`, search: `index=c${i}` })),
      ...Array.from({ length: 50 }, (_, i) => es.index({ index: 'history', id: `h-${i}`, document: { n: i } })),
    ]);
    const listed = await es.watcher.queryWatches({ query: { term: { 'metadata.managed_by': 'detctl' } }, size: 100 });
    assert.equal(listed.count, 50);
    assert.equal(new Set(listed.watches.map((w) => w._seq_no)).size, 50, 'every write took its own sequence number');
    // Every acknowledged write is already on disk, before any shutdown.
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as { elasticsearch: { indices: Record<string, { docs: object }> }; splunk: { savedSearches: object } };
    assert.equal(Object.keys(onDisk.elasticsearch.indices['.watches'].docs).length, 50);
    assert.equal(Object.keys(onDisk.splunk.savedSearches).length, 50);
    await sb.close();

    const restarted = await startSandbox({ statePath });
    try {
      const es2 = esClient(restarted);
      assert.equal((await es2.watcher.queryWatches({ size: 100 })).count, 50);
      const w7 = await es2.watcher.getWatch({ id: 'c-7' });
      assert.deepEqual(w7.watch?.metadata, { managed_by: 'detctl', n: 7 });
      const feed = (await raw(restarted.splunkUrl, '/servicesNS/nobody/search/saved/searches?output_mode=json&count=0', { headers: bearerHeader(restarted) })).json as { entry: unknown[] };
      assert.equal(feed.entry.length, 50);
      assert.equal((await es2.get({ index: 'history', id: 'h-49' })).found, true);
      const searchable = await es2.search({ index: 'history', size: 100 });
      assert.equal(searchable.hits.hits.length, 50, 'a restarted node has refreshed');
    } finally {
      await restarted.close();
    }
  });

  test('faults are reproducible from the seed, and the seed changes them', async () => {
    const run = async (seed: number): Promise<(FaultKind | undefined)[]> => {
      const sb = await startSandbox({ faultRate: 0.5, seed, faultKinds: ['503', '429'] });
      try {
        for (let i = 0; i < 30; i++) {
          await raw(sb.esUrl, '/', { headers: apiKeyHeader(sb) });
          await raw(sb.splunkUrl, '/services/server/info?output_mode=json', { headers: bearerHeader(sb) });
        }
        return sb.requestLog.map((e) => e.fault);
      } finally {
        await sb.close();
      }
    };
    const first = await run(42);
    const second = await run(42);
    const other = await run(43);
    assert.deepEqual(second, first);
    assert.notDeepEqual(other, first);
    const faulted = first.filter(Boolean).length;
    assert.ok(faulted > 10 && faulted < 50, `about half of 60 requests fault (got ${faulted})`);
  });

  test('an injected 503 and 429 answer in each target\'s own error body', async () => {
    for (const kind of ['503', '429'] as const) {
      const sb = await startSandbox({ faultRate: 1, faultKinds: [kind] });
      try {
        const es = await raw(sb.esUrl, '/', { headers: apiKeyHeader(sb) });
        assert.equal(es.status, Number(kind));
        assert.equal((es.json as { status: number }).status, Number(kind));
        assert.equal(es.headers['x-elastic-product'], 'Elasticsearch');
        const splunk = await raw(sb.splunkUrl, '/services/server/info?output_mode=json', { headers: bearerHeader(sb) });
        assert.equal(splunk.status, Number(kind));
        assert.equal((splunk.json as { messages: { type: string }[] }).messages[0].type, 'ERROR');
      } finally {
        await sb.close();
      }
    }
  });

  test('a reset drops the connection; a timeout never answers, and close() cuts the held request off', async () => {
    const reset = await startSandbox({ faultRate: 1, faultKinds: ['reset'] });
    try {
      await assert.rejects(raw(reset.esUrl, '/', { headers: apiKeyHeader(reset) }), /socket hang up|ECONNRESET/);
      assert.equal(reset.requestLog[0].fault, 'reset');
    } finally {
      await reset.close();
    }
    const hang = await startSandbox({ faultRate: 1, faultKinds: ['timeout'] });
    const client = new Client({ node: hang.esUrl, auth: { apiKey: hang.credentials.esApiKeyEncoded }, Connection: HttpConnection, maxRetries: 0, requestTimeout: 200 });
    await assert.rejects(client.info(), (e: unknown) => e instanceof Error && e.name === 'TimeoutError');
    const pending = raw(hang.esUrl, '/', { headers: apiKeyHeader(hang) }).catch((e: unknown) => e);
    await hang.close();
    assert.ok((await pending) instanceof Error, 'the held request is cut off');
  });

  test('with latency every response still arrives whole and is logged (the delay itself: bench/sandbox-timing.ts)', async () => {
    const sb = await startSandbox({ latencyMs: 150 });
    try {
      const res = await raw(sb.esUrl, '/', { headers: apiKeyHeader(sb) });
      assert.equal(res.status, 200);
      assert.equal((res.json as { cluster_name: string }).cluster_name, 'detctl-sandbox');
      assert.deepEqual(sb.requestLog.map(({ target, method, path, status }) => ({ target, method, path, status })), [{ target: 'elasticsearch', method: 'GET', path: '/', status: 200 }]);
    } finally {
      await sb.close();
    }
  });

  test('the request log keeps method, decoded path, query, target and status in order, and never a credential', async () => {
    const sb = await startSandbox();
    try {
      await raw(sb.esUrl, '/_watcher/watch/log%20me', { headers: apiKeyHeader(sb) });
      await raw(sb.splunkUrl, '/services/auth/login?output_mode=json&password=leak', { method: 'POST', body: form({ username: 'admin', password: sb.credentials.splunk.password }) });
      await raw(sb.splunkUrl, '/servicesNS/nobody/search/saved/searches?output_mode=json&count=5', { headers: bearerHeader(sb) });
      assert.deepEqual(
        sb.requestLog.map(({ seq, target, method, path, query, status }) => ({ seq, target, method, path, query, status })),
        [
          { seq: 1, target: 'elasticsearch', method: 'GET', path: '/_watcher/watch/log me', query: {}, status: 400 },
          { seq: 2, target: 'splunk', method: 'POST', path: '/services/auth/login', query: { output_mode: 'json', password: '<redacted>' }, status: 200 },
          { seq: 3, target: 'splunk', method: 'GET', path: '/servicesNS/nobody/search/saved/searches', query: { output_mode: 'json', count: '5' }, status: 200 },
        ],
      );
      const text = JSON.stringify(sb.requestLog);
      for (const secret of [sb.credentials.esApiKeyEncoded, sb.credentials.splunk.token, sb.credentials.splunk.password, 'leak']) assert.ok(!text.includes(secret));
      sb.clearLog();
      assert.equal(sb.requestLog.length, 0);
    } finally {
      await sb.close();
    }
  });

  test('the execution timer moves watch status and _seq_no by itself', async () => {
    const sb = await startSandbox({ watchExecutionIntervalMs: 20 });
    try {
      const es = esClient(sb);
      const put = await es.watcher.putWatch({ id: 'timer', ...watch(1) });
      let seqNo = put._seq_no;
      for (let i = 0; i < 100 && seqNo === put._seq_no; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seqNo = (await es.watcher.getWatch({ id: 'timer' }))._seq_no ?? seqNo;
      }
      assert.ok(seqNo > put._seq_no);
    } finally {
      await sb.close();
    }
  });

  test('seeded objects are there without HTTP, as unowned objects would be', async () => {
    const sb = await startSandbox();
    try {
      await sb.seedWatch('hand-made', { trigger: { schedule: { interval: '1h' } } }, { active: false });
      await sb.seedSavedSearch({ name: 'Someone else\'s search', settings: { search: 'index=other' } });
      assert.equal((await esClient(sb).watcher.getWatch({ id: 'hand-made' })).status?.state.active, false);
      const got = await raw(sb.splunkUrl, "/servicesNS/nobody/search/saved/searches/Someone%20else's%20search?output_mode=json", { headers: bearerHeader(sb) });
      assert.equal(got.status, 200);
      assert.equal(sb.requestLog.length, 2, 'seeding made no requests');
    } finally {
      await sb.close();
    }
  });

  test('with a certificate both targets speak HTTPS', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const ca = readFileSync(cert, 'utf8');
    const sb = await startSandbox({ tls: { cert: ca, key: readFileSync(key, 'utf8') } });
    try {
      assert.match(sb.esUrl, /^https:/);
      const es = new Client({ node: sb.esUrl, auth: { apiKey: sb.credentials.esApiKeyEncoded }, tls: { ca }, Connection: HttpConnection, maxRetries: 0 });
      assert.equal((await es.info()).cluster_name, 'detctl-sandbox');
      const splunk = await raw(sb.splunkUrl, '/services/server/info?output_mode=json', { headers: bearerHeader(sb), ca });
      assert.equal(splunk.status, 200);
      const entry = (splunk.json as { entry: { id: string }[] }).entry[0];
      assert.match(entry.id, /^https:/);
    } finally {
      await sb.close();
    }
  });

});
