// The one table of target providers. Adding a target type is a folder beside elasticsearch/ and
// splunk/ exporting a provider, plus its entry here; every list of target types, object kinds and
// settings schemas elsewhere is derived from this table.
import { elasticsearchProvider } from './elasticsearch/provider.js';
import { splunkProvider } from './splunk/provider.js';
import type { ObjectKindInfo, TargetProvider } from './provider.js';

export const PROVIDERS = [elasticsearchProvider, splunkProvider] as const;

type Providers = typeof PROVIDERS;
type AnyProvider = TargetProvider<any, any, any>;

/** `'elasticsearch' | 'splunk'`: the `type:` values an environment's targets may have. */
export type TargetType = Providers[number]['type'];
export const TARGET_TYPES = PROVIDERS.map((p) => p.type) as TargetType[];

/** The settings schemas, as a tuple (for the environment schema's discriminated union). */
export const TARGET_SETTINGS_SCHEMAS = PROVIDERS.map((p) => p.settingsSchema) as unknown as SettingsSchemas;
type SchemasOf<T extends readonly unknown[]> = T extends readonly [{ settingsSchema: infer S }, ...infer Rest] ? [S, ...SchemasOf<Rest>] : [];
type SettingsSchemas = SchemasOf<Providers>;

/** Every object any provider renders. */
export type DesiredObject = Parameters<Providers[number]['canonical']>[0];
export type ObjectKind = DesiredObject['kind'];

const byType = new Map<string, AnyProvider>(PROVIDERS.map((p) => [p.type, p]));

const kinds = new Map<string, { provider: AnyProvider; info: ObjectKindInfo }>();
for (const provider of PROVIDERS) {
  for (const [kind, info] of Object.entries<ObjectKindInfo>(provider.kinds)) {
    if (kinds.has(kind)) throw new Error(`object kind '${kind}' is declared by both ${kinds.get(kind)!.provider.type} and ${provider.type}`);
    kinds.set(kind, { provider, info });
  }
}

/** Every object kind, in table order (a saved plan may hold these). */
export const OBJECT_KINDS = [...kinds.keys()] as ObjectKind[];

/** The provider of a target type (the type comes from validated settings, so it is known). */
export function providerOf(type: string): AnyProvider {
  const provider = byType.get(type);
  if (!provider) throw new Error(`no provider for target type '${type}'`);
  return provider;
}

/** The provider that renders objects of a kind. */
export function providerOfKind(kind: string): AnyProvider {
  return kindEntry(kind).provider;
}

/** What its provider says about an object kind: identity, label, rename hint, schema. */
export function objectKind(kind: string): ObjectKindInfo {
  return kindEntry(kind).info;
}

function kindEntry(kind: string) {
  const entry = kinds.get(kind);
  if (!entry) throw new Error(`no provider renders objects of kind '${kind}'`);
  return entry;
}
