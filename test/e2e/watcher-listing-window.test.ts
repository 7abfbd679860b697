// Issue 16, 1: an environment with more watches than Elasticsearch's max_result_window (10,000)
// is listed whole. from/size paging stops there (the sandbox refuses from + size > 10,000 as ES
// does); the adapter pages with search_after on _seq_no, which the sandbox answers as ES does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CREDENTIALS, encodeApiKey, startSandbox } from '@detctl/sandbox';
import { createEsClient } from '../../src/targets/elasticsearch/es-client.js';
import { WatcherTarget } from '../../src/targets/elasticsearch/watcher-target.js';
import type { ElasticsearchTarget } from '../../src/targets/elasticsearch/settings.js';

const WATCHES = 10_100;
/** Every thousandth watch belongs to another environment: 10,089 are this one's. */
const OTHERS = 11;

test(`${WATCHES} owned watches are listed, each once, past the 10,000-hit window`, async () => {
  const sandbox = await startSandbox();
  try {
    const body = (i: number) => ({
      trigger: { schedule: { interval: '30m' } },
      input: { simple: {} },
      actions: {},
      metadata: { managed_by: 'detctl', env: i % 1000 === 0 ? 'other' : 'prod', rule_id: String(i) },
    });
    for (let i = 0; i < WATCHES; i++) await sandbox.seedWatch(`w-${i}`, body(i));
    // A watch written again after seeding moves behind the others (a higher _seq_no): still once.
    await sandbox.seedWatch('w-1', body(1));
    const settings = { type: 'elasticsearch', url: sandbox.esUrl, auth: { apiKey: encodeApiKey(DEFAULT_CREDENTIALS.elasticsearch.apiKey) }, tls: {}, watch: {} } as unknown as ElasticsearchTarget;
    const target = new WatcherTarget('es', sandbox.esUrl, 'prod', createEsClient(settings, { projectDir: '.' }));
    sandbox.clearLog();
    const live = await target.list([]);
    const ids = live.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'no watch listed twice');
    assert.equal(ids.length, WATCHES - OTHERS, 'every watch of env prod, none of env other');
    assert.ok(ids.includes('w-1') && ids.includes(`w-${WATCHES - 1}`) && !ids.includes('w-0'));
    // Two pages: 10,000, then the rest.
    assert.equal(sandbox.requestLog.filter((e) => e.target === 'elasticsearch').length, 2);
  } finally {
    await sandbox.close();
  }
});
