// Issue 14 on Watcher: each Sigma correlation renders as one watch (id from the correlation's id,
// the environment's interval as schedule, the timespan as the search window, an aggregation per
// group with the type's metric, a bucket_selector at the threshold, an array_compare condition);
// the rules it names with `generate: false` get no watch; what Watcher cannot express yet is an
// error at its line; a schedule longer than the timespan is a warning on both targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { longestCronGap } from '../../src/base/cron.js';
import { splunkProvider } from '../../src/targets/splunk/provider.js';
import { splunkTargetSchema } from '../../src/targets/splunk/settings.js';
import { canonicalWatch } from '../../src/targets/elasticsearch/normalise-watch.js';
import { DOC, EXAMPLE_RULES, END, START, correlationWatch, exampleWatch, examplesMarkdown, loadDocuments, renderWatchesOf } from '../helpers/correlation-examples.js';

type Body = {
  trigger: { schedule: { interval: string } };
  input: { search: { request: { indices: string[]; body: { size: number; query: { bool: { should: unknown[]; minimum_should_match: number; filter: unknown } }; aggs: { by_group: Record<string, Record<string, unknown>> } } } } };
  condition: unknown;
  actions: { send_email: { email: { subject: string; body: string } } };
  metadata: Record<string, unknown>;
};

test('event_count: one watch, id from the correlation, interval as schedule, the timespan as window, a size-0 search over the named rules', () => {
  const { rules } = loadDocuments(`${EXAMPLE_RULES}---\ntitle: Many failed logons\nid: 0e95725d-7320-415d-80f7-004da920fc11\ncorrelation: { type: event_count, rules: [failed_logon], group-by: [User], timespan: 10m, condition: { gte: 5 } }\n`);
  const { objects } = renderWatchesOf(rules, { idPrefix: 'sigma-', interval: '5m', indices: ['winlogbeat-*'], actions: { email: { to: ['soc@example.net'] } } });
  // failed_logon is named (generate: false): no watch of its own; network_logon is named by none.
  assert.deepEqual(objects.map((o) => o.id), ['sigma-Network_logon', 'sigma-0e95725d-7320-415d-80f7-004da920fc11']);
  const body = objects[1].body as Body;
  assert.deepEqual(body.trigger, { schedule: { interval: '5m' } });
  const request = body.input.search.request;
  assert.deepEqual(request.indices, ['winlogbeat-*']);
  assert.equal(request.body.size, 0);
  assert.deepEqual(request.body.query.bool, { should: [{ query_string: { query: 'EventID:4625', analyze_wildcard: true } }], minimum_should_match: 1, filter: { range: { '@timestamp': { gte: 'now-10m' } } } });
  assert.deepEqual(request.body.aggs.by_group, {
    terms: { field: 'User', size: 10000 },
    aggs: { over_threshold: { bucket_selector: { buckets_path: { v: '_count' }, script: 'params.v >= 5' } } },
  });
  assert.deepEqual(body.condition, { array_compare: { 'ctx.payload.aggregations.by_group.buckets': { path: 'doc_count', gte: { value: 5, quantifier: 'some' } } } });
  assert.equal(body.actions.send_email.email.subject, "Sigma Correlation 'Many failed logons'");
  assert.match(body.actions.send_email.email.body, /\{\{#ctx\.payload\.aggregations\.by_group\.buckets\}\}User: \{\{key\}\}, events: \{\{doc_count\}\}\n\{\{\/ctx\.payload\.aggregations\.by_group\.buckets\}\}$/);
  assert.deepEqual(body.metadata.correlation, { type: 'event_count', rules: ['failed_logon'], group_by: ['User'], timespan: '10m' });
  assert.equal(body.metadata.managed_by, 'detctl');
  assert.equal(body.metadata.rule_id, '0e95725d-7320-415d-80f7-004da920fc11');
});

test('each type: its metric in each group, the selector and the condition on the same metric and operator', () => {
  const cases: Record<string, { metric: Record<string, unknown>; v: string; path: string; op: string; value: number; script: string }> = {
    value_count: { metric: { value_count: { cardinality: { field: 'TargetHost' } } }, v: 'value_count', path: 'value_count.value', op: 'gte', value: 3, script: 'params.v >= 3' },
    value_sum: { metric: { value_sum: { sum: { field: 'Bytes' } } }, v: 'value_sum', path: 'value_sum.value', op: 'gt', value: 1000000, script: 'params.v > 1000000' },
    value_avg: { metric: { value_avg: { avg: { field: 'Bytes' } } }, v: 'value_avg', path: 'value_avg.value', op: 'gte', value: 5000, script: 'params.v >= 5000' },
    value_percentile: { metric: { value_percentile: { percentiles: { field: 'Bytes', percents: [95], keyed: false } } }, v: 'value_percentile[95]', path: 'value_percentile.values.0.value', op: 'gte', value: 9000, script: 'params.v >= 9000' },
  };
  for (const [type, c] of Object.entries(cases)) {
    const body = exampleWatch(type).body as Body;
    const group = body.input.search.request.body.aggs.by_group;
    assert.deepEqual(group.aggs, { ...c.metric, over_threshold: { bucket_selector: { buckets_path: { v: c.v }, script: c.script } } }, type);
    assert.deepEqual(body.condition, { array_compare: { 'ctx.payload.aggregations.by_group.buckets': { path: c.path, [c.op]: { value: c.value, quantifier: 'some' } } } }, type);
  }
  // Several group-by fields: one multi_terms bucket per combination.
  assert.deepEqual(((exampleWatch('value_sum').body as Body).input.search.request.body.aggs.by_group).multi_terms, { terms: [{ field: 'User' }, { field: 'TargetHost' }], size: 10000 });
});

test('temporal: a filter per named rule, the count of rules that matched; temporal_ordered: their first matches in order', () => {
  const temporal = (exampleWatch('temporal').body as Body).input.search.request.body.aggs.by_group.aggs;
  assert.deepEqual(temporal.rule_1, { filter: { query_string: { query: 'EventID:4625', analyze_wildcard: true } } });
  assert.deepEqual(temporal.rule_2, { filter: { query_string: { query: 'EventID:4624 AND LogonType:3', analyze_wildcard: true } } });
  assert.deepEqual(temporal.rules_matched, { bucket_script: { buckets_path: { r1: 'rule_1>_count', r2: 'rule_2>_count' }, script: '(params.r1 > 0 ? 1 : 0) + (params.r2 > 0 ? 1 : 0)' } });
  assert.deepEqual(temporal.over_threshold, { bucket_selector: { buckets_path: { v: 'rules_matched' }, script: 'params.v >= 2' } }, 'no condition: every named rule');
  const ordered = (exampleWatch('temporal_ordered').body as Body).input.search.request.body.aggs.by_group.aggs;
  assert.deepEqual((ordered.rule_1 as { aggs: unknown }).aggs, { first_seen: { min: { field: '@timestamp' } } });
  assert.deepEqual(ordered.over_threshold, { bucket_selector: { buckets_path: { v: 'rules_matched', t1: 'rule_1>first_seen', t2: 'rule_2>first_seen' }, script: 'params.v >= 2 && params.t1 < params.t2' } });
});

test("the target's time field, keyword suffix and mapping: the window on timestampField, keyword sub-fields for terms and cardinality, mapped rule queries", () => {
  const { rules } = loadDocuments(`${EXAMPLE_RULES}---\ntitle: C\ncorrelation: { type: value_count, rules: [failed_logon], group-by: [User], timespan: 2M, condition: { gte: 3, field: TargetHost } }\n`);
  const watch = correlationWatch(renderWatchesOf(rules, { timestampField: 'event.created', keywordSuffix: '.keyword', mapping: 'ecs_windows', interval: '1d' }).objects);
  const request = (watch.body as Body).input.search.request.body;
  assert.deepEqual(request.query.bool.filter, { range: { 'event.created': { gte: 'now-2M' } } }, 'Sigma months are date math months');
  assert.deepEqual(request.aggs.by_group.terms, { field: 'User.keyword', size: 10000 });
  assert.deepEqual(request.aggs.by_group.aggs.value_count, { cardinality: { field: 'TargetHost.keyword' } });
  assert.match(JSON.stringify(request.query.bool.should), /event\.code/, 'the named rule compiled with the ecs_windows mapping');
});

test('no group-by: one anonymous filters bucket, read as an array like the others', () => {
  const { rules } = loadDocuments(`${EXAMPLE_RULES}---\ntitle: C\ncorrelation: { type: event_count, rules: [failed_logon], timespan: 10m, condition: { gte: 100 } }\n`);
  const watch = correlationWatch(renderWatchesOf(rules).objects);
  assert.deepEqual((watch.body as Body).input.search.request.body.aggs.by_group.filters, { filters: [{ match_all: {} }] });
});

test('what Watcher cannot express yet is an error at its line: aliases; a correlation of correlations', () => {
  const { rules } = loadDocuments(
    `${EXAMPLE_RULES}---\ntitle: With aliases\nname: aliased\ncorrelation:\n  type: temporal\n  rules: [failed_logon, network_logon]\n  group-by: [user]\n  timespan: 10m\n  aliases:\n    user: { failed_logon: TargetUserName, network_logon: SubjectUserName }\n---\ntitle: Of correlations\ncorrelation:\n  type: event_count\n  rules: [aliased]\n  timespan: 1h\n  condition: { gte: 2 }\n`,
  );
  const { objects, diagnostics } = renderWatchesOf(rules);
  assert.deepEqual(objects.map((o) => o.id), [], 'both named rules are correlation-only; neither correlation renders');
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    "rules/rules.yml:19:5: error: correlation aliases do not deploy to Watcher yet\n  hint: group by a field every named rule has, or deploy this correlation to Splunk only",
    "rules/rules.yml:24:11: error: 'aliased' is a correlation; correlations of correlations do not deploy to Watcher yet",
  ]);
});

test('a schedule longer than the timespan is a warning on both targets (watch.interval, the longest gap of savedSearch.cron), not an error', () => {
  const { rules } = loadDocuments(`${EXAMPLE_RULES}---\ntitle: Short window\ncorrelation: { type: event_count, rules: [failed_logon], group-by: [User], timespan: 10m, condition: { gte: 5 } }\n`);
  const watcher = renderWatchesOf(rules, { interval: '30m' });
  assert.equal(watcher.objects.length, 2, 'the watch is still rendered (with the rule no correlation names)');
  assert.deepEqual(watcher.diagnostics.map(formatDiagnostic), [
    "rules/rules.yml:12:1: warning: correlation 'Short window' looks back 10m but runs only every 30m (watch.interval 30m): events between two windows are never correlated\n  hint: run it at least every 10m (watch.interval), or give the correlation a longer timespan",
  ]);
  assert.deepEqual(renderWatchesOf(rules, { interval: '10m' }).diagnostics, [], 'as often as the timespan: no warning');

  const splunk = (cron: string) => {
    const settings = splunkTargetSchema.parse({ type: 'splunk', url: 'https://splunk.example:8089', auth: { token: 't' }, app: 'detections', savedSearch: { cron } });
    return splunkProvider.render({ target: 'splunk', env: 'prod', settings, rules, inputs: undefined }).diagnostics.map((d) => `${d.severity}: ${d.message}`);
  };
  assert.deepEqual(splunk('*/5 * * * *'), []);
  // Every 5 minutes during office hours only: the longest gap is the night (and the weekend).
  assert.deepEqual(splunk('*/5 9-17 * * 1-5'), ["warning: correlation 'Short window' looks back 10m but runs only every 2d15h5m (savedSearch.cron */5 9-17 * * 1-5): events between two windows are never correlated"]);
});

test('longestCronGap: the longest time between two runs, nights, weekends and leap days included', () => {
  assert.equal(longestCronGap('*/30 * * * *'), 1800);
  assert.equal(longestCronGap('* * * * *'), 60);
  assert.equal(longestCronGap('0 9 * * 1-5'), 3 * 86_400, 'Friday 9:00 to Monday 9:00');
  assert.equal(longestCronGap('0 0 1 * *'), 31 * 86_400);
  assert.equal(longestCronGap('0 0 29 2 *'), 1461 * 86_400);
  assert.equal(longestCronGap('0 0 1 * 1'), 7 * 86_400, 'day of month OR day of week, as standard cron');
  assert.equal(longestCronGap('15,45 */6 * * *'), 5.5 * 3600);
});

test('the rendered watch is stable under the normaliser (what plan compares with the server)', () => {
  for (const type of ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile']) {
    const watch = exampleWatch(type);
    const canonical = canonicalWatch(watch.body, watch.active);
    assert.deepEqual(canonicalWatch(canonical as Record<string, unknown>, watch.active), canonical, type);
    assert.deepEqual((canonical as Body).condition, (watch.body as Body).condition, `${type}: array_compare is rendered as Watcher writes it back`);
  }
});

test('docs/correlations.md shows the rendered watches (regenerate: node --conditions=detctl-source --import tsx test/helpers/correlation-examples.ts --write)', () => {
  const doc = readFileSync(DOC, 'utf8');
  const section = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END));
  assert.equal(section.trim(), examplesMarkdown().trim());
});
