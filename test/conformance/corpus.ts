// Where the shared corpus is. The conformance suite needs it and says so loudly when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJsonValues } from '../../src/ruletest/json-values.js';

export const CORPUS = resolve(process.env.DETCTL_CORPUS ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'));

export function requireCorpus(): string {
  if (!existsSync(CORPUS)) throw new Error(`the conformance suite needs the shared corpus at ${CORPUS} (set DETCTL_CORPUS)`);
  return CORPUS;
}

/** The events of one SigmaHQ regression file, read as `detctl test` reads them (several JSON objects one after another). */
export function readRegressionEvents(path: string): unknown[] {
  const { values, diagnostics } = readJsonValues(readFileSync(path, 'utf8'), path);
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return values.map((v) => v.value);
}
