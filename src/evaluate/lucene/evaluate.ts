// A parsed query_string query applied to one flat event, as Elasticsearch would apply it to the
// document if every field were a keyword (exact, case-sensitive) — the mapping detctl's queries
// are written for — with numbers, booleans and IP addresses read as their own field types.
//
// Boolean queries follow Lucene's BooleanQuery: every `must` clause matches, no `mustNot` clause
// matches, and when there is no `must`, at least one `should` does. A group of only `mustNot`
// clauses matches every other document (Elasticsearch's Queries.fixNegativeQueryIfNeeded, applied
// by QueryStringQueryParser.getBooleanQuery), so `NOT x` alone means "not x".
import type { EventValue, FlatEvent, Verdict } from '../types.js';
import type { BooleanQuery, FieldName, LuceneQuery } from './ast.js';
import { isAddress, sameAddress, subnetTest } from '../ip.js';
import { matchesRegExp } from './regexp.js';
import { wildcardRegExp } from './wildcard.js';

type Scalar = string | number | boolean;

export interface EvaluateOptions {
  keywordSuffix?: string;
}

export function evaluateQuery(query: LuceneQuery, event: FlatEvent, options: EvaluateOptions): Verdict {
  return query.kind === 'boolean' ? evaluateBoolean(query, event, options) : { matched: matchesLeaf(query, event, options), decidedBy: query.text };
}

function evaluateBoolean(query: BooleanQuery, event: FlatEvent, options: EvaluateOptions): Verdict {
  const { clauses } = query;
  const must = clauses.filter((c) => c.occur === 'must');
  const should = clauses.filter((c) => c.occur === 'should');
  for (const clause of must) {
    const verdict = evaluateQuery(clause.query, event, options);
    if (!verdict.matched) return verdict;
  }
  for (const clause of clauses.filter((c) => c.occur === 'mustNot')) {
    const verdict = evaluateQuery(clause.query, event, options);
    if (verdict.matched) return { matched: false, decidedBy: `${clause.negation ?? 'NOT '}${verdict.decidedBy}` };
  }
  if (must.length === 0 && should.length > 0) {
    for (const clause of should) {
      const verdict = evaluateQuery(clause.query, event, options);
      if (verdict.matched) return verdict;
    }
    // Every alternative failed: the whole disjunction decided.
    return { matched: false, decidedBy: query.text };
  }
  // An empty query (blank text) matches nothing; otherwise every clause that counted held.
  if (clauses.length === 0) return { matched: false, decidedBy: query.text };
  if (clauses.length === 1) {
    const [only] = clauses;
    const verdict = evaluateQuery(only.query, event, options);
    return { matched: true, decidedBy: only.occur === 'mustNot' ? `${only.negation ?? 'NOT '}${only.query.text}` : verdict.decidedBy };
  }
  return { matched: true, decidedBy: query.text };
}

/** The field's values, flattened; none when it is missing or null. `field.keyword` reads `field`. */
function valuesOf(event: FlatEvent, field: string, options: EvaluateOptions): Scalar[] {
  const suffix = options.keywordSuffix;
  let value: EventValue | undefined = event[field];
  if (value === undefined && suffix && field.endsWith(suffix)) value = event[field.slice(0, -suffix.length)];
  return flatten(value);
}

function flatten(value: EventValue | undefined): Scalar[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return (value as readonly EventValue[]).flatMap(flatten);
  return [value as Scalar];
}

/**
 * The values a leaf reads: one field's, or with no field (or `*`) every field's — query_string's
 * default field `*` searches all of them, leniently (a term that does not fit a field's type
 * matches nothing there rather than failing the search).
 */
function candidateValues(event: FlatEvent, field: FieldName, options: EvaluateOptions): Scalar[] {
  if (field === null || field === '*') return Object.values(event).flatMap(flatten);
  return valuesOf(event, field, options);
}

function matchesLeaf(query: Exclude<LuceneQuery, BooleanQuery>, event: FlatEvent, options: EvaluateOptions): boolean {
  switch (query.kind) {
    case 'matchAll':
      return true;
    case 'exists':
      return valuesOf(event, query.field, options).length > 0;
    case 'term':
      return candidateValues(event, query.field, options).some((v) => equalsTerm(v, query.value));
    case 'wildcard': {
      const pattern = compiledWildcard(query);
      return candidateValues(event, query.field, options).some((v) => pattern.test(keywordForm(v)));
    }
    case 'prefix':
      return candidateValues(event, query.field, options).some((v) => keywordForm(v).startsWith(query.prefix));
    case 'regexp':
      return candidateValues(event, query.field, options).some((v) => matchesRegExp(query.regexp, keywordForm(v)));
    case 'range':
      return candidateValues(event, query.field, options).some((v) => inRange(v, query));
  }
}

const wildcards = new WeakMap<object, RegExp>();

/** A wildcard's RegExp, made once per parsed query rather than once per event. */
function compiledWildcard(query: Extract<LuceneQuery, { kind: 'wildcard' }>): RegExp {
  let pattern = wildcards.get(query);
  if (!pattern) wildcards.set(query, (pattern = wildcardRegExp(query.pattern)));
  return pattern;
}

/** How a keyword field would hold the value (its JSON text; JavaScript's number form). */
function keywordForm(value: Scalar): string {
  return String(value);
}

const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/** A term query: numbers as numbers (a numeric field), CIDR blocks over addresses (an ip field), else exact text. */
function equalsTerm(value: Scalar, term: string): boolean {
  if (typeof value === 'number' && NUMBER.test(term)) return value === Number(term);
  if (typeof value === 'string' && isAddress(value)) {
    const inBlock = subnetTest(term);
    if (inBlock) return inBlock(value);
    const same = sameAddress(value, term);
    if (same !== undefined) return same;
  }
  return keywordForm(value) === term;
}

/**
 * A range: numeric when the value is a number and the bounds are numbers (a numeric field),
 * otherwise TermRangeQuery's order of the UTF-8 bytes, which is code point order.
 */
function inRange(value: Scalar, range: Extract<LuceneQuery, { kind: 'range' }>): boolean {
  const { lower, upper, includeLower, includeUpper } = range;
  const numeric = typeof value === 'number' && [lower, upper].every((b) => b === null || NUMBER.test(b));
  const compare = numeric ? (b: string) => Math.sign((value as number) - Number(b)) : (b: string) => compareCodePoints(keywordForm(value), b);
  if (lower !== null) {
    const c = compare(lower);
    if (c < 0 || (c === 0 && !includeLower)) return false;
  }
  if (upper !== null) {
    const c = compare(upper);
    if (c > 0 || (c === 0 && !includeUpper)) return false;
  }
  return true;
}

function compareCodePoints(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(x.length - y.length);
}
