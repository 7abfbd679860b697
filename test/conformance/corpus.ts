// Where the shared corpus is. The conformance suite needs it and says so loudly when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const CORPUS = resolve(process.env.DETCTL_CORPUS ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'));

export function requireCorpus(): string {
  if (!existsSync(CORPUS)) throw new Error(`the conformance suite needs the shared corpus at ${CORPUS} (set DETCTL_CORPUS)`);
  return CORPUS;
}
