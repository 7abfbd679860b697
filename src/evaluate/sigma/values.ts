// How one Sigma value meets one event field: a table with one entry per value kind.
//
// The meaning is the Sigma specification's (sigma-rules-specification.md, "General"): "All values
// are treated as case-insensitive strings", `*` and `?` are wildcards over the whole value, regular
// expressions are case-sensitive by default; `|cased` makes a string case-sensitive
// (sigma-appendix-modifiers.md, "Generic Modifiers"). So an event value is read as its text: the
// number 4688 is the text "4688" and equals both `EventID: 4688` and `EventID: '4688'`, the
// boolean true is "true". A multi-valued field (an array) matches when any element does.
import { subnetTest } from '../ip.js';
import type { SigmaValue } from '../../rules/sigma/model.js';
import { isWildcard, type SigmaString } from '../../rules/sigma/sigma-string.js';
import type { EventValue, FlatEvent } from '../types.js';
import { sigmaRegExp } from './regex.js';

export type Scalar = string | number | boolean | null;

/** Whether the field's value (undefined: the field is absent) satisfies the term. */
export type FieldTest = (value: EventValue | undefined, event: FlatEvent) => boolean;

type Kind = SigmaValue['kind'];
type ValueOf<K extends Kind> = Extract<SigmaValue, { kind: K }>;

/** Every element of a field's value, nested arrays flattened. */
export function scalarsOf(value: EventValue | undefined): Scalar[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [value as Scalar];
  return (value as readonly EventValue[]).flatMap(scalarsOf);
}

/** An event value as the text Sigma compares; null has none. */
export function textOf(scalar: Scalar): string | undefined {
  return scalar === null ? undefined : String(scalar);
}

/** A decimal number written as text ("42", "-1.5") counts as a number for `lt`/`gte`…. */
function numberOf(scalar: Scalar): number | undefined {
  if (typeof scalar === 'number') return scalar;
  if (typeof scalar !== 'string' || !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(scalar)) return undefined;
  return Number(scalar);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The whole value against the string's pattern: `*` any run of characters, `?` exactly one. */
export function stringRegExp(value: SigmaString, cased: boolean): RegExp {
  const body = value.parts.map((p) => (isWildcard(p) ? (p.wildcard === '*' ? '[\\s\\S]*' : '[\\s\\S]') : escapeRegExp(p))).join('');
  return new RegExp(`^${body}$`, cased ? '' : 'i');
}

/** One element test per kind compared element-wise; undefined for kinds decided on the whole field. */
function elementTest(value: SigmaValue, cased: boolean): ((scalar: Scalar) => boolean) | undefined {
  switch (value.kind) {
    case 'string': {
      const re = stringRegExp(value, cased);
      return (s) => s !== null && re.test(String(s));
    }
    case 'number':
      // By text, so `EventID: 4688` meets "4688"; and by number, so 4688.0 in an event still counts.
      return (s) => s !== null && (String(s) === value.text || (typeof s === 'number' && s === value.value));
    case 'bool':
      return (s) => s === value.value || (typeof s === 'string' && s.toLowerCase() === String(value.value));
    case 'regex': {
      const re = sigmaRegExp(value);
      return (s) => s !== null && re.test(String(s));
    }
    case 'cidr':
      return cidrTest(value);
    case 'compare':
      return compareTest(value);
    default:
      return undefined;
  }
}

function cidrTest(value: ValueOf<'cidr'>): (scalar: Scalar) => boolean {
  // The appendix's "IP Modifiers": `cidr` takes IPv4 and IPv6 notations (evaluate/ip.ts).
  const inBlock = subnetTest(`${value.network}/${value.prefix}`)!;
  return (s) => typeof s === 'string' && inBlock(s.trim());
}

const COMPARE = { lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b, gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b };

function compareTest(value: ValueOf<'compare'>): (scalar: Scalar) => boolean {
  const op = COMPARE[value.op];
  return (s) => {
    const n = numberOf(s);
    return n !== undefined && op(n, value.value);
  };
}

/** Kinds decided on the field as a whole: presence, absence, another field. */
const FIELD_TESTS: { [K in 'null' | 'exists' | 'fieldref']: (value: ValueOf<K>, cased: boolean) => FieldTest } = {
  // pySigma renders `field: null` as the backends' field_null_expression (`NOT _exists_:field`,
  // `NOT field=*`): the field is absent or holds no value.
  null: () => (v) => scalarsOf(v).every((s) => s === null),
  // "this check only verifies the presence of a field, not its value, be it empty or null"
  // (sigma-appendix-modifiers.md, `exists`).
  exists: (value) => (v) => (v !== undefined) === value.value,
  // Two fields of one event are equal (any element of one equals any of the other, as text).
  fieldref: (value, cased) => (v, event) => {
    const norm = (s: Scalar) => (cased ? textOf(s) : textOf(s)?.toLowerCase());
    const other = Object.hasOwn(event, value.field) ? event[value.field] : undefined;
    const others = new Set(scalarsOf(other).map(norm).filter((t) => t !== undefined));
    return scalarsOf(v).some((s) => {
      const t = norm(s);
      return t !== undefined && others.has(t);
    });
  },
};

/** The test of a field's value against one Sigma value. */
export function fieldTest(value: SigmaValue, cased: boolean): FieldTest {
  const element = elementTest(value, cased);
  if (element) return (v) => scalarsOf(v).some(element);
  const make = FIELD_TESTS[value.kind as keyof typeof FIELD_TESTS] as (v: SigmaValue, c: boolean) => FieldTest;
  return make(value, cased);
}

/**
 * A keyword (a value without a field) searches the whole event: the specification's "Keywords
 * search … searching for keywords across an entire event". detctl's events have no raw message, so
 * every field's value stands for it, and a string keyword matches anywhere inside a value (as a
 * full-text search finds a word in a message). Field-level kinds (null, exists) mean nothing here.
 */
export function keywordTest(value: SigmaValue, cased: boolean): (event: FlatEvent) => boolean {
  const inside = value.kind === 'string' ? { ...value, parts: [{ wildcard: '*' as const }, ...value.parts, { wildcard: '*' as const }] } : value;
  const element = elementTest(inside, cased);
  if (!element) return () => false;
  return (event) => Object.values(event).some((v) => scalarsOf(v).some(element));
}
