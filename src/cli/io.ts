// Where the CLI writes. Tests pass their own to capture output without a subprocess.
import { fstatSync, statSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { RetryPolicy } from '../targets/retry.js';
import type { Interruption } from './interrupt.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: colour in what goes to stdout. */
  isTTY: boolean;
  /** The terminal's width when stdout is one (help is wrapped to it). */
  columns?: number;
  /** True when stderr is a terminal: the status line (listing, progress, retries) and colour on stderr. Default: isTTY. */
  errIsTTY?: boolean;
  /** True when stdin is a terminal: confirmation prompts (asked on stderr). Default: isTTY. */
  inIsTTY?: boolean;
  /** Environment variables for ${VAR} interpolation and secrets. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a question on the terminal and resolves to the answer (only used when inIsTTY); the signal abandons it. */
  ask(question: string, signal?: AbortSignal): Promise<string>;
  /** Overrides of the retry policy (DEFAULT_RETRY): tests pass a `sleep` that does not wait, or fewer attempts. */
  retry?: Partial<RetryPolicy>;
  /** SIGINT, SIGTERM and a closed stdout, as the process entry (process-main.ts) receives them. */
  interruption?: Interruption;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // Getters: Node sets a standard stream up when it is first touched (2–5 ms each), so a command
  // that never asks (`--help`, a clean `convert`) does not pay for it.
  get isTTY() {
    return stdoutIsTerminal();
  },
  get columns() {
    return stdoutIsTerminal() ? process.stdout.columns : undefined;
  },
  get errIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
  get inIsTTY() {
    return Boolean(process.stdin.isTTY);
  },
  env: process.env,
  cwd: process.cwd(),
  ask: async (question, signal) => {
    // Loaded here: only a confirmation prompt needs readline, and start-up is shorter without it.
    const { createInterface } = await import('node:readline/promises');
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

let stdoutTerminal: boolean | undefined;

/**
 * Whether stdout is a terminal. A file, a pipe or /dev/null is told by its file type alone, without
 * building process.stdout (which Node does only to answer isTTY, 4–10 ms: for a pipe it loads the
 * net module); only a character device other than /dev/null is asked of Node.
 */
function stdoutIsTerminal(): boolean {
  if (stdoutTerminal === undefined) {
    let other = true;
    try {
      const stdout = fstatSync(1);
      other = stdout.isCharacterDevice() && stdout.rdev !== statSync('/dev/null').rdev;
    } catch {
      // closed or unknown: Node decides
    }
    stdoutTerminal = other && Boolean(process.stdout.isTTY);
  }
  return stdoutTerminal;
}

/** `base` with `overrides` over it, its getters kept as getters (a spread would call them). */
export function withIO(base: CliIO, overrides: Partial<CliIO>): CliIO {
  return Object.defineProperties({} as CliIO, { ...Object.getOwnPropertyDescriptors(base), ...Object.getOwnPropertyDescriptors(overrides) });
}

export function printDiagnostics(io: CliIO, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d) + '\n');
}

/** Whether stderr is a terminal (the status line, colour on stderr). */
export function stderrIsTTY(io: CliIO): boolean {
  return io.errIsTTY ?? io.isTTY;
}

/** Whether stdin is a terminal (confirmation prompts). */
export function stdinIsTTY(io: CliIO): boolean {
  return io.inIsTTY ?? io.isTTY;
}

/**
 * Whether to colour what a command writes to `stream`, decided per stream: off with `--no-color`
 * (`flag` false); else FORCE_COLOR decides when set (`0` or `false`: off, any other value: on,
 * as Node.js reads it); else off when NO_COLOR is set to anything but the empty string
 * (https://no-color.org) or TERM is `dumb`; else on when that stream is a terminal.
 */
export function colorFor(io: CliIO, stream: 'out' | 'err', flag = true): boolean {
  if (!flag) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (io.env.NO_COLOR) return false;
  if (io.env.TERM === 'dumb') return false;
  return stream === 'out' ? io.isTTY : stderrIsTTY(io);
}
