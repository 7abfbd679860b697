// What a query language supplies to the shared compiler walk (text-compiler.ts): its tokens,
// its precedence, and how it writes one term. Lucene and SPL are each one small file of this.
import type { MatchNode, ExpansionNode, QueryNode, SigmaValue } from '../rules/sigma/model.js';

export interface CompileOptions {
  /** Appended to the field of wildcard and regex terms (e.g. `.keyword`); languages may ignore it. */
  keywordSuffix?: string;
}

export type BooleanKind = 'and' | 'or' | 'not';

export interface QueryLanguage {
  name: string;
  tokens: { and: string; or: string; not: string };
  /** Binding strength, tightest first. */
  precedence: readonly BooleanKind[];
  /** Group every nested boolean expression, not only where precedence needs it. */
  groupAlways: boolean;
  group(expression: string): string;

  /** One field (or keyword) compared with one value. */
  term(node: MatchNode, options: CompileOptions): string;
  /** Several values of one field as one list term, or undefined where the language has none for them. */
  inList(field: string, values: SigmaValue[], options: CompileOptions): string | undefined;
  /** The variants of an expanding modifier: a term of its own, or a query the walk renders. */
  expansion(node: ExpansionNode, options: CompileOptions): string | QueryNode;

  /** Whether a term must be parenthesised inside a boolean expression (e.g. Lucene's `NOT _exists_:F`). */
  termNeedsGroup?(node: MatchNode): boolean;
  /** A language's own rendering of `NOT x` for some x, or undefined for the default. */
  not?(arg: QueryNode): string | undefined;

  /** Whole-query rendering, for languages that split a query into stages (SPL's `| regex`). */
  compile?(query: QueryNode, render: (query: QueryNode) => string, options: CompileOptions): string;
}
