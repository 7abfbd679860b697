// Acceptance (issue 9, 3): the round-trip law for every shape detctl renders. Environments are
// generated so that every option of the environment schema (each action type and each of its
// settings, both targets, Sigma with per-rule overrides, ESCU with risk, notable and drilldowns)
// is used by at least one of them, each option taking each of its listed values somewhere. Each
// environment is deployed to the sandbox — whose Watcher and Splunk re-serialise objects the way
// the servers do, written independently of detctl's normalisers — and then `plan` must be empty:
// right after the deploy, after the watches executed, after an out-of-band `_ack`, and after
// `_deactivate` followed by `_activate` (status is not drift). A failure names the shape, the
// object and the fields that differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { environmentSchema } from '../../src/config/schema.js';
import { startSandbox, type Sandbox } from '@detctl/sandbox';
import { runCli, writeFiles } from '../helpers/run-cli.js';
import { schemaKeyPaths, valueKeyPaths } from '../helpers/schema-keys.js';
import { removeTempDir, tempDir } from '../helpers/temp-dir.js';

const repo = resolve(import.meta.dirname, '..', '..');
const HOOK_PASSWORD = 'hook-pa55word-from-the-environment';

/** Each option with the values it takes across the shapes (`undefined`: not set). */
const WATCH_CHOICES: Record<string, unknown[]> = {
  idPrefix: ['detctl-shape-', 'sec.'],
  indices: ['winlogbeat-*', ['winlogbeat-*', 'logs-endpoint-*'], []],
  interval: ['30m', '1h', '1w', '45s'],
  timestampField: ['@timestamp', 'event.created'],
  mapping: [undefined, 'ecs_windows'],
  keywordSuffix: ['', '.keyword'],
  caseInsensitive: [false, true],
  hits: [0, 10],

  'actions.email': [
    { to: 'soc@example.net' },
    { to: ['soc@example.net', 'ir@example.net'], cc: 'lead@example.net', from: 'watcher@example.net', profile: 'Outlook', subject: 'Detection {{ctx.watch_id}}', throttle: '15m' },
    undefined,
    { to: ['soc@example.net'], cc: ['a@example.net', 'b@example.net'], profile: 'standard', throttle: '1d' },
  ],
  'actions.webhook': [
    undefined,
    { url: 'https://hooks.example.net/detctl/in?source=watcher&v=2', method: 'PUT', headers: { 'X-Team': 'soc' }, auth: { username: 'detctl', password: '${HOOK_PASSWORD}' }, throttle: '30s' },
    { url: 'http://hooks.example.net:8080/in' },
    { url: 'https://hooks.example.net/in', method: 'post', auth: { username: 'detctl', password: '${HOOK_PASSWORD}' } },
  ],
  'actions.index': [undefined, { index: 'detctl-alerts' }, { index: 'alerts-{now/d}', throttle: '500ms' }],
  'actions.logging': [{}, undefined, { level: 'debug', throttle: '1m' }, { level: 'error' }],
};

const SAVED_SEARCH_CHOICES: Record<string, unknown[]> = {
  namePrefix: ['detctl - ', 'SOC: '],
  cron: ['*/30 * * * *', '0 * * * *', '15 2 * * 1-5'],
  earliest: ['-30m@m', '-24h'],
  latest: ['now', '-5m@m'],
  mapping: [undefined, 'splunk_windows'],
  suppress: [undefined, '1h', '30m'],
  'actions.email': [{ to: 'soc@example.net' }, undefined, { to: ['soc@example.net', 'ir@example.net'], subject: 'Detection $name$' }],
  drilldowns: [
    [],
    [{ name: 'View events for $dest$', search: '%original_detection_search% | search dest="$dest$"' }],
    [
      { name: 'View the detection results', search: '%original_detection_search%', earliest_offset: '$info_min_time$', latest_offset: '$info_max_time$' },
      { name: 'Risk for $user$', search: '| from datamodel Risk.All_Risk | search risk_object="$user$"', earliest_offset: '7d', latest_offset: '0' },
    ],
  ],
};

const ESCU_CHOICES: Record<string, unknown[]> = {
  namePrefix: ['ESCU - ', 'Sec - '],
  enabled: [undefined, true, false],
  macros: ['escu/macros'],
  deployments: ['escu/deployments'],
};

const TARGET_CHOICES: Record<string, unknown[]> = {
  owner: ['nobody', 'admin'],
  timeout: ['5s', '2000ms'],
};

/** Shape i takes value i (mod n) of every option, so every value of every option is used. */
const SHAPES = Math.max(...[WATCH_CHOICES, SAVED_SEARCH_CHOICES, ESCU_CHOICES, TARGET_CHOICES].flatMap((c) => Object.values(c).map((v) => v.length)));

function pick(choices: Record<string, unknown[]>, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, values] of Object.entries(choices)) {
    const value = values[i % values.length];
    if (value === undefined) continue;
    const keys = path.split('.');
    let at = out;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
  }
  return out;
}

function environment(i: number, sandbox: Pick<Sandbox, 'esUrl' | 'splunkUrl'>): Record<string, unknown> {
  const target = pick(TARGET_CHOICES, i);
  return {
    rules: ['rules/'],
    history: { store: 'local' },
    targets: {
      elastic: { type: 'elasticsearch', url: sandbox.esUrl, auth: { apiKey: '${SANDBOX_ES_KEY}' }, tls: {}, timeout: target.timeout, watch: { actions: {}, ...pick(WATCH_CHOICES, i) } },
      splunk: {
        type: 'splunk',
        url: sandbox.splunkUrl,
        auth: { token: '${SANDBOX_SPLUNK_TOKEN}' },
        timeout: target.timeout,
        app: 'detections',
        owner: target.owner,
        savedSearch: { actions: {}, ...pick(SAVED_SEARCH_CHOICES, i) },
        escu: pick(ESCU_CHOICES, i),
      },
    },
  };
}

/** A Sigma rule with every per-rule override (`custom:`), its own actions included. */
const OVERRIDING_RULE = `title: Shape Override Rule
id: 9d2f7c1e-3b4a-4c5d-8e6f-7a8b9c0d1e2f
status: test
level: high
description: Uses every per-rule deploy setting.
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\\\whoami.exe'
    CommandLine|contains: ['/all', '/priv']
  condition: selection
custom:
  interval: 5m
  throttle: 2h
  disabled: true
  actions:
    webhook: {url: 'https://hooks.example.net/override', method: post}
    logging: {level: warn}
`;

/**
 * The webhook password reaches the server (stored as sent, as Watcher does without encryption),
 * and nothing else: not the plan, not the release history in the project folder.
 */
async function checkSecrets(shape: string, sandbox: Sandbox, dir: string, watchIds: string[], hasAuth: boolean): Promise<void> {
  const stored = await Promise.all(
    watchIds.map(async (id) => {
      const r = await fetch(`${sandbox.esUrl}/.watches/_doc/${encodeURIComponent(id)}`, { headers: { authorization: `ApiKey ${sandbox.credentials.esApiKeyEncoded}` } });
      return JSON.stringify(await r.json());
    }),
  );
  if (hasAuth) assert.ok(stored.some((doc) => doc.includes(HOOK_PASSWORD)), `${shape}: the webhook password was sent`);
  const history = readdirSync(join(dir, '.detctl'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(history.length > 0);
  for (const file of history) assert.ok(!readFileSync(join(file.parentPath, file.name), 'utf8').includes(HOOK_PASSWORD), `${shape}: ${file.name} holds no secret`);
}

interface Change {
  action: string;
  target: string;
  kind: string;
  id: string;
  fields?: { path: string; before?: unknown; after?: unknown }[];
}

test('the generated environments use every option of the environment schema', () => {
  const accepted = schemaKeyPaths(environmentSchema);
  const isRecord = (path: string) => path === 'targets' || path.endsWith('.headers');
  const used = new Set<string>();
  for (let i = 0; i < SHAPES; i++) for (const path of valueKeyPaths(environment(i, { esUrl: 'https://es.test:9200', splunkUrl: 'https://splunk.test:8089' }), isRecord)) used.add(path);
  const deployOptions = [...accepted].filter((p) => /^targets\.\*\.(watch|savedSearch|escu|owner|timeout)/.test(p));
  const unused = deployOptions.filter((p) => !used.has(p));
  assert.deepEqual(unused, [], `options no generated environment uses: ${unused.join(', ')}`);
  assert.ok(deployOptions.length > 30, `the schema walk found ${deployOptions.length} options`);
});

/** A plan's changes as lines that name the shape, the object and the fields. */
function describeChanges(shape: string, changes: Change[]): string[] {
  return changes
    .filter((c) => c.action !== 'noop')
    .map((c) => `${shape}: ${c.action} ${c.target} ${c.kind} "${c.id}": ${(c.fields ?? []).map((f) => `${f.path} (${JSON.stringify(f.before)} → ${JSON.stringify(f.after)})`).join('; ')}`);
}

for (let i = 0; i < SHAPES; i++) {
  test(`shape ${i + 1} of ${SHAPES}: deploy, then plan is empty, also after executing, acking, and deactivating and activating`, async (t) => {
    const shape = `shape ${i + 1}`;
    // A sandbox of its own: shapes share env and app names, so they would own each other's objects.
    const sandbox = await startSandbox({ esPort: 0, splunkPort: 0 });
    t.after(() => sandbox.close());
    const dir = tempDir('detctl-shape-');
    t.after(() => removeTempDir(dir));
    cpSync(join(repo, 'rules'), join(dir, 'rules'), { recursive: true });
    cpSync(join(repo, 'escu'), join(dir, 'escu'), { recursive: true });
    const env = environment(i, sandbox);
    writeFiles(dir, { 'environments/shape.yaml': dump(env), 'rules/sigma/shape_override.yml': OVERRIDING_RULE });
    const processEnv = { SANDBOX_ES_KEY: sandbox.credentials.esApiKeyEncoded, SANDBOX_SPLUNK_TOKEN: sandbox.credentials.splunk.token, HOOK_PASSWORD };
    const cli = (args: string[]) => runCli(args, { cwd: dir, env: processEnv });

    const deploy = await cli(['deploy', '--env', 'shape', '--yes']);
    assert.equal(deploy.code, 0, `${shape}: deploy failed\n${deploy.out}${deploy.err}`);
    assert.match(deploy.out, /\d+ created, 0 updated, 0 deleted, 0 unchanged, 0 failed/);
    assert.ok(!`${deploy.out}${deploy.err}`.includes(HOOK_PASSWORD), 'the webhook password never reaches output');

    const expectEmptyPlan = async (moment: string) => {
      const plan = await cli(['plan', '--env', 'shape', '--format', 'json']);
      assert.equal(plan.code, 0, plan.err);
      const parsed = JSON.parse(plan.out) as { summary: { noop: number }; changes: Change[] };
      assert.deepEqual(describeChanges(`${shape} ${moment}`, parsed.changes), []);
      assert.ok(parsed.summary.noop >= 10, `${shape}: ${parsed.summary.noop} unchanged objects`);
      return parsed.changes.filter((c) => c.kind === 'watch').map((c) => c.id);
    };

    const watchIds = await expectEmptyPlan('after deploy');
    await checkSecrets(shape, sandbox, dir, watchIds, Boolean((env.targets as { elastic: { watch: { actions: { webhook?: { auth?: unknown } } } } }).elastic.watch.actions.webhook?.auth));
    assert.ok((await sandbox.executeWatches(watchIds)) > 0);
    await expectEmptyPlan('after the watches executed');

    const watcher = (path: string) =>
      fetch(`${sandbox.esUrl}/_watcher/watch/${encodeURIComponent(path.split('/')[0])}/${path.split('/').slice(1).join('/')}`, {
        method: 'PUT',
        headers: { authorization: `ApiKey ${sandbox.credentials.esApiKeyEncoded}` },
      });
    for (const id of watchIds) assert.equal((await watcher(`${id}/_ack`)).status, 200);
    await expectEmptyPlan('after _ack');
    for (const id of watchIds) {
      assert.equal((await watcher(`${id}/_deactivate`)).status, 200);
      assert.equal((await watcher(`${id}/_activate`)).status, 200);
    }
    // The override rule's watch was deployed inactive; put it back the way it was deployed.
    for (const id of watchIds.filter((w) => w.includes('9d2f7c1e'))) assert.equal((await watcher(`${id}/_deactivate`)).status, 200);
    await expectEmptyPlan('after _deactivate and _activate');

    const again = await cli(['deploy', '--env', 'shape', '--yes']);
    assert.match(again.out, /No changes/, `${shape}: a second deploy writes nothing`);
  });
}
