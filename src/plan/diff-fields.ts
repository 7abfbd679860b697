// Field-level differences between two canonical objects: what a reviewer reads and what decides
// between update and no-op. Objects are walked key by key; arrays and scalars are compared whole,
// because an array's meaning rarely survives being split by index (a query's `must` list, an
// email's recipients). Paths use the notation of field-path.ts.
import { canonicalEqual } from '../base/canonical-json.js';
import type { Canonical } from '../targets/target-object.js';
import type { FieldChange } from './model.js';
import { formatFieldPath } from './field-path.js';
import { byCodeUnit } from '../base/code-unit-order.js';

/**
 * The changed fields, sorted by path (keys in code-unit order, level by level). A side that is
 * `undefined` is an absent object: every field of the other side is then new (or removed).
 * An `undefined` value counts as an absent key, as it does in JSON.
 */
export function diffFields(before: Canonical | undefined, after: Canonical | undefined): FieldChange[] {
  // Most objects of a plan are unchanged: one comparison of the whole serialised value settles those.
  if (before !== undefined && after !== undefined && canonicalEqual(before, after)) return [];
  const changes: FieldChange[] = [];
  walk([], before, after, changes);
  return changes;
}

function walk(path: string[], before: unknown, after: unknown, out: FieldChange[]): void {
  if (isBranch(before, after)) {
    const a = (before ?? {}) as Record<string, unknown>;
    const b = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byCodeUnit);
    for (const key of keys) walk([...path, key], a[key], b[key], out);
    return;
  }
  if (before === undefined && after === undefined) return;
  if (before !== undefined && after !== undefined && canonicalEqual(before, after)) return;
  out.push({
    path: formatFieldPath(path),
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  });
}

/**
 * Recurse when both sides are objects or absent and at least one has keys. An empty object
 * against an absent one stays a leaf, so that adding or removing `{}` is still reported.
 */
function isBranch(before: unknown, after: unknown): boolean {
  const sides = [before, after];
  return sides.every((v) => v === undefined || isPlainObject(v)) && sides.some((v) => isPlainObject(v) && hasFields(v));
}

function hasFields(value: Record<string, unknown>): boolean {
  return Object.values(value).some((v) => v !== undefined);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
