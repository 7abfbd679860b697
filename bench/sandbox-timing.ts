// The sandbox's own timings, once wall-clock assertions in its tests: how long close() takes with
// a request held open by a `timeout` fault, and how much an injected latency delays a response.
// Prints figures with their targets; asserts nothing (timing is not a test).
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '@detctl/sandbox';

const LATENCY_MS = 150;

/** GET / on the Elasticsearch stand-in; resolves when the response has ended or the socket failed. */
function get(sb: Sandbox): Promise<void> {
  return new Promise((resolve) => {
    const req = request(new URL('/', sb.esUrl), { headers: { authorization: `ApiKey ${sb.credentials.esApiKeyEncoded}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end();
  });
}

export async function benchSandboxTiming(): Promise<void> {
  const hang = await startSandbox({ faultRate: 1, faultKinds: ['timeout'] });
  const pending = get(hang);
  while (hang.requestLog.length === 0) await new Promise((resolve) => setImmediate(resolve));
  let started = performance.now();
  await hang.close();
  const closeMs = performance.now() - started;
  await pending;
  console.log(`sandbox close() with a request held open by a timeout fault: ${closeMs.toFixed(1)} ms (target: < 2000 ms)`);

  const slow = await startSandbox({ latencyMs: LATENCY_MS });
  try {
    await get(slow); // warm: the first request pays for connection set-up and JIT
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      await get(slow);
      runs.push(performance.now() - started);
    }
    const least = Math.min(...runs);
    console.log(`sandbox latencyMs ${LATENCY_MS}: responses took ${runs.map((ms) => ms.toFixed(1)).join(', ')} ms, least ${least.toFixed(1)} ms (target: >= ${LATENCY_MS} ms)`);
  } finally {
    await slow.close();
  }
}
