// Two independent readings of Elasticsearch's watch parsers must agree: the product's validator
// (src/targets/elasticsearch/watch-grammar, for native watch files) and the sandbox's Watcher
// (packages/sandbox/src/elasticsearch/watcher, which answers PUT _watcher/watch/<id>). Every native
// watch fixture is PUT to the sandbox over HTTP and validated by the product; both must accept
// the valid ones and both must refuse the invalid ones — except where the sidecar says
// `serverAccepts` (a problem in the file format's own keys — id, active, status — or something
// Elasticsearch drops without a word, which detctl refuses): there the sandbox must accept the body. A disagreement is settled by reading the Elasticsearch source and
// fixing whichever side is wrong.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '@detctl/sandbox';
import { validateWatchBody } from '../../src/targets/elasticsearch/watch-grammar/index.js';
import { nativeWatchFixtures, toJson, type NativeWatchFixture } from '../helpers/native-watches.js';
import { raw } from '../helpers/raw-http.js';

const valid = nativeWatchFixtures('valid');
const invalid = nativeWatchFixtures('invalid');

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ esPort: 0, splunkPort: 0 });
});
after(async () => {
  await sandbox?.close();
});

/** The sandbox's answer to a PUT of the fixture's body (without the file format's keys). */
async function sandboxAnswer(fixture: NativeWatchFixture): Promise<{ status: number; reason: string }> {
  const body = toJson(fixture.root) as Record<string, unknown>;
  const active = body.active;
  delete body.id;
  delete body.active;
  delete body.status;
  const query = typeof active === 'boolean' ? `?active=${active}` : '';
  const r = await raw(sandbox.esUrl, `/_watcher/watch/${encodeURIComponent(fixture.name)}${query}`, {
    method: 'PUT',
    headers: { authorization: `ApiKey ${sandbox.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reason = (r.json as { error?: { reason?: string } } | undefined)?.error?.reason ?? '';
  return { status: r.status, reason };
}

describe('the product validator and the sandbox agree on every native watch', () => {
  test('the suite is big and varied enough', () => {
    assert.ok(valid.length >= 30, `${valid.length} valid watches`);
    assert.ok(invalid.length >= 20, `${invalid.length} invalid watches`);
    const bodies = valid.map((f) => JSON.stringify(toJson(f.root)));
    for (const action of ['email', 'webhook', 'index', 'logging', 'slack', 'pagerduty', 'jira']) assert.ok(bodies.some((b) => b.includes(`"${action}":{`)), `an action of type ${action}`);
    for (const schedule of ['interval', 'cron', 'hourly', 'daily', 'weekly', 'monthly', 'yearly']) assert.ok(bodies.some((b) => b.includes(`"${schedule}":`)), `a ${schedule} schedule`);
    for (const input of ['none', 'simple', 'search', 'http', 'chain']) assert.ok(bodies.some((b) => b.includes(`"input":{"${input}"`)), `a ${input} input`);
    for (const condition of ['always', 'never', 'compare', 'array_compare', 'script']) assert.ok(bodies.some((b) => b.includes(`"condition":{"${condition}"`)), `a ${condition} condition`);
    assert.ok(bodies.some((b) => !b.includes('"input"') && !b.includes('"condition"') && !b.includes('"actions"')), 'a watch without the optional fields');
  });

  for (const fixture of valid) {
    test(`valid: ${fixture.file}`, async () => {
      assert.deepEqual(validateWatchBody(fixture.root), [], 'the product validator accepts it');
      const answer = await sandboxAnswer(fixture);
      assert.ok(answer.status === 200 || answer.status === 201, `the sandbox accepts it (got ${answer.status}: ${answer.reason})`);
    });
  }

  for (const fixture of invalid) {
    test(`invalid: ${fixture.file}`, async () => {
      assert.notDeepEqual(validateWatchBody(fixture.root), [], 'the product validator refuses it');
      const answer = await sandboxAnswer(fixture);
      if (fixture.expected!.serverAccepts) {
        assert.ok(answer.status === 200 || answer.status === 201, `Elasticsearch takes this body (${fixture.expected!.why}); the sandbox must too (got ${answer.status}: ${answer.reason})`);
      } else {
        assert.equal(answer.status, 400, `the sandbox refuses it too (${fixture.expected!.why})`);
      }
    });
  }
});
