// `plan`'s order of work (docs/deploy.md): its listing starts once the environment is valid, while
// the rules load. An invalid environment still means no request at all; invalid rules mean no
// request that changes anything, the rules' problems reported and the listing's result (or
// failure) dropped; nothing rejects unhandled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestLogEntry } from '@detctl/sandbox';
import { sandboxProject, type SandboxProject } from '../helpers/sandbox-project.js';
import { runCli } from '../helpers/run-cli.js';

const BROKEN = 'title: Broken\nid: 99999999-9999-4999-8999-999999999999\nlogsource: {product: windows}\ndetection:\n    sel:\n        a|nope: 1\n    condition: sel\n';
const BROKEN_ERROR = /rules\/sigma\/broken\.yml:6:9: error: field 'a': unknown modifier 'nope'/;

/** A request that reads: a GET, or Watcher's query (a POST that changes nothing). */
const reads = (e: RequestLogEntry) => e.method === 'GET' || (e.method === 'POST' && e.path === '/_watcher/_query/watches');

describe('plan lists while the rules load', () => {
  let p: SandboxProject;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(async () => {
    p = await sandboxProject();
    process.on('unhandledRejection', onUnhandled);
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await p.close();
  });

  /** The listing that was dropped may still be answered after the command returned. */
  const settled = async () => {
    for (let i = 0; i < 50 && p.sandbox.requestLog.some((e) => e.status === 0); i++) await sleep(20);
    await sleep(50);
  };

  test('an invalid rule: exit 1, its problem, and no request that changes anything', async () => {
    writeFileSync(join(p.dir, 'rules/sigma/broken.yml'), BROKEN);
    try {
      await settled(); // what an earlier run left in flight is not this one's
      p.sandbox.clearLog();
      // On a terminal too: no status line ("listing elastic, splunk…") drawn into the loading's output.
      const r = await p.cli(['plan', '--env', 'e2e'], { errIsTTY: true });
      assert.equal(r.code, 1);
      assert.match(r.err, BROKEN_ERROR);
      assert.match(r.err, /^1 error; nothing was changed on any server$/m);
      assert.doesNotMatch(r.err, /listing|\x1b/);
      assert.equal(r.out, '');
      await settled();
      const log = p.sandbox.requestLog;
      assert.ok(log.length > 0, 'the listing went out while the rules loaded');
      assert.deepEqual(log.filter((e) => !reads(e)), [], 'only reads');
      assert.deepEqual(unhandled, []);
    } finally {
      rmSync(join(p.dir, 'rules/sigma/broken.yml'));
    }
  });

  test('an invalid rule while the listing fails: the rule is reported, not the listing', async () => {
    writeFileSync(join(p.dir, 'rules/sigma/broken.yml'), BROKEN);
    try {
      await settled(); // what an earlier run left in flight is not this one's
      p.sandbox.clearLog();
      // A token splunkd refuses (401, not retried): the environment is valid, its listing fails.
      const r = await p.cli(['plan', '--env', 'e2e'], { env: { SANDBOX_SPLUNK_TOKEN: 'not-the-token' } });
      assert.equal(r.code, 1);
      assert.match(r.err, BROKEN_ERROR);
      assert.doesNotMatch(r.err, /listing/);
      await settled();
      assert.ok(p.sandbox.requestLog.some((e) => e.target === 'splunk' && e.status === 401), 'the listing was refused');
      assert.deepEqual(unhandled, []);
    } finally {
      rmSync(join(p.dir, 'rules/sigma/broken.yml'));
    }
    // With the rules valid, the same failure is the plan's error, as before.
    const r = await p.cli(['plan', '--env', 'e2e'], { env: { SANDBOX_SPLUNK_TOKEN: 'not-the-token' } });
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: listing splunk \(.*\) failed after 1 attempt: .*401/m);
    assert.deepEqual(unhandled, []);
  });

  test('an invalid environment: exit 1 and no request at all', async () => {
    await settled(); // what an earlier run left in flight is not this one's
    p.sandbox.clearLog();
    const r = await runCli(['plan', '--env', 'e2e'], { cwd: p.dir, env: { SANDBOX_ES_KEY: p.env.SANDBOX_ES_KEY } });
    assert.equal(r.code, 1);
    assert.match(r.err, /environments\/e2e\.yaml:\d+:\d+: error: environment variable SANDBOX_SPLUNK_TOKEN is not set/);
    await settled();
    assert.deepEqual(p.sandbox.requestLog, []);
  });

  test('valid rules: a plan, at most three list requests per target, all of them reads', async () => {
    await settled(); // what an earlier run left in flight is not this one's
    p.sandbox.clearLog();
    const r = await p.cli(['plan', '--env', 'e2e', '--detailed-exitcode']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.out, /Plan: \d+ to create, 0 to update, 0 to delete, 0 unchanged\./);
    const log = p.sandbox.requestLog;
    for (const target of ['elasticsearch', 'splunk'] as const) {
      const sent = log.filter((e) => e.target === target).length;
      assert.ok(sent >= 1 && sent <= 3, `${target}: ${sent} requests`);
    }
    assert.ok(log.every(reads));
    assert.deepEqual(unhandled, []);
  });
});
