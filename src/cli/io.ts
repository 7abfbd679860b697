// Where the CLI writes. Tests pass their own to capture output without a subprocess.
import { createInterface } from 'node:readline/promises';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { RetryPolicy } from '../targets/retry.js';
import type { Interruption } from './interrupt.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colour, prompts). */
  isTTY: boolean;
  /** True when stderr is a terminal: the status line (listing, progress, retries). Default: isTTY. */
  errIsTTY?: boolean;
  /** Environment variables for ${VAR} interpolation and secrets. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a question on the terminal and resolves to the answer (only used when isTTY); the signal abandons it. */
  ask(question: string, signal?: AbortSignal): Promise<string>;
  /** Overrides of the retry policy (DEFAULT_RETRY): tests pass a `sleep` that does not wait, or fewer attempts. */
  retry?: Partial<RetryPolicy>;
  /** SIGINT, SIGTERM and a closed stdout, as the process entry (process-main.ts) receives them. */
  interruption?: Interruption;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
  ask: async (question, signal) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // On a terminal readline reads Ctrl-C itself: pass it on as the signal it would have been.
    rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    try {
      return await rl.question(question, signal ? { signal } : {});
    } finally {
      rl.close();
    }
  },
};

export function printDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d) + '\n');
}
