// Renames: a rule whose object's identity changed (a Splunk saved search is named after the rule's
// title; a watch after its id, or its title when it has none) shows as one `replace` per target —
// create the new object, then delete the old — instead of an unlinked create and delete.
//
// A create and a delete are paired when they are of the same target and kind and come from the
// same rule. The desired object names its rule (`source`, the rule file); a live object may not
// (a saved search carries nothing of detctl's), so the old object's rule is read from the last
// release, which records every object it deployed with its `source`. The plan stays pure: the
// caller reads the release and passes the mapping in (ruleIndex).
import { objectKey, encodeObjectKey, byObjectKey } from '../targets/object-key.js';
import type { Canonical, TargetObject } from '../targets/target-object.js';
import { diffFields } from './diff-fields.js';
import type { PlannedChange } from './model.js';

/** Object key (encodeObjectKey) → the rule (file) it came from: what pairs renames. */
export type RuleIndex = ReadonlyMap<string, string>;

/** The rule of each object, from a release's desired objects (those of kinds no provider knows are skipped). */
export function ruleIndex(objects: readonly TargetObject[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const object of objects) {
    try {
      index.set(encodeObjectKey(objectKey(object)), object.source);
    } catch {
      // a kind this detctl does not deploy: it cannot be in a plan either
    }
  }
  return index;
}

/**
 * `changes` with each create and delete that come from one rule (same target and kind) turned into
 * one replace. A rule's creates and deletes are paired only when there are as many of each, in id
 * order (a rule rendering several objects numbers them alike); otherwise they stay as they are.
 */
export function pairRenames(changes: readonly PlannedChange[], previousRules: RuleIndex, canonicalOf: (create: PlannedChange) => Canonical): PlannedChange[] {
  if (previousRules.size === 0) return [...changes];
  const creates = new Map<string, PlannedChange[]>();
  const deletes = new Map<string, PlannedChange[]>();
  const group = (c: PlannedChange, rule: string) => JSON.stringify([c.target, c.kind, rule]);
  for (const change of changes) {
    if (change.action === 'create' && change.source !== undefined) push(creates, group(change, change.source), change);
    if (change.action === 'delete') {
      const rule = previousRules.get(encodeObjectKey(change));
      if (rule !== undefined) push(deletes, group(change, rule), change);
    }
  }
  const paired = new Set<PlannedChange>();
  const replaces: PlannedChange[] = [];
  for (const [key, made] of creates) {
    const gone = deletes.get(key);
    if (!gone || gone.length !== made.length) continue;
    made.sort(byObjectKey);
    gone.sort(byObjectKey);
    made.forEach((create, i) => {
      const old = gone[i];
      paired.add(create).add(old);
      replaces.push({
        action: 'replace',
        target: create.target,
        kind: create.kind,
        id: create.id,
        source: create.source,
        desired: create.desired,
        live: old.live,
        renamedFrom: old.id,
        fields: diffFields(old.live!.canonical, canonicalOf(create)),
      });
    });
  }
  return [...changes.filter((c) => !paired.has(c)), ...replaces];
}

/**
 * What applying a change does, as the plain changes apply knows: a replace is a create of the new
 * object and a delete of the old one (apply writes every create before any delete); any other
 * change is itself.
 */
export function applySteps(change: PlannedChange): PlannedChange[] {
  if (change.action !== 'replace') return [change];
  const { target, kind, source, desired, live, renamedFrom } = change;
  return [
    { action: 'create', target, kind, id: change.id, ...(source !== undefined ? { source } : {}), desired, fields: [] },
    { action: 'delete', target, kind, id: renamedFrom!, live, fields: [] },
  ];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
