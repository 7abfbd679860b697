// The CLI as a process (bin/detctl.cjs): the only place that touches process signals and exits.
// SIGINT, SIGTERM and a closed stdout (EPIPE) go to an Interruption: a deploy or rollback that
// holds its lock stops gracefully (cli/interrupt.ts); anything else exits at once, quietly, with
// 130, 143 or 141. No EPIPE stack trace on any command.
import { processIO, withIO, type CliIO } from './io.js';
import { Interruption, type InterruptReason } from './interrupt.js';
import { main } from './main.js';

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
  // A reader that went away (`| head -1`): nothing more is written to stdout.
  process.stdout.on('error', () => {
    stdoutClosed = true;
    onInterrupt('EPIPE');
  });
  // Node sets stderr up when it is first touched (a few ms): its error handler comes with the first
  // write, so a command that writes nothing to stderr never sets it up.
  let stderrReady = false;
  const io: CliIO = withIO(processIO, {
    out: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
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
