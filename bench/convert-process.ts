// `detctl convert` over the SigmaHQ set as a user runs it (issue 16, target 1): whole processes of
// the built CLI, median of 5 each, for one language and for both in one run, with CPU time and
// peak RSS, beside `node -e 0`; the worker threads each run starts (decided by the load average,
// src/cli/convert-files.ts), and both languages again with the workers set (DETCTL_WORKERS 0 and 1)
// so the effect of a worker shows whatever the load; then one profiled run (`--cpu-prof`, every
// thread) and its top entries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { topSelfTime } from './cpu-profile.js';
import { median } from './stats.js';
import { availableParallelism, loadavg } from 'node:os';
import { discoverRuleFiles } from '../src/rules/discover.js';
import { workerCount } from '../src/cli/convert-files.js';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = join(import.meta.dirname, 'report-usage.cjs');
const RUNS = 5;

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function run(nodeArgs: string[], args: string[], cacheHome: string, env: NodeJS.ProcessEnv = {}): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', USAGE, ...nodeArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env } });
  const wallMs = performance.now() - started;
  const err = r.stderr.toString();
  // Exit 1 is expected: a few SigmaHQ rules have no Lucene form (field-to-field comparisons).
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${err.slice(-2000)}`);
  return { wallMs, cpuMs: Number(/BENCH_CPU_MS (\d+)/.exec(err)?.[1] ?? NaN), rssMb: Number(/BENCH_MAX_RSS_KB (\d+)/.exec(err)?.[1] ?? NaN) / 1024 };
}

function medians(runs: Run[]): Run {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

export function benchConvertProcess(corpus: string): void {
  const root = resolve(corpus, 'sigmahq');
  const paths = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((p) => join(root, p));
  const cacheHome = mkdtempSync(join(tmpdir(), 'bench-convert-'));
  try {
    const nodeOnly = medians(Array.from({ length: RUNS }, () => run([], ['-e', '0'], cacheHome)));
    console.log(`convert: node -e 0                              median ${nodeOnly.wallMs.toFixed(0).padStart(5)} ms wall of ${RUNS}`);
    const files = discoverRuleFiles(paths, ROOT).files.length;
    const cases = [
      { to: 'lucene', targetMs: 400 },
      { to: 'spl', targetMs: 400 },
      { to: 'lucene,spl', targetMs: 500 },
      { to: 'lucene,spl', targetMs: 500, workers: '0' },
      { to: 'lucene,spl', targetMs: 500, workers: '1' },
    ];
    for (const c of cases) {
      const args = ['bin/detctl.cjs', 'convert', '--to', c.to, '--format', 'jsonl', ...paths];
      const env: NodeJS.ProcessEnv = { DETCTL_WORKERS: c.workers ?? '' }; // '': the CLI decides
      run([], args, cacheHome, env); // writes the command's code cache, warms the file cache
      // The workers each run starts: what the CLI decides from the load average just before it.
      const threads: number[] = [];
      const m = medians(
        Array.from({ length: RUNS }, () => {
          threads.push(Number(workerCount(env, files)));
          return run([], args, cacheHome, env);
        }),
      );
      const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
      const how = c.workers === undefined ? `workers ${threads.join('/')} (load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)` : `DETCTL_WORKERS=${c.workers}`;
      console.log(
        `convert: --to ${c.to.padEnd(10)} SigmaHQ (jsonl, ${files} files) median ${m.wallMs.toFixed(0).padStart(5)} ms wall (target ≤ ${c.targetMs}: ${met(m.wallMs <= c.targetMs)}), ${m.cpuMs.toFixed(0)} ms CPU, peak RSS ${m.rssMb.toFixed(0)} MB (target ≤ 150: ${met(m.rssMb <= 150)}); ${how}`,
      );
    }
    const profileDir = mkdtempSync(join(tmpdir(), 'bench-convert-prof-'));
    try {
      run(['--cpu-prof', `--cpu-prof-dir=${profileDir}`], ['bin/detctl.cjs', 'convert', '--to', 'lucene,spl', '--format', 'jsonl', ...paths], cacheHome, { DETCTL_WORKERS: '1' });
      // One profile per thread: the main thread's first, then the worker's.
      const threadOf = (name: string) => Number(name.split('.')[4]); // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
      for (const [i, file] of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).sort((a, b) => threadOf(a) - threadOf(b)).entries()) {
        console.log(`convert: profile of --to lucene,spl (DETCTL_WORKERS=1), ${i === 0 ? 'main thread' : `worker thread ${i}`}, top self times:`);
        for (const [label, ms] of topSelfTime(join(profileDir, file), 12)) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${label}`);
      }
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}
