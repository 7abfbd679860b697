// The one key of an object, desired or live: (target, kind, identity). Matching desired against
// live, detecting duplicates, ordering plans and comparing releases all go through it.
import { byCodeUnit } from '../base/code-unit-order.js';
import { objectKind } from './registry.js';
import type { LiveObject, TargetObject } from './target-object.js';

export interface ObjectKey {
  target: string;
  kind: string;
  /** A watch's id, a saved search's or macro's name: whatever its kind's provider says identifies it. */
  id: string;
}

/** A live object carries its identity as `id`; a desired object's is read as its kind's provider says. */
export function objectKey(object: TargetObject | LiveObject): ObjectKey {
  const id = isLive(object) ? object.id : objectKind(object.kind).identity(object);
  return { target: object.target, kind: object.kind, id };
}

function isLive(object: TargetObject | LiveObject): object is LiveObject {
  return 'canonical' in object && 'owned' in object;
}

/** The key as a string, for maps (reversible: decodeObjectKey). */
export function encodeObjectKey(key: ObjectKey): string {
  return JSON.stringify([key.target, key.kind, key.id]);
}

export function decodeObjectKey(encoded: string): ObjectKey {
  const [target, kind, id] = JSON.parse(encoded) as [string, string, string];
  return { target, kind, id };
}

/** `target/kind/id`, the key as `releases show` prints it. */
export function objectPath(key: ObjectKey): string {
  return `${key.target}/${key.kind}/${key.id}`;
}

/** `saved search "X" on target "splunk"`, for messages. */
export function describeObject(key: ObjectKey): string {
  return `${objectKind(key.kind).label} "${key.id}" on target "${key.target}"`;
}

/**
 * The one order objects are listed in: by target, then kind, then id, each compared by code unit
 * (kinds sort `macro` < `saved-search` < `watch`).
 */
export function byObjectKey(a: ObjectKey, b: ObjectKey): number {
  return byCodeUnit(a.target, b.target) || byCodeUnit(a.kind, b.kind) || byCodeUnit(a.id, b.id);
}
