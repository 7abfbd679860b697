// Acceptance (issue 5, 3): with 20% injected faults (503, 429, resets, timeouts), a deploy of 200
// rules succeeds or exits 1 naming what failed; running it again converges; nothing is
// duplicated or lost. Seeded, so every run of this test sees the same faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxProject } from '../helpers/sandbox-project.js';
import { generatedRules } from '../helpers/generate-rules.js';
import { startSandbox } from '@detctl/sandbox';

test('a deploy of 200 rules under 20% faults converges without duplicates or losses', async () => {
  const statePath = `${(await import('node:os')).tmpdir()}/detctl-faults-${process.pid}.json`;
  const p = await sandboxProject({ faultRate: 0.2, seed: 7, statePath }, { ...generatedRules(200), 'rules/.keep': '' });
  let runs = 1;
  try {
    // Without retries, 400 changes under 20% faults cannot all succeed: the first run fails, and
    // names what failed with the server's message.
    const first = await p.cli(['deploy', '--env', 'e2e', '--yes', '--concurrency', '16'], { retry: { attempts: 1 } });
    assert.equal(first.code, 1, first.err);
    assert.match(first.err + first.out, /failed: (create|update|delete) (watch|saved-search) .+ on (elastic|splunk) after \d+ attempts?: |listing (elastic|splunk) .* failed/);
    for (; runs < 6; runs++) {
      const r = await p.cli(['deploy', '--env', 'e2e', '--yes', '--concurrency', '16']);
      if (r.code === 0) break;
      assert.match(r.err + r.out, /failed: (create|update|delete) (watch|saved-search) .+ on (elastic|splunk) after \d+ attempts?: |listing (elastic|splunk) .* failed/);
    }
    assert.ok(runs < 6, 'converged');
    console.log(`converged after ${runs + 1} deploy run(s) under 20% faults`);
  } finally {
    await p.sandbox.flush();
    await p.close();
  }
  // Restart the sandbox without faults, on the same state: exactly the 400 objects, once each.
  const clean = await startSandbox({ statePath });
  try {
    const headers = { authorization: `ApiKey ${clean.credentials.esApiKeyEncoded}`, 'content-type': 'application/json' };
    const watches = (await (await fetch(`${clean.esUrl}/_watcher/_query/watches`, { method: 'POST', headers, body: JSON.stringify({ size: 1000 }) })).json()) as { count: number; watches: { _id: string }[] };
    assert.deepEqual(watches.watches.map((w) => w._id).filter((id) => !/^detctl-e2e-00000000-0000-4000-8000-/.test(id)), []);
    assert.equal(watches.count, 200);
    assert.equal(new Set(watches.watches.map((w) => w._id)).size, 200);
    const feed = (await (await fetch(`${clean.splunkUrl}/servicesNS/nobody/detections/saved/searches?output_mode=json&count=0`, { headers: { authorization: `Bearer ${clean.credentials.splunk.token}` } })).json()) as { entry: { name: string; acl: { app: string } }[] };
    const ours = feed.entry.filter((e) => e.acl.app === 'detections' && e.name.startsWith('detctl - '));
    assert.equal(ours.length, 200);
    assert.equal(new Set(ours.map((e) => e.name)).size, 200);
  } finally {
    await clean.close();
  }
});
