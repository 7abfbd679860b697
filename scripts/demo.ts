// `npm run demo`: the main job on the built-in sandbox. Starts the Watcher and Splunk stand-ins,
// deploys the example rules to the `local` environment, changes a rule, shows the plan, deploys
// again, rolls back, and checks that live equals the first release. Works on a copy of the
// project in a temporary folder, so the repository's files stay as they are.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main.js';
import { processIO } from '../src/cli/io.js';
import { loadEnvironment } from '../src/config/load-environment.js';
import { createReleaseStore } from '../src/history/create-store.js';
import { listLive } from '../src/live/list-live.js';
import { fingerprintLive } from '../src/plan/live-fingerprint.js';
import { createTargets } from '../src/live/create-targets.js';
import { CREDENTIAL_ENV, startSandbox } from '@detctl/sandbox';

const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'detctl-demo-'));
for (const folder of ['rules', 'escu', 'environments']) cpSync(join(repo, folder), join(dir, folder), { recursive: true });

const sandbox = await startSandbox({ esPort: 0, splunkPort: 0 });
const env = { ...process.env, [CREDENTIAL_ENV.esApiKey]: sandbox.credentials.esApiKeyEncoded, [CREDENTIAL_ENV.splunkToken]: sandbox.credentials.splunk.token };
// The sandbox listens on free ports; point the copied `local` environment at them.
const localFile = join(dir, 'environments/local.yaml');
writeFileSync(localFile, readFileSync(localFile, 'utf8').replace('http://127.0.0.1:9200', sandbox.esUrl).replace('http://127.0.0.1:8089', sandbox.splunkUrl));

const io = { ...processIO, cwd: dir, env };
const step = (text: string) => process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n\n`);
async function detctl(...args: string[]): Promise<number> {
  process.stdout.write(`$ detctl ${args.join(' ')}\n`);
  return main(args, io);
}
function expect(code: number, wanted: number, what: string): void {
  if (code !== wanted) throw new Error(`${what} exited ${code}, expected ${wanted}`);
}

/** What detctl manages on both targets, normalised, as one fingerprint. */
async function liveState(): Promise<string> {
  const { environment } = loadEnvironment(dir, 'local', env);
  const live = await listLive(await createTargets(environment!, { projectDir: dir }), []);
  return fingerprintLive(live.filter((l) => l.owned));
}

let failed = false;
try {
  step(`Sandbox up: Elasticsearch ${sandbox.esUrl}, Splunk ${sandbox.splunkUrl}; project copy in ${dir}`);
  expect(await detctl('validate'), 0, 'validate');

  step('First deploy of rules/ to the local environment');
  expect(await detctl('deploy', '--env', 'local', '--yes'), 0, 'deploy');
  const first = await liveState();
  expect(await detctl('plan', '--env', 'local', '--detailed-exitcode'), 0, 'plan after deploy');

  step('Change a rule (iptables → ip6tables too), then look at the plan');
  const rule = join(dir, 'rules/sigma/linux_iptables_flush.yml');
  const original = readFileSync(rule, 'utf8');
  writeFileSync(rule, original.replace("a0|endswith: 'iptables'", "a0|endswith:\n            - 'iptables'\n            - 'ip6tables'"));
  expect(await detctl('plan', '--env', 'local', '--detailed-exitcode'), 2, 'plan with a change');

  step('Deploy the change');
  expect(await detctl('deploy', '--env', 'local', '--yes'), 0, 'second deploy');
  expect(await detctl('releases', '--env', 'local'), 0, 'releases');

  step('Roll back to the first release');
  expect(await detctl('rollback', '--env', 'local', '--yes'), 0, 'rollback');
  expect(await detctl('releases', '--env', 'local'), 0, 'releases');

  step('Revert the rule change in the project, as a git revert would: the plan agrees with live');
  writeFileSync(rule, original);
  expect(await detctl('plan', '--env', 'local', '--detailed-exitcode'), 0, 'plan after rollback and revert');

  step('Live equals the first release?');
  const store = await createReleaseStore(loadEnvironment(dir, 'local', env).environment!, dir);
  const releases = await store.list('local');
  const same = (await liveState()) === first;
  process.stdout.write(`${same ? 'yes' : 'NO'}: live objects ${same ? 'equal' : 'differ from'} release ${releases[0].id}, normalised; ${releases.length} releases, the last a rollback of ${releases[releases.length - 1].rollbackOf}\n`);
  if (!same) failed = true;
} catch (error) {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  failed = true;
} finally {
  await sandbox.close();
}
process.exitCode = failed ? 1 : 0;
