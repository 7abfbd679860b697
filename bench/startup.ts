// Start-up of the built CLI (`node bin/detctl.cjs …`, as an installed detctl runs: the bundle
// in dist/cli/ through V8's code cache): the median wall time of 10 runs of `--help`, of
// converting one example rule and of validating it, with `node -e 0` beside them (what any Node
// process costs on this machine). The first run of each, not timed, writes the command's cache,
// as a user's first run does; the cache lives in a folder of the bench's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const RULE = 'rules/sigma/certutil_url_download.yml';
const RUNS = 10;

interface Case {
  name: string;
  args: string[];
  /** Milliseconds the median must not exceed, when the issue sets a target. */
  target?: number;
}

const CASES: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'detctl --help', args: ['bin/detctl.cjs', '--help'], target: 120 },
  { name: `detctl convert --to lucene <one rule>`, args: ['bin/detctl.cjs', 'convert', '--to', 'lucene', RULE], target: 150 },
  { name: `detctl validate <one rule>`, args: ['bin/detctl.cjs', 'validate', RULE] },
];

function timeRun(args: string[], cacheHome: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome } });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return elapsed;
}

export function benchStartup(): void {
  if (!existsSync(resolve(ROOT, 'dist', 'cli', 'startup.cjs'))) throw new Error('no dist/cli/startup.cjs: run `npm run build` first');
  const cacheHome = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  let nodeMedian = 0;
  try {
    for (const c of CASES) timeRun(c.args, cacheHome); // writes each command's code cache, and warms the file cache
    // Round by round, each case once a round: a machine whose load drifts slows every case alike,
    // so the figures over `node -e 0` stay comparable.
    const times = CASES.map((): number[] => []);
    for (let round = 0; round < RUNS; round++) CASES.forEach((c, i) => times[i]!.push(timeRun(c.args, cacheHome)));
    for (const [i, c] of CASES.entries()) {
      const m = median(times[i]!);
      if (c.args[0] === '-e') nodeMedian = m;
      const over = c.args[0] === '-e' ? '' : `, ${(m - nodeMedian).toFixed(0)} ms over node`;
      const target = c.target === undefined ? '' : ` (target ≤ ${c.target} ms: ${m <= c.target ? 'met' : 'NOT met'})`;
      console.log(`start-up: ${c.name.padEnd(38)} median ${m.toFixed(0).padStart(4)} ms of ${RUNS}, min ${Math.min(...times[i]!).toFixed(0)} ms${over}${target}`);
    }
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
}
