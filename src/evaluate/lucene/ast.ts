// The queries query_string builds from the text (QueryParserBase + QueryStringQueryParser), as
// data: a boolean query of clauses with Lucene's occurs, and the leaf queries a term becomes.
// `text` is the query's own text of the node, what a verdict's `decidedBy` quotes.
import type { RegExpNode } from './regexp.js';

/** null: the default field, `*` (index.query.default_field), i.e. every field. */
export type FieldName = string | null;

export type LuceneQuery =
  | BooleanQuery
  /** TermQuery (bare or quoted term; a phrase on a keyword field is its one term). */
  | { kind: 'term'; field: FieldName; value: string; text: string }
  /** WildcardQuery: the pattern keeps its escapes. */
  | { kind: 'wildcard'; field: FieldName; pattern: string; text: string }
  | { kind: 'prefix'; field: FieldName; prefix: string; text: string }
  | { kind: 'regexp'; field: FieldName; regexp: RegExpNode; text: string }
  /** TermRangeQuery or a numeric range; null bounds are open. */
  | { kind: 'range'; field: FieldName; lower: string | null; upper: string | null; includeLower: boolean; includeUpper: boolean; text: string }
  | { kind: 'exists'; field: string; text: string }
  | { kind: 'matchAll'; text: string };

export type Occur = 'must' | 'should' | 'mustNot';

export interface BooleanClause {
  occur: Occur;
  query: LuceneQuery;
  /** How a prohibited clause was written (`NOT `, `-`, `!`), to quote it. */
  negation?: string;
}

export interface BooleanQuery {
  kind: 'boolean';
  clauses: BooleanClause[];
  text: string;
}
