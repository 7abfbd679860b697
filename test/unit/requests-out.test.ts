// watchRequests (src/live/requests-out.ts): `plan` loads its rules once the listing's requests
// have left the process, or after a cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { watchRequests } from '../../src/live/requests-out.js';

test('resolves once the requests started are written, before they are answered', async () => {
  let received = 0;
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const server = http.createServer((request, response) => {
    received++;
    // Answered only after `out` resolved: it must not wait for replies.
    void answered.then(() => response.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const watch = watchRequests();
    const replies = [1, 2].map(
      () =>
        new Promise<number>((resolve, reject) => {
          http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          }).on('error', reject);
        }),
    );
    const started = performance.now();
    await watch.out(5000);
    assert.ok(performance.now() - started < 4000, 'not the cap');
    // The server (in this process) sees both requests once the event loop turns a little more.
    for (let i = 0; i < 100 && received < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(received, 2);
    answer();
    assert.deepEqual(await Promise.all(replies), [200, 200]);
  } finally {
    answer();
    server.close();
  }
});

test('without any request, resolves after the cap', async () => {
  const watch = watchRequests();
  const started = performance.now();
  await watch.out(50);
  assert.ok(performance.now() - started >= 45);
});
