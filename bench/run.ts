// `npm run bench`: every benchmark, printing figures (no pass/fail: timing is not a test).
import { resolve } from 'node:path';
import { benchSigmaHQ } from './sigmahq-convert.js';
import { benchConvertProcess } from './convert-process.js';
import { benchDeploy } from './deploy-sandbox.js';
import { benchPlanPhases, benchPlanScale } from './plan-phases.js';
import { benchSandboxTiming } from './sandbox-timing.js';
import { benchHostileInput } from './hostile-input.js';
import { benchStartup } from './startup.js';

const corpus = resolve(process.env.DETCTL_CORPUS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'corpus'));
benchStartup();
if (process.argv[2] === 'startup') process.exit(0);
benchConvertProcess(corpus);
benchSigmaHQ(corpus);
await benchHostileInput();
await benchPlanPhases(Number(process.env.BENCH_LATENCY_MS ?? 20));
await benchPlanScale([500, 5000, 50000]);
await benchDeploy();
await benchSandboxTiming();
