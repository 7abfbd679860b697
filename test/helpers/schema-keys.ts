// The key paths a zod schema accepts, and those a plain value uses, in one notation: `a.b`, `*`
// for any record key, `[]` for array items. The property test uses them to prove that its
// generated environments use every option the environment schema has.
import type { z } from 'zod';
import { defOf, unwrapSchema } from '../../src/base/zod-def.js';

/** Every key path below `schema` (objects, records, arrays, unions; wrappers looked through). */
export function schemaKeyPaths(schema: z.ZodType, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (s: unknown, at: string) => {
    const def = defOf(unwrapSchema(s));
    switch (def.type) {
      case 'union':
        for (const option of def.options as unknown[]) walk(option, at);
        return;
      case 'array':
        return walk(def.element, `${at}[]`);
      case 'record':
        return walk(def.valueType, `${at}.*`);
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
          const path = at ? `${at}.${key}` : key;
          paths.add(path);
          walk(child, path);
        }
        return;
      default:
        return;
    }
  };
  walk(schema, prefix);
  return paths;
}

/** Every key path a plain value uses; keys of `recordAt` paths count as `*`. */
export function valueKeyPaths(value: unknown, recordAt: (path: string) => boolean, at = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((item) => walk(item, `${path}[]`));
    if (v === null || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v)) {
      const next = recordAt(path) ? `${path}.*` : path ? `${path}.${key}` : key;
      if (!recordAt(path)) paths.add(next);
      walk(child, next);
    }
  };
  walk(value, at);
  return paths;
}
