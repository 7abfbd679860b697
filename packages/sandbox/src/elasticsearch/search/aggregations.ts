// The aggregations the stand-in runs over a search's matching documents, and how their results
// read back, as Elasticsearch answers them:
//
//   buckets   terms, multi_terms, filters, filter
//   metrics   cardinality, sum, avg, min, max, percentiles
//   pipelines bucket_script, bucket_selector (parent pipelines: they run on each bucket of the
//             multi-bucket aggregation they sit in, after its size cut, as in the reduce phase)
//
// Orders, defaults and empty values follow the ES classes named at each place. An unknown
// aggregation type is ES's parse error; a known type with options the stand-in does not model is
// refused too (an error, not a quietly different answer).
import { isObject, type Json, type JsonObject } from '../../json.js';
import { parseDate, type Mapping } from '../dynamic-mapping.js';
import { cause, esError, shardSearchFailure, type EsHttpError } from '../es-errors.js';
import { fieldValues, resolveField, type SearchDoc } from './fields.js';
import { PainlessError, compilePainless } from './painless-expression.js';
import { compileQuery, queryContext } from './query.js';

/** A matching document and the index it came from (fields resolve through that index's mapping). */
export interface AggDoc {
  doc: SearchDoc;
  index: string;
  mapping: Mapping;
}

interface Bucket {
  key?: Json;
  keyAsString?: string;
  docCount: number;
  subs: Map<string, Result>;
}

type Result =
  | { kind: 'value'; value: number; json: () => JsonObject }
  | { kind: 'values'; values: Map<string, number>; json: () => JsonObject }
  | { kind: 'single-bucket'; bucket: Bucket }
  | { kind: 'buckets'; buckets: Bucket[]; keyed: boolean; extra: JsonObject };

/** An aggregation tree (the `aggs` of a search body or of a bucket aggregation). */
export function runAggregations(spec: Json | undefined, docs: AggDoc[], now: number): JsonObject | undefined {
  if (spec === undefined) return undefined;
  return renderResults(aggregate(spec, docs, now));
}

const NAME = /^[^[\]>]+$/;

function aggregate(spec: Json, docs: AggDoc[], now: number): Map<string, Result> {
  if (!isObject(spec)) throw parsing('Expected [START_OBJECT] under [aggregations], but got a value');
  const results = new Map<string, Result>();
  const pipelines: [string, string, JsonObject][] = [];
  for (const [name, definition] of Object.entries(spec)) {
    // AggregatorFactories.parseAggregators: names match [^\[\]>]+.
    if (!NAME.test(name)) throw parsing(`Invalid aggregation name [${name}]. Aggregation names can contain any character except '[', ']', and '>'`);
    if (!isObject(definition)) throw parsing(`Expected [START_OBJECT] under [${name}], but got a value`);
    const subs = definition.aggs ?? definition.aggregations;
    const types = Object.keys(definition).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
    if (types.length !== 1) throw parsing(types.length === 0 ? `Missing definition for aggregation [${name}]` : `Found two aggregation type definitions in [${name}]: [${types[0]}] and [${types[1]}]`);
    const type = types[0];
    const body = definition[type];
    if (PIPELINES.has(type)) {
      if (subs !== undefined) throw illegal(`Aggregator [${name}] of type [${type}] cannot accept sub-aggregations`);
      if (!isObject(body)) throw parsing(`Expected [START_OBJECT] under [${type}]`);
      pipelines.push([name, type, body]);
      continue;
    }
    const run = AGGREGATIONS[type];
    if (!run) throw parsing(`Unknown aggregation type [${type}]`);
    if (METRICS.has(type) && subs !== undefined) throw illegal(`Aggregator [${name}] of type [${type}] cannot accept sub-aggregations`);
    results.set(name, run(body, docs, { now, subs }));
  }
  // Parent pipelines sit in a multi-bucket aggregation's `aggs`: they need one around them.
  if (pipelines.length > 0) throw illegal(`bucket_script/bucket_selector aggregation [${pipelines[0][0]}] must be declared inside of another aggregation`);
  return results;
}

interface RunContext {
  now: number;
  subs: Json | undefined;
}

type Aggregation = (body: Json, docs: AggDoc[], ctx: RunContext) => Result;

const PIPELINES = new Set(['bucket_script', 'bucket_selector']);
const METRICS = new Set(['cardinality', 'sum', 'avg', 'min', 'max', 'percentiles']);

const AGGREGATIONS: Record<string, Aggregation> = {
  terms: (body, docs, ctx) => {
    const spec = options('terms', body, ['field', 'size', 'min_doc_count', 'order', 'shard_size', 'show_term_doc_count_error']);
    if (spec.order !== undefined && !isDefaultOrder(spec.order)) throw unsupported('terms', 'order other than the default (_count desc, _key asc)');
    const field = String(required('terms', spec, 'field'));
    const groups = new Map<string, { key: Json; docs: AggDoc[] }>();
    for (const d of docs) {
      const keys = new Map<string, Json>();
      for (const v of termValues(d, field)) keys.set(JSON.stringify(v), v);
      for (const [id, key] of keys) {
        const group = groups.get(id) ?? { key, docs: [] };
        group.docs.push(d);
        groups.set(id, group);
      }
    }
    return bucketList(groups, spec, ctx);
  },
  multi_terms: (body, docs, ctx) => {
    const spec = options('multi_terms', body, ['terms', 'size', 'min_doc_count', 'order', 'shard_size', 'show_term_doc_count_error']);
    if (spec.order !== undefined && !isDefaultOrder(spec.order)) throw unsupported('multi_terms', 'order other than the default (_count desc, _key asc)');
    const terms = spec.terms;
    // MultiTermsAggregationBuilder: "The [terms] parameter in the aggregation [name] must be present and have at least 2 terms".
    if (!Array.isArray(terms) || terms.length < 2) throw illegal('The [terms] parameter in the aggregation must be present and have at least 2 terms');
    const fields = terms.map((t) => String(isObject(t) ? required('multi_terms', t, 'field') : t));
    const groups = new Map<string, { key: Json; docs: AggDoc[] }>();
    for (const d of docs) {
      // One bucket per combination of the fields' values; a document missing one is in none.
      let combos: Json[][] = [[]];
      for (const field of fields) combos = combos.flatMap((c) => [...new Set(termValues(d, field).map((v) => JSON.stringify(v)))].map((v) => [...c, JSON.parse(v) as Json]));
      for (const key of combos) {
        const id = JSON.stringify(key);
        const group = groups.get(id) ?? { key, docs: [] };
        group.docs.push(d);
        groups.set(id, group);
      }
    }
    // InternalMultiTerms.Bucket.getKeyAsString: the values joined with `|`.
    return bucketList(groups, spec, ctx, (key) => (key as Json[]).map(String).join('|'));
  },
  filters: (body, docs, ctx) => {
    const spec = options('filters', body, ['filters', 'keyed']);
    const filters = spec.filters;
    const queries = Array.isArray(filters) ? filters.map((q, i) => [String(i), q] as const) : isObject(filters) ? Object.entries(filters) : undefined;
    if (!queries) throw parsing('[filters] must be an array or an object of queries');
    // FiltersAggregationBuilder: named filters answer keyed buckets unless keyed:false; anonymous ones an array.
    const keyed = isObject(filters) && spec.keyed !== false;
    const buckets = queries.map(([key, query]) => {
      const matching = docs.filter((d) => matches(query, d, ctx.now));
      return withSubs({ ...(isObject(filters) ? { key } : {}), docCount: matching.length, subs: new Map() }, matching, ctx);
    });
    return runPipelines({ kind: 'buckets', buckets, keyed, extra: {} }, ctx);
  },
  filter: (body, docs, ctx) => {
    const matching = docs.filter((d) => matches(body, d, ctx.now));
    return { kind: 'single-bucket', bucket: withSubs({ docCount: matching.length, subs: new Map() }, matching, ctx) };
  },
  cardinality: (body, docs) => {
    const field = String(required('cardinality', options('cardinality', body, ['field', 'precision_threshold']), 'field'));
    const distinct = new Set(docs.flatMap((d) => termValues(d, field).map((v) => JSON.stringify(v))));
    // Exact below precision_threshold (3000 by default), as HyperLogLogPlusPlus's linear counting is.
    return single(distinct.size, true);
  },
  sum: (body, docs) => single(numbers('sum', body, docs).reduce((a, b) => a + b, 0), false),
  avg: (body, docs) => {
    const values = numbers('avg', body, docs);
    // InternalAvg: NaN without values, written as null.
    return single(values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length, false);
  },
  // InternalMin/InternalMax: +/-Infinity without values, written as null.
  min: (body, docs) => single(Math.min(...numbers('min', body, docs)), false),
  max: (body, docs) => single(Math.max(...numbers('max', body, docs)), false),
  percentiles: (body, docs) => {
    const spec = options('percentiles', body, ['field', 'percents', 'keyed', 'tdigest']);
    const percents = Array.isArray(spec.percents) ? spec.percents.map(Number) : [1, 5, 25, 50, 75, 95, 99];
    const sorted = numbers('percentiles', { field: spec.field ?? null }, docs).sort((a, b) => a - b);
    const values = new Map(percents.map((p) => [javaDouble(p), percentile(sorted, p)]));
    const keyed = spec.keyed !== false;
    return {
      kind: 'values',
      values,
      // InternalTDigestPercentiles.doXContentBody: keyed {"95.0": v}, else [{key: 95.0, value: v}].
      json: () => ({ values: keyed ? Object.fromEntries([...values].map(([k, v]) => [k, finite(v)])) : [...values].map(([k, v]) => ({ key: Number(k), value: finite(v) })) }),
    };
  },
};

function isDefaultOrder(order: Json): boolean {
  const items = Array.isArray(order) ? order : [order];
  return items.every((o) => isObject(o) && ((o._count === 'desc' && Object.keys(o).length === 1) || (o._key === 'asc' && Object.keys(o).length === 1)));
}

/** Buckets of terms-like aggregations: min_doc_count, the order `_count` desc then `_key` asc, the size cut, then sub-aggregations. */
function bucketList(groups: Map<string, { key: Json; docs: AggDoc[] }>, spec: JsonObject, ctx: RunContext, keyAsString?: (key: Json) => string): Result {
  const size = spec.size === undefined ? 10 : Number(spec.size);
  const minDocCount = spec.min_doc_count === undefined ? 1 : Number(spec.min_doc_count);
  // TermsAggregationBuilder: the default order is BucketOrder.compound(count desc, key asc).
  const all = [...groups.values()].filter((g) => g.docs.length >= minDocCount).sort((a, b) => b.docs.length - a.docs.length || compareKeys(a.key, b.key));
  const kept = all.slice(0, size);
  const other = all.slice(size).reduce((n, g) => n + g.docs.length, 0);
  const buckets = kept.map((g) => withSubs({ key: g.key, ...(keyAsString ? { keyAsString: keyAsString(g.key) } : {}), docCount: g.docs.length, subs: new Map() }, g.docs, ctx));
  return runPipelines({ kind: 'buckets', buckets, keyed: false, extra: { doc_count_error_upper_bound: 0, sum_other_doc_count: other } }, ctx);
}

function compareKeys(a: Json, b: Json): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Keyword keys order by their UTF-8 bytes (BytesRef); code points order the same way.
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Runs the sub-aggregations (not the pipelines) of a bucket over its documents. */
function withSubs(bucket: Bucket, docs: AggDoc[], ctx: RunContext): Bucket {
  if (ctx.subs === undefined) return bucket;
  if (!isObject(ctx.subs)) throw parsing('Expected [START_OBJECT] under [aggs]');
  const plain = Object.fromEntries(Object.entries(ctx.subs).filter(([, d]) => !(isObject(d) && Object.keys(d).some((k) => PIPELINES.has(k)))));
  bucket.subs = aggregate(plain, docs, ctx.now);
  return bucket;
}

/**
 * The parent pipelines among the sub-aggregations, on each bucket, in dependency order (a
 * pipeline that reads another's output runs after it, as AggregatorFactories orders them).
 */
function runPipelines(result: Result & { kind: 'buckets' }, ctx: RunContext): Result {
  if (!isObject(ctx.subs)) return result;
  const pipelines = Object.entries(ctx.subs).flatMap(([name, d]) => {
    if (!isObject(d)) return [];
    const type = Object.keys(d).find((k) => PIPELINES.has(k));
    return type ? [{ name, type, body: d[type] as JsonObject }] : [];
  });
  const done = new Set<string>();
  const names = new Set(pipelines.map((p) => p.name));
  while (done.size < pipelines.length) {
    const ready = pipelines.find((p) => !done.has(p.name) && pathsOf(p.name, p.body).every((path) => !names.has(path.split(/[>.[]/)[0]) || done.has(path.split(/[>.[]/)[0])));
    if (!ready) throw illegal(`cyclical dependency found with pipeline [${pipelines.find((p) => !done.has(p.name))!.name}]`);
    done.add(ready.name);
    result.buckets = applyPipeline(ready.name, ready.type, ready.body, result.buckets);
  }
  return result;
}

function pathsOf(name: string, body: JsonObject): string[] {
  const paths = body.buckets_path;
  if (typeof paths === 'string') return [paths];
  if (Array.isArray(paths)) return paths.map(String);
  if (isObject(paths)) return Object.values(paths).map(String);
  throw parsing(`Required parameter [buckets_path] missing for aggregation [${name}]`);
}

function applyPipeline(name: string, type: string, body: JsonObject, buckets: Bucket[]): Bucket[] {
  const paths = body.buckets_path;
  // A string or array buckets_path names its variables _value0, _value1 … (BucketScriptPipelineAggregationBuilder).
  const vars: [string, string][] = typeof paths === 'string' ? [['_value0', paths]] : Array.isArray(paths) ? paths.map((p, i) => [`_value${i}`, String(p)]) : Object.entries(paths as JsonObject).map(([k, v]) => [k, String(v)]);
  const gapPolicy = String(body.gap_policy ?? 'skip');
  if (gapPolicy !== 'skip' && gapPolicy !== 'insert_zeros') throw parsing(`Invalid gap policy: [${gapPolicy}], accepted values: [skip, insert_zeros]`);
  const script = scriptOf(body.script);
  const out: Bucket[] = [];
  for (const bucket of buckets) {
    const params: Record<string, unknown> = {};
    let gap = false;
    for (const [variable, path] of vars) {
      const value = resolveBucketValue(bucket, path, gapPolicy);
      if (value === null || Number.isNaN(value)) gap = true;
      params[variable] = value;
    }
    const result = runScript(script, { params });
    if (type === 'bucket_selector') {
      // BucketSelectorPipelineAggregator: no gap skipping; the bucket stays when the script is true.
      if (typeof result !== 'boolean') throw scriptError(script.source, `bucket_selector script must return a boolean, got [${String(result)}]`);
      if (result) out.push(bucket);
      continue;
    }
    // BucketScriptPipelineAggregator: under `skip`, a bucket with a gap gets no value.
    if (gap && gapPolicy === 'skip') {
      out.push(bucket);
      continue;
    }
    if (typeof result !== 'number') throw scriptError(script.source, `buckets_path must reference either a number value or a single value numeric metric aggregation, got: [${typeof result}]`);
    bucket.subs.set(name, single(result, false));
    out.push(bucket);
  }
  return out;
}

/**
 * BucketHelpers.resolveBucketValue: the number at `path` in the bucket (AggregationPath: `agg>sub`,
 * `agg.metric`, `agg[key]`, `_count`, `_key`); infinite, NaN, or in an empty bucket it is a gap
 * (NaN under `skip`, 0 under `insert_zeros`), except the bucket's own `_count`. A path that names
 * no aggregation is null.
 */
function resolveBucketValue(bucket: Bucket, path: string, gapPolicy: string): number | null {
  const elements = pathElements(path);
  let value: number | undefined;
  let current: Bucket | Result = bucket;
  for (let i = 0; i < elements.length; i++) {
    const step = elements[i];
    if ('docCount' in current) {
      if (step === '_count') {
        value = current.docCount;
        break;
      }
      if (step === '_key') {
        value = Number(current.key);
        break;
      }
      const next = current.subs.get(step);
      if (!next) return null;
      current = next;
      continue;
    }
    if (current.kind === 'single-bucket') {
      current = current.bucket;
      i--;
      continue;
    }
    if (current.kind === 'value') {
      if (step !== 'value') return null;
      value = current.value;
      break;
    }
    if (current.kind === 'values') {
      value = current.values.get(javaDouble(Number(step)));
      if (value === undefined) return null;
      break;
    }
    throw illegal(`buckets_path must reference either a number value or a single value numeric metric aggregation, got: [${path}]`);
  }
  if (value === undefined) {
    if ('docCount' in current) throw illegal(`buckets_path must reference either a number value or a single value numeric metric aggregation, got: [${path}]`);
    if (current.kind === 'value') value = current.value;
    else if (current.kind === 'values') throw illegal(`buckets_path must reference either a number value or a single value numeric metric aggregation, but [${elements.at(-1)}] contains multiple values. Please specify which to use.`);
    else throw illegal(`buckets_path must reference either a number value or a single value numeric metric aggregation, got: [${path}]`);
  }
  const isDocCount = elements.length === 1 && elements[0] === '_count';
  if (!Number.isFinite(value) || (bucket.docCount === 0 && !isDocCount)) return gapPolicy === 'insert_zeros' ? 0 : NaN;
  return value;
}

/** AggregationPath.parse, as a list of names and keys: `a>b.c` → a, b, c; `a[95]` → a, 95. */
function pathElements(path: string): string[] {
  return path.split('>').flatMap((element, i, all) => {
    const bracket = /^([^[]+)\[(.*)\]$/.exec(element);
    if (bracket) return [bracket[1], bracket[2].replace(/^'(.*)'$/, '$1')];
    // Only the last element may carry a `.metric`.
    const dot = i === all.length - 1 ? element.indexOf('.') : -1;
    return dot > 0 ? [element.slice(0, dot), element.slice(dot + 1)] : [element];
  });
}

interface CompiledScript {
  source: string;
  run: (vars: Record<string, unknown>) => unknown;
  params: Record<string, unknown>;
}

/** Script.parse: a string is an inline painless script; an object has `source` (or `inline`), `lang`, `params`. */
function scriptOf(value: Json | undefined): CompiledScript {
  const spec = typeof value === 'string' ? { source: value } : isObject(value) ? value : undefined;
  const source = spec?.source ?? spec?.inline;
  if (typeof source !== 'string') throw parsing('[script] must be a string or an object with [source]');
  const lang = spec?.lang ?? 'painless';
  if (lang !== 'painless') throw scriptError(source, `the sandbox runs painless expressions only, not [${String(lang)}]`);
  try {
    return { source, run: compilePainless(source), params: isObject(spec?.params) ? (spec.params as Record<string, unknown>) : {} };
  } catch (error) {
    if (error instanceof PainlessError) throw scriptError(source, error.message);
    throw error;
  }
}

function runScript(script: CompiledScript, vars: { params: Record<string, unknown> }): unknown {
  try {
    return script.run({ ...vars, params: { ...script.params, ...vars.params } });
  } catch (error) {
    if (error instanceof PainlessError) throw scriptError(script.source, error.message);
    throw error;
  }
}

function scriptError(source: string, reason: string): EsHttpError {
  return esError(400, 'script_exception', reason, { extra: { script: source, lang: 'painless' } });
}

function renderResults(results: Map<string, Result>): JsonObject {
  return Object.fromEntries([...results].map(([name, result]) => [name, renderResult(result)]));
}

function renderResult(result: Result): JsonObject {
  switch (result.kind) {
    case 'value':
    case 'values':
      return result.json();
    case 'single-bucket':
      return { doc_count: result.bucket.docCount, ...renderResults(result.bucket.subs) };
    case 'buckets': {
      const rendered = result.buckets.map((b) => ({ ...(b.key !== undefined ? { key: b.key } : {}), ...(b.keyAsString !== undefined ? { key_as_string: b.keyAsString } : {}), doc_count: b.docCount, ...renderResults(b.subs) }));
      const buckets = result.keyed ? Object.fromEntries(result.buckets.map((b, i) => [String(b.key), omitKey(rendered[i])])) : rendered;
      return { ...result.extra, buckets };
    }
  }
}

function omitKey(bucket: JsonObject): JsonObject {
  const { key: _key, ...rest } = bucket;
  return rest;
}

function single(value: number, integral: boolean): Result {
  // A metric without a value (NaN, ±Infinity) is written as null (InternalNumericMetricsAggregation).
  return { kind: 'value', value, json: () => ({ value: integral ? value : finite(value) }) };
}

function finite(value: number | undefined): Json {
  return value === undefined || !Number.isFinite(value) ? null : value;
}

/** Java's Double.toString for the percents the sandbox sees: 95 → "95.0". */
function javaDouble(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** Linear interpolation between the closest ranks (TDigest is exact this way for small sets; an approximation beyond). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function termValues(d: AggDoc, path: string): Json[] {
  const field = resolveField(d.mapping, path);
  if (field.kind === 'unmapped') return [];
  if (field.kind === 'field' && field.type === 'text') {
    // The same refusal as sorting on a text field (fielddata is off for text).
    const reason = `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${path}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`;
    throw shardSearchFailure(d.index, cause('illegal_argument_exception', reason));
  }
  const values = fieldValues(d.doc, field);
  if (field.kind === 'field' && field.type === 'date') return values.map((v) => parseDate(v) ?? null).filter((v) => v !== null);
  if (field.kind === 'field' && ['long', 'integer', 'float', 'double'].includes(field.type)) return values.map(Number);
  return values.map((v) => (typeof v === 'string' ? v : String(v)));
}

function numbers(type: string, body: Json, docs: AggDoc[]): number[] {
  const field = String(required(type, options(type, body, ['field', 'percents', 'keyed', 'tdigest']), 'field'));
  return docs.flatMap((d) => {
    const resolved = resolveField(d.mapping, field);
    if (resolved.kind !== 'field') return [];
    if (resolved.type === 'date') return fieldValues(d.doc, resolved).flatMap((v) => parseDate(v) ?? []);
    if (!['long', 'integer', 'float', 'double'].includes(resolved.type)) {
      throw shardSearchFailure(d.index, cause('illegal_argument_exception', `Field [${field}] of type [${resolved.type}] is not supported for aggregation [${type}]`));
    }
    return fieldValues(d.doc, resolved).map(Number);
  });
}

function matches(query: Json, d: AggDoc, now: number): boolean {
  return compileQuery(query, queryContext(d.mapping, d.index, now))(d.doc);
}

function options(type: string, body: Json, known: string[]): JsonObject {
  if (!isObject(body)) throw parsing(`Expected [START_OBJECT] under [${type}]`);
  for (const key of Object.keys(body)) if (!known.includes(key)) throw parsing(`[${type}] unknown field [${key}]`);
  return body;
}

function required(type: string, body: JsonObject, key: string): Json {
  if (body[key] === undefined) throw illegal(`Required one of fields [field, script], but none were specified. (${type})`);
  return body[key];
}

function unsupported(type: string, what: string): EsHttpError {
  return illegal(`the sandbox does not model [${type}] with ${what}`);
}

function parsing(reason: string): EsHttpError {
  return esError(400, 'parsing_exception', reason);
}

function illegal(reason: string): EsHttpError {
  return esError(400, 'illegal_argument_exception', reason);
}
