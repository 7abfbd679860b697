// The rule paths a command works on: the arguments, or the project's rules/ folder.
import { resolve } from 'node:path';
import type { CliIO } from './io.js';

export interface ProjectOptions {
  dir?: string;
}

/** The project folder (`--dir`, default the current folder). */
export function projectDir(io: CliIO, options: ProjectOptions): string {
  return resolve(io.cwd, options.dir ?? '.');
}

/** Paths as given are relative to the current folder; without any, the project's rules/. */
export function rulePaths(paths: string[]): string[] {
  return paths.length > 0 ? paths : ['rules'];
}
