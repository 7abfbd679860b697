// `plan` over many managed objects (issue 16, targets 2 and 4). First, 5,000 objects (2,500 per
// target) behind 20 ms of latency per request: the whole `plan` process (median of 3, as a user
// runs it, `node -e 0` beside it) with its CPU time, the sandbox's CPU time per plan (the servers'
// share of the wall time: on a 2-core machine it competes with detctl for the cores), its
// requests per target and the top entries of a profiled run; then each phase timed on its own in
// this process — load (environment, rule files, selection), compile (every rule in each target's
// language), render (the desired objects; compiling included), list (both targets at once; the
// adapters normalise what they list), normalise (the desired objects' canonical forms) and diff
// (the plan from both canonical sides). Second, the scale curve: the whole `plan` process for
// 500, 5,000 and 50,000 objects without latency, so its growth shows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CREDENTIALS, encodeApiKey } from '@detctl/sandbox';
import { loadEnvironment } from '../src/config/load-environment.js';
import { compileRule } from '../src/compile/compile-rule.js';
import { discoverRuleFiles } from '../src/rules/discover.js';
import { loadRuleFiles } from '../src/rules/load-rules.js';
import { selectRules } from '../src/desired/select-rules.js';
import { renderEnvironment } from '../src/desired/render-environment.js';
import { loadDesiredState } from '../src/desired/load-desired-state.js';
import { restParams } from '../src/targets/splunk/normalise-saved-search.js';
import { providerOf } from '../src/targets/registry.js';
import { createTargets } from '../src/live/create-targets.js';
import { listLive } from '../src/live/list-live.js';
import { buildPlan } from '../src/plan/build-plan.js';
import { generatedRules } from '../test/helpers/generate-rules.js';
import { environmentYaml } from '../test/helpers/sandbox-project.js';
import { tempProject } from '../test/helpers/run-cli.js';
import { cliProcess, sandboxProcess, type SandboxProcess } from './deploy-sandbox.js';
import { median } from './stats.js';
import { inclusiveTime, topSelfTime } from './cpu-profile.js';

const USAGE = join(import.meta.dirname, 'report-usage.cjs');

const env = { SANDBOX_ES_KEY: encodeApiKey(DEFAULT_CREDENTIALS.elasticsearch.apiKey), SANDBOX_SPLUNK_TOKEN: DEFAULT_CREDENTIALS.splunk.token };

/** A project of `objects` generated rules' objects (one watch and one saved search per rule), stored in the sandbox as a deploy would have left them. */
async function seededProject(sandbox: SandboxProcess, objects: number): Promise<string> {
  const dir = tempProject({ ...generatedRules(objects / 2), 'escu/macros/.keep': '', 'escu/deployments/.keep': '', 'environments/e2e.yaml': environmentYaml(sandbox).replace(/timeout: 2s/g, 'timeout: 60s') });
  const state = loadDesiredState(dir, 'e2e', env);
  if (state.diagnostics.length > 0) throw new Error(state.diagnostics.map((d) => d.message).join('\n'));
  await sandbox.seed({
    watches: state.objects.flatMap((o) => (o.kind === 'watch' ? [{ id: o.id, body: o.body, active: o.active }] : [])),
    searches: state.objects.flatMap((o) => (o.kind === 'saved-search' ? [{ name: o.name, app: o.app, settings: restParams(o.content) }] : [])),
  });
  return dir;
}

/** The whole `plan` process: wall and CPU ms, and its summary line (or its error). */
async function planProcess(dir: string, nodeArgs: string[] = []): Promise<{ ms: number; cpuMs: number; summary: string }> {
  const started = performance.now();
  const plan = await cliProcess(['plan', '--env', 'e2e', '--detailed-exitcode'], dir, env, ['--require', USAGE, ...nodeArgs]);
  const ms = performance.now() - started;
  return { ms, cpuMs: Number(/BENCH_CPU_MS (\d+)/.exec(plan.err)?.[1] ?? NaN), summary: /Plan: .*/.exec(plan.out)?.[0] ?? plan.err.replace(/\s*BENCH_\w+ \d+/g, '').trim() };
}

/** `node -e 0`, median wall ms of 3: what any Node process costs on this machine now. */
function nodeBaseline(): number {
  return median(
    [0, 1, 2].map(() => {
      const started = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      return performance.now() - started;
    }),
  );
}

const time = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const value = work();
  return [value, performance.now() - started];
};

export async function benchPlanPhases(latencyMs: number): Promise<void> {
  const sandbox = await sandboxProcess({ latencyMs });
  try {
    const dir = await seededProject(sandbox, 5000);
    await planProcess(dir); // the sandbox's own code warm, as a long-running server's would be
    await sandbox.reset();
    const runs = [];
    const sandboxCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await sandbox.cpuMs();
      runs.push(await planProcess(dir));
      sandboxCpu.push((await sandbox.cpuMs()) - before);
    }
    const requests = await sandbox.count();
    const wall = median(runs.map((r) => r.ms));
    const failed = runs.find((r) => !r.summary.startsWith('Plan:'));
    if (failed) {
      console.log(`plan: 5000 managed objects, ${latencyMs} ms latency: FAILED — ${failed.summary}`);
      return;
    }
    console.log(
      `plan: 5000 managed objects, ${latencyMs} ms latency: whole process median ${wall.toFixed(0)} ms wall of 3 (target ≤ 1000: ${wall <= 1000 ? 'met' : 'NOT met'}), ` +
        `${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms CPU; node -e 0 ${nodeBaseline().toFixed(0)} ms; the sandbox's CPU per plan ${median(sandboxCpu).toFixed(0)} ms; ` +
        `${requests.elasticsearch / 3} requests to Elasticsearch, ${requests.splunk / 3} to Splunk per plan (target ≤ 3 list requests per target) — ${runs[0]!.summary}`,
    );
    const profileDir = mkdtempSync(join(tmpdir(), 'bench-plan-prof-'));
    try {
      await planProcess(dir, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        const profile = join(profileDir, file);
        // What loading code costs: bin/detctl.cjs's `load` (bundle files, through the code cache)
        // and Node's Module._load (built-ins, and anything required from node_modules, compiled from source).
        const nodeLoader = (f: { functionName: string }) => f.functionName === 'Module._load';
        const loadingMs = inclusiveTime(profile, (f) => nodeLoader(f) || (f.functionName === 'load' && f.url.endsWith('detctl.cjs')));
        const nodeMs = inclusiveTime(profile, nodeLoader);
        console.log(`plan: profile of one plan process: ${loadingMs.toFixed(0)} ms loading code (of it ${nodeMs.toFixed(0)} ms in Node's module loader: built-ins, and what comes from node_modules); top self times:`);
        for (const [label, ms] of topSelfTime(profile, 12)) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${label}`);
      }
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }

    // The phases, each on its own (in this process, on the TypeScript sources).
    const [environment, loadEnvMs] = time(() => loadEnvironment(dir, 'e2e', env).environment!);
    const [rules, loadRulesMs] = time(() => {
      const found = discoverRuleFiles(environment.settings.rules, resolve(dir));
      const loaded = loadRuleFiles(found.files).flatMap((l) => (l.rule ? [l.rule] : []));
      return selectRules(loaded, environment).rules;
    });
    const [, compileMs] = time(() => {
      for (const rule of rules) {
        if (rule.kind !== 'sigma') continue;
        compileRule(rule, 'lucene');
        compileRule(rule, 'spl');
      }
    });
    const [rendered, renderMs] = time(() => renderEnvironment(rules, environment, {}));
    const targets = await createTargets(environment, { projectDir: dir });
    const listStarted = performance.now();
    const live = await listLive(targets, rendered.objects);
    const listMs = performance.now() - listStarted;
    const typeOf = new Map(targets.map((t) => [t.name, t.type]));
    const [desired, normaliseMs] = time(() => rendered.objects.map((object) => ({ object, canonical: providerOf(typeOf.get(object.target)!).canonical(object) })));
    const [plan, diffMs] = time(() => buildPlan({ env: 'e2e', detctlVersion: 'bench', createdAt: new Date().toISOString(), targets: targets.map((t) => ({ name: t.name, type: t.type, url: t.url })), desired, live }));
    const phases: [string, number][] = [
      ['load', loadEnvMs + loadRulesMs],
      ['compile', compileMs],
      ['render (compile included)', renderMs],
      ['list (20 ms latency; normalises live objects)', listMs],
      ['normalise (desired objects)', normaliseMs],
      ['diff', diffMs],
    ];
    console.log(`plan phases, 5000 objects (${rendered.objects.length} desired, ${live.length} live, ${plan.changes.filter((c) => c.action !== 'noop').length} changes):`);
    for (const [name, ms] of phases) console.log(`  ${name.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms`);
  } finally {
    sandbox.stop();
  }
}

export async function benchPlanScale(sizes: number[]): Promise<void> {
  let previous: { objects: number; ms: number } | undefined;
  // Linear or better: each step's time grows by no more than its objects do (a little slack for the noise of one run).
  let linear = true;
  for (const objects of sizes) {
    const sandbox = await sandboxProcess({ latencyMs: 0 });
    try {
      const dir = await seededProject(sandbox, objects);
      await planProcess(dir);
      const run = await planProcess(dir);
      if (!run.summary.startsWith('Plan:')) {
        console.log(`plan scale: ${String(objects).padStart(6)} objects, no latency: FAILED after ${run.ms.toFixed(0)} ms — ${run.summary}`);
        continue;
      }
      const growth = previous ? ` (${(run.ms / previous.ms).toFixed(1)}× the time for ${(objects / previous.objects).toFixed(0)}× the objects)` : '';
      if (previous && run.ms / previous.ms > (objects / previous.objects) * 1.1) linear = false;
      console.log(`plan scale: ${String(objects).padStart(6)} objects, no latency: ${run.ms.toFixed(0).padStart(6)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU, ${((run.ms / objects) * 1000).toFixed(0)} µs per object${growth} — ${run.summary}`);
      previous = { objects, ms: run.ms };
    } finally {
      sandbox.stop();
    }
  }
  console.log(`plan scale: growth linear or better (target): ${linear ? 'met' : 'NOT met'}; node -e 0 ${nodeBaseline().toFixed(0)} ms`);
}
