// splunk-sdk runs dotenv when it is loaded, which would read a `.env` from the working folder into
// process.env; src/targets/splunk/splunk-sdk.ts undoes it, on the path the provider takes
// (loadSplunkSdk, an import() the bundle resolves to its own copy) as on the direct one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSplunkSdk, splunkSdk } from '../../src/targets/splunk/splunk-sdk.js';
import { tempDir } from '../helpers/temp-dir.js';

test('loading splunk-sdk with a .env in the working folder leaves process.env as it was; one SDK either way', async () => {
  const dir = tempDir('detctl-dotenv-');
  writeFileSync(join(dir, '.env'), 'DETCTL_DOTENV_PROBE=leaked\n');
  const before = { ...process.env };
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const sdk = await loadSplunkSdk();
    assert.equal(typeof sdk.Service, 'function');
    assert.equal(await loadSplunkSdk(), sdk);
    assert.equal(splunkSdk(), sdk, 'splunkSdk() returns what loadSplunkSdk loaded');
  } finally {
    process.chdir(cwd);
  }
  assert.equal(process.env.DETCTL_DOTENV_PROBE, undefined);
  assert.deepEqual({ ...process.env }, before);
});
