// Where the CLI writes. Tests pass their own to capture output without a subprocess.
import { createInterface } from 'node:readline/promises';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { RetryPolicy } from '../targets/retry.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colour, prompts, progress bars). */
  isTTY: boolean;
  /** Environment variables for ${VAR} interpolation and secrets. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a question on the terminal and resolves to the answer (only used when isTTY). */
  ask(question: string): Promise<string>;
  /** Overrides of the retry policy (DEFAULT_RETRY): tests pass a `sleep` that does not wait, or fewer attempts. */
  retry?: Partial<RetryPolicy>;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

export function printDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d) + '\n');
}
