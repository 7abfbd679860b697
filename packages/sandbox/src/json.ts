// JSON values as both servers store them, and the few operations on them the stand-ins share.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Elasticsearch's partial-document update (XContentHelper.update): objects merge key by key,
 * anything else (arrays included) is replaced. Keys the change does not mention survive, which
 * is why a versioned watch PUT can keep an action the caller removed.
 */
export function mergeInto(target: JsonObject, changes: JsonObject): JsonObject {
  const merged: JsonObject = { ...target };
  for (const [key, value] of Object.entries(changes)) {
    const old = merged[key];
    merged[key] = isObject(old) && isObject(value) ? mergeInto(old, value) : value;
  }
  return merged;
}

/** The Jackson token name Elasticsearch puts in its parse errors. */
export function tokenName(value: Json | undefined): string {
  if (value === undefined) return 'END_OBJECT';
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'object':
      return 'START_OBJECT';
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    default:
      return 'VALUE_BOOLEAN';
  }
}
