// Secrets by reference (docs/deploy.md, "Secrets"): a value that came from `${VAR}` in the
// environment file is kept as its reference text `${VAR}` in everything detctl renders, plans,
// records and prints, and resolved to the value only in a request body sent to a server.
//
// Only the variables the environment file itself references are ever resolved: rule text may hold
// a literal `${IFS}` or `${input}` (Sigma rules do), which is left alone.

/** A variable the environment file references, with its value (undefined: not set). */
export interface Reference {
  name: string;
  value: string | undefined;
}

export type References = readonly Reference[];

/** `${NAME}`: what interpolation replaces and resolution looks for. */
export const REFERENCE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Shorter values are not hidden: replacing every "ab" would wreck the text and hide nothing. */
export const MIN_SECRET_LENGTH = 4;

export const referenceText = (name: string) => `\${${name}}`;

/** The values worth hiding, longest first (a value that contains another goes before it). */
function hideable(references: References): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const r of references) if (r.value !== undefined && r.value.length >= MIN_SECRET_LENGTH) out.push({ name: r.name, value: r.value });
  return out.sort((a, b) => b.value.length - a.value.length);
}

/** The forms a value may take in text: as written, inside a JSON string, and in base64. */
function textForms(name: string, value: string): [string, string][] {
  const forms: [string, string][] = [[value, referenceText(name)]];
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push([json, referenceText(name)]);
  for (const b64 of [Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64').replace(/=+$/, '')]) {
    if (b64.length >= MIN_SECRET_LENGTH) forms.push([b64, `\${${name}:base64}`]);
  }
  return forms;
}

const replaceAll = (text: string, from: string, to: string) => (text.includes(from) ? text.split(from).join(to) : text);

/**
 * A function giving a string with every value from the environment replaced by its reference
 * (reverse interpolation): the values to hide are picked and ordered once, not per string, and a
 * string shorter than the shortest value is returned as it is (it cannot hold one).
 */
export function stringHider(references: References): (text: string) => string {
  const values = hideable(references);
  if (values.length === 0) return (text) => text;
  const shortest = values[values.length - 1]!.value.length;
  return (text) => (text.length < shortest ? text : hideWith(text, values));
}

function hideWith(text: string, values: readonly { name: string; value: string }[]): string {
  let result = text;
  for (const { name, value } of values) result = replaceAll(result, value, referenceText(name));
  return result;
}

/**
 * Output text (plans, messages, JSON) with every value replaced by its reference: as written, as it
 * appears inside a JSON string, and its base64 (shown as `${NAME:base64}`).
 */
export function hideInText(text: string, references: References): string {
  const forms = hideable(references).flatMap((r) => textForms(r.name, r.value));
  let result = text;
  for (const [from, to] of forms.sort((a, b) => b[0].length - a[0].length)) result = replaceAll(result, from, to);
  return result;
}

/** Whether `text` holds a value from the environment, in any form hideInText replaces. */
export function containsSecret(text: string, references: References): boolean {
  return hideable(references).some((r) => textForms(r.name, r.value).some(([form]) => text.includes(form)));
}

/**
 * Every string (and object key, unless `keys` is false) in JSON data mapped by `f`; the same
 * object back when nothing changed. Copies lazily, from the first item or key that changed: every desired and every listed
 * object goes through here, and almost none holds a secret (building a copy of each to throw it
 * away was the largest cost of a plan after parsing).
 */
function mapStrings<T>(data: T, f: (s: string) => string, keys = true): T {
  if (typeof data === 'string') return f(data) as T;
  if (Array.isArray(data)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < data.length; i++) {
      const item = mapStrings(data[i] as unknown, f, keys);
      if (items) items.push(item);
      else if (item !== data[i]) items = [...data.slice(0, i), item];
    }
    return (items ?? data) as T;
  }
  if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const names = Object.keys(record);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < names.length; i++) {
      const key = names[i]!;
      const value = record[key];
      const k = keys ? f(key) : key;
      const v = mapStrings(value, f, keys);
      if (!out && (k !== key || v !== value)) {
        out = {};
        for (let j = 0; j < i; j++) out[names[j]!] = record[names[j]!];
      }
      if (out) out[k] = v;
    }
    return (out ?? data) as T;
  }
  return data;
}

/** mapStrings over the string values only (object keys stay as they are). */
export function mapStringValues<T>(data: T, f: (s: string) => string): T {
  return mapStrings(data, f, false);
}

/** JSON data (a listed live object, a rendered one) with every value replaced by its reference. */
export function hideValues<T>(data: T, references: References): T {
  if (hideable(references).length === 0) return data;
  return mapStrings(data, stringHider(references));
}

/** The environment's variables named in JSON data that have no value. */
export function missingReferences(data: unknown, references: References): string[] {
  const unset = new Set(references.filter((r) => r.value === undefined).map((r) => r.name));
  if (unset.size === 0) return [];
  const found = new Set<string>();
  mapStrings(data, (s) => {
    for (const m of s.matchAll(REFERENCE_PATTERN)) if (unset.has(m[1])) found.add(m[1]);
    return s;
  });
  return [...found].sort();
}

/**
 * JSON data (a request body) with every reference to one of the environment's variables replaced
 * by its value. Throws naming a variable that has no value (deploy checks this before any write).
 */
export function resolveReferences<T>(data: T, references: References): T {
  const values = new Map(references.map((r) => [r.name, r.value]));
  if (values.size === 0) return data;
  return mapStrings(data, (s) =>
    s.includes('${')
      ? s.replace(REFERENCE_PATTERN, (whole, name: string) => {
          if (!values.has(name)) return whole; // not the environment's: literal text of a rule
          const value = values.get(name);
          if (value === undefined) throw new Error(`environment variable ${name} is not set`);
          return value;
        })
      : s,
  );
}
