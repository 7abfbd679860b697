// A Sigma correlation as one Splunk SPL search, in the `stats` form pySigma-backend-splunk emits
// (SigmaHQ/pySigma-backend-splunk sigma/backends/splunk/splunk.py, SplunkBackend's correlation
// templates: default_correlation_query, correlation_search_*, *_aggregation_expression,
// *_condition_expression; expected strings in tests/test_backend_splunk_correlations.py), and
// beyond it, in the same shape, temporal_ordered and the value_* types:
//
//   <search: the named rules' queries>          one rule: its query; several: | multisearch [ … ]
//
//   | bin _time span=<timespan>                  fixed windows, as pySigma (not sliding ones)
//   | stats <aggregate> [values(F) as F…] by _time <group-by…>
//
//   | search <aggregate> <op> <threshold>
//
// One row of AGGREGATES per correlation type. Knowing differences from pySigma: a rule whose main
// search is empty is `*` here (detctl's SPL for such rules, src/compile/spl.ts), not nothing; a
// rule with several conditions is one subsearch per condition; a single-rule temporal correlation
// tags its events without `multisearch` (which needs two subsearches); correlations of
// correlations are refused.
import { fail } from '../diagnostics.js';
import { ruleLabel, type ConditionOperator, type CorrelationType, type SigmaCorrelation } from '../rules/sigma/correlation-model.js';
import type { SigmaRule } from '../rules/sigma/model.js';
import { fill } from './template.js';

const TEMPLATES = {
  query: '{search}\n\n{aggregate}\n\n{condition}',
  // One named rule: its query, as it is (pySigma correlation_search_single_rule_expression).
  single: '{query}{renames}',
  // One named rule whose events must say which rule matched them (temporal types).
  singleTyped: '{query} | eval event_type="{rule}"{renames}',
  multi: '| multisearch\n{queries}',
  multiQuery: '[ search {query} | eval event_type="{rule}"{renames} ]',
  multiJoiner: '\n',
  rename: ' | rename {field} as {alias}',
  aggregate: '| bin _time span={span}\n| stats {functions} by _time{groupBy}',
  groupByField: ' {field}',
  /** The correlation's own `fields:`, kept per group (pySigma's enrichment of the output). */
  fieldValues: 'values({field}) as {field}',
  condition: '| search {name} {op} {count}',
  /** temporal_ordered: the first time each rule matched in the group, as `first_<n>`. */
  firstSeen: 'min(eval(if(event_type="{rule}", _time, null()))) as first_{n}',
  ordered: '| where {comparisons}',
  orderedComparison: 'first_{n} < first_{next}',
  orderedJoiner: ' AND ',
} as const;

interface Aggregate {
  /** The stats function and the name it is given; {field} is the condition's field, {percentile} its percentile. */
  function: string;
  /** The aggregate's name, which the condition compares. */
  name: string;
  /** Events must carry `event_type` (the rule that matched them), even when one rule is named. */
  typed: boolean;
}

/**
 * The `stats` function per type. event_count, value_count and temporal are pySigma's
 * (event_count_aggregation_expression, …); value_sum/avg/percentile are the Splunk stats functions
 * sum, avg and perc<N> (Search Reference, "Statistical and charting functions"); temporal_ordered
 * is temporal plus the order check below.
 */
const AGGREGATES: Record<CorrelationType, Aggregate> = {
  event_count: { function: 'count as event_count', name: 'event_count', typed: false },
  value_count: { function: 'dc({field}) as value_count', name: 'value_count', typed: false },
  temporal: { function: 'dc(event_type) as event_type_count', name: 'event_type_count', typed: true },
  temporal_ordered: { function: 'dc(event_type) as event_type_count', name: 'event_type_count', typed: true },
  value_sum: { function: 'sum({field}) as value_sum', name: 'value_sum', typed: false },
  value_avg: { function: 'avg({field}) as value_avg', name: 'value_avg', typed: false },
  value_percentile: { function: 'perc{percentile}({field}) as value_percentile', name: 'value_percentile', typed: false },
};

/** The search command's comparison operators (Search Reference, search: "comparison-expression"). */
const OPERATORS: Record<ConditionOperator, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', neq: '!=' };

/**
 * Sigma timespan units as `bin` span timescales (Search Reference, bin: span-length is
 * <int><timescale>, timescales s, m, h, d and mon; no weeks or years): weeks and years in days
 * and months.
 */
const SPANS: Record<string, (count: number) => string> = {
  s: (n) => `${n}s`,
  m: (n) => `${n}m`,
  h: (n) => `${n}h`,
  d: (n) => `${n}d`,
  w: (n) => `${n * 7}d`,
  M: (n) => `${n}mon`,
  y: (n) => `${n * 12}mon`,
};

/** `compileRule` of each named rule, in SPL with the same options. */
export type CompileNamed = (rule: SigmaRule) => string[];

export function splCorrelation(correlation: SigmaCorrelation, compileNamed: CompileNamed): string {
  const aggregate = AGGREGATES[correlation.type];
  const searches = correlation.resolved.flatMap((rule, i) => {
    if (rule.kind !== 'sigma') fail('convert-correlation', `'${correlation.rules[i].ref}' is a correlation; correlations of correlations do not convert to SPL yet`, correlation.rules[i].loc);
    const label = ruleLabel(rule);
    const renames = correlation.aliases.flatMap((a) => a.fields.filter((f) => f.rule.ref === correlation.rules[i].ref).map((f) => fill(TEMPLATES.rename, { field: f.field, alias: a.alias }))).join('');
    return compileNamed(rule).map((query) => ({ query, rule: quoted(label), renames }));
  });
  const search =
    searches.length === 1
      ? fill(aggregate.typed ? TEMPLATES.singleTyped : TEMPLATES.single, searches[0])
      : fill(TEMPLATES.multi, { queries: searches.map((s) => fill(TEMPLATES.multiQuery, s)).join(TEMPLATES.multiJoiner) });

  const { condition } = correlation;
  const values = { field: condition.field ?? '', percentile: String(condition.percentile ?? '') };
  const functions = [fill(aggregate.function, values), ...correlation.fields.map((field) => fill(TEMPLATES.fieldValues, { field }))];
  if (correlation.type === 'temporal_ordered') functions.push(...correlation.resolved.map((rule, n) => fill(TEMPLATES.firstSeen, { rule: quoted(ruleLabel(rule)), n: String(n + 1) })));
  const stats = fill(TEMPLATES.aggregate, {
    span: SPANS[correlation.timespan.unit](correlation.timespan.count),
    functions: functions.join(' '),
    groupBy: correlation.groupBy.map((field) => fill(TEMPLATES.groupByField, { field })).join(''),
  });

  let threshold = fill(TEMPLATES.condition, { name: aggregate.name, op: OPERATORS[condition.op], count: String(condition.count) });
  if (correlation.type === 'temporal_ordered' && correlation.resolved.length > 1) {
    // Ordered means each rule's first match in the group comes after the previous rule's first
    // match: stricter than "some sequence in order" (a later rule that also matched before the
    // earlier one's first match fails it); stats cannot follow sequences, streamstats could.
    const comparisons = correlation.resolved.slice(1).map((_, n) => fill(TEMPLATES.orderedComparison, { n: String(n + 1), next: String(n + 2) }));
    threshold += `\n${fill(TEMPLATES.ordered, { comparisons: comparisons.join(TEMPLATES.orderedJoiner) })}`;
  }
  return fill(TEMPLATES.query, { search, aggregate: stats, condition: threshold });
}

/** A rule's label inside a double-quoted SPL string. */
function quoted(label: string): string {
  return label.replace(/[\\"]/g, (c) => `\\${c}`);
}
