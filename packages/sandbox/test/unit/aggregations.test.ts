// The sandbox's aggregations, pipelines, painless expressions, mustache and watch conditions on
// their own: what a correlation watch needs, answered as Elasticsearch answers it (the classes
// named in src/elasticsearch/search/aggregations.ts and watcher/watch-execution.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, JsonObject } from '../../src/json.js';
import type { Mapping } from '../../src/elasticsearch/dynamic-mapping.js';
import { EsHttpError, errorBody } from '../../src/elasticsearch/es-errors.js';
import { runSearch } from '../../src/elasticsearch/search/run-search.js';
import { dateMath } from '../../src/elasticsearch/search/query.js';
import { PainlessError, compilePainless } from '../../src/elasticsearch/search/painless-expression.js';
import { renderMustache } from '../../src/elasticsearch/watcher/mustache.js';
import { executeWatch } from '../../src/elasticsearch/watcher/watch-execution.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const MAPPING: Mapping = {
  '@timestamp': { type: 'date' },
  User: { type: 'keyword' },
  Host: { type: 'keyword' },
  Bytes: { type: 'long' },
  EventID: { type: 'long' },
  Message: { type: 'text' },
};

const EVENTS: JsonObject[] = [
  { User: 'bob', Host: 'h1', Bytes: 10, EventID: 1, '@timestamp': '2026-12-03T11:55:00Z' },
  { User: 'alice', Host: 'h1', Bytes: 20, EventID: 1, '@timestamp': '2026-12-03T11:56:00Z' },
  { User: 'alice', Host: 'h2', Bytes: 30, EventID: 2, '@timestamp': '2026-12-03T11:57:00Z' },
  { User: 'carol', Host: 'h3', Bytes: 40, EventID: 1, '@timestamp': '2026-12-03T11:58:00Z' },
  { User: 'bob', Host: 'h2', Bytes: 50, EventID: 2, '@timestamp': '2026-12-03T11:59:00Z' },
  { User: 'alice', Host: 'h2', EventID: 1, '@timestamp': '2026-12-03T11:40:00Z' },
];

function aggs(spec: Json, query?: Json): JsonObject {
  const docs = EVENTS.map((source, i) => ({ id: String(i), source, seqNo: i }));
  return runSearch([{ index: 'logs', mapping: MAPPING, docs }], { query, size: 0, aggs: spec }, NOW).aggregations!;
}

function esFailure(run: () => unknown): EsHttpError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EsHttpError, String(error));
    return error;
  }
  throw new Error('expected an error');
}

describe('bucket aggregations', () => {
  test('terms: doc_count desc then key asc (TermsAggregationBuilder default order), size cut counted in sum_other_doc_count', () => {
    const all = aggs({ g: { terms: { field: 'User' } } }).g as JsonObject;
    assert.deepEqual(all, {
      doc_count_error_upper_bound: 0,
      sum_other_doc_count: 0,
      buckets: [
        { key: 'alice', doc_count: 3 },
        { key: 'bob', doc_count: 2 },
        { key: 'carol', doc_count: 1 },
      ],
    });
    const cut = aggs({ g: { terms: { field: 'Host', size: 2 } } }).g as JsonObject;
    // h2: 3, then h1 and h3 tie at... h1: 2, h3: 1 → h3 is cut.
    assert.deepEqual(cut, { doc_count_error_upper_bound: 0, sum_other_doc_count: 1, buckets: [{ key: 'h2', doc_count: 3 }, { key: 'h1', doc_count: 2 }] });
    const ties = aggs({ g: { terms: { field: 'EventID', size: 1 } } }, { terms: { User: ['bob'] } }).g as JsonObject;
    assert.deepEqual(ties.buckets, [{ key: 1, doc_count: 1 }], 'equal counts: the smaller key first; numbers stay numbers');
  });

  test('terms refuses a text field, as ES does without fielddata; an unmapped field has no buckets', () => {
    const error = esFailure(() => aggs({ g: { terms: { field: 'Message' } } }));
    assert.match(JSON.stringify(errorBody(error)), /Text fields are not optimised/);
    assert.deepEqual((aggs({ g: { terms: { field: 'Nope' } } }).g as JsonObject).buckets, []);
  });

  test('multi_terms: one bucket per combination, key an array, key_as_string joined with |; fewer than 2 terms refused', () => {
    const g = aggs({ g: { multi_terms: { terms: [{ field: 'User' }, { field: 'Host' }] } } }).g as JsonObject;
    assert.deepEqual((g.buckets as JsonObject[]).slice(0, 2), [
      { key: ['alice', 'h2'], key_as_string: 'alice|h2', doc_count: 2 },
      { key: ['alice', 'h1'], key_as_string: 'alice|h1', doc_count: 1 },
    ]);
    esFailure(() => aggs({ g: { multi_terms: { terms: [{ field: 'User' }] } } }));
  });

  test('filters: anonymous filters answer an array, named ones an object; filter is one bucket', () => {
    const anonymous = aggs({ f: { filters: { filters: [{ match_all: {} }, { term: { User: 'bob' } }] } } }).f as JsonObject;
    assert.deepEqual(anonymous, { buckets: [{ doc_count: 6 }, { doc_count: 2 }] });
    const named = aggs({ f: { filters: { filters: { bobs: { term: { User: 'bob' } } } } } }).f as JsonObject;
    assert.deepEqual(named, { buckets: { bobs: { doc_count: 2 } } });
    assert.deepEqual(aggs({ f: { filter: { term: { EventID: 2 } } } }).f, { doc_count: 2 });
  });

  test('an unknown aggregation type and a bad name are parse errors', () => {
    assert.match(esFailure(() => aggs({ g: { nope: {} } })).message, /Unknown aggregation type \[nope\]/);
    assert.match(esFailure(() => aggs({ 'a>b': { terms: { field: 'User' } } })).message, /Invalid aggregation name/);
  });
});

describe('metrics', () => {
  test('cardinality, sum, avg, min, max; empty avg/min/max are null, an empty sum 0', () => {
    const g = aggs({ c: { cardinality: { field: 'Host' } }, s: { sum: { field: 'Bytes' } }, a: { avg: { field: 'Bytes' } }, lo: { min: { field: 'Bytes' } }, hi: { max: { field: 'Bytes' } } });
    assert.deepEqual(g, { c: { value: 3 }, s: { value: 150 }, a: { value: 30 }, lo: { value: 10 }, hi: { value: 50 } });
    const none = aggs({ s: { sum: { field: 'Bytes' } }, a: { avg: { field: 'Bytes' } }, lo: { min: { field: 'Bytes' } } }, { term: { User: 'nobody' } });
    assert.deepEqual(none, { s: { value: 0 }, a: { value: null }, lo: { value: null } });
  });

  test('percentiles: keyed by "95.0" by default, [{key, value}] with keyed:false', () => {
    assert.deepEqual(aggs({ p: { percentiles: { field: 'Bytes', percents: [50] } } }).p, { values: { '50.0': 30 } });
    assert.deepEqual(aggs({ p: { percentiles: { field: 'Bytes', percents: [50], keyed: false } } }).p, { values: [{ key: 50, value: 30 }] });
  });
});

describe('parent pipelines', () => {
  test('bucket_selector keeps the buckets whose script is true, after the size cut', () => {
    const g = aggs({ g: { terms: { field: 'User' }, aggs: { keep: { bucket_selector: { buckets_path: { n: '_count' }, script: 'params.n >= 2' } } } } }).g as JsonObject;
    assert.deepEqual((g.buckets as JsonObject[]).map((b) => b.key), ['alice', 'bob']);
  });

  test('bucket_script: `agg>_count`, `agg>metric`, `agg[95]`; a selector reading its output runs after it', () => {
    const g = aggs({
      g: {
        terms: { field: 'User' },
        aggs: {
          // Declared first, reads `both` below: the order follows the dependency.
          keep: { bucket_selector: { buckets_path: { v: 'both' }, script: 'params.v == 2' } },
          one: { filter: { term: { EventID: 1 } } },
          two: { filter: { term: { EventID: 2 } } },
          p: { percentiles: { field: 'Bytes', percents: [95] } },
          both: { bucket_script: { buckets_path: { a: 'one>_count', b: 'two>_count' }, script: '(params.a > 0 ? 1 : 0) + (params.b > 0 ? 1 : 0)' } },
          p95: { bucket_script: { buckets_path: { p: 'p[95]' }, script: 'params.p' } },
        },
      },
    }).g as JsonObject;
    const buckets = g.buckets as JsonObject[];
    assert.deepEqual(buckets.map((b) => [b.key, (b.both as JsonObject).value]), [['alice', 2], ['bob', 2]]);
    assert.equal((buckets[1].p95 as JsonObject).value, 48);
  });

  test('gaps: a min over no documents is NaN to a pipeline (BucketHelpers, gap_policy skip): bucket_script skips the bucket, comparisons in a selector are false', () => {
    const g = aggs({
      g: {
        terms: { field: 'User' },
        aggs: {
          two: { filter: { term: { EventID: 2 } }, aggs: { first: { min: { field: '@timestamp' } } } },
          t: { bucket_script: { buckets_path: { t: 'two>first' }, script: 'params.t' } },
          keep: { bucket_selector: { buckets_path: { t: 'two>first' }, script: 'params.t > 0' } },
        },
      },
    }).g as JsonObject;
    const buckets = g.buckets as JsonObject[];
    assert.deepEqual(buckets.map((b) => b.key), ['alice', 'bob'], 'carol has no EventID 2: NaN > 0 is false');
    assert.equal((buckets[0].t as JsonObject).value, Date.parse('2026-12-03T11:57:00Z'));
    const kept = aggs({ g: { terms: { field: 'User' }, aggs: { two: { filter: { term: { EventID: 2 } }, aggs: { first: { min: { field: '@timestamp' } } } }, t: { bucket_script: { buckets_path: { t: 'two>first' }, script: 'params.t' } } } } }).g as JsonObject;
    assert.equal((kept.buckets as JsonObject[])[2].t, undefined, 'the skipped bucket has no value');
  });

  test('a pipeline at the top level, or a script outside the subset, is an error', () => {
    esFailure(() => aggs({ keep: { bucket_selector: { buckets_path: { n: '_count' }, script: 'params.n > 1' } } }));
    const error = esFailure(() => aggs({ g: { terms: { field: 'User' }, aggs: { keep: { bucket_selector: { buckets_path: { n: '_count' }, script: 'return params.n > 1;' } } } } }));
    assert.equal(error.esCause.type, 'script_exception');
  });
});

describe('painless expressions', () => {
  const run = (source: string, params: Record<string, unknown> = {}) => compilePainless(source)({ params });
  test('Java precedence, ternaries, NaN comparisons false, numeric ==', () => {
    assert.equal(run('1 + 2 * 3 == 7'), true);
    assert.equal(run('(1 + 2) * 3'), 9);
    assert.equal(run('params.a > 0 ? 1 : 0', { a: 5 }), 1);
    assert.equal(run('params.a < params.b || params.a >= params.b', { a: NaN, b: 1 }), false);
    assert.equal(run("params['a'] == 2", { a: 2.0 }), true);
    assert.equal(run('!(params.a != 3) && -params.a < 0', { a: 3 }), true);
  });
  test('statements, method calls and unknown tokens are refused at compile time', () => {
    for (const source of ['return 1;', 'params.list.size() > 0', 'def x = 1', '1 +', '']) {
      assert.throws(() => compilePainless(source), (e: unknown) => e instanceof PainlessError && e.kind === 'compile', source);
    }
    assert.throws(() => run('params.a > 1', {}), (e: unknown) => e instanceof PainlessError && e.kind === 'runtime');
  });
});

describe('mustache', () => {
  const model = { ctx: { payload: { buckets: [{ key: 'a', n: { value: 3 } }, { key: 'b', n: { value: 5 } }], empty: [] }, watch_id: 'w' } };
  test('sections over lists (names below the item looked up in the parents), inverted sections, indices, toJson', () => {
    assert.equal(renderMustache('{{#ctx.payload.buckets}}{{key}}={{n.value}} in {{ctx.watch_id}};{{/ctx.payload.buckets}}', model), 'a=3 in w;b=5 in w;');
    assert.equal(renderMustache('{{^ctx.payload.empty}}none{{/ctx.payload.empty}}{{#ctx.payload.empty}}x{{/ctx.payload.empty}}', model), 'none');
    assert.equal(renderMustache('{{ctx.payload.buckets.1.key}}', model), 'b');
    assert.equal(renderMustache('{{#toJson}}ctx.payload.buckets.0.n{{/toJson}}', model), '{"value":3}');
  });
});

describe('watch conditions', () => {
  const watch = (condition: JsonObject): JsonObject => ({ input: { simple: { buckets: [{ n: 2 }, { n: '7' }], other: 'x' } }, condition, actions: { log: { logging: { text: 'n={{#ctx.payload.buckets}}{{n}} {{/ctx.payload.buckets}}' } } } });
  const execute = (condition: JsonObject) => executeWatch(watch(condition), () => ({}), { watchId: 'w', now: '2026-12-03T12:00:00.000Z' });

  test('array_compare: some/all, values compared leniently (LenientCompare: "7" against 5 as numbers)', () => {
    assert.equal(execute({ array_compare: { 'ctx.payload.buckets': { path: 'n', gte: { value: 5, quantifier: 'some' } } } }).outcome, 'met');
    assert.equal(execute({ array_compare: { 'ctx.payload.buckets': { path: 'n', gte: { value: 5, quantifier: 'all' } } } }).outcome, 'not_met');
    assert.equal(execute({ array_compare: { 'ctx.payload.missing': { path: 'n', gte: { value: 5, quantifier: 'some' } } } }).outcome, 'not_met', 'a missing array is empty');
    const notArray = execute({ array_compare: { 'ctx.payload.other': { path: 'n', gte: { value: 5, quantifier: 'some' } } } });
    assert.equal(notArray.outcome, 'failed');
    assert.match(String((notArray.result.condition as JsonObject).reason), /did not evaluate to array/);
  });

  test('a met condition runs the actions simulated, their texts rendered', () => {
    const met = execute({ compare: { 'ctx.payload.buckets.1.n': { gt: 5 } } });
    assert.equal(met.outcome, 'met');
    assert.deepEqual(met.result.actions, [{ id: 'log', type: 'logging', status: 'simulated', logging: { logged_text: 'n=2 7 ' } }]);
  });

  test('script conditions are evaluated, and a script outside the subset fails the execution instead of being met', () => {
    assert.equal(execute({ script: { source: 'ctx.payload.buckets[0].n == 2', lang: 'painless' } }).outcome, 'met');
    assert.equal(execute({ script: { source: 'ctx.payload.buckets[0].n > 2', lang: 'painless' } }).outcome, 'not_met');
    const unsupported = execute({ script: { source: 'return ctx.payload.buckets.size() > 0', lang: 'painless' } });
    assert.equal(unsupported.outcome, 'failed');
    assert.equal((unsupported.result.condition as JsonObject).status, 'failure');
    assert.equal(unsupported.result.actions, undefined);
  });
});

describe('date math', () => {
  test('now with steps in every unit, months on the calendar, rounding down or up', () => {
    const now = Date.UTC(2024, 2, 31, 10, 30, 15);
    assert.equal(dateMath('now-10m', now), now - 600_000);
    assert.equal(dateMath('now-1M', now), Date.UTC(2024, 1, 29, 10, 30, 15));
    assert.equal(dateMath('now-1y', now), Date.UTC(2023, 2, 31, 10, 30, 15));
    assert.equal(dateMath('now-1d/d', now), Date.UTC(2024, 2, 30));
    assert.equal(dateMath('now/d', now, true), Date.UTC(2024, 3, 1) - 1);
    assert.equal(dateMath('now/w', now), Date.UTC(2024, 2, 25), 'weeks start on Monday');
    assert.equal(dateMath('now-30m/m', now), Date.UTC(2024, 2, 31, 10, 0));
  });
});
