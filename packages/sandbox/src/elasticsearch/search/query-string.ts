// The `query_string` clause: its parameters as QueryStringQueryBuilder.fromXContent reads them,
// and the parsed query (query-string-syntax.ts) applied to the index mapping as
// QueryStringQueryParser builds it (Elasticsearch 9, server/.../index/search/QueryStringQueryParser):
//  - no field means the default fields: `fields`, else `default_field`, else the index setting
//    index.query.default_field, `*` — every mapped field, metadata fields excepted. With `*`
//    lenient defaults to true (QueryStringQueryBuilder.doToQuery), so a value that does not fit
//    a field's type matches nothing there instead of failing;
//  - a field name may be a pattern (`process.\*`): it expands to the mapped fields it matches,
//    and each field's query is OR-ed (a DisjunctionMaxQuery); an unmapped field matches nothing;
//  - a term is analysed per field (MatchQueryParser): tokens of a text field joined by the
//    default operator, the whole value of a keyword field, a number, date, boolean or ip parsed;
//  - `*`, prefix, wildcard, regexp and fuzzy queries work on single tokens of a text field
//    (normalised, i.e. lower-cased, except regexps) and on the whole value of a keyword field;
//  - `field:*` and `_exists_:field` are exists queries, `*:*` matches everything, `field:>5` is a
//    one-sided range (getFieldQuery), a boolean of only negative clauses gets an implicit match-all
//    (Queries.fixNegativeQueryIfNeeded), and a blank query matches nothing.
// Errors are ES's: unknown parameters a parsing_exception, syntax errors the query_shard_exception
// "Failed to parse query [...]" caused by Lucene's ParseException, a value that does not fit its
// field (when not lenient) "failed to create query: ..." (SearchExecutionContext.toQuery).
import { isObject, type Json } from '../../json.js';
import { parseDate } from '../dynamic-mapping.js';
import { cause, esError, illegalArgument, shardSearchFailure, type EsCause, type EsHttpError } from '../es-errors.js';
import { analyze, fieldValues, resolveField, type ResolvedField } from './fields.js';
import { parseCidr, parseIp } from './ip-address.js';
import { matchesWhole, parseRegexp, parseWildcard, type PatternNode } from './lucene-regexp.js';
import { dateMath, type Predicate, type QueryContext } from './query.js';
import { parseQueryString, QsSyntaxError, type Operator, type QsNode } from './query-string-syntax.js';

export interface QueryStringParams {
  query: string;
  defaultField?: string;
  fields?: string[];
  defaultOperator: Operator;
  lenient?: boolean;
  analyzeWildcard: boolean;
  allowLeadingWildcard: boolean;
  phraseSlop: number;
  minimumShouldMatch?: string;
  escape: boolean;
}

type ParamKind = 'string' | 'boolean' | 'number' | 'any';

/** Every key fromXContent accepts as a value (`fields` is the one array). */
const PARAMETERS: Record<string, ParamKind> = {
  query: 'string',
  default_field: 'string',
  default_operator: 'string',
  analyzer: 'string',
  quote_analyzer: 'string',
  allow_leading_wildcard: 'boolean',
  max_determinized_states: 'number',
  enable_position_increments: 'boolean',
  escape: 'boolean',
  fuzzy_prefix_length: 'number',
  fuzzy_max_expansions: 'number',
  fuzzy_rewrite: 'string',
  phrase_slop: 'number',
  fuzziness: 'any',
  boost: 'number',
  type: 'string',
  tie_breaker: 'number',
  analyze_wildcard: 'boolean',
  rewrite: 'string',
  minimum_should_match: 'any',
  quote_field_suffix: 'string',
  lenient: 'boolean',
  time_zone: 'string',
  _name: 'string',
  auto_generate_synonyms_phrase_query: 'boolean',
  fuzzy_transpositions: 'boolean',
};

/** QueryStringQueryBuilder.fromXContent: the parameters, or ES's parsing_exception. */
export function parseQueryStringParams(body: Json): QueryStringParams {
  if (!isObject(body)) throw parsing('[query_string] query malformed, no start_object after query name');
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      if (key !== 'fields') throw parsing(`[query_string] query does not support [${key}]`);
    } else if (isObject(value)) {
      throw parsing(`[query_string] unknown token [START_OBJECT] after [${key}]`);
    } else if (!(key in PARAMETERS)) {
      throw parsing(`[query_string] query does not support [${key}]`);
    }
  }
  if (body.query === undefined || body.query === null) throw parsing('[query_string] must be provided with a [query]');
  const flag = (key: string, fallback: boolean): boolean => (body[key] === undefined ? fallback : body[key] === true || body[key] === 'true');
  const operator = String(body.default_operator ?? 'or').toUpperCase();
  // Operator.fromString is Enum.valueOf on the upper-cased text.
  if (operator !== 'OR' && operator !== 'AND') throw illegalArgument(`No enum constant org.elasticsearch.index.query.Operator.${operator}`);
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
  return {
    query: String(body.query),
    ...(body.default_field !== undefined ? { defaultField: String(body.default_field) } : {}),
    ...(fields && fields.length > 0 ? { fields } : {}),
    defaultOperator: operator === 'AND' ? 'and' : 'or',
    ...(body.lenient !== undefined ? { lenient: flag('lenient', false) } : {}),
    analyzeWildcard: flag('analyze_wildcard', false),
    allowLeadingWildcard: flag('allow_leading_wildcard', true),
    phraseSlop: Number(body.phrase_slop ?? 0),
    ...(body.minimum_should_match !== undefined && body.minimum_should_match !== null ? { minimumShouldMatch: String(body.minimum_should_match) } : {}),
    escape: flag('escape', false),
  };
}

/** The `query_string` entry of the clause table. */
export function compileQueryStringClause(body: Json, ctx: QueryContext): Predicate {
  return compileQueryString(parseQueryStringParams(body), ctx);
}

/** QueryStringQueryBuilder.doToQuery. */
export function compileQueryString(params: QueryStringParams, ctx: QueryContext): Predicate {
  if (params.fields && params.defaultField !== undefined) {
    throw shardFailure(ctx, cause('query_validation_exception', 'Validation Failed: 1: cannot use [fields] parameter in conjunction with [default_field];'));
  }
  const defaults = params.fields ?? [params.defaultField ?? '*'];
  const allFields = defaults.some((f) => fieldName(f) === '*');
  const compiler = new Compiler(ctx, params, defaults.map(fieldName), params.lenient ?? allFields);
  const text = params.escape ? escapeQuery(params.query) : params.query;
  // QueryStringQueryParser.parse: a blank query matches no documents.
  if (text.trim() === '') return () => false;
  let tree: QsNode | null;
  try {
    tree = parseQueryString(text, params.defaultOperator, params.phraseSlop);
  } catch (error) {
    if (error instanceof QsSyntaxError) throw compiler.parseFailure(error);
    throw error;
  }
  const predicate = tree === null ? null : compiler.compile(tree, params.minimumShouldMatch);
  // A query the analysers emptied completely is a MatchNoDocsQuery (AbstractQueryBuilder.toQuery).
  return predicate ?? (() => false);
}

/** A field query that does not fit its field: lenient turns it into "matches nothing". */
class FieldQueryError extends Error {
  constructor(readonly esCause: EsCause) {
    super(esCause.reason ?? esCause.type);
  }

  /** QueryShardExceptions reach the client as they are; other exceptions are wrapped. */
  get shardException(): boolean {
    return this.esCause.type === 'query_shard_exception';
  }
}

class Compiler {
  private readonly mappedNames: string[];

  constructor(
    private readonly ctx: QueryContext,
    private readonly params: QueryStringParams,
    private readonly defaultFields: string[],
    private readonly lenient: boolean,
  ) {
    this.mappedNames = mappedFieldNames(ctx);
  }

  /** Null when analysis left nothing to search (Lucene drops such a clause). */
  compile(node: QsNode, minimumShouldMatch?: string): Predicate | null {
    return node.kind === 'bool' ? this.bool(node, minimumShouldMatch) : this.leaf(node);
  }

  parseFailure(error: QsSyntaxError): EsHttpError {
    const lucene = cause(error.lexical ? 'token_mgr_error' : 'parse_exception', error.message);
    return shardFailure(
      this.ctx,
      cause('query_shard_exception', `Failed to parse query [${this.params.query}]`, {
        extra: shardIndex(this.ctx),
        causedBy: cause('parse_exception', `Cannot parse '${this.params.query}': ${error.message}`, { causedBy: lucene }),
      }),
    );
  }

  /** BooleanQuery: every must, no must_not, and some should unless a must is there. */
  private bool(node: Extract<QsNode, { kind: 'bool' }>, minimumShouldMatch?: string): Predicate | null {
    const must: Predicate[] = [];
    const should: Predicate[] = [];
    const mustNot: Predicate[] = [];
    for (const clause of node.clauses) {
      const predicate = this.compile(clause.node);
      if (predicate === null) continue;
      (clause.occur === 'must' ? must : clause.occur === 'should' ? should : mustNot).push(predicate);
    }
    if (must.length + should.length + mustNot.length === 0) return null;
    // fixNegativeQueryIfNeeded: only prohibited clauses get a match-all to subtract from.
    const onlyNegative = must.length === 0 && should.length === 0;
    const required = minimumShouldMatch !== undefined ? minimumShould(should.length, minimumShouldMatch) : must.length > 0 ? 0 : 1;
    return (doc) =>
      must.every((p) => p(doc)) && !mustNot.some((p) => p(doc)) && (onlyNegative || should.filter((p) => p(doc)).length >= required);
  }

  private leaf(node: Exclude<QsNode, { kind: 'bool' }>): Predicate | null {
    if (node.field === '_exists_' && (node.kind === 'text' || node.kind === 'phrase')) return this.exists(node.text);
    switch (node.kind) {
      case 'text': {
        const range = node.field !== null ? oneSidedRange(node.text) : undefined;
        if (range) return this.leaf({ kind: 'range', field: node.field, ...range });
        return this.perField(node.field, (field) => this.termQuery(field, node.text));
      }
      case 'phrase':
        return this.perField(node.field, (field) => this.phraseQuery(field, node.text, node.slop));
      case 'wildcard': {
        // getWildcardQuery: `*:*` (or `*` on the all-fields default) is match-all, `f:*` exists.
        const field = node.field ?? (this.defaultFields.length === 1 ? this.defaultFields[0] : null);
        if (node.pattern === '*' && field !== null) return field === '*' ? () => true : this.exists(field);
        if (!this.params.allowLeadingWildcard && /^[*?]/.test(node.pattern)) {
          throw this.parseFailure(new QsSyntaxError("'*' or '?' not allowed as first character in WildcardQuery", false));
        }
        return this.perField(node.field, (f) => this.wildcardQuery(f, node.pattern));
      }
      case 'prefix':
        return this.perField(node.field, (field) => this.prefixQuery(field, node.text));
      case 'regexp':
        return this.perField(node.field, (field) => this.regexpQuery(field, node.pattern));
      case 'fuzzy':
        return this.perField(node.field, (field) => this.fuzzyQuery(field, node.text, node.edits));
      case 'range':
        return this.perField(node.field, (field) => rangeQuery(field, node.lower, node.upper, node.includeLower, node.includeUpper, this.ctx.now));
    }
  }

  /**
   * The query on each field the name stands for, OR-ed (a DisjunctionMaxQuery). A name that
   * matches no mapped field matches nothing (newUnmappedFieldQuery); null when every field's
   * analysis came out empty.
   */
  private perField(name: string | null, build: (field: ResolvedField) => Predicate | null): Predicate | null {
    const names = this.fieldsFor(name);
    if (names.length === 0) return () => false;
    const predicates: Predicate[] = [];
    for (const fieldName of names) {
      try {
        const predicate = build(resolveField(this.ctx.mapping, fieldName));
        if (predicate !== null) predicates.push(predicate);
      } catch (error) {
        if (!(error instanceof FieldQueryError)) throw error;
        if (!this.lenient) throw this.fieldFailure(error);
        // newLenientFieldQuery: a MatchNoDocsQuery in that field's place.
        predicates.push(() => false);
      }
    }
    if (predicates.length === 0) return null;
    return (doc) => predicates.some((p) => p(doc));
  }

  /** extractMultiFields: the default fields, a pattern's matches, or the one name. */
  private fieldsFor(name: string | null): string[] {
    const patterns = name === null || (name === '*' && this.defaultFields.includes('*')) ? this.defaultFields : [name];
    return [...new Set(patterns.flatMap((pattern) => this.expand(pattern)))];
  }

  private expand(pattern: string): string[] {
    if (!pattern.includes('*')) return resolveField(this.ctx.mapping, pattern).kind === 'unmapped' ? [] : [pattern];
    // A pattern leaves metadata fields (`_id`) out (QueryParserHelper.resolveMappingField).
    const glob = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$');
    return this.mappedNames.filter((n) => glob.test(n));
  }

  private exists(name: string): Predicate {
    const fields = this.expand(name).map((n) => resolveField(this.ctx.mapping, n));
    return (doc) => fields.some((field) => fieldValues(doc, field).length > 0);
  }

  /** MatchQueryParser, boolean type: what one bare term means on one field. */
  private termQuery(field: ResolvedField, text: string): Predicate | null {
    if (field.kind === 'field' && field.type === 'text') {
      const wanted = analyze(text);
      if (wanted.length === 0) return null;
      const all = this.params.defaultOperator === 'and';
      return (doc) => {
        const tokens = new Set(fieldValues(doc, field).flatMap((v) => analyze(String(v))));
        return all ? wanted.every((t) => tokens.has(t)) : wanted.some((t) => tokens.has(t));
      };
    }
    const equals = exactValue(field, text);
    return (doc) => fieldValues(doc, field).some(equals);
  }

  /** A phrase: consecutive tokens (within `slop` moves) on text, the exact value elsewhere. */
  private phraseQuery(field: ResolvedField, text: string, slop: number): Predicate | null {
    if (!(field.kind === 'field' && field.type === 'text')) return this.termQuery(field, text);
    const wanted = analyze(text);
    if (wanted.length === 0) return null;
    return (doc) => fieldValues(doc, field).some((v) => containsPhrase(analyze(String(v)), wanted, slop));
  }

  private wildcardQuery(field: ResolvedField, pattern: string): Predicate {
    const type = requireStringField(field, 'wildcard');
    // StringFieldType.normalizedWildcardQuery: a text field's normaliser lower-cases the pattern.
    const parsed = parseWildcard(type === 'text' ? pattern.toLowerCase() : pattern);
    return this.onTermsOf(field, type, (term) => matchesWhole(parsed, term));
  }

  private prefixQuery(field: ResolvedField, prefix: string): Predicate | null {
    const type = requireStringField(field, 'prefix');
    if (type !== 'text') return this.onTermsOf(field, type, (term) => term.startsWith(prefix));
    if (!this.params.analyzeWildcard) {
      const normalised = prefix.toLowerCase();
      return this.onTermsOf(field, type, (term) => term.startsWith(normalised));
    }
    // getPossiblyAnalyzedPrefixQuery: every token but the last as a term, the last as a prefix,
    // joined with the default operator.
    const tokens = analyze(prefix);
    if (tokens.length === 0) return null;
    const all = this.params.defaultOperator === 'and';
    return (doc) => {
      const terms = fieldValues(doc, field).flatMap((v) => analyze(String(v)));
      const hits = tokens.map((token, i) => (i === tokens.length - 1 ? terms.some((t) => t.startsWith(token)) : terms.includes(token)));
      return all ? hits.every(Boolean) : hits.some(Boolean);
    };
  }

  private regexpQuery(field: ResolvedField, pattern: string): Predicate {
    const type = requireStringField(field, 'regexp');
    let parsed: PatternNode;
    try {
      parsed = parseRegexp(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FieldQueryError(cause('illegal_argument_exception', reason));
    }
    return this.onTermsOf(field, type, (term) => matchesWhole(parsed, term));
  }

  private fuzzyQuery(field: ResolvedField, text: string, edits: number | 'auto'): Predicate {
    const type = requireStringField(field, 'fuzzy');
    const term = type === 'text' ? text.toLowerCase() : text;
    // Fuzziness.AUTO: 0 edits up to 2 characters, 1 up to 5, then 2; never more than 2.
    const length = Array.from(term).length;
    const max = edits === 'auto' ? (length <= 2 ? 0 : length <= 5 ? 1 : 2) : Math.min(edits, 2);
    return this.onTermsOf(field, type, (candidate) => editDistance(candidate, term, max) <= max);
  }

  /** A multi-term query sees a text field's tokens and a keyword field's whole values. */
  private onTermsOf(field: ResolvedField, type: 'text' | 'keyword', test: (term: string) => boolean): Predicate {
    if (type === 'text') return (doc) => fieldValues(doc, field).some((v) => analyze(String(v)).some(test));
    return (doc) => fieldValues(doc, field).some((v) => test(String(v)));
  }

  private fieldFailure(error: FieldQueryError): EsHttpError {
    if (error.shardException) return shardFailure(this.ctx, { ...error.esCause, extra: shardIndex(this.ctx) });
    return shardFailure(
      this.ctx,
      cause('query_shard_exception', `failed to create query: ${error.esCause.reason}`, { extra: shardIndex(this.ctx), causedBy: error.esCause }),
    );
  }
}

/** The value test of a term on a non-text field (NumberFieldMapper, DateFieldMapper, ... termQuery). */
function exactValue(field: ResolvedField, text: string): (stored: Json) => boolean {
  if (field.kind === 'unmapped') return () => false;
  if (field.kind === 'id') return (stored) => String(stored) === text;
  switch (field.type) {
    case 'keyword':
      return (stored) => String(stored) === text;
    case 'boolean': {
      if (text !== 'true' && text !== 'false') {
        throw new FieldQueryError(cause('illegal_argument_exception', `Failed to parse value [${text}] as only [true] or [false] are allowed.`));
      }
      return (stored) => String(stored) === text;
    }
    case 'date': {
      const from = parseDate(text);
      if (from === undefined) throw dateError(text);
      // A date term is a range over what the value leaves unsaid: `2024-05-01` is the whole day.
      const to = /^\d{4}-\d{2}-\d{2}$/.test(text) ? from + 86_400_000 - 1 : from;
      return (stored) => {
        const millis = parseDate(stored);
        return millis !== undefined && millis >= from && millis <= to;
      };
    }
    case 'ip': {
      const block = text.includes('/') ? parseCidr(text) : undefined;
      const address = block ? undefined : parseIp(text);
      if (!block && address === undefined) throw new FieldQueryError(cause('illegal_argument_exception', `'${text}' is not an IP string literal.`));
      const low = block ? block.low : (address as bigint);
      const high = block ? block.high : (address as bigint);
      return (stored) => {
        const value = typeof stored === 'string' ? parseIp(stored) : undefined;
        return value !== undefined && value >= low && value <= high;
      };
    }
    default: {
      const wanted = parseNumber(text);
      // An integer field holds no fractions: a term with one matches nothing (NumberType.termQuery).
      if (['long', 'integer'].includes(field.type) && !Number.isInteger(wanted)) return () => false;
      return (stored) => Number(stored) === wanted;
    }
  }
}

/** TermRangeQuery on strings (a text field's bounds normalised), numeric and date ranges otherwise. */
function rangeQuery(field: ResolvedField, lower: string | null, upper: string | null, includeLower: boolean, includeUpper: boolean, now: number): Predicate {
  if (field.kind === 'unmapped') return () => false;
  const within = <T extends string | number | bigint>(value: T, low: T | undefined, high: T | undefined): boolean =>
    (low === undefined || (includeLower ? value >= low : value > low)) && (high === undefined || (includeUpper ? value <= high : value < high));
  const type = field.kind === 'id' ? 'keyword' : field.type;
  switch (type) {
    case 'text': {
      const [low, high] = [lower?.toLowerCase() ?? undefined, upper?.toLowerCase() ?? undefined];
      return (doc) => fieldValues(doc, field).some((v) => analyze(String(v)).some((t) => within(t, low, high)));
    }
    case 'keyword':
      return (doc) => fieldValues(doc, field).some((v) => within(String(v), lower ?? undefined, upper ?? undefined));
    case 'date': {
      // DateFieldType.rangeQuery: a rounded lower bound rounds up when excluded, an upper one when included.
      const bound = (text: string | null, roundUp: boolean) => {
        if (text === null) return undefined;
        const millis = dateMath(text, now, roundUp);
        if (millis === undefined) throw dateError(text);
        return millis;
      };
      const [low, high] = [bound(lower, !includeLower), bound(upper, includeUpper)];
      return (doc) => fieldValues(doc, field).some((v) => {
        const millis = parseDate(v);
        return millis !== undefined && within(millis, low, high);
      });
    }
    case 'ip': {
      const bound = (text: string | null) => {
        if (text === null) return undefined;
        const address = parseIp(text);
        if (address === undefined) throw new FieldQueryError(cause('illegal_argument_exception', `'${text}' is not an IP string literal.`));
        return address;
      };
      const [low, high] = [bound(lower), bound(upper)];
      return (doc) => fieldValues(doc, field).some((v) => {
        const address = typeof v === 'string' ? parseIp(v) : undefined;
        return address !== undefined && within(address, low, high);
      });
    }
    case 'boolean': {
      const asNumber = (text: string | null) => (text === null ? undefined : text === 'true' ? 1 : 0);
      const [low, high] = [asNumber(lower), asNumber(upper)];
      return (doc) => fieldValues(doc, field).some((v) => within(v === true || v === 'true' ? 1 : 0, low, high));
    }
    default: {
      const [low, high] = [lower === null ? undefined : parseNumber(lower), upper === null ? undefined : parseNumber(upper)];
      return (doc) => fieldValues(doc, field).some((v) => within(Number(v), low, high));
    }
  }
}

/** Prefix, wildcard, regexp and fuzzy queries exist on string fields only (MappedFieldType). */
function requireStringField(field: ResolvedField, query: 'wildcard' | 'prefix' | 'regexp' | 'fuzzy'): 'text' | 'keyword' {
  if (field.kind !== 'field') return 'keyword';
  if (field.type === 'text' || field.type === 'keyword') return field.type;
  const accepted = query === 'wildcard' || query === 'prefix' ? 'keyword, text and wildcard fields' : 'keyword and text fields';
  const reason = `Can only use ${query} queries on ${accepted} - not on [${field.sourcePath}] which is of type [${field.type}]`;
  throw new FieldQueryError(cause('query_shard_exception', reason));
}

/** getFieldQuery's `>5`, `>=5`, `<5`, `<=5` (a field must be named). */
function oneSidedRange(text: string): { lower: string | null; upper: string | null; includeLower: boolean; includeUpper: boolean } | undefined {
  if (text.length < 2) return undefined;
  const orEqual = text.length > 2 && text[1] === '=';
  const value = text.slice(orEqual ? 2 : 1);
  if (text[0] === '>') return { lower: value, upper: null, includeLower: orEqual, includeUpper: true };
  if (text[0] === '<') return { lower: null, upper: value, includeLower: true, includeUpper: orEqual };
  return undefined;
}

function parseNumber(text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new FieldQueryError(cause('number_format_exception', `For input string: "${text}"`));
  return value;
}

function dateError(text: string): FieldQueryError {
  return new FieldQueryError(cause('parse_exception', `failed to parse date field [${text}] with format [strict_date_optional_time||epoch_millis]`));
}

/** Whether `wanted` occurs in `tokens` in order, with at most `slop` extra positions in between. */
function containsPhrase(tokens: string[], wanted: string[], slop: number): boolean {
  for (let start = 0; start < tokens.length; start++) {
    if (tokens[start] !== wanted[0]) continue;
    let position = start;
    let spent = 0;
    let ok = true;
    for (let i = 1; i < wanted.length && ok; i++) {
      const next = tokens.indexOf(wanted[i], position + 1);
      ok = next !== -1 && (spent += next - position - 1) <= slop;
      position = next;
    }
    if (ok) return true;
  }
  return false;
}

/** Damerau-Levenshtein distance (FuzzyQuery counts a transposition as one edit), capped above `max`. */
function editDistance(a: string, b: string, max: number): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 0; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** Queries.calculateMinShouldMatch: `N`, `-N`, `N%`, `-N%` of the optional clauses. */
function minimumShould(optional: number, spec: string): number {
  const percent = spec.endsWith('%');
  const value = Number.parseFloat(spec);
  if (!Number.isFinite(value)) return 1;
  const count = percent ? Math.trunc((optional * value) / 100) : Math.trunc(value);
  const result = count < 0 ? optional + count : count;
  return Math.max(0, Math.min(result, optional));
}

/** Every searchable field name of the mapping, `.keyword` sub-fields included. */
function mappedFieldNames(ctx: QueryContext): string[] {
  const names: string[] = [];
  for (const [name, mapped] of Object.entries(ctx.mapping)) {
    if (resolveField(ctx.mapping, name).kind === 'field') names.push(name);
    if (mapped.keywordSubfield && resolveField(ctx.mapping, `${name}.keyword`).kind === 'field') names.push(`${name}.keyword`);
  }
  return names;
}

/** `fields` entries may carry a boost (`title^2`), which only changes scores. */
function fieldName(entry: string): string {
  return entry.replace(/\^[\d.]+$/, '');
}

/** QueryParser.escape, for `escape: true`. */
function escapeQuery(text: string): string {
  return text.replace(/[\\+\-!():^[\]"{}~*?|&/]/g, '\\$&');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shardIndex(ctx: QueryContext): Record<string, string> {
  // The sandbox's query context has no index uuid; `_na_` as the other shard errors here use.
  return { index_uuid: '_na_', index: ctx.index };
}

function shardFailure(ctx: QueryContext, failure: EsCause): EsHttpError {
  return shardSearchFailure(ctx.index, failure);
}

function parsing(reason: string): EsHttpError {
  return esError(400, 'parsing_exception', reason);
}
