// `npm run bench`: every benchmark, printing figures (no pass/fail: timing is not a test).
import { resolve } from 'node:path';
import { benchSigmaHQ } from './sigmahq-convert.js';
import { benchConvertProcess } from './convert-process.js';
import { benchDeploy } from './deploy-sandbox.js';
import { benchPlanPhases, benchPlanScale } from './plan-phases.js';
import { benchSandboxTiming } from './sandbox-timing.js';
import { benchHostileInput } from './hostile-input.js';
import { benchStartup } from './startup.js';

// `npm run bench -- NAME…` runs only the benches named (startup, convert, hostile, plan, scale,
// apply, sandbox); without a name, all of them.
const corpus = resolve(process.env.DETCTL_CORPUS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'corpus'));
const only = new Set(process.argv.slice(2));
const run = (name: string) => only.size === 0 || only.has(name);
if (run('startup')) benchStartup();
if (run('convert')) {
  benchConvertProcess(corpus);
  benchSigmaHQ(corpus);
}
if (run('hostile')) await benchHostileInput();
if (run('plan')) await benchPlanPhases(Number(process.env.BENCH_LATENCY_MS ?? 20));
if (run('scale')) await benchPlanScale([500, 5000, 50000]);
if (run('apply')) await benchDeploy();
if (run('sandbox')) await benchSandboxTiming();
