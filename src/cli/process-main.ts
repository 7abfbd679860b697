// The CLI as a process (bin/detctl.cjs): the only place that touches process signals and exits.
// SIGINT, SIGTERM and a closed stdout (EPIPE) go to an Interruption: a deploy or rollback that
// holds its lock stops gracefully (cli/interrupt.ts); anything else exits at once, quietly, with
// 130, 143 or 141. No EPIPE stack trace on any command.
import { writeSync } from 'node:fs';
import { processIO, withIO, type CliIO } from './io.js';
import { Interruption, type InterruptReason } from './interrupt.js';
import { main } from './main.js';

/**
 * Writes all of `text` to a file descriptor. The CLI writes stdout so, not through process.stdout:
 * Node builds that stream when it is first touched (for a pipe with the net module), 4–10 ms of
 * every start, and on Linux its writes to a file, pipe or terminal are synchronous as these are, so
 * output keeps its order. A non-blocking descriptor (a pipe becomes one once Node opens a stream on
 * it, as a colour check does) may take part of a write or none (EAGAIN): the rest is written once
 * it takes more.
 */
export function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 1); // 1 ms, without spinning
    }
  }
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** After a second Ctrl-C, the longest the run may take to record its release and unlock. */
const ABANDON_EXIT_MS = 3000;

export async function runProcess(argv: string[]): Promise<void> {
  const interruption = new Interruption();
  let stdoutClosed = false;
  const onInterrupt = (reason: InterruptReason) => {
    switch (interruption.interrupt(reason)) {
      case 'exit':
        return process.exit(interruption.exitCode);
      case 'abandon':
        setTimeout(() => process.exit(interruption.exitCode), ABANDON_EXIT_MS).unref();
        return;
      default:
        return;
    }
  };
  process.on('SIGINT', () => onInterrupt('SIGINT'));
  process.on('SIGTERM', () => onInterrupt('SIGTERM'));
  // Node sets stderr up when it is first touched (a few ms): its error handler comes with the first
  // write, so a command that writes nothing to stderr never sets it up.
  let stderrReady = false;
  const io: CliIO = withIO(processIO, {
    out: (text) => {
      if (stdoutClosed) return;
      try {
        writeAll(1, text);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
        // A reader that went away (`| head -1`): nothing more is written to stdout.
        stdoutClosed = true;
        onInterrupt('EPIPE');
      }
    },
    err: (text) => {
      if (!stderrReady) process.stderr.on('error', () => undefined); // nowhere left to say anything
      stderrReady = true;
      process.stderr.write(text);
    },
    interruption,
  });
  const code = await main(argv, io);
  // Interrupted: requests abandoned in flight may hold the event loop open; end now.
  if (interruption.exitCode !== undefined) process.exit(interruption.exitCode);
  process.exitCode = code;
}
