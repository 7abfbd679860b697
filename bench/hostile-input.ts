// Acceptance (issue 11, 3): how long the CLI takes to refuse hostile input, and its peak memory.
// Each case runs `detctl validate` (a rule) or `detctl build` (the environment file) in a process
// of its own and prints wall time and peak RSS against the targets (< 2 s, < 200 MB). The tests
// check the errors and that no request is sent; timing is not a test.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { aliasBombEnvironment, aliasBombRule, bigEnvironment, bigRule, deepEnvironment, deepRule } from '../test/helpers/hostile-yaml.js';
import { environmentYaml } from '../test/helpers/sandbox-project.js';
import { tempProject } from '../test/helpers/run-cli.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'detctl.cjs');
const USAGE = join(import.meta.dirname, 'report-usage.cjs');
const TARGET_S = 2;
const TARGET_MB = 200;

function run(args: string[], cwd: string): Promise<{ seconds: number; peakMb: number; code: number; firstError: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', USAGE, BIN, ...args], { cwd, env: { ...process.env, DETCTL_MAX_FILE_SIZE: '' }, maxBuffer: 1 << 26 }, (error, _out, err) => {
      const seconds = (performance.now() - started) / 1000;
      const kb = Number(/BENCH_MAX_RSS_KB (\d+)/.exec(err)?.[1] ?? NaN);
      const firstError = err.split('\n').find((l) => l.includes(': error: ')) ?? err.split('\n')[0];
      resolve({ seconds, peakMb: kb / 1024, code: error ? Number((error as { code?: number }).code ?? 1) : 0, firstError });
    });
  });
}

export async function benchHostileInput(): Promise<void> {
  const env = environmentYaml({ esUrl: 'http://127.0.0.1:9', splunkUrl: 'https://127.0.0.1:9' });
  const cases: [string, Record<string, string>, string[]][] = [
    ['rule: alias bomb', { 'rules/r.yml': aliasBombRule }, ['validate', 'rules']],
    ['rule: 100,000 nested [', { 'rules/r.yml': deepRule }, ['validate', 'rules']],
    ['rule: 5 MB', { 'rules/r.yml': bigRule() }, ['validate', 'rules']],
    ['environment: alias bomb', { 'environments/e.yaml': aliasBombEnvironment(env) }, ['build', '--env', 'e', '--out', 'out']],
    ['environment: 100,000 nested [', { 'environments/e.yaml': deepEnvironment(env) }, ['build', '--env', 'e', '--out', 'out']],
    ['environment: 5 MB', { 'environments/e.yaml': bigEnvironment(env) }, ['build', '--env', 'e', '--out', 'out']],
  ];
  const baseline = await run(['--version'], tempProject({}));
  console.log(`hostile input: node + detctl start-up alone: ${baseline.seconds.toFixed(2)} s, peak RSS ${baseline.peakMb.toFixed(0)} MB`);
  for (const [name, files, args] of cases) {
    const r = await run(args, tempProject(files));
    const ok = r.code === 1 && r.seconds < TARGET_S && r.peakMb < TARGET_MB;
    console.log(`hostile input: ${name}: ${r.seconds.toFixed(2)} s, peak RSS ${r.peakMb.toFixed(0)} MB (targets: < ${TARGET_S} s, < ${TARGET_MB} MB, exit 1)${ok ? '' : ` MISSED (exit ${r.code})`}`);
    console.log(`  ${r.firstError}`);
  }
}
