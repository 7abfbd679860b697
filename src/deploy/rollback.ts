// The rollback use case's first half: which release to restore, and its objects as the desired
// state. The second half is `deploy` with that desired state and `rollbackOf`.
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { previousRelease } from '../history/release-history.js';
import type { Release } from '../history/release.js';
import type { DesiredObject } from '../targets/registry.js';

export type RollbackSelection =
  | { status: 'selected'; release: Release; desired: DesiredObject[] }
  | { status: 'history-error'; message: string }
  | { status: 'no-such-release'; id: string }
  | { status: 'no-previous-release' }
  /** The release has objects for targets the environment no longer has. */
  | { status: 'missing-targets'; release: Release; targets: string[] };

/** The release `to` names, or by default the one before the current (previousRelease). */
export async function selectRollback(environment: Environment, projectDir: string, targetNames: readonly string[], to?: string): Promise<RollbackSelection> {
  let release: Release | undefined;
  try {
    const releases = await (await createReleaseStore(environment, projectDir)).list(environment.name);
    release = to ? releases.find((r) => r.id === to) : previousRelease(releases);
  } catch (error) {
    return { status: 'history-error', message: (error as Error).message };
  }
  if (!release) return to ? { status: 'no-such-release', id: to } : { status: 'no-previous-release' };
  const known = new Set(targetNames);
  const missing = Object.keys(release.targets).filter((t) => !known.has(t));
  if (missing.length > 0) return { status: 'missing-targets', release, targets: missing };
  return { status: 'selected', release, desired: Object.values(release.targets).flatMap((t) => t.desired) };
}
