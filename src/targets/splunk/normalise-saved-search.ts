// Desired and live saved searches into one canonical form (contract §B5): REST key names, and
// each value canonicalised by the splunkd type its row in saved-search-keys.ts records, so that
// what detctl sends ("1", "4", "true") and what GET answers (true, 4, null) compare equal.
import type { Canonical } from '../target-object.js';
import type { SplunkObject } from './objects.js';
import { ALWAYS_COMPARED, restName, savedSearchKey, type SplunkdType } from './saved-search-keys.js';

/** Boolean spellings splunkd accepts for a <boolean> setting and its "0"/"1" flags. */
const TRUE = /^(1|true|t|yes|y|on)$/i;
const FALSE = /^(0|false|f|no|n|off)$/i;

/**
 * Surrounding whitespace carries no meaning in any managed value, and Splunk's conf writer and
 * reader do not keep a trailing newline; trimming both ends makes that moot on either side.
 */
const text = (value: unknown): string => String(value).trim();

function asBoolean(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  const t = text(value);
  // A value that is no boolean (alert.track's "auto") stays as written, so it still compares.
  return TRUE.test(t) ? '1' : FALSE.test(t) ? '0' : t;
}

function asNumber(value: unknown): string {
  const t = text(value);
  // "4", 4 and 4.0 are one number; text that is not a number stays as written.
  return t !== '' && Number.isFinite(Number(t)) ? String(Number(t)) : t;
}

/** One canonicaliser per splunkd type: the whole mechanism, driven by the key table. */
const CANONICAL: Record<SplunkdType, (value: unknown) => string> = {
  boolean: asBoolean,
  'boolean-or-null': asBoolean,
  'flag-string': asBoolean,
  number: asNumber,
  string: text,
  'json-string': text,
};

/** A value of a key (REST name) in canonical form; null and absent mean unset, i.e. the default. */
export function canonicalValue(key: string, value: unknown): string {
  const row = savedSearchKey(key);
  return CANONICAL[row.type](value === null || value === undefined ? row.default : value);
}

/** The desired content (conf or REST names, strings) in canonical form, defaults filled in. */
export function canonicalDesired(content: Record<string, string>): Canonical {
  const out: Record<string, string> = {};
  for (const key of ALWAYS_COMPARED) out[key] = canonicalValue(key, undefined);
  for (const [key, value] of Object.entries(content)) {
    const rest = restName(key);
    out[rest] = canonicalValue(rest, value);
  }
  return sorted(out);
}

/** The keys (REST names) compared for a saved search with this desired content. */
export function managedKeys(content: Record<string, string>): string[] {
  return [...new Set([...ALWAYS_COMPARED, ...Object.keys(content).map(restName)])];
}

/** A live object's content (everything splunkd returned) restricted to the keys the desired one manages. */
export function canonicalLive(content: Record<string, unknown>, managedKeys: Iterable<string>): Canonical {
  const out: Record<string, string> = {};
  for (const key of managedKeys) out[key] = canonicalValue(key, content[key]);
  return sorted(out);
}

/**
 * `o` with its keys in code-unit order. Sorting the keys alone (Array#sort's default order is
 * code-unit order) and copying in that order is cheaper than sorting entries: it runs for every
 * desired and every listed saved search of a plan.
 */
function sorted(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(o).sort()) out[key] = o[key]!;
  return out;
}

/** The form parameters a write sends: every managed key by REST name, so unset keys go back to their defaults. */
export function restParams(content: Record<string, string>): Record<string, string> {
  return canonicalDesired(content) as Record<string, string>;
}

const MACRO_KEYS = ['definition', 'args', 'description', 'iseval'];

/** A macro's canonical form: its four managed keys as strings, unset ones empty, without trailing newlines. */
export function canonicalMacro(content: Record<string, unknown>): Canonical {
  return Object.fromEntries(MACRO_KEYS.map((k) => [k, content[k] === undefined || content[k] === null ? '' : String(content[k]).replace(/\n+$/, '')]));
}

/** The canonical form of a desired saved search or macro. */
export function canonicalSplunkObject(object: SplunkObject): Canonical {
  return object.kind === 'macro' ? canonicalMacro(object.content) : canonicalDesired(object.content);
}
