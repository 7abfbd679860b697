// `detctl convert` over the SigmaHQ set as a user runs it (issue 16, target 1): whole processes of
// the built CLI, median of 5 each, for one language and for both in one run, with CPU time and
// peak RSS, beside `node -e 0`; then one profiled run (`--cpu-prof`) and its top entries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { topSelfTime } from './cpu-profile.js';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const USAGE = pathToFileURL(join(import.meta.dirname, 'report-usage.mjs')).href;
const RUNS = 5;

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function run(nodeArgs: string[], args: string[], cacheHome: string): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', USAGE, ...nodeArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome } });
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
    const cases = [
      { to: 'lucene', targetMs: 400 },
      { to: 'spl', targetMs: 400 },
      { to: 'lucene,spl', targetMs: 500 },
    ];
    for (const c of cases) {
      const args = ['bin/detctl.cjs', 'convert', '--to', c.to, '--format', 'jsonl', ...paths];
      run([], args, cacheHome); // writes the command's code cache, warms the file cache
      const m = medians(Array.from({ length: RUNS }, () => run([], args, cacheHome)));
      const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
      console.log(
        `convert: --to ${c.to.padEnd(10)} SigmaHQ (jsonl)        median ${m.wallMs.toFixed(0).padStart(5)} ms wall (target ≤ ${c.targetMs}: ${met(m.wallMs <= c.targetMs)}), ${m.cpuMs.toFixed(0)} ms CPU, peak RSS ${m.rssMb.toFixed(0)} MB (target ≤ 150: ${met(m.rssMb <= 150)})`,
      );
    }
    const profileDir = mkdtempSync(join(tmpdir(), 'bench-convert-prof-'));
    try {
      run(['--cpu-prof', `--cpu-prof-dir=${profileDir}`], ['bin/detctl.cjs', 'convert', '--to', 'lucene,spl', '--format', 'jsonl', ...paths], cacheHome);
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        console.log('convert: profile of --to lucene,spl, top self times:');
        for (const [label, ms] of topSelfTime(join(profileDir, file), 12)) console.log(`  ${ms.toFixed(0).padStart(5)} ms  ${label}`);
      }
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}
