// Reads rule files ahead of the thread that converts them, on a thread of its own, so that the
// system calls of reading (open, read, close: ~125 ms of the main thread's CPU time over SigmaHQ's
// 3,754 files, ~33 µs a file on this VM) run on the other core while this one parses and compiles.
//
// Why a small thread of its own rather than convert's worker threads (convert-files.ts): a
// converting thread costs its own copy of the loader and compilers, compiled and warmed up again
// (measured: +0.5 s of CPU time over SigmaHQ for the same wall time), while reading needs a few
// lines of Node's `fs`. Why not libuv's thread pool (fs.readFile): each file would cost four
// callbacks on this thread (open, fstat, read, close), most of what it saves.
//
// Neither thread ever waits for the other to start: files are claimed, one at a time, in a shared
// array. The converting thread claims file i when it gets to it and the reader has not: then it
// reads the file itself, as it always did (which also gives every error its usual wording). The
// reader claims files from the first on, skipping those taken, and puts their bytes into shared
// memory; a file it cannot read (an error, over the size limit) is left to the converting thread.
// So the output is the same whichever thread read a file, and a run whose reader starts late
// (it takes 50–150 ms to start) or never only loses the saving.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { textOfFile } from '../yaml-tree.js';

/** What a file's slot in the shared `state` array holds. */
const UNCLAIMED = 0;
const READER_HAS_IT = 1;
const CONVERTER_HAS_IT = 2;
const READY = 3;
const LEFT_TO_CONVERTER = 4;

/** Bytes of one piece of shared memory the reader writes files into (a larger file gets a piece of its own size). */
const PIECE_BYTES = 1024 * 1024;

/** How long the converting thread waits for a file the reader has claimed before reading it itself (the reader died or is stuck). */
const WAIT_LIMIT_MS = 2000;

interface ReaderInput {
  paths: string[];
  maxBytes: number;
  state: SharedArrayBuffer;
  /** Per file: piece, offset, length. */
  where: SharedArrayBuffer;
  pieceBytes: number;
  /** Where the reader posts each new piece of memory. */
  pieces: MessagePort;
}

/**
 * The reader thread's code (run with `eval`: it needs nothing of detctl's, so it starts with no
 * bundle to load). It reads as yaml-tree.ts readRegularFile does: O_NONBLOCK (a file replaced by a
 * FIFO fails instead of waiting), at most maxBytes + 1 bytes. Each new piece of memory is posted
 * before any file in it is marked ready, so the converting thread always finds it in its queue.
 */
const READER_CODE = `
const { openSync, readSync, closeSync, constants } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { paths, maxBytes, pieceBytes, pieces } = workerData;
const state = new Int32Array(workerData.state);
const where = new Int32Array(workerData.where);
let buffer = Buffer.allocUnsafeSlow(64 * 1024);
let piece = -1, bytes, used = 0;
function read(path) {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let length = 0;
  try {
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return -1;
        const larger = Buffer.allocUnsafeSlow(Math.min(length * 2, maxBytes + 1));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
  } finally {
    closeSync(fd);
  }
  return length > maxBytes ? -1 : length;
}
for (let i = 0; i < paths.length; i++) {
  if (Atomics.compareExchange(state, i, ${UNCLAIMED}, ${READER_HAS_IT}) !== ${UNCLAIMED}) continue;
  let length = -1;
  try { length = read(paths[i]); } catch {}
  if (length >= 0) {
    if (piece === -1 || used + length > bytes.length) {
      const shared = new SharedArrayBuffer(Math.max(pieceBytes, length));
      bytes = Buffer.from(shared);
      used = 0;
      piece++;
      pieces.postMessage(shared);
    }
    buffer.copy(bytes, used, 0, length);
    where[3 * i] = piece;
    where[3 * i + 1] = used;
    where[3 * i + 2] = length;
    used += length;
  }
  Atomics.store(state, i, length >= 0 ? ${READY} : ${LEFT_TO_CONVERTER});
  Atomics.notify(state, i);
}
`;

export interface ReadAhead {
  /** File `index`'s text, or undefined when the caller is to read it itself (ask for each file once, in any order). */
  text(index: number): string | undefined;
  /** Stops the reader (it may still be reading files nobody will ask for). */
  stop(): void;
  /** Settles when the reader thread has ended (every file it claimed is ready or left to the caller); the process waits for it meanwhile. */
  done(): Promise<void>;
}

/** Starts reading `paths` (files found regular: rules/discover.ts) ahead, each at most `maxBytes` long. */
export function startReadAhead(paths: string[], maxBytes: number): ReadAhead {
  const state = new Int32Array(new SharedArrayBuffer(4 * paths.length));
  const where = new Int32Array(new SharedArrayBuffer(12 * paths.length));
  // The pieces come through a channel of our own, which this thread reads synchronously
  // (receiveMessageOnPort) when a file is in a piece it has not received yet.
  const channel = new MessageChannel();
  const input: ReaderInput = { paths, maxBytes, state: state.buffer as SharedArrayBuffer, where: where.buffer as SharedArrayBuffer, pieceBytes: PIECE_BYTES, pieces: channel.port2 };
  // Not a worker of the thread pool kind that keeps the process alive: should it still be
  // reading when the command is done, it is stopped (stop()), and unref'd meanwhile.
  const worker = new Worker(READER_CODE, { eval: true, workerData: input, transferList: [channel.port2], stdout: false, stderr: false });
  worker.unref();
  // A reader that fails (it cannot start, say) only leaves the files it claimed unread: the
  // converting thread then reads them after WAIT_LIMIT_MS. Nothing of it reaches the user.
  worker.on('error', () => undefined);
  const done = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const pieces: Buffer[] = [];
  let gaveUp = false;
  return {
    text(index) {
      let claimed = Atomics.compareExchange(state, index, UNCLAIMED, CONVERTER_HAS_IT);
      if (claimed === UNCLAIMED || gaveUp) return undefined;
      if (claimed === READER_HAS_IT) {
        // Being read now: a fraction of a millisecond, unless the reader died.
        const waited = performance.now();
        while ((claimed = Atomics.load(state, index)) === READER_HAS_IT) {
          if (performance.now() - waited > WAIT_LIMIT_MS) {
            gaveUp = true;
            return undefined;
          }
          Atomics.wait(state, index, READER_HAS_IT, 50);
        }
      }
      if (claimed !== READY) return undefined;
      const piece = where[3 * index]!;
      while (pieces.length <= piece) {
        const message = receiveMessageOnPort(channel.port1);
        if (!message) return undefined; // cannot happen: posted before the file was marked ready
        pieces.push(Buffer.from(message.message as SharedArrayBuffer));
      }
      const offset = where[3 * index + 1]!;
      return textOfFile(pieces[piece]!.subarray(offset, offset + where[3 * index + 2]!));
    },
    stop() {
      channel.port1.close();
      void worker.terminate();
    },
    done() {
      worker.ref();
      return done;
    },
  };
}
