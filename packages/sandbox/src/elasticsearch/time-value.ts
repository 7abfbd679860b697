// Elasticsearch time values ("500ms", "30s", "5m"), parsed the way TimeValue.parseTimeValue does:
// a unit is required, fractions are refused, and the errors name the setting.
import { cause, EsHttpError, parseError } from './es-errors.js';

const UNITS: [suffix: string, millis: number][] = [
  ['nanos', 1e-6],
  ['micros', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

/** Milliseconds for `value`, or the parse_exception ES raises for `setting`. */
export function parseTimeValue(value: string, setting: string): number {
  const normalized = value.toLowerCase().trim();
  if (normalized === '-1') return -1;
  if (normalized === '0') return 0;
  for (const [suffix, millis] of UNITS) {
    if (!normalized.endsWith(suffix)) continue;
    const number = normalized.slice(0, normalized.length - suffix.length).trim();
    if (/^[+-]?\d+$/.test(number)) {
      const n = Number(number);
      if (n < -1) throw new EsHttpError(400, cause('illegal_argument_exception', `failed to parse setting [${setting}] with value [${value}] as a time value: negative durations are not supported`));
      return Math.floor(n * millis);
    }
    if (number !== '' && Number.isFinite(Number(number))) throw parseError(`failed to parse [${value}], fractional time values are not supported`);
    throw parseError(`failed to parse [${value}]`);
  }
  throw parseError(`failed to parse setting [${setting}] with value [${value}] as a time value: unit is missing or unrecognized`);
}
