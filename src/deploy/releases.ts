// The releases use cases: an environment's releases, and one release with what changed against
// the release before it.
import { canonicalJson } from '../base/canonical-json.js';
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { releaseObjects } from '../history/release-history.js';
import type { Release } from '../history/release.js';

export interface ReleaseChange {
  /** `target/kind/id` (objectPath). */
  object: string;
  change: 'added' | 'removed' | 'changed';
}

/** Oldest first. Rejects when the history store cannot be read. */
export async function listReleases(environment: Environment, projectDir: string): Promise<Release[]> {
  return (await createReleaseStore(environment, projectDir)).list(environment.name);
}

/** The release with that id, the one before it, and the changes between them; undefined when there is none. */
export function showRelease(releases: Release[], id: string): { release: Release; previous?: Release; changes: ReleaseChange[] } | undefined {
  const index = releases.findIndex((r) => r.id === id);
  if (index < 0) return undefined;
  const previous = index > 0 ? releases[index - 1] : undefined;
  return { release: releases[index], ...(previous ? { previous } : {}), changes: compareReleases(previous, releases[index]) };
}

/** Objects added, removed or changed from `before` (none: the first release) to `after`, by object path. */
export function compareReleases(before: Release | undefined, after: Release): ReleaseChange[] {
  const a = before ? releaseObjects(before) : new Map<string, unknown>();
  const b = releaseObjects(after);
  const out: ReleaseChange[] = [];
  for (const [k, v] of b) {
    if (!a.has(k)) out.push({ object: k, change: 'added' });
    else if (canonicalJson(a.get(k)) !== canonicalJson(v)) out.push({ object: k, change: 'changed' });
  }
  for (const k of a.keys()) if (!b.has(k)) out.push({ object: k, change: 'removed' });
  return out.sort((x, y) => (x.object < y.object ? -1 : 1));
}
