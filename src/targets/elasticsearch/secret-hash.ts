// A stand-in for a secret in comparisons. Watcher never shows a stored password again (GET writes
// "::es_redacted::"), so a change of the password could not be seen in a diff. The watch keeps a
// slow, salted hash of it in its metadata instead: it changes when the secret does, and it is
// costly to guess a password from (scrypt), unlike a plain digest would be.
import { scryptSync } from 'node:crypto';

const computed = new Map<string, string>();

/** scrypt(secrets, salt), hex; the same inputs are hashed once per process. */
export function secretHash(secrets: readonly string[], salt: string): string {
  const key = JSON.stringify([secrets, salt]);
  let hash = computed.get(key);
  if (hash === undefined) {
    hash = scryptSync(JSON.stringify(secrets), `detctl:${salt}`, 16).toString('hex');
    computed.set(key, hash);
  }
  return hash;
}
