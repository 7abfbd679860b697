// Where the shared corpus is. The conformance suite needs it and says so loudly when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CORPUS = resolve(process.env.DETCTL_CORPUS ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'));

export function requireCorpus(): string {
  if (!existsSync(CORPUS)) throw new Error(`the conformance suite needs the shared corpus at ${CORPUS} (set DETCTL_CORPUS)`);
  return CORPUS;
}

/** The events of one SigmaHQ regression file: one JSON document, or several written one after another. */
export function readRegressionEvents(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  // Each document starts at a `{` at the start of a line (the files are pretty-printed).
  const starts = [...text.matchAll(/^\{/gm)].map((m) => m.index);
  return starts.map((start, i) => JSON.parse(text.slice(start, starts[i + 1])) as unknown);
}
