// Retries: exponential backoff with full jitter, capped, for retryable failures only. The clock
// and the randomness are injected, so the delays are asserted without waiting for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withRetry } from '../../src/targets/retry.js';
import { TargetError } from '../../src/targets/target.js';

test('a retryable failure is retried with capped exponential backoff; the delays are jittered below the ceiling', async () => {
  const delays: number[] = [];
  const outcome = await withRetry({ attempts: 5, baseDelayMs: 200, maxDelayMs: 500, random: () => 0.5, sleep: async (ms) => void delays.push(ms) }, async () => {
    throw new TargetError('Elasticsearch 503', 503, true);
  });
  assert.equal(outcome.attempts, 5);
  assert.equal(outcome.error?.message, 'Elasticsearch 503');
  // ceilings 200, 400, 500 (cap), 500 (cap), each times the jitter 0.5
  assert.deepEqual(delays, [100, 200, 250, 250]);
});

test('a failure that is not retryable ends at once; success returns the value and the attempts taken', async () => {
  const delays: number[] = [];
  const sleep = async (ms: number) => void delays.push(ms);
  const refused = await withRetry({ attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, sleep }, async () => {
    throw new TargetError('Splunk 400', 400, false);
  });
  assert.equal(refused.attempts, 1);
  assert.deepEqual(delays, []);
  const succeeded = await withRetry({ attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, random: () => 0, sleep }, async (attempt) => {
    if (attempt < 3) throw new TargetError('reset', undefined, true);
    return 'ok';
  });
  assert.deepEqual({ value: succeeded.value, attempts: succeeded.attempts }, { value: 'ok', attempts: 3 });
  assert.deepEqual(delays, [0, 0]);
});
