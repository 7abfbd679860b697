// Desired and live saved searches into one canonical form (contract §B5): REST key names, values
// typed as splunkd means them, and only the keys detctl manages.
import type { Canonical } from '../../plan/model.js';
import { ALWAYS_COMPARED, keyType, normaliseValue, restName } from './saved-search-keys.js';

/** The desired content (conf names, strings) in canonical form, defaults filled in. */
export function canonicalDesired(content: Record<string, string>): Canonical {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(ALWAYS_COMPARED)) out[key] = spec.default ?? '';
  for (const [key, value] of Object.entries(content)) {
    const rest = restName(key);
    out[rest] = normaliseValue(keyType(rest), value);
  }
  return sorted(out);
}

/** The keys (REST names) compared for a saved search with this desired content. */
export function managedKeys(content: Record<string, string>): string[] {
  return [...new Set([...Object.keys(ALWAYS_COMPARED), ...Object.keys(content).map(restName)])];
}

/** A live object's content (everything splunkd returned) restricted to the keys the desired one manages. */
export function canonicalLive(content: Record<string, unknown>, managedKeys: Iterable<string>): Canonical {
  const out: Record<string, string> = {};
  for (const key of managedKeys) {
    const value = key in content ? content[key] : ALWAYS_COMPARED[key]?.default;
    out[key] = normaliseValue(keyType(key), value);
  }
  return sorted(out);
}

function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The form parameters a write sends: every managed key by REST name, so unset keys go back to their defaults. */
export function restParams(content: Record<string, string>): Record<string, string> {
  return canonicalDesired(content) as Record<string, string>;
}
