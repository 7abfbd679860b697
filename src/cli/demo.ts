// The demo (`npm run demo` from a checkout, `npx detctl demo` from an install): the main job on
// the built-in sandbox. Starts the Watcher and Splunk stand-ins, tests the example rules against
// their sample events, deploys them to the `local` environment (tests first), changes a rule,
// shows the plan, deploys again, rolls back, and checks that live equals the first release. Works
// on a copy of the example project (rules/, escu/, environments/ of the package) in a temporary
// folder, which it removes at the end, so the package's files stay as they are.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEnvironment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { createTargets } from '../live/create-targets.js';
import { listLive } from '../live/list-live.js';
import { fingerprintLive } from '../plan/live-fingerprint.js';
import { processIO, withIO } from './io.js';
import { main } from './main.js';

/**
 * The package root, which holds the example project: the nearest folder above this module with a
 * package.json and environments/ (two folders up from src/cli/ in a checkout, one up from the
 * bundle in dist/).
 */
function packageRoot(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'environments'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no example project above ${import.meta.dirname}`);
  }
}

/** Runs the demo and resolves to its exit code (0: live equals the first release after the rollback). */
export async function runDemo(projectSource: string = packageRoot()): Promise<number> {
  const { CREDENTIAL_ENV, startSandbox } = await import('@detctl/sandbox');
  const dir = mkdtempSync(join(tmpdir(), 'detctl-demo-'));
  let failed = false;
  try {
    for (const folder of ['rules', 'escu', 'environments']) cpSync(join(projectSource, folder), join(dir, folder), { recursive: true });

    const sandbox = await startSandbox({ esPort: 0, splunkPort: 0 });
    try {
      const env = { ...process.env, [CREDENTIAL_ENV.esApiKey]: sandbox.credentials.esApiKeyEncoded, [CREDENTIAL_ENV.splunkToken]: sandbox.credentials.splunk.token };
      // The sandbox listens on free ports; point the copied `local` environment at them.
      const localFile = join(dir, 'environments/local.yaml');
      writeFileSync(localFile, readFileSync(localFile, 'utf8').replace('http://127.0.0.1:9200', sandbox.esUrl).replace('http://127.0.0.1:8089', sandbox.splunkUrl));

      const io = withIO(processIO, { cwd: dir, env });
      const step = (text: string) => process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n\n`);
      const detctl = async (...args: string[]): Promise<number> => {
        process.stdout.write(`$ detctl ${args.join(' ')}\n`);
        return main(args, io);
      };
      const expect = (code: number, wanted: number, what: string): void => {
        if (code !== wanted) throw new Error(`${what} exited ${code}, expected ${wanted}`);
      };
      /** What detctl manages on both targets, normalised, as one fingerprint. */
      const liveState = async (): Promise<string> => {
        const { environment } = loadEnvironment(dir, 'local', env);
        const live = await listLive(await createTargets(environment!, { projectDir: dir }), []);
        return fingerprintLive(live.filter((l) => l.owned));
      };

      step(`Sandbox up: Elasticsearch ${sandbox.esUrl}, Splunk ${sandbox.splunkUrl}; project copy in ${dir}`);
      expect(await detctl('validate'), 0, 'validate');

      step("Test every rule against its sample events: Sigma and the queries local's targets would deploy");
      expect(await detctl('test', '--env', 'local'), 0, 'test');

      step('First deploy of rules/ to the local environment, the tests run first');
      expect(await detctl('deploy', '--env', 'local', '--test', '--yes'), 0, 'deploy');
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
    } finally {
      await sandbox.close();
    }
  } catch (error) {
    process.stderr.write(`demo failed: ${(error as Error).message}\n`);
    failed = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}
