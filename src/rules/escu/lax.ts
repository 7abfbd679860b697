// Scalars read the way contentctl reads them. contentctl's models are pydantic v2 models without
// `strict=True` (SecurityContentObject_Abstract: `ConfigDict(validate_default=True, extra="forbid")`;
// the nested models use pydantic's defaults), so pydantic validates them in *lax* mode: a quoted
// `version: '7'` is the integer 7 there, and a detection that carries it builds. These schemas
// apply the same conversions, and nothing more, so detctl accepts and rejects the same values.
//
// Sources:
// - pydantic's conversion table, lax column: https://docs.pydantic.dev/latest/concepts/conversion_table/
// - pydantic-core src/input/shared.rs (`str_as_int`, `clean_int_str`, `float_as_int`,
//   `str_as_bool`, `int_as_bool`), which implements those rows.
//
// detctl reads YAML with js-yaml's CORE_SCHEMA (src/yaml-tree.ts), which has no timestamp type: an
// unquoted `date: 2025-01-07` arrives as the string '2025-01-07', never as a Date object.
import { z } from 'zod';

/** A schema that converts its input with `convert` (undefined: not convertible), then checks it. */
function lax<T>(convert: (value: unknown) => T | undefined, expected: string) {
  return z.unknown().transform((value, ctx): T => {
    const converted = value === undefined ? undefined : convert(value);
    if (converted === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${expected}, not ${shown(value)}`, input: value });
      return z.NEVER;
    }
    return converted;
  });
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}

/**
 * pydantic `int` in lax mode: an int; a bool (True is 1); a float with no fraction (7.0, not 7.5);
 * a string of an integer — surrounding whitespace, one sign, leading zeros, a `.0…` fraction and
 * single underscores between digits are allowed ('7', ' +007 ', '7.00', '1_000'), exponents and
 * other text are not ('7.5', '1e3', 'abc').
 */
export function toLaxInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) && Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^[+-]?\d+(?:_\d+)*(?:\.0+)?$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[0].replace(/_/g, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

const TRUE_TEXT = new Set(['1', 't', 'y', 'on', 'yes', 'true']);
const FALSE_TEXT = new Set(['0', 'f', 'n', 'no', 'off', 'false']);

/** pydantic `bool` in lax mode: a bool; 0 or 1; or one of pydantic's words, in any letter case. */
export function toLaxBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  return undefined;
}

const DAY_SECONDS = 86_400;
/** speedate (pydantic's date parser) reads numbers above this as milliseconds, not seconds. */
const MS_WATERSHED = 20_000_000_000;

/**
 * pydantic `datetime.date` in lax mode, as 'YYYY-MM-DD': a string in exactly that form naming a
 * real day; or a number of seconds (milliseconds past 2e10) since the epoch that falls exactly at
 * a midnight UTC ("must be exact date"). Other spellings ('2025-1-7', '07/01/2025') are rejected.
 */
export function toLaxDate(value: unknown): string | undefined {
  if (typeof value === 'string') return isCalendarDate(value) ? value : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const seconds = Math.abs(value) > MS_WATERSHED ? value / 1000 : value;
  if (seconds % DAY_SECONDS !== 0) return undefined;
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** An integer as contentctl reads one; `check` adds bounds (`z.number().min(1)`). */
export const laxInt = (check: z.ZodNumber = z.number()) => lax(toLaxInt, "an integer (7, or '7' quoted)").pipe(check);
export const laxBool = () => lax(toLaxBool, 'true or false');
export const laxDate = () => lax(toLaxDate, "a date 'YYYY-MM-DD'");
