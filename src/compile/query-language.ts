// What a query language supplies to the shared compiler walk (text-compiler.ts): tokens,
// precedence, escaping and quoting rules, and a template per kind of term, as pySigma's
// TextQueryBackend subclasses do. Lucene and SPL are each one small table of this; code in a
// table is kept for what is truly the language's own (a regex dialect, SPL's deferred stages).
import type { CompareOperator, QueryNode, SigmaValue } from '../rules/sigma/model.js';

export interface CompileOptions {
  /** Appended to the field of wildcard and regex terms (e.g. `.keyword`); languages may ignore it. */
  keywordSuffix?: string;
  /**
   * Match strings regardless of case, as Sigma means them, in a language whose string terms match
   * with case (`casedStrings`): each string term with a letter is written as its case-insensitive
   * regex. Languages that already ignore case (SPL's search) are unaffected.
   */
  caseInsensitive?: boolean;
}

export type BooleanKind = 'and' | 'or' | 'not';

/** Text with `{name}` placeholders (template.ts fills them). */
export type Template = string;

/**
 * A term the language cannot express: compiling it is an error in the rule, at the term.
 * `{field}` and `{other}` in the message are the field names as the rule has them.
 */
export interface Unsupported {
  unsupported: string;
  hint?: string;
}

/** A term that the language's own `compile` stage takes out of the query before the walk. */
export const DEFERRED = { deferred: true } as const;
export type Deferred = typeof DEFERRED;

export type TermTemplate = Template | Unsupported | Deferred;

/** Characters matched by `chars` get `char` in front of them. */
export interface Escaping {
  char: string;
  chars: RegExp;
}

/** Text is wrapped in `char`: always, or only when it matches `when`, or unless it matches `unless`. */
export interface Quoting {
  char: string;
  when?: RegExp;
  unless?: RegExp;
}

/**
 * Kinds of term with a field. `eq` is a string, number or boolean value (placeholders `{field}`
 * `{value}`); `cidr` gets `{value}`, the `network/prefix` text written as a string value;
 * `compare` gets `{op}` and `{value}`; `regex` gets `{regex}`, in the language's dialect.
 */
export type FieldTermKind = 'eq' | 'null' | 'exists' | 'notExists' | 'cidr' | 'compare' | 'regex' | 'fieldref';

export type RegexValue = Extract<SigmaValue, { kind: 'regex' }>;

export interface QueryLanguage {
  name: string;
  tokens: { and: string; or: string; not: string };
  /** Binding strength, tightest first. */
  precedence: readonly BooleanKind[];
  /** Group every nested boolean expression, not only where precedence needs it. */
  groupAlways: boolean;
  /** `{expr}`: a grouped expression. */
  group: Template;

  fields: { escape?: Escaping; quote?: Quoting };
  strings: { escape: Escaping; quote?: Quoting; wildcards: Record<'*' | '?', string> };
  booleans: Record<'true' | 'false', string>;
  compareOperators: Record<CompareOperator, string>;
  /** The language's regex dialect: the text that goes into `{regex}`. */
  regex(value: RegexValue): string | Unsupported;
  /** Whether `keywordSuffix` goes on the fields of wildcard and regex terms. */
  patternsOnKeywordField: boolean;
  /** Whether its string terms match with case (Lucene on keyword fields): `caseInsensitive` applies. */
  casedStrings: boolean;

  fieldTerms: Record<FieldTermKind, TermTemplate> & {
    /** `NOT` of a null term, where the language has a shorter form than not-token + null term. */
    notNull?: Template;
  };
  /** Terms without a field; a value kind missing here needs a field. */
  unboundTerms: Partial<Record<SigmaValue['kind'], TermTemplate>>;
  /** A `|cased` string value (`{value}`) inside its term; Unsupported makes every cased term an error. */
  cased: Template | Unsupported;
  /** An OR of plain values of one field as one term (`{field}`, `{list}`); absent: no list term. */
  inList?: { template: Template; separator: string };
  /** How the variants of an expanding modifier are written: one list term, or ORed terms. */
  expansion: 'list' | 'terms';
  /** Term kinds that are parenthesised inside a boolean expression, as boolean groups are. */
  groupedTerms?: readonly FieldTermKind[];

  /** Whole-query rendering, for languages that split a query into stages (SPL's `| regex`). */
  compile?(query: QueryNode, render: (query: QueryNode) => string, options: CompileOptions): string;
}
