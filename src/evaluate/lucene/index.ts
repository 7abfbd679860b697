// The Lucene query_string evaluator: does a query detctl emits for Elasticsearch match an event?
// It parses the text as Elasticsearch's query_string does (lexer.ts, parser.ts: Lucene's classic
// QueryParser grammar and QueryStringQueryParser's overrides) and applies the resulting queries
// to a flat event (evaluate.ts), with Lucene's own wildcard and regexp dialects (wildcard.ts,
// regexp.ts).
//
// Where it knowingly differs from a real cluster (docs/testing.md, "Lucene evaluator"):
// - every field is taken to be a keyword field (exact, case-sensitive): analysed `text` fields —
//   tokens, lowercasing, phrase positions — are not modelled, nor are keyword normalizers;
// - field types come from the event's values, not a mapping: a number is a numeric field (a
//   numeric term compares as a number, anything else as the number's text), a string that parses
//   as an IP address is an ip field for CIDR and address terms; a term that a typed field would
//   reject (a wildcard on a number) matches nothing instead of failing the search;
// - `ignore_above` (256 for dynamic `.keyword` sub-fields) is not modelled: long values still match;
// - fuzzy and proximity (`~`) queries are rejected; boosts are read and ignored; field-name
//   patterns (`proc*:x`) are not expanded; date math and date ranges are plain text;
// - the default operator is OR and the default field `*`, as detctl's watches leave them.
import type { CompiledQuery } from '../types.js';
import { evaluateQuery } from './evaluate.js';
import { parseQueryString } from './parser.js';

export interface LuceneOptions {
  /** The suffix detctl appends for keyword sub-fields (`.keyword`): `f.keyword` reads field `f`. */
  keywordSuffix?: string;
}

/** Parses once; throws QuerySyntaxError (with the offset) where query_string would reject the text. */
export function compileLucene(query: string, options: LuceneOptions = {}): CompiledQuery {
  const parsed = parseQueryString(query);
  return { evaluate: (event) => evaluateQuery(parsed, event, options) };
}

export { parseQueryString } from './parser.js';
export type { LuceneQuery } from './ast.js';
