// Where releases and the environment's lock live. Two stores: a local folder and an
// Elasticsearch index; both behind this interface.

import type { Release } from './release.js';

export interface LockHolder {
  host: string;
  user: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
  /** What holds it: `deploy` or `rollback`. */
  command: string;
}

export interface Lock {
  holder: LockHolder;
  release(): Promise<void>;
}

export class LockedError extends Error {
  constructor(readonly holder: LockHolder, env: string) {
    super(`environment ${env} is locked by ${holder.command} of ${holder.user}@${holder.host} (pid ${holder.pid}) since ${holder.acquiredAt}, until ${holder.expiresAt}; if that run died, wait for the expiry or pass --force-unlock`);
    this.name = 'LockedError';
  }
}

export interface ReleaseStore {
  /** Releases of the environment, oldest first. */
  list(env: string): Promise<Release[]>;
  get(env: string, id: string): Promise<Release | undefined>;
  save(release: Release): Promise<void>;
  /** Takes the environment's lock or throws LockedError naming the holder; an expired lock is taken over. */
  lock(env: string, holder: LockHolder): Promise<Lock>;
  /** Removes the lock whoever holds it (`--force-unlock`). */
  forceUnlock(env: string): Promise<boolean>;
}
