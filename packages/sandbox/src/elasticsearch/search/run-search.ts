// One search over one or more indices' searchable documents: filter, sort, search_after, from and
// size, with ES's refusals. Sorting needs doc values, so `_id` (fielddata disabled since 8.0) and
// text fields are refused, and an unmapped field needs `unmapped_type`. `_seq_no` sorts: its
// mapper (SeqNoFieldMapper, "We expect to use the seq# for sorting") stores it as a numeric doc
// value and its field type builds long field data.
import { isObject, type Json, type JsonObject } from '../../json.js';
import { runAggregations, type AggDoc } from './aggregations.js';
import { parseDate, type Mapping } from '../dynamic-mapping.js';
import { cause, esError, illegalArgument, shardSearchFailure, type EsHttpError } from '../es-errors.js';
import { fieldValues, resolveField, type ResolvedField, type SearchDoc } from './fields.js';
import { compileQuery, queryContext } from './query.js';

export const MAX_RESULT_WINDOW = 10_000;

export interface SortField {
  field: string;
  order: 'asc' | 'desc';
  missing: '_last' | '_first';
  unmappedType?: string;
}

export interface SearchSpec {
  query?: Json;
  sort?: SortField[];
  from?: number;
  size?: number;
  searchAfter?: Json[];
  /** The body's `aggs` (or `aggregations`): run over every matching document (aggregations.ts). */
  aggs?: Json;
}

export interface SearchTarget {
  index: string;
  mapping: Mapping;
  docs: SearchDoc[];
}

export interface SearchHit {
  index: string;
  doc: SearchDoc;
  sortValues?: Json[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  aggregations?: JsonObject;
}

export function runSearch(targets: SearchTarget[], spec: SearchSpec, now: number): SearchResult {
  const from = spec.from ?? 0;
  const size = spec.size ?? 10;
  if (from < 0) throw illegalArgument(`[from] parameter cannot be negative, found [${from}]`);
  if (size < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${size}]`);
  const firstIndex = targets[0]?.index ?? '_all';
  if (from + size > MAX_RESULT_WINDOW) {
    throw shardSearchFailure(
      firstIndex,
      cause(
        'illegal_argument_exception',
        `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. ` +
          'See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.',
      ),
    );
  }
  const sort = spec.sort ?? [];
  if (spec.searchAfter) {
    if (sort.length === 0) throw illegalArgument('Sort must contain at least one field.');
    if (spec.searchAfter.length !== sort.length) {
      throw illegalArgument(`search_after has ${spec.searchAfter.length} value(s) but sort has ${sort.length}.`);
    }
    if (from > 0) throw illegalArgument('`from` parameter must be set to 0 when `search_after` is used.');
  }

  let hits: SearchHit[] = [];
  const matched: AggDoc[] = [];
  for (const target of targets) {
    const resolved = sort.map((s) => sortableField(target, s));
    const matches = compileQuery(spec.query, queryContext(target.mapping, target.index, now));
    for (const doc of target.docs) {
      if (!matches(doc)) continue;
      if (spec.aggs !== undefined) matched.push({ doc, index: target.index, mapping: target.mapping });
      hits.push(sort.length > 0 ? { index: target.index, doc, sortValues: sort.map((s, i) => sortValue(doc, resolved[i], s)) } : { index: target.index, doc });
    }
  }
  hits.sort((a, b) => compareHits(a, b, sort));
  const total = hits.length;
  if (spec.searchAfter) {
    const after = spec.searchAfter;
    hits = hits.filter((hit) => compareTuples(hit.sortValues ?? [], after, sort) > 0);
  }
  const aggregations = runAggregations(spec.aggs, matched, now);
  return { total, hits: hits.slice(from, from + size), ...(aggregations ? { aggregations } : {}) };
}

/**
 * Parses `sort` as the search API takes it: a field name, `{field: "asc"}`, `{field: {order}}`,
 * or an array of those. `objectsOnly` is the Watcher query API's stricter form.
 */
export function parseSort(value: Json | undefined, objectsOnly: boolean): SortField[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map((item): SortField => {
    if (typeof item === 'string' && !objectsOnly) return defaults(item, undefined);
    if (!isObject(item) || Object.keys(item).length !== 1) {
      throw esError(400, 'x_content_parse_exception', objectsOnly ? '[query_watches_request] failed to parse field [sort]' : `[sort] malformed, expected a field name or an object`);
    }
    const [field, spec] = Object.entries(item)[0];
    if (typeof spec === 'string' && !objectsOnly) return defaults(field, { order: spec });
    if (!isObject(spec)) {
      throw esError(400, 'x_content_parse_exception', objectsOnly ? '[query_watches_request] failed to parse field [sort]' : `[field_sort] Expected START_OBJECT but was: ${typeof spec}`);
    }
    return defaults(field, spec);
  });
}

function defaults(field: string, spec: { order?: Json; missing?: Json; unmapped_type?: Json } | undefined): SortField {
  const order = spec?.order ?? (field === '_score' ? 'desc' : 'asc');
  if (order !== 'asc' && order !== 'desc') throw illegalArgument(`Unknown SortOrder [${String(order)}]`);
  const missing = spec?.missing === '_first' ? '_first' : '_last';
  const unmappedType = typeof spec?.unmapped_type === 'string' ? spec.unmapped_type : undefined;
  return unmappedType ? { field, order, missing, unmappedType } : { field, order, missing };
}

function sortableField(target: SearchTarget, sort: SortField): ResolvedField | 'score' | 'doc' | 'seqNo' {
  if (sort.field === '_score') return 'score';
  if (sort.field === '_doc') return 'doc';
  if (sort.field === '_seq_no') return 'seqNo';
  const field = resolveField(target.mapping, sort.field);
  const fail = (type: string, reason: string): EsHttpError => shardSearchFailure(target.index, cause(type, reason, { extra: type === 'query_shard_exception' ? { index_uuid: '_na_', index: target.index } : undefined }));
  if (field.kind === 'id') {
    throw fail('illegal_argument_exception', 'Fielddata access on the _id field is disallowed, you can re-enable it by updating the dynamic cluster setting: indices.id_field_data.enabled');
  }
  if (field.kind === 'unmapped') {
    if (sort.unmappedType) return field;
    throw fail('query_shard_exception', `No mapping found for [${sort.field}] in order to sort on`);
  }
  if (field.type === 'text') {
    throw fail(
      'illegal_argument_exception',
      `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${sort.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
    );
  }
  return field;
}

function sortValue(doc: SearchDoc, field: ResolvedField | 'score' | 'doc' | 'seqNo', sort: SortField): Json {
  if (field === 'score') return 1;
  if (field === 'doc' || field === 'seqNo') return doc.seqNo;
  const values = fieldValues(doc, field).map((v) => (field.kind === 'field' ? sortable(field.type, v) : v)).filter((v) => v !== null);
  if (values.length === 0) return null;
  // Multi-valued fields sort by their minimum ascending and their maximum descending.
  return values.reduce((best, v) => ((sort.order === 'asc' ? compareValues(v, best) < 0 : compareValues(v, best) > 0) ? v : best));
}

function sortable(type: string, value: Json): Json {
  if (type === 'date') return parseDate(value) ?? null;
  if (type === 'boolean') return value === true || value === 'true' ? 1 : 0;
  if (['long', 'integer', 'float', 'double'].includes(type)) return Number(value);
  return value;
}

function compareHits(a: SearchHit, b: SearchHit, sort: SortField[]): number {
  return compareTuples(a.sortValues ?? [], b.sortValues ?? [], sort) || a.doc.seqNo - b.doc.seqNo;
}

function compareTuples(a: Json[], b: Json[], sort: SortField[]): number {
  for (let i = 0; i < sort.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || x === undefined || y === undefined) {
      if (x === y || (x == null && y == null)) continue;
      const missingFirst = sort[i].missing === '_first';
      return (x == null ? 1 : -1) * (missingFirst ? -1 : 1);
    }
    const order = compareValues(x, y);
    if (order !== 0) return sort[i].order === 'asc' ? order : -order;
  }
  return 0;
}

function compareValues(x: Json, y: Json): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x);
  const b = String(y);
  return a < b ? -1 : a > b ? 1 : 0;
}
