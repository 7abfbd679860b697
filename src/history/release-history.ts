// Questions about an environment's list of releases.
import { objectKey, objectPath } from '../targets/object-key.js';
import type { Release } from './release.js';

/**
 * The release to roll back to by default: the one before the current. The current state is the
 * newest release; a rollback release counts as the state it restored, so rolling back twice
 * walks further back instead of flipping between two releases.
 */
export function previousRelease(releases: Release[]): Release | undefined {
  if (releases.length < 2) return undefined;
  const byId = new Map(releases.map((r) => [r.id, r]));
  let current = releases[releases.length - 1];
  while (current.rollbackOf && byId.has(current.rollbackOf)) current = byId.get(current.rollbackOf)!;
  const index = releases.indexOf(current);
  return index > 0 ? releases[index - 1] : undefined;
}

/** Objects of a release keyed `target/kind/id` (objectPath), for comparing two releases. */
export function releaseObjects(release: Release): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [target, t] of Object.entries(release.targets)) {
    for (const o of t.desired) out.set(objectPath({ ...objectKey(o), target }), o);
  }
  return out;
}
