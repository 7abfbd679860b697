// Reading a zod schema's structure (its `_zod.def`), for the code that walks schemas: the
// "did you mean" key lookup (yaml-tree.ts) and the property test's option coverage. Which def
// types are mere wrappers around another schema is said once, here.
export type SchemaDef = { type: string; [key: string]: unknown };

export const defOf = (schema: unknown): SchemaDef => (schema as { _zod: { def: SchemaDef } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema below wrappers, pipes (their input side) and lazy getters. */
export function unwrapSchema(schema: unknown): unknown {
  for (;;) {
    const def = defOf(schema);
    if (WRAPPERS.has(def.type)) schema = def.innerType;
    else if (def.type === 'pipe') schema = def.in;
    else if (def.type === 'lazy') schema = (def.getter as () => unknown)();
    else return schema;
  }
}
