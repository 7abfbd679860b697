// A stable hash of a rendered object: JSON with sorted keys, so key order never changes it.
//
// On the hot path of every plan (the content hash of each rendered watch, the unchanged check of
// each object), so written as loops over strings: the first form (entries, filter, sort, map,
// join) was the largest single cost of planning 5,000 objects. The output is the same: keys in
// code-unit order (Array#sort's default order, as the `<` comparison it replaces), keys whose
// value is undefined left out, array holes and undefined items empty as Array#join makes them.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // What serialises to nothing (undefined, a function) is empty, as Array#join made it.
      out += canonicalJson(value[i]) ?? '';
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += quotedKey(key) + ':' + canonicalJson(item);
  }
  return out + '}';
}

/**
 * JSON.stringify(key), remembered: the objects of a plan share a few hundred key names, and
 * looking one up costs less than quoting it again (a third of canonicalJson's time over 2,500
 * watches). Bounded, since keys may come from user data (metadata).
 */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Exactly `canonicalJson(a) === canonicalJson(b)`, without building either string: walks both
 * values at once and stops at the first difference (most objects of a plan are unchanged).
 * Items of two arrays of one length, and values of one key, compare on their own because their
 * serialisations hold no top-level comma: the joined strings are equal only if each part is.
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aObject = a !== null && typeof a === 'object';
  const bObject = b !== null && typeof b === 'object';
  if (!aObject || !bObject) return !aObject && !bObject && JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    // Other lengths can still serialise alike ([undefined] and [] are both `[]`): compare the text.
    if (a.length !== y.length) return canonicalJson(a) === canonicalJson(y);
    for (let i = 0; i < a.length; i++) if (!canonicalEqual(a[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let unmatched = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    if (y[key] === undefined || !canonicalEqual(x[key], y[key])) return false;
    unmatched++;
  }
  // Every defined key of x is defined in y with an equal value; y must have no other.
  for (const key of Object.keys(y)) if (y[key] !== undefined) unmatched--;
  return unmatched === 0;
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
