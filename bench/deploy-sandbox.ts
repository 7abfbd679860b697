// Deploy against the sandbox with 20 ms latency per request: 1,000 new objects beside 5,000
// managed ones, the apply's wall time against the limit and its requests (the plan of the 5,000
// is bench/plan-phases.ts). Prints figures with their targets; asserts nothing.
import { execFile, fork } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CREDENTIALS, encodeApiKey } from '@detctl/sandbox';
import { loadDesiredState } from '../src/desired/load-desired-state.js';
import { restParams } from '../src/targets/splunk/normalise-saved-search.js';
import { createTargets } from '../src/live/create-targets.js';
import { listLive } from '../src/live/list-live.js';
import { planEnvironment } from '../src/deploy/plan-environment.js';
import { applyPlan } from '../src/apply/apply-plan.js';
import { VERSION } from '../src/version.js';
import { topSelfTime } from './cpu-profile.js';
import { generatedRules } from '../test/helpers/generate-rules.js';
import { environmentYaml } from '../test/helpers/sandbox-project.js';
import { tempProject, writeFiles } from '../test/helpers/run-cli.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const CONCURRENCY = 8;

/** The built CLI as a process; `nodeArgs` go to node (e.g. `--cpu-prof`, `--require` of report-usage.cjs). */
export function cliProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const bin = join(import.meta.dirname, '..', 'bin', 'detctl.cjs');
  return new Promise((resolve) => {
    execFile(process.execPath, [...(process.env.BENCH_PROFILE_CLI ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE_CLI] : []), ...nodeArgs, bin, ...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 1 << 28 }, (error, out, err) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

export interface SandboxProcess {
  esUrl: string;
  splunkUrl: string;
  /** Clears the sandbox's request log. */
  reset(): Promise<void>;
  /** Stores objects without HTTP. */
  seed(objects: { watches: object[]; searches: object[] }): Promise<void>;
  /** Requests per target since the last reset. */
  count(): Promise<{ elasticsearch: number; splunk: number }>;
  /** CPU milliseconds the sandbox's processes have used so far. */
  cpuMs(): Promise<number>;
  stop(): void;
}

/** One sandbox process (bench/sandbox-process.ts), asked over IPC. */
async function sandboxChild(options: object) {
  const child = fork(join(import.meta.dirname, 'sandbox-process.ts'), [JSON.stringify(options)], { execArgv: ['--conditions=detctl-source', '--import', 'tsx', ...(process.env.BENCH_PROFILE_SANDBOX ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE_SANDBOX] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = async <T>(type: string, reply: string, message: object = {}): Promise<T> => {
    child.send({ type, ...message });
    for (;;) {
      const [answer] = (await once(child, 'message')) as [{ type: string } & T];
      if (answer.type === reply) return answer;
    }
  };
  const [ready] = (await once(child, 'message')) as [{ esUrl: string; splunkUrl: string }];
  return { ready, ask, stop: () => child.send({ type: 'stop' }) };
}

/**
 * The sandbox's two servers, each in a child process of its own: as a real Elasticsearch and a real
 * Splunk are two servers, neither waits for the other's work (in one process, one target's
 * requests queued behind the other's), and neither shares detctl's event loop. Each process starts
 * both of the sandbox's servers; the bench uses one of each.
 */
export async function sandboxProcess(options: object): Promise<SandboxProcess> {
  const [es, splunk] = await Promise.all([sandboxChild(options), sandboxChild(options)]);
  const both = <T>(type: string, reply: string) => Promise.all([es.ask<T>(type, reply), splunk.ask<T>(type, reply)]);
  return {
    esUrl: es.ready.esUrl,
    splunkUrl: splunk.ready.splunkUrl,
    reset: async () => void (await both('reset', 'ok')),
    seed: async ({ watches, searches }) => {
      // Answered after the seed, which each process handles first.
      await Promise.all([es.ask('seed', 'ok', { watches, searches: [] }), splunk.ask('seed', 'ok', { watches: [], searches })]);
    },
    count: async () => {
      const [fromEs, fromSplunk] = await both<{ counts: { elasticsearch: number; splunk: number } }>('count', 'count');
      return { elasticsearch: fromEs.counts.elasticsearch, splunk: fromSplunk.counts.splunk };
    },
    cpuMs: async () => (await both<{ ms: number }>('cpu', 'cpu')).reduce((sum, { ms }) => sum + ms, 0),
    stop: () => {
      es.stop();
      splunk.stop();
    },
  };
}

/** A CPU profile of this process from now until `stop`, written to a file in `dir`. */
async function startProfile(): Promise<{ stop(dir: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return {
    async stop(dir) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `apply-${process.pid}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

export async function benchDeploy(): Promise<void> {
  const env = { SANDBOX_ES_KEY: encodeApiKey(DEFAULT_CREDENTIALS.elasticsearch.apiKey), SANDBOX_SPLUNK_TOKEN: DEFAULT_CREDENTIALS.splunk.token };
  const sandbox = await sandboxProcess({ latencyMs: LATENCY_MS });
  try {
    const dir = tempProject({
      ...generatedRules(2500),
      'escu/macros/.keep': '',
      'escu/deployments/.keep': '',
      'environments/e2e.yaml': environmentYaml(sandbox).replace(/timeout: 2s/g, 'timeout: 30s'),
    });
    // 5,000 managed objects, stored directly (as a previous deploy would have left them).
    const state = loadDesiredState(dir, 'e2e', env);
    if (state.diagnostics.length > 0) throw new Error(state.diagnostics.map((d) => d.message).join('\n'));
    await sandbox.seed({
      watches: state.objects.flatMap((o) => (o.kind === 'watch' ? [{ id: o.id, body: o.body, active: o.active }] : [])),
      searches: state.objects.flatMap((o) => (o.kind === 'saved-search' ? [{ name: o.name, app: o.app, settings: restParams(o.content) }] : [])),
    });
    // One listing first, so the sandbox's own code is warm, as a long-running server's would be.
    await listLive(await createTargets(state.environment!, { projectDir: dir }), state.objects);
    await sandbox.reset();
    // 1,000 new objects: 500 new rules, one watch and one saved search each.
    writeFiles(dir, generatedRules(500, 2500));
    await sandbox.reset();
    const started = performance.now();
    const context = loadDesiredState(dir, 'e2e', env);
    const targets = await createTargets(context.environment!, { projectDir: dir });
    const planned = await planEnvironment({ env: 'e2e', detctlVersion: VERSION, desired: context.objects, targets });
    const plannedAt = performance.now();
    const sandboxBefore = await sandbox.cpuMs();
    // BENCH_PROFILE_APPLY=DIR: a CPU profile of this process during the apply alone (the load and
    // plan before it would drown it), written to DIR, its top entries printed.
    const profiler = process.env.BENCH_PROFILE_APPLY ? await startProfile() : undefined;
    // TCP connections opened during the apply: both clients should reuse keep-alive sockets (a new
    // connection per request would cost a handshake and a socket on each side).
    let connections = 0;
    const onSocket = () => void connections++;
    diagnostics.subscribe('net.client.socket', onSocket);
    const cpuBefore = process.cpuUsage();
    const applied = await applyPlan(planned, targets, { concurrency: CONCURRENCY });
    const applyWall = (performance.now() - plannedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    diagnostics.unsubscribe('net.client.socket', onSocket);
    if (profiler) {
      const file = await profiler.stop(process.env.BENCH_PROFILE_APPLY!);
      console.log(`apply profile ${file}:\n` + topSelfTime(file, 40).map(([label, ms]) => `  ${ms.toFixed(1).padStart(7)} ms  ${label}`).join('\n'));
    }
    // Where the time goes beyond the requests' latency: this process's CPU, and the sandbox's
    // (its two servers, a process each).
    const sandboxCpuMs = (await sandbox.cpuMs()) - sandboxBefore;
    // The limit: 500 objects per target, 8 at a time, one request of LATENCY_MS each; the
    // targets work side by side.
    const ideal = (500 / CONCURRENCY) * (LATENCY_MS / 1000);
    const counts = await sandbox.count();
    const s = applied.summary;
    console.log(
      `deploy, 1000 new objects (500 per target), concurrency ${CONCURRENCY} per target, ${LATENCY_MS} ms latency: apply ${applyWall.toFixed(2)} s wall (target ≤ 1.2 × ${ideal.toFixed(2)} s = ${(1.2 * ideal).toFixed(2)} s: ${applyWall <= 1.2 * ideal ? 'met' : 'NOT met'}), plus ${((plannedAt - started) / 1000).toFixed(2)} s to load and plan in this process; ` +
        `CPU during the apply: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms detctl, ${sandboxCpuMs.toFixed(0)} ms the sandbox (both servers); ${connections} TCP connections opened; ` +
        `${counts.elasticsearch} requests to Elasticsearch, ${counts.splunk} to Splunk (the listing's included; no Splunk ACL request: created under servicesNS/nobody/<app>, they are shared in the app already) — ${s.created} created, ${s.failed} failed`,
    );
  } finally {
    sandbox.stop();
  }
}
