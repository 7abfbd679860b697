// A Sigma correlation into one Watcher watch. The watch searches the target's indices over the
// correlation's timespan for events of the rules it names, groups them by the `group-by` fields
// in an aggregation, keeps only the groups over the threshold, and fires when one is left:
//
//   input.search.request.body
//     size 0, query: bool { should: <the named rules' Lucene queries>, filter: range <time> gte now-<timespan> }
//     aggs.by_group: terms (one group-by field) | multi_terms (several) | filters [match_all] (none)
//       aggs: <the type's metric> + over_threshold: bucket_selector "params.v <op> <threshold>"
//   condition: array_compare ctx.payload.aggregations.by_group.buckets, path <metric>, <op> <threshold>
//   actions: the environment's; the email lists each remaining group (a mustache loop)
//
// Why a bucket_selector: mustache has no comparison, so a loop over every group would list the
// groups under the threshold too; a `transform` script would need painless with lambdas. The
// selector drops those groups in the search itself (BucketSelectorPipelineAggregator: a bucket
// stays when its script returns true), so `ctx.payload` holds only groups over the threshold and
// the email's `{{#…buckets}}` loop lists exactly them. The condition still compares the metric
// with the threshold (ArrayCompareCondition, quantifier `some`), so the watch reads as the rule.
//
// Why terms/multi_terms and not composite: the composite aggregation pages its buckets (after_key)
// and refuses pipeline sub-aggregations such as bucket_selector; terms and multi_terms return
// their buckets in one response and take them. Terms keep the GROUPS largest groups by event
// count (TermsAggregationBuilder default order `_count` desc, then `_key` asc) before the selector
// runs, so a correlation over more groups than that may miss some (docs/correlations.md).
import { fail } from '../../diagnostics.js';
import { ruleLabel, type ConditionOperator, type CorrelationType, type SigmaCorrelation } from '../../rules/sigma/correlation-model.js';
import type { SigmaRule } from '../../rules/sigma/model.js';
import type { WatchObject } from './objects.js';
import { watchObject, type WatchContext } from './render-watch.js';

/** How many groups the terms aggregation returns (below search.max_buckets, 65536 by default). */
export const GROUPS = 10_000;

/** The buckets the condition and the email read. */
const BUCKETS = 'ctx.payload.aggregations.by_group.buckets';

/** ArrayCompareCondition.Op ids (eq, not_eq, gt, gte, lt, lte) for Sigma's operators. */
const ARRAY_COMPARE_OPS: Record<ConditionOperator, string> = { gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', eq: 'eq', neq: 'not_eq' };
/** Painless comparison operators for the bucket_selector script. */
const PAINLESS_OPS: Record<ConditionOperator, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' };

/** Per type: the metric computed in each group, as a pipeline path and as a path in the response. */
interface Metric {
  /** Sub-aggregations of each group. */
  aggs: Record<string, unknown>;
  /** buckets_path of the metric (AggregationPath syntax: `_count`, `agg`, `agg[key]`, `agg>sub`). */
  bucketsPath: string;
  /** The metric in a bucket of the response (ObjectPath: keys and list indices joined by dots). */
  responsePath: string;
  /** How the email names it. */
  label: string;
}

/** `compileRule` of a named rule, in Lucene with the target's options. */
export type CompileNamed = (rule: SigmaRule) => string[];

export function renderCorrelationWatch(correlation: SigmaCorrelation, compileNamed: CompileNamed, context: WatchContext): WatchObject {
  const { settings } = context;
  const rules = correlation.resolved.map((rule, i) => {
    if (rule.kind !== 'sigma') fail('render-correlation', `'${correlation.rules[i].ref}' is a correlation; correlations of correlations do not deploy to Watcher yet`, correlation.rules[i].loc);
    return rule;
  });
  if (correlation.aliases.length > 0) {
    // A group-by alias is a different field per rule; one terms aggregation reads one field, and a
    // runtime field that picks per rule would need a painless script: not rendered yet.
    fail('render-correlation', 'correlation aliases do not deploy to Watcher yet', correlation.aliases[0].loc, 'group by a field every named rule has, or deploy this correlation to Splunk only');
  }
  const queries = rules.map((rule) => compileNamed(rule).map((query) => ({ query_string: { query, analyze_wildcard: true } })));
  const metric = metricOf(correlation, rules, queries, settings.timestampField, settings.keywordSuffix);
  const { op, count } = correlation.condition;
  const selector = selectorOf(correlation, metric, rules.length);
  const grouping = groupingOf(correlation.groupBy.map((field) => field + settings.keywordSuffix));

  const search = {
    size: 0,
    query: {
      bool: {
        should: queries.flat(),
        minimum_should_match: 1,
        // Elasticsearch date math (DateMathParser) has Sigma's units: s m h d w, M months, y years.
        filter: { range: { [settings.timestampField]: { gte: `now-${correlation.timespan.text}` } } },
      },
    },
    aggs: { by_group: { ...grouping.agg, aggs: { ...metric.aggs, over_threshold: { bucket_selector: selector } } } },
  };
  // ArrayCompareCondition.toXContent writes `path`, then the operator with `value` and `quantifier`.
  const condition = { array_compare: { [BUCKETS]: { path: metric.responsePath, [ARRAY_COMPARE_OPS[op]]: { value: count, quantifier: 'some' } } } };
  const title = `Sigma Correlation '${correlation.title}'`;
  const line = `${grouping.label}: ${grouping.key}, ${metric.label}: {{${metric.responsePath}}}`;
  const email = `${title}: ${correlation.type} ${PAINLESS_OPS[op]} ${count} within ${correlation.timespan.text}, groups over the threshold:\n{{#${BUCKETS}}}${line}\n{{/${BUCKETS}}}`;
  return watchObject(
    correlation,
    {
      idSuffix: '',
      interval: settings.interval,
      search,
      condition,
      active: true,
      texts: { subject: title, email, logging: `${title}: {{#${BUCKETS}}}[${grouping.key}] {{/${BUCKETS}}}` },
      metadata: { correlation: { type: correlation.type, rules: rules.map(ruleLabel), group_by: correlation.groupBy, timespan: correlation.timespan.text } },
    },
    context,
  );
}

/** The group aggregation: one bucket per value (terms), per combination (multi_terms), or one for all. */
function groupingOf(fields: string[]): { agg: Record<string, unknown>; key: string; label: string } {
  if (fields.length === 0) {
    // No group-by: every event counts together. An anonymous `filters` aggregation answers its
    // buckets as an array (InternalFilters, keyed=false), so the condition reads it as the others.
    return { agg: { filters: { filters: [{ match_all: {} }] } }, key: 'all events', label: 'group' };
  }
  if (fields.length === 1) return { agg: { terms: { field: fields[0], size: GROUPS } }, key: '{{key}}', label: fields[0] };
  // MultiTermsAggregationBuilder needs at least two terms; its key_as_string joins the values with `|`.
  return { agg: { multi_terms: { terms: fields.map((field) => ({ field })), size: GROUPS } }, key: '{{key_as_string}}', label: fields.join('|') };
}

function metricOf(correlation: SigmaCorrelation, rules: SigmaRule[], queries: Record<string, unknown>[][], timestampField: string, keywordSuffix: string): Metric {
  const field = correlation.condition.field ?? '';
  const single = (name: string, agg: Record<string, unknown>, label: string): Metric => ({ aggs: { [name]: agg }, bucketsPath: name, responsePath: `${name}.value`, label });
  const byType: Record<CorrelationType, () => Metric> = {
    // `_count` is the bucket's document count (InternalMultiBucketAggregation.InternalBucket.getProperty).
    event_count: () => ({ aggs: {}, bucketsPath: '_count', responsePath: 'doc_count', label: 'events' }),
    // Distinct values need doc values, as wildcard terms do: the keyword sub-field, if the target names one.
    value_count: () => single('value_count', { cardinality: { field: field + keywordSuffix } }, `distinct ${field}`),
    value_sum: () => single('value_sum', { sum: { field } }, `sum of ${field}`),
    value_avg: () => single('value_avg', { avg: { field } }, `average of ${field}`),
    value_percentile: () => {
      const percentile = correlation.condition.percentile ?? 50;
      // keyed:false answers `values` as [{key, value}]: ObjectPath splits on dots, so the keyed form's
      // "95.0" could not be named in the condition. The pipeline path names it as `agg[95]`.
      return {
        aggs: { value_percentile: { percentiles: { field, percents: [percentile], keyed: false } } },
        bucketsPath: `value_percentile[${percentile}]`,
        responsePath: 'value_percentile.values.0.value',
        label: `percentile ${percentile} of ${field}`,
      };
    },
    temporal: () => temporal(rules, queries, undefined),
    temporal_ordered: () => temporal(rules, queries, timestampField),
  };
  return byType[correlation.type]();
}

/**
 * How many of the named rules matched in the group: a `filter` sub-aggregation per rule
 * (`rule_1` … in the order of `rules`) and a bucket_script adding 1 for each that counted events.
 * temporal_ordered adds each rule's first match (`min` of the time field) for the order check.
 */
function temporal(rules: SigmaRule[], queries: Record<string, unknown>[][], orderedBy: string | undefined): Metric {
  const aggs: Record<string, unknown> = {};
  rules.forEach((_, i) => {
    const q = queries[i];
    const filter = q.length === 1 ? q[0] : { bool: { should: q, minimum_should_match: 1 } };
    aggs[`rule_${i + 1}`] = { filter, ...(orderedBy ? { aggs: { first_seen: { min: { field: orderedBy } } } } : {}) };
  });
  const paths = Object.fromEntries(rules.map((_, i) => [`r${i + 1}`, `rule_${i + 1}>_count`]));
  const script = rules.map((_, i) => `(params.r${i + 1} > 0 ? 1 : 0)`).join(' + ');
  aggs.rules_matched = { bucket_script: { buckets_path: paths, script } };
  return { aggs, bucketsPath: 'rules_matched', responsePath: 'rules_matched.value', label: `rules matched (of ${rules.map(ruleLabel).join(', ')})` };
}

/**
 * The bucket_selector that keeps the groups over the threshold: `params.v <op> <threshold>`, and
 * for temporal_ordered each rule's first match before the next one's. A rule with no match has
 * no first match (`min` of nothing is infinite, which BucketHelpers.resolveBucketValue turns into
 * NaN under the default gap policy `skip`), and every comparison with NaN is false.
 */
function selectorOf(correlation: SigmaCorrelation, metric: Metric, ruleCount: number): Record<string, unknown> {
  const { op, count } = correlation.condition;
  const paths: Record<string, string> = { v: metric.bucketsPath };
  const tests = [`params.v ${PAINLESS_OPS[op]} ${count}`];
  if (correlation.type === 'temporal_ordered') {
    for (let i = 1; i <= ruleCount; i++) paths[`t${i}`] = `rule_${i}>first_seen`;
    for (let i = 1; i < ruleCount; i++) tests.push(`params.t${i} < params.t${i + 1}`);
  }
  return { buckets_path: paths, script: tests.join(' && ') };
}
