// What `detctl test` reads and reports: a rule's test cases (events with what each should give)
// and, per rule and target, whether the target's query agrees. Both test formats — SigmaHQ's
// regression data and detctl's `.tests.yml` — become the same RuleTests.
import type { LanguageName } from '../compile/language-names.js';
import type { MappingName } from '../compile/mappings/mapping-names.js';
import type { SourceLocation } from '../diagnostics.js';
import type { FlatEvent } from '../evaluate/types.js';
import type { Rule } from '../rules/load-rules.js';

export interface TestEvent {
  /** The event as evaluators read it: flat, dotted field names, in the rule's (Sigma's) field names. */
  event: FlatEvent;
  /** Where the event was written (an inline event's line, a JSONL line, a JSON file's n-th value). */
  where: SourceLocation;
  /** How reports name it: the `name:` given, or `event N`. */
  name: string;
}

/**
 * What a case's events must give. `each`: every event matches (or none does), as detctl's format
 * marks them; `atLeast`: so many of the events match, as SigmaHQ's regression tests say (see
 * sigmahq-source.ts).
 */
export type Expectation = { kind: 'each'; match: boolean } | { kind: 'atLeast'; count: number };

export interface TestCase {
  name: string;
  events: TestEvent[];
  expect: Expectation;
}

export type TestFormat = 'sigmahq' | 'detctl';

/** A group a correlation test declares, and whether the correlation fires for it. */
export interface GroupExpectation {
  /** The group-by values, by group-by entry. */
  group: Record<string, string>;
  match: boolean;
  where: SourceLocation;
  /** `TargetUserName=alice`. */
  name: string;
}

/** A correlation's test: timestamped events, and the groups that must fire or stay quiet. */
export interface CorrelationCase {
  name: string;
  events: (TestEvent & { time: number })[];
  groups: GroupExpectation[];
}

export interface RuleTests {
  rule: Rule;
  format: TestFormat;
  /** The info.yml or .tests.yml the cases came from, as shown in reports. */
  file: string;
  cases: TestCase[];
  /** A correlation's cases (its `cases` is empty). */
  correlationCases?: CorrelationCase[];
}

/** One column of the report: Sigma's own meaning of the rule, or one deployed query. */
export interface TestTarget {
  /** `sigma`, an environment's target name, or the language name without an environment. */
  name: string;
  language: 'sigma' | LanguageName;
  mapping?: MappingName;
  keywordSuffix?: string;
  caseInsensitive?: boolean;
}

/** The first event on which a target disagreed with the expectation. */
export interface Disagreement {
  case: string;
  event: string;
  where: SourceLocation;
  expected: string;
  actual: string;
  /** The sub-expression that decided the target's verdict, in the target's own language. */
  decidedBy: string;
  /** Sigma's verdict on the same event, when Sigma is not the target that disagreed. */
  sigma?: string;
  /** The query that was evaluated (of a rule with several conditions, the one that decided). */
  query: string;
}

export type TargetOutcome =
  /** `unit`: what was counted, when not events (a correlation's groups). */
  | { status: 'pass'; matched: number; events: number; unit?: 'groups' }
  | { status: 'fail'; matched: number; events: number; first: Disagreement }
  /** The language cannot express the rule (the compiler refuses it): not a failure. */
  | { status: 'not-expressible'; reason: string }
  /** The evaluator cannot read the query detctl emitted: a bug in one of them, so a failure. */
  | { status: 'error'; reason: string };

export interface TargetResult {
  target: TestTarget;
  outcome: TargetOutcome;
}

export interface RuleResult {
  path: string;
  title: string;
  id?: string;
  format: TestFormat;
  file: string;
  events: number;
  /** Sigma first, then each target. */
  targets: TargetResult[];
  passed: boolean;
}

export interface TestReport {
  rules: RuleResult[];
  /** Rules that have no tests (not run; `validate` warns about them). */
  untested: string[];
  /** Per target name: how many rules passed, failed, were not expressible, errored. */
  totals: Record<string, { pass: number; fail: number; 'not-expressible': number; error: number }>;
  passed: boolean;
}
