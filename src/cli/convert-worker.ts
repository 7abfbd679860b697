// A worker thread of `detctl convert` (convert-files.ts): takes batches of files from the shared
// counter, converts them, and sends their results back in one message.
import { parentPort, workerData } from 'node:worker_threads';
import { takeBatches, type WorkerInput, type WorkerOutput } from './convert-files.js';

const { files, settings, next } = workerData as WorkerInput;
const results: WorkerOutput = [];
takeBatches(files, settings, new Int32Array(next), (index, result) => results.push([index, result]));
parentPort!.postMessage(results);
