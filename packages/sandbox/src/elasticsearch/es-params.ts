// Query-string parameters the way ES's RestRequest reads them: every handler declares the ones it
// consumes and anything else is refused, booleans are strictly "true"/"false" (or empty), and
// numbers must parse.
import { illegalArgument, type EsHttpError } from './es-errors.js';

/** Accepted on every endpoint. */
const GLOBAL_PARAMS = ['pretty', 'human', 'error_trace', 'filter_path', 'format'];

export function unrecognizedParams(path: string, query: URLSearchParams, accepted: string[]): EsHttpError | undefined {
  const unknown = [...new Set(query.keys())].filter((k) => !accepted.includes(k) && !GLOBAL_PARAMS.includes(k));
  if (unknown.length === 0) return undefined;
  const known = [...accepted, ...GLOBAL_PARAMS];
  const described = unknown.map((k) => {
    const close = known.find((candidate) => editDistance(candidate, k) <= 2);
    return close ? `[${k}] -> did you mean [${close}]?` : `[${k}]`;
  });
  const noun = unknown.length === 1 ? 'parameter' : 'parameters';
  return illegalArgument(`request [${path}] contains unrecognized ${noun}: ${described.join(', ')}`);
}

export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  if (value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw illegalArgument(`Failed to parse value [${value}] as only [true] or [false] are allowed.`);
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw illegalArgument(`Failed to parse int parameter [${name}] with value [${value}]`);
  return Number(value);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}
