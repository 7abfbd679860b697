// Converts rule files on every core: worker threads (convert-worker.ts) and this thread take
// batches of files from one shared counter until none are left, each loading and converting its
// files on its own (loadFileAlone); the outputs are then put back in input order, and the files
// whose result depends on other files (a rule id used twice, a correlation naming rules of another
// file) are loaded again together here, as forEachRuleFile does in one thread.
//
// Why batches from a shared counter rather than a fixed share per thread: a worker starts some
// tens of milliseconds after this thread (it loads its own copy of the code), and on a machine
// shared with other jobs the threads do not run at the same speed; whoever is free takes the next
// batch, so no thread waits long for another at the end.
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { reloadDependent, type FileKeys } from '../rules/load-rules.js';
import { yamlLimits } from '../yaml-tree.js';
import type { ReadAhead } from './read-ahead.js';
import type { RuleFile } from '../rules/discover.js';
import { convertAlone, convertDocuments, type ConvertSettings, type FileOutput, type FileResult } from './convert-file.js';

/** Files a thread takes at a time: small enough that the threads end together, large enough that taking them costs nothing. */
const BATCH = 32;
/**
 * Below this many files per thread a worker does not pay: starting one (its own copy of the code,
 * compiled and warmed up again) costs 100–150 ms of CPU time and ~20 MB, what converting a few
 * hundred files costs (docs/performance.md).
 */
export const MIN_FILES_PER_THREAD = 300;
export const WORKERS_VARIABLE = 'DETCTL_WORKERS';

/** From this many files on, a run is a bulk one: convertFiles sets V8's tier-up budget for it (BULK_V8_FLAGS). */
export const BULK_FILES = 200;

/**
 * V8's budget before a function is optimised, 16 times its default (67,584 bytes of bytecode run).
 * A bulk convert runs each function of the loader and the compilers a few thousand times and is
 * over in a second or two: by default V8 optimises (TurboFan, on a helper thread) hundreds of
 * them early, re-optimises many after deoptimising, and most of that work never pays back before
 * the run ends. With the larger budget only the hottest functions are optimised. Measured over
 * SigmaHQ, `--to lucene`, runs interleaved (load average 3–5 on two cores): CPU time 2.4–2.6 s →
 * 1.5–1.7 s, wall time 2.4–3.0 s → 1.7–2.0 s; ×8 saved less, ×32 and ×64 about the same, and
 * `--no-opt` (no TurboFan at all) about the same too, but a run many times larger would then never
 * optimise anything. Flags are process-wide: the worker threads have it too. Set at run time
 * (v8.setFlagsFromString): the tiering manager reads the budget each time it resets a function's
 * counter, so it applies from here on; only for a bulk run, since loading node:v8 costs ~10 ms.
 */
const BULK_V8_FLAGS = '--interrupt-budget=1081344';

/** Tunes V8 for a bulk run (BULK_V8_FLAGS); nothing for fewer than BULK_FILES files. */
export async function tuneForBulk(files: number): Promise<void> {
  if (files < BULK_FILES) return;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(BULK_V8_FLAGS);
}

/** What a worker thread is given. */
export interface WorkerInput {
  files: RuleFile[];
  settings: ConvertSettings;
  /** The shared counter: the index of the next file no thread has taken. */
  next: SharedArrayBuffer;
}

/** What a worker thread sends back: the results of the files it took, by index. */
export type WorkerOutput = [number, FileResult][];

/**
 * Cores a converting thread keeps busy: its own, and most of another for V8's helper threads
 * (garbage collection, optimising compiles). Measured over SigmaHQ on two cores, load average ~1:
 * a run in one thread took 2.2–2.9 s of CPU time in 1.4–1.9 s of wall time (docs/performance.md).
 */
const CORES_PER_THREAD = 2;

/**
 * Worker threads for `files`: DETCTL_WORKERS when set (a count, 0 for none); otherwise as many as
 * the idle cores hold besides this thread, at CORES_PER_THREAD each, and none when there are too
 * few files to share. A core counts as idle by the load average (as `make -l` decides): a worker
 * costs CPU time of its own (the code compiled and optimised again, a heap of its own), which pays
 * only when it runs on cores nothing else needs. So two cores get no worker (measured: one made
 * the run slower), four idle cores get one.
 */
export function workerCount(env: NodeJS.ProcessEnv, files: number, cores?: number, load?: number): number | { problem: string } {
  const setting = env[WORKERS_VARIABLE];
  if (setting !== undefined && setting !== '') {
    if (!/^\s*\d{1,3}\s*$/.test(setting)) return { problem: `${WORKERS_VARIABLE} is '${setting}', which is not a number of worker threads (0 for none)` };
    return Number(setting);
  }
  // Too few files for two threads: no worker, whatever the cores (nor the system asked, at the
  // start of every small convert).
  if (files < 2 * MIN_FILES_PER_THREAD) return 0;
  const threads = Math.floor(Math.round((cores ?? availableParallelism()) - (load ?? loadavg()[0]!)) / CORES_PER_THREAD); // this one among them
  return Math.max(0, Math.min(threads, Math.floor(files / MIN_FILES_PER_THREAD)) - 1);
}

/**
 * Takes batches of files from the shared counter and converts them until none are left. `textOf`:
 * a file's text when another thread read it already (read-ahead.ts), otherwise it is read here.
 */
export function takeBatches(files: RuleFile[], settings: ConvertSettings, next: Int32Array, each: (index: number, result: FileResult) => void, textOf?: (index: number) => string | undefined): void {
  for (let start = Atomics.add(next, 0, BATCH); start < files.length; start = Atomics.add(next, 0, BATCH)) {
    const end = Math.min(start + BATCH, files.length);
    for (let index = start; index < end; index++) each(index, convertAlone(files[index]!, settings, textOf?.(index)));
  }
}

/** What convertFiles gives: every file's output, in input order, and how many files each thread converted (this one first). */
export interface Converted {
  outputs: FileOutput[];
  filesPerThread: number[];
}

/**
 * Converts with `workers` worker threads, and this thread too unless `here` is false (then the
 * workers convert every file: the tests check their results so, which a race cannot leave out).
 */
export async function convertFiles(files: RuleFile[], settings: ConvertSettings, workers: number, { here = true } = {}): Promise<Converted> {
  const outputs: FileOutput[] = new Array(files.length);
  const keysOf: FileKeys[] = new Array(files.length);
  const store = (index: number, result: FileResult) => {
    keysOf[index] = result.keys;
    if (result.output) outputs[index] = result.output;
  };
  const next = new SharedArrayBuffer(4);
  const started = Array.from({ length: workers }, () => runWorker({ files, settings, next }));
  let mine = 0;
  if (here || workers === 0) {
    // Alone on a bulk input, this thread has its files read ahead on the other core. With worker
    // threads, each reads what it takes (those cores are busy converting).
    const readAhead = workers === 0 ? await startReadAheadFor(files) : undefined;
    try {
      takeBatches(
        files,
        settings,
        new Int32Array(next),
        (index, result) => {
          mine++;
          store(index, result);
        },
        readAhead?.text,
      );
    } finally {
      readAhead?.stop();
    }
  }
  const theirs = await Promise.all(started);
  for (const results of theirs) for (const [index, result] of results) store(index, result);
  reloadDependent(files, keysOf, (index, documents) => (outputs[index] = convertDocuments(documents, settings)));
  return { outputs, filesPerThread: [mine, ...theirs.map((r) => r.length)] };
}

/**
 * Starts the worker. In the bundle (scripts/bundle.mjs), run by bin/detctl.cjs, the worker starts
 * through bin/detctl.cjs too and loads its code through the same code cache (a cache of its own);
 * the bundle's files are functions for that loader, not modules Node could start on their own.
 * From the sources (tests, bench) the entry is convert-worker.ts: a worker inherits the
 * `--import tsx` of process.execArgv, but on Node 20 tsx registers its loader in the main thread
 * only, so the worker registers it itself before importing the entry.
 */
function startWorker(workerData: WorkerInput): Worker {
  const loader = (globalThis as { [key: symbol]: { path: string; workerArgument: string } | undefined })[Symbol.for('detctl.loader')];
  if (loader) return new Worker(loader.path, { argv: [loader.workerArgument], workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./convert-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData });
}

/**
 * A reader ahead of this thread (read-ahead.ts) for a bulk input of regular files, within the size
 * limit as readYamlFile reads them; none when the limit's setting is wrong (every file reports it).
 */
async function startReadAheadFor(files: RuleFile[]): Promise<Pick<ReadAhead, 'text' | 'stop'> | undefined> {
  if (files.length < BULK_FILES) return undefined;
  const { limits, problem } = yamlLimits();
  if (problem) return undefined;
  const { startReadAhead } = await import('./read-ahead.js');
  // Only files found regular are read ahead (an empty path fails at once: this thread reads it).
  const reader = startReadAhead(files.map((file) => (file.regular ? file.absolute : '')), limits.maxFileBytes);
  return { text: (index) => (files[index]!.regular ? reader.text(index) : undefined), stop: reader.stop };
}

function runWorker(input: WorkerInput): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(input);
    let results: WorkerOutput | undefined;
    worker.once('message', (message: WorkerOutput) => (results = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (results ? resolve(results) : reject(new Error(`a convert worker thread exited with code ${code} before sending its results`))));
  });
}
