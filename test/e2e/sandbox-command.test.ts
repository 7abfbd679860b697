// `detctl sandbox`: the command loads the sandbox package lazily, prints the URLs and the
// credential variables (never their values), serves until SIGTERM, and keeps its state file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raw } from '../helpers/raw-http.js';

const watch = (n: number) => ({ trigger: { schedule: { interval: '5m' } }, actions: { log: { logging: { text: `w${n}` } } }, metadata: { managed_by: 'detctl', n } });

describe('detctl sandbox', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'detctl-sandbox-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('`detctl sandbox` prints the URLs and the credential variables, serves, and stops on SIGTERM', async () => {
    const statePath = join(dir, 'cli-state.json');
    const script = `const { main } = await import(${JSON.stringify(new URL('../../src/cli/main.ts', import.meta.url).href)}); process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn(process.execPath, ['--conditions=detctl-source', '--import', 'tsx', '--input-type=module', '-e', script, 'sandbox', '--es-port', '0', '--splunk-port', '0', '--state', statePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !/splunk\s+http/.test(output); i++) await new Promise((r) => setTimeout(r, 25));
      const esUrl = /elasticsearch\s+(http:\/\/\S+)/.exec(output)?.[1];
      assert.ok(esUrl, output);
      assert.match(output, /DETCTL_SANDBOX_ES_API_KEY/);
      assert.match(output, /DETCTL_SANDBOX_SPLUNK_TOKEN/);
      assert.ok(!output.includes('sandbox-splunk-token'), 'credential values are not printed');
      const res = await raw(esUrl, '/_watcher/watch/from-cli', {
        method: 'PUT',
        headers: { authorization: `ApiKey ${Buffer.from('detctl-sandbox:sandbox-api-key').toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify(watch(1)),
      });
      assert.equal(res.status, 201);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(output, /sandbox stopped/);
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { elasticsearch: { indices: Record<string, { docs: Record<string, unknown> }> } };
    assert.ok(saved.elasticsearch.indices['.watches'].docs['from-cli']);
  });
});
