// The query DSL subset the stand-in evaluates: match_all, match_none, term, terms, match, prefix,
// exists, ids, range, bool and query_string (query-string.ts). Each clause type is an entry in one table; an unknown type is the
// parsing_exception ES answers with. Semantics follow the field's mapping: `term` is exact on
// keyword fields but matches single tokens of a text field, and a field with no mapping matches
// nothing.
import { isObject, type Json, type JsonObject } from '../../json.js';
import { parseDate, type Mapping } from '../dynamic-mapping.js';
import { cause, esError, shardSearchFailure, type EsHttpError } from '../es-errors.js';
import { analyze, fieldValues, resolveField, type ResolvedField, type SearchDoc } from './fields.js';
import { parseCidr, parseIp } from './ip-address.js';
import { compileQueryStringClause } from './query-string.js';

export type Predicate = (doc: SearchDoc) => boolean;

export interface QueryContext {
  mapping: Mapping;
  index: string;
  now: number;
}
type Context = QueryContext;

type ClauseCompiler = (body: Json, ctx: Context) => Predicate;

const CLAUSES: Record<string, ClauseCompiler> = {
  match_all: () => () => true,
  match_none: () => () => false,
  term: (body, ctx) => fieldClause('term', body, ctx, (field, spec) => {
    const value = valueOf('term', spec);
    const insensitive = isObject(spec) && spec.case_insensitive === true;
    return (doc) => fieldValues(doc, field).some((v) => termMatches(field, v, value, insensitive));
  }),
  terms: (body, ctx) => {
    const entries = Object.entries(objectBody('terms', body)).filter(([k]) => k !== 'boost');
    if (entries.length !== 1) throw parsing(`[terms] query requires exactly one field, found [${entries.length}]`);
    const [path, list] = entries[0];
    if (!Array.isArray(list)) throw parsing(`[terms] query does not support [${path}]`);
    const field = resolveField(ctx.mapping, path);
    return (doc) => fieldValues(doc, field).some((v) => list.some((wanted) => termMatches(field, v, wanted, false)));
  },
  match: (body, ctx) => fieldClause('match', body, ctx, (field, spec) => {
    const query = isObject(spec) ? spec.query : spec;
    if (query === undefined) throw parsing('[match] requires query value');
    const all = isObject(spec) && String(spec.operator ?? 'or').toLowerCase() === 'and';
    if (field.kind === 'field' && field.type === 'text') {
      const wanted = analyze(String(query));
      return (doc) => {
        const tokens = new Set(fieldValues(doc, field).flatMap((v) => analyze(String(v))));
        return wanted.length > 0 && (all ? wanted.every((t) => tokens.has(t)) : wanted.some((t) => tokens.has(t)));
      };
    }
    return (doc) => fieldValues(doc, field).some((v) => termMatches(field, v, query, false));
  }),
  prefix: (body, ctx) => fieldClause('prefix', body, ctx, (field, spec) => {
    const prefix = String(valueOf('prefix', spec));
    const insensitive = isObject(spec) && spec.case_insensitive === true;
    if (field.kind === 'field' && !['keyword', 'text'].includes(field.type)) {
      const reason = `Can only use prefix queries on keyword and text fields - not on [${field.sourcePath}] which is of type [${field.type}]`;
      throw shardSearchFailure(ctx.index, cause('query_shard_exception', reason, { extra: { index_uuid: '_na_', index: ctx.index } }));
    }
    const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
    if (field.kind === 'field' && field.type === 'text') {
      return (doc) => fieldValues(doc, field).some((v) => analyze(String(v)).some((t) => t.startsWith(prefix)));
    }
    return (doc) => fieldValues(doc, field).some((v) => norm(String(v)).startsWith(norm(prefix)));
  }),
  exists: (body, ctx) => {
    const spec = objectBody('exists', body);
    if (typeof spec.field !== 'string') throw parsing('[exists] must be provided with a [field]');
    const field = resolveField(ctx.mapping, spec.field);
    return (doc) => fieldValues(doc, field).length > 0;
  },
  ids: (body) => {
    const spec = objectBody('ids', body);
    const values = Array.isArray(spec.values) ? spec.values.map(String) : [];
    return (doc) => values.includes(doc.id);
  },
  range: (body, ctx) => fieldClause('range', body, ctx, (field, spec) => {
    if (!isObject(spec)) throw parsing('[range] query malformed, no start_object after query name');
    const bounds = (['gt', 'gte', 'lt', 'lte'] as const).filter((op) => spec[op] !== undefined && spec[op] !== null);
    const compare = comparator(field, ctx.now);
    return (doc) =>
      fieldValues(doc, field).some((v) =>
        bounds.every((op) => {
          // DateFieldType.rangeQuery: a rounded `gt` or `lte` bound rounds up, `gte` and `lt` down.
          const order = compare(v, spec[op] as Json, op === 'gt' || op === 'lte');
          if (order === undefined) return false;
          return op === 'gt' ? order > 0 : op === 'gte' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
        }),
      );
  }),
  bool: (body, ctx) => {
    const spec = objectBody('bool', body);
    const clauses = (key: string): Predicate[] => {
      const value = spec[key];
      if (value === undefined) return [];
      return (Array.isArray(value) ? value : [value]).map((q) => compileQuery(q, ctx));
    };
    const must = [...clauses('must'), ...clauses('filter')];
    const should = clauses('should');
    const mustNot = clauses('must_not');
    for (const key of Object.keys(spec)) {
      if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(key)) {
        throw parsing(`[bool] query does not support [${key}]`);
      }
    }
    const minimum = spec.minimum_should_match !== undefined ? Number(spec.minimum_should_match) : must.length === 0 ? (should.length > 0 ? 1 : 0) : 0;
    return (doc) =>
      must.every((p) => p(doc)) && !mustNot.some((p) => p(doc)) && should.filter((p) => p(doc)).length >= minimum;
  },
  query_string: (body, ctx) => compileQueryStringClause(body, ctx),
};

/** Compiles `query` (the value of a `query` key) into a predicate, or throws ES's parse error. */
export function compileQuery(query: Json | undefined, ctx: Context): Predicate {
  if (query === undefined) return () => true;
  if (!isObject(query)) throw parsing(`query malformed, must start with start_object`);
  const keys = Object.keys(query);
  if (keys.length === 0) throw parsing('query malformed, empty clause found');
  if (keys.length > 1) throw parsing(`[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`);
  const compiler = CLAUSES[keys[0]];
  if (!compiler) throw parsing(`unknown query [${keys[0]}]`);
  return compiler(query[keys[0]], ctx);
}

export function queryContext(mapping: Mapping, index: string, now: number): Context {
  return { mapping, index, now };
}

function fieldClause(name: string, body: Json, ctx: Context, build: (field: ResolvedField, spec: Json) => Predicate): Predicate {
  const entries = Object.entries(objectBody(name, body)).filter(([k]) => k !== 'boost' && k !== '_name');
  if (entries.length === 0) throw parsing(`[${name}] query doesn't support a query without a field`);
  if (entries.length > 1) throw parsing(`[${name}] query doesn't support multiple fields, found [${entries[0][0]}] and [${entries[1][0]}]`);
  const [path, spec] = entries[0];
  return build(resolveField(ctx.mapping, path), spec);
}

function objectBody(name: string, body: Json): JsonObject {
  if (!isObject(body)) throw parsing(`[${name}] query malformed, no start_object after query name`);
  return body;
}

function valueOf(name: string, spec: Json): Json {
  if (!isObject(spec)) return spec;
  if (spec.value === undefined) throw parsing(`[${name}] query does not support [${Object.keys(spec)[0] ?? ''}]`);
  return spec.value;
}

function termMatches(field: ResolvedField, stored: Json, wanted: Json, insensitive: boolean): boolean {
  if (field.kind === 'unmapped') return false;
  if (field.kind === 'id') return String(stored) === String(wanted);
  switch (field.type) {
    case 'text':
      // term is not analyzed: it must equal one token of the analyzed text.
      return analyze(String(stored)).includes(insensitive ? String(wanted).toLowerCase() : String(wanted));
    case 'keyword':
      return insensitive ? String(stored).toLowerCase() === String(wanted).toLowerCase() : String(stored) === String(wanted);
    case 'boolean':
      return String(stored) === String(wanted);
    case 'date':
      return parseDate(stored) === parseDate(wanted);
    case 'ip': {
      // IpFieldType.termQuery: an address, or a CIDR block when the value has a `/`.
      const address = typeof stored === 'string' ? parseIp(stored) : undefined;
      const block = String(wanted).includes('/') ? parseCidr(String(wanted)) : undefined;
      return address !== undefined && (block ? address >= block.low && address <= block.high : address === parseIp(String(wanted)));
    }
    default:
      return Number(stored) === Number(wanted);
  }
}

/** Orders a stored value against a bound: numbers and dates numerically, strings by code point. */
function comparator(field: ResolvedField, now: number): (stored: Json, bound: Json, roundUp: boolean) => number | undefined {
  if (field.kind === 'field' && field.type === 'date') {
    return (stored, bound, roundUp) => {
      const a = parseDate(stored);
      const b = typeof bound === 'string' ? dateMath(bound, now, roundUp) : parseDate(bound);
      return a === undefined || b === undefined ? undefined : a - b;
    };
  }
  if (field.kind === 'field' && ['long', 'integer', 'float', 'double'].includes(field.type)) {
    return (stored, bound) => Number(stored) - Number(bound);
  }
  return (stored, bound) => (String(stored) < String(bound) ? -1 : String(stored) > String(bound) ? 1 : 0);
}

/**
 * Dates, or `now` with date math (JavaDateMathParser, in UTC): `+N<unit>` / `-N<unit>` steps and
 * a final `/<unit>` rounding, units y, M (months), w, d, h/H, m, s. Months and years move the
 * calendar (2024-03-31 - 1M is 2024-02-29); rounding goes to the start of the unit, or with
 * `roundUp` to its last millisecond (weeks start on Monday).
 */
export function dateMath(expression: string, now: number, roundUp = false): number | undefined {
  const match = /^now((?:[+-]\d+[yMwdhHms])*)(?:\/([yMwdhHms]))?$/.exec(expression);
  if (!match) return parseDate(expression);
  const date = new Date(now);
  for (const [, sign, amount, unit] of match[1].matchAll(/([+-])(\d+)([yMwdhHms])/g)) {
    const n = (sign === '-' ? -1 : 1) * Number(amount);
    if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + n, Math.min(date.getUTCMonth(), 11), clampDay(date, n * 12));
    else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + n, clampDay(date, n));
    else date.setTime(date.getTime() + n * UNIT_MILLIS[unit]);
  }
  if (match[2]) roundDate(date, match[2], roundUp);
  return date.getTime();
}

const UNIT_MILLIS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The day of month after moving `months`, clamped to the target month's length (java.time plusMonths). */
function clampDay(date: Date, months: number): number {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0));
  return Math.min(date.getUTCDate(), target.getUTCDate());
}

function roundDate(date: Date, unit: string, roundUp: boolean): void {
  const start = (() => {
    const y = date.getUTCFullYear();
    const mo = date.getUTCMonth();
    const d = date.getUTCDate();
    switch (unit) {
      case 'y':
        return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
      case 'M':
        return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1)];
      case 'w': {
        const monday = Date.UTC(y, mo, d - ((date.getUTCDay() + 6) % 7));
        return [monday, monday + UNIT_MILLIS.w];
      }
      default: {
        const size = UNIT_MILLIS[unit];
        const floor = Math.floor(date.getTime() / size) * size;
        return [floor, floor + size];
      }
    }
  })();
  date.setTime(roundUp ? start[1] - 1 : start[0]);
}

function parsing(reason: string): EsHttpError {
  return esError(400, 'parsing_exception', reason);
}
