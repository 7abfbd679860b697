// A fingerprint of everything a target listed, recorded in a saved plan so that `deploy --plan`
// can refuse to carry out a plan made against a state that has since moved. Apply must compute it
// with this same function over a fresh listing.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../base/canonical-json.js';
import { byCodeUnit } from '../base/code-unit-order.js';
import { byObjectKey } from '../targets/object-key.js';
import type { LiveObject } from '../targets/target-object.js';

/**
 * contentHash of the (target, kind, id, owned, canonical) of every live object, sorted, so listing
 * order never matters. `owned` is part of it because a change of ownership turns an update into
 * a collision. Only the canonical form counts: server bookkeeping (a watch's `_seq_no`, its
 * execution status) moves without changing what the plan would do.
 */
export function fingerprintLive(live: readonly LiveObject[]): string {
  const entries = live
    .map((o) => ({ target: o.target, kind: o.kind, id: o.id, owned: o.owned, canonical: o.canonical }))
    .sort((a, b) => byObjectKey(a, b) || byCanonical(a, b));
  // contentHash of the array of entries, fed to the hash one entry at a time: the same bytes
  // (`[`, the entries' canonical JSON joined by `,`, `]`) without one string of the whole listing.
  const hash = createHash('sha256').update('[');
  entries.forEach((e, i) => hash.update((i > 0 ? ',' : '') + canonicalJson([e.target, e.kind, e.id, e.owned, e.canonical])));
  return hash.update(']').digest('hex');
}

/** Only for duplicates of one key, which a target should never list; keeps the hash stable anyway. */
function byCanonical(a: Pick<LiveObject, 'owned' | 'canonical'>, b: Pick<LiveObject, 'owned' | 'canonical'>): number {
  const x = canonicalJson([a.owned, a.canonical]);
  const y = canonicalJson([b.owned, b.canonical]);
  return byCodeUnit(x, y);
}
