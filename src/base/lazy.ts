// A value built on its first use and kept from then on.
//
// Why: zod schemas built when their module loads cost every start of the CLI, though most runs
// never use them (a valid Sigma rule is checked without zod: rules/sigma/schema.ts
// acceptCommonRule). Built on first use, a run that validates nothing through zod does not load
// zod at all (the bundle loads it on first use: scripts/bundle.mjs).
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
