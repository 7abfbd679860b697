// Releases as JSON files in a folder (default .detctl/history/<env>/), the lock as a file created
// with O_EXCL ('wx'), so of two deploys started together exactly one gets it.
import { mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Release } from './release.js';
import { expired } from './lock-holder.js';
import { LockedError, type Lock, type LockHolder, type ReleaseStore } from './release-store.js';

export class LocalReleaseStore implements ReleaseStore {
  constructor(private readonly root: string) {}

  private dir(env: string): string {
    const dir = join(this.root, env);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async list(env: string): Promise<Release[]> {
    const dir = this.dir(env);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Release);
  }

  async get(env: string, id: string): Promise<Release | undefined> {
    const path = join(this.dir(env), `${id}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Release) : undefined;
  }

  async save(release: Release): Promise<void> {
    const dir = this.dir(release.env);
    const temp = join(dir, `.${release.id}.tmp`);
    writeFileSync(temp, JSON.stringify(release, null, 2) + '\n');
    renameSync(temp, join(dir, `${release.id}.json`)); // atomic: never a half-written release
  }

  async lock(env: string, holder: LockHolder): Promise<Lock> {
    const path = join(this.dir(env), 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, JSON.stringify(holder, null, 2) + '\n', { flag: 'wx' });
        return { holder, release: async () => removeIfHeldBy(path, holder) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = readHolder(path);
        if (current && !expired(current)) throw new LockedError(current, env);
        removeIfHeldBy(path, current); // a dead run's lock: take it over
      }
    }
    throw new LockedError(readHolder(path) ?? holder, env);
  }

  async forceUnlock(env: string): Promise<boolean> {
    const path = join(this.dir(env), 'lock');
    if (!existsSync(path)) return false;
    unlinkSync(path);
    return true;
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function removeIfHeldBy(path: string, holder: LockHolder | undefined): void {
  const current = readHolder(path);
  if (!current || !holder || (current.pid === holder.pid && current.acquiredAt === holder.acquiredAt && current.host === holder.host)) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
