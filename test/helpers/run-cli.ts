// Runs the CLI in-process with captured output, as a user would run it from a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { RetryPolicy } from '../../src/targets/retry.js';
import { tempDir } from './temp-dir.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `isTTY`: stdout is a terminal (`columns` wide); `errIsTTY` and `inIsTTY` (stderr, stdin) default to it, as CliIO does. */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; columns?: number; errIsTTY?: boolean; inIsTTY?: boolean; answer?: string; retry?: Partial<RetryPolicy> }): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: options.isTTY ?? false,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    ...(options.errIsTTY !== undefined ? { errIsTTY: options.errIsTTY } : {}),
    ...(options.inIsTTY !== undefined ? { inIsTTY: options.inIsTTY } : {}),
    env: options.env ?? {},
    cwd: options.cwd,
    ask: async (question) => {
      err += question;
      return options.answer ?? '';
    },
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { code, out, err };
}

/** A temporary folder holding the given files (path → content), removed when the test process exits (temp-dir.ts). */
export function tempProject(files: Record<string, string>): string {
  const root = tempDir('detctl-test-');
  writeFiles(root, files);
  return root;
}

/** Writes files (path below `root` → content), making folders as needed. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
