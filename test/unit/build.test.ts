// Acceptance (issue 3): build is byte-identical run to run, and secrets never reach its output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli, tempProject } from '../helpers/run-cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const SECRETS = { DETCTL_SANDBOX_ES_API_KEY: 'es-secret-api-key-123', DETCTL_SANDBOX_SPLUNK_TOKEN: 'splunk-secret-token-456' };

function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(path, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
  return files;
}

test('build twice gives identical bytes and no secret', async () => {
  const out = tempProject({});
  const a = await runCli(['--dir', root, 'build', '--env', 'local', '--out', join(out, 'a')], { cwd: root, env: SECRETS });
  const b = await runCli(['--dir', root, 'build', '--env', 'local', '--out', join(out, 'b')], { cwd: root, env: SECRETS });
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  const first = readTree(join(out, 'a'));
  assert.deepEqual(readTree(join(out, 'b')), first);
  const paths = Object.keys(first);
  assert.ok(paths.includes('splunk/detections/default/savedsearches.conf'));
  assert.ok(paths.includes('elastic/watches/detctl-local-96b9f619-aa91-478f-bacb-c3e50f8df575.json'));
  for (const [path, content] of Object.entries(first)) {
    for (const secret of Object.values(SECRETS)) assert.ok(!content.includes(secret), `${path} contains a secret`);
  }
  for (const secret of Object.values(SECRETS)) assert.ok(!(a.out + a.err).includes(secret));
});

test('savedsearches.conf continues multi-line values with a backslash', async () => {
  const out = tempProject({});
  const r = await runCli(['--dir', root, 'build', '--env', 'local', '--out', out], { cwd: root, env: SECRETS });
  assert.equal(r.code, 0, r.err);
  const conf = readFileSync(join(out, 'splunk/detections/default/savedsearches.conf'), 'utf8');
  assert.match(conf, /^search = Image IN .*\\\n\| regex CommandLine=/m);
});
