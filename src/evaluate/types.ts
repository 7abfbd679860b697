// What every evaluator shares: a flat event and the verdict of a query on it. The evaluators
// (one module per language: lucene/, spl/, sigma/) answer offline whether a query detctl emits
// would match a sample event, as the server would apply it; `detctl test` runs them.

/** One field's value in an event; an array is a multi-valued field (matches when any element does). */
export type EventValue = string | number | boolean | null | readonly EventValue[];

/** An event as a flat map from field name (dotted for nested objects) to value. */
export type FlatEvent = Readonly<Record<string, EventValue>>;

export interface Verdict {
  matched: boolean;
  /** The smallest sub-expression that decided the outcome, as text of the query's own language. */
  decidedBy: string;
}

/** A query parsed once, evaluated on many events. */
export interface CompiledQuery {
  evaluate(event: FlatEvent): Verdict;
}

/** Query text an evaluator cannot parse: `offset` is the 0-based character where parsing stopped. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

// The entry points each language module exports (agreed so the runner can be written beside them):
//   lucene/index.ts  compileLucene(query: string, options?: { keywordSuffix?: string }): CompiledQuery
//   spl/index.ts     compileSpl(search: string): CompiledQuery
//   sigma/index.ts   compileSigma(condition: QueryNode): CompiledQuery
//   events.ts        flattenSigmaHqEvent(json: unknown): FlatEvent
//                    mapEvent(event: FlatEvent, mapping: MappingName, logsource: Logsource): FlatEvent
