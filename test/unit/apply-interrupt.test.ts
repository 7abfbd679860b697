// Interruption inside the core (issue 11): the stop signal lets the requests in flight finish and
// starts no other change; the abandon signal stops waiting for them; the release of an
// interrupted apply lists only what is live. No process, no timers: a fake target answers when told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan, ABANDONED } from '../../src/apply/apply-plan.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { makeRelease } from '../../src/history/record-release.js';
import { withRetry } from '../../src/targets/retry.js';
import { TargetError, type TargetAdapter } from '../../src/targets/target.js';
import type { TargetObject } from '../../src/targets/target-object.js';
import type { WatchObject } from '../../src/targets/elasticsearch/objects.js';
import { desired, input, watch } from '../helpers/plan-fixtures.js';

/** A target whose writes wait until released, so a test decides what is in flight. */
function slowTarget() {
  const waiting: Array<{ id: string; done: () => void }> = [];
  const written: string[] = [];
  const target: TargetAdapter = {
    name: 'es',
    type: 'elasticsearch',
    url: 'https://es.example.net:9200',
    canonical: () => ({}),
    list: async () => [],
    create: (object: TargetObject) =>
      new Promise<void>((resolve) => {
        const id = (object as WatchObject).id;
        waiting.push({ id, done: () => (written.push(id), resolve()) });
      }),
    update: async () => undefined,
    delete: async () => undefined,
  };
  return { target, waiting, written };
}

const tick = () => new Promise((r) => setImmediate(r));

function tenCreates() {
  const watches = Array.from({ length: 10 }, (_, i) => watch(`w${i}`));
  return { watches, plan: buildPlan(input({ desired: desired(...watches) })) };
}

test('stop: the changes in flight finish, no other starts, and the release lists only what was written', async () => {
  const { watches, plan } = tenCreates();
  const { target, waiting, written } = slowTarget();
  const stop = new AbortController();
  const applying = applyPlan(plan, [target], { concurrency: 3, signal: stop.signal });
  await tick();
  assert.equal(waiting.length, 3);
  stop.abort();
  for (const w of waiting.splice(0)) w.done();
  const result = await applying;
  assert.deepEqual(written, ['w0', 'w1', 'w2']);
  assert.equal(result.summary.created, 3);
  assert.deepEqual(result.interrupted?.notStarted.map((c) => c.id), ['w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
  const release = makeRelease({ plan, desired: watches, result, detctlVersion: '0.1.0' });
  assert.equal(release.status, 'partial');
  assert.deepEqual(release.targets.es.desired.map((o) => (o as WatchObject).id), ['w0', 'w1', 'w2']);
  assert.equal(release.interrupted?.notApplied.length, 7);
});

test('abandon: the requests in flight are no longer waited for and count as unknown', async () => {
  const { watches, plan } = tenCreates();
  const { target, waiting } = slowTarget();
  const stop = new AbortController();
  const abandon = new AbortController();
  const applying = applyPlan(plan, [target], { concurrency: 2, signal: stop.signal, abandon: abandon.signal });
  await tick();
  waiting.shift()!.done(); // w0 written; w1 and w2 in flight
  await tick();
  stop.abort();
  abandon.abort();
  const result = await applying;
  assert.equal(result.summary.created, 1);
  assert.deepEqual(result.results.filter((r) => !r.ok).map((r) => [r.change.id, r.error]), [['w1', ABANDONED], ['w2', ABANDONED]]);
  assert.equal(result.interrupted?.abandoned, 2);
  const release = makeRelease({ plan, desired: watches, result, detctlVersion: '0.1.0' });
  assert.deepEqual(release.targets.es.desired.map((o) => (o as WatchObject).id), ['w0']);
  assert.deepEqual(release.failures.map((f) => f.id), ['w1', 'w2']);
});

test('a stopped retry waits no longer and tries no more; every failed attempt is reported', async () => {
  const stop = new AbortController();
  const failures: string[] = [];
  const outcome = await withRetry(
    { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1 },
    async () => {
      throw new TargetError('Elasticsearch 503', 503, true);
    },
    { signal: stop.signal, onFailure: (f) => (failures.push(`${f.attempt}/${f.attempts} ${f.delayMs ?? 'last'}`), setImmediate(() => stop.abort())) },
  );
  assert.equal(outcome.attempts, 1);
  assert.deepEqual(failures, ['1/5 60000']);
});
