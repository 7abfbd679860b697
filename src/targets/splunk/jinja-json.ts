// Jinja's `tojson` filter, which contentctl uses for every JSON value in savedsearches.conf:
// Python's json.dumps with sorted keys, ", " and ": " separators and ASCII-only output, then
// `< > & '` escaped for HTML (so a drilldown named "ATT&CK" reads "ATT\u0026CK"). Reproduced
// exactly so a detctl-rendered stanza is byte-identical to the one contentctl builds.

/** A Python float, which json.dumps writes with a fraction (`1750723200.0`) where JS writes none. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type JinjaJson = string | number | boolean | null | PyFloat | JinjaJson[] | { [key: string]: JinjaJson };

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  // Jinja's htmlsafe_json_dumps
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  "'": '\\u0027',
};

const hex4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    // ensure_ascii: everything outside ' '..'~' becomes \uXXXX (UTF-16 units, as Python writes them).
    out += ESCAPES[ch] ?? (code < 0x20 || code > 0x7e ? hex4(code) : ch);
  }
  return out + '"';
}

/** Python's float repr for the values contentctl writes (epoch seconds): integral ones get `.0`. */
function pyFloat(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`tojson: ${n} has no JSON form`);
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
}

/** Python sorts keys by code point; for the ASCII keys contentctl writes, plain comparison agrees. */
const byKey = ([a]: [string, JinjaJson], [b]: [string, JinjaJson]) => (a < b ? -1 : a > b ? 1 : 0);

export function tojson(value: JinjaJson): string {
  if (value === null) return 'null';
  if (value instanceof PyFloat) return pyFloat(value.value);
  switch (typeof value) {
    case 'string':
      return pyString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isInteger(value) ? String(value) : pyFloat(value);
  }
  if (Array.isArray(value)) return `[${value.map(tojson).join(', ')}]`;
  return `{${Object.entries(value).sort(byKey).map(([k, v]) => `${pyString(k)}: ${tojson(v)}`).join(', ')}}`;
}
