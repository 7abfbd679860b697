// A validated Sigma correlation rule (Sigma 2 specification, "Sigma Correlation Rules";
// SigmaHQ/sigma-specification specification/sigma-correlation-rules-specification.md, read with
// pySigma's sigma/correlations.py). A correlation does not match events itself: it counts, or
// orders, the matches of the rules it names, per group of field values, within a time span.
import type { SourceLocation } from '../../diagnostics.js';
import type { SigmaDocument, SigmaRule } from './model.js';

/** Every correlation type of Sigma 2.1 (pySigma SigmaCorrelationType, without its value_median). */
export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** The types whose condition compares an aggregate of one field (`condition.field`). */
export const FIELD_TYPES: ReadonlySet<CorrelationType> = new Set(['value_count', 'value_sum', 'value_avg', 'value_percentile']);
/** The types whose condition is optional: "all the named rules matched" (pySigma: gte the number of rules). */
export const TEMPORAL_TYPES: ReadonlySet<CorrelationType> = new Set(['temporal', 'temporal_ordered']);

/** pySigma SigmaCorrelationConditionOperator. */
export const CONDITION_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface CorrelationCondition {
  op: ConditionOperator;
  /** The threshold the aggregate is compared with. */
  count: number;
  /** The aggregated field (value_* types). */
  field?: string;
  /** value_percentile: which percentile (0–100). */
  percentile?: number;
  loc: SourceLocation;
}

/** A rule as the correlation names it: by id or by `name`. */
export interface RuleReference {
  ref: string;
  loc: SourceLocation;
}

/** `aliases.<alias>.<rule>: <field>`: the field of each rule that the alias stands for. */
export interface FieldAlias {
  alias: string;
  fields: { rule: RuleReference; field: string }[];
  loc: SourceLocation;
}

export interface Timespan {
  /** As written, e.g. `15m`. */
  text: string;
  count: number;
  /** s, m, h, d, w, M (month) or y. */
  unit: string;
  seconds: number;
}

/** `fields` are those the output keeps per group (pySigma-backend-splunk: `values(F) as F`). */
export interface SigmaCorrelation extends SigmaDocument {
  kind: 'sigma-correlation';
  type: CorrelationType;
  rules: RuleReference[];
  groupBy: string[];
  /** Where each `group-by` entry is (the key itself when it is one string). */
  groupByLocs: SourceLocation[];
  timespan: Timespan;
  condition: CorrelationCondition;
  aliases: FieldAlias[];
  /** `generate: true`: the named rules still deploy on their own as well. */
  generate: boolean;
  /**
   * The named rules, in the order of `rules`; filled in once every file is loaded
   * (load-rules.ts), since a correlation may name rules of other files.
   */
  resolved: (SigmaRule | SigmaCorrelation)[];
}

/** The name a correlation's output uses for a rule (pySigma: the rule's name, else its id). */
export function ruleLabel(rule: SigmaRule | SigmaCorrelation): string {
  return rule.name ?? rule.id ?? rule.title;
}
