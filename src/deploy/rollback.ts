// The rollback use case's first half: which release to restore, and its objects as the desired
// state. The second half is `deploy` with that desired state and `rollbackOf`.
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { previousRelease } from '../history/release-history.js';
import type { Release } from '../history/release.js';
import { encodeObjectKey, objectKey } from '../targets/object-key.js';
import { providerOfKind, type DesiredObject } from '../targets/registry.js';

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
  let releases: Release[];
  try {
    releases = await (await createReleaseStore(environment, projectDir)).list(environment.name);
    release = to ? releases.find((r) => r.id === to) : previousRelease(releases);
  } catch (error) {
    return { status: 'history-error', message: (error as Error).message };
  }
  if (!release) return to ? { status: 'no-such-release', id: to } : { status: 'no-previous-release' };
  const known = new Set(targetNames);
  const missing = Object.keys(release.targets).filter((t) => !known.has(t));
  if (missing.length > 0) return { status: 'missing-targets', release, targets: missing };
  const desired = Object.values(release.targets).flatMap((t) => t.desired);
  return { status: 'selected', release, desired: [...desired, ...givenBack(release, releases, desired)] };
}

/**
 * The objects adopted after `release` that it did not manage, given back as they were before their
 * adoption (docs/import.md, "Rollback"): restoring a release restores what was live then, and an
 * adopted object was live then as somebody else's — so it is written back without ownership,
 * never deleted. The earliest adoption of each object after the release has its pre-image.
 */
function givenBack(release: Release, releases: readonly Release[], desired: readonly DesiredObject[]): DesiredObject[] {
  const managed = new Set(desired.map((o) => encodeObjectKey(objectKey(o))));
  const out: DesiredObject[] = [];
  for (const later of releases.slice(releases.indexOf(release) + 1)) {
    for (const [target, t] of Object.entries(later.targets)) {
      for (const { kind, id } of t.adopted ?? []) {
        const key = encodeObjectKey({ target, kind, id });
        const preImage = t.preImages.find((p) => p.kind === kind && p.id === id);
        if (managed.has(key) || !preImage) continue;
        const provider = providerOfKind(kind);
        if (!provider.giveBack) continue;
        managed.add(key);
        const adopted = t.desired.find((o) => encodeObjectKey(objectKey(o)) === key);
        out.push(provider.giveBack(preImage, adopted, `(as before release ${later.id} adopted it)`) as DesiredObject);
      }
    }
  }
  return out;
}
