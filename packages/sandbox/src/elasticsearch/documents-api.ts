// The document and index APIs a lock or a history index needs: create (op_type=create and
// _create are 409 when the id exists), index, get, delete, search, refresh, and index
// create/exists/delete. Indices are created on first write, as with action.auto_create_index.
import type { JsonObject, Json } from '../json.js';
import type { SandboxRequest } from '../http/exchange.js';
import { route, type Params, type Route } from '../http/router.js';
import { parseDocumentSource, parseObjectBody } from './es-body.js';
import { json, type EsContext, type EsReply } from './es-context.js';
import { illegalArgument, indexNotFound } from './es-errors.js';
import { boolParam, intParam } from './es-params.js';
import { newDocumentId, PRIMARY_TERM, type WriteOptions, type WriteResult } from './index-store.js';
import { parseSort, runSearch, type SearchTarget } from './search/run-search.js';
import type { FieldType, Mapping } from './dynamic-mapping.js';

const WRITE_PARAMS = ['op_type', 'refresh', 'routing', 'timeout', 'version', 'version_type', 'if_seq_no', 'if_primary_term', 'pipeline', 'wait_for_active_shards', 'require_alias'];
const GET_PARAMS = ['_source', '_source_includes', '_source_excludes', 'realtime', 'refresh', 'routing', 'stored_fields', 'version', 'version_type', 'preference'];
const DELETE_PARAMS = ['refresh', 'routing', 'timeout', 'version', 'version_type', 'if_seq_no', 'if_primary_term', 'wait_for_active_shards'];
const SEARCH_PARAMS = ['size', 'from', 'sort', 'q', 'rest_total_hits_as_int', 'track_total_hits', 'seq_no_primary_term', 'version', '_source', 'ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'typed_keys', 'timeout', 'preference', 'routing', 'search_type', 'request_cache', 'batched_reduce_size', 'allow_partial_search_results'];

export function documentRoutes(ctx: EsContext): Route<EsReply>[] {
  const write = (req: SandboxRequest, p: Params, forceCreate: boolean) => indexDocument(ctx, req, p.index, p.id ?? newDocumentId(), forceCreate || p.id === undefined);
  return [
    route<EsReply>('PUT|POST /:index/_create/:id', (req, p) => write(req, p, true), WRITE_PARAMS),
    route<EsReply>('PUT|POST /:index/_doc/:id', (req, p) => write(req, p, false), WRITE_PARAMS),
    route<EsReply>('POST /:index/_doc', (req, p) => write(req, p, false), WRITE_PARAMS),
    route<EsReply>('GET|HEAD /:index/_doc/:id', (req, p) => getDocument(ctx, req, p.index, p.id), GET_PARAMS),
    route<EsReply>('DELETE /:index/_doc/:id', (req, p) => deleteDocument(ctx, req, p.index, p.id), DELETE_PARAMS),
    route<EsReply>('GET|POST /:index/_search', (req, p) => search(ctx, req, p.index), SEARCH_PARAMS),
    route<EsReply>('GET|POST /_search', (req) => search(ctx, req, '_all'), SEARCH_PARAMS),
    route<EsReply>('GET|POST /:index/_refresh', (_req, p) => refresh(ctx, p.index), ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards']),
    route<EsReply>('PUT /:index', (req, p) => createIndex(ctx, req, p.index), ['wait_for_active_shards', 'timeout', 'master_timeout']),
    route<EsReply>('HEAD /:index', (_req, p) => ({ status: ctx.indices.get(p.index) ? 200 : 404 }), ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards', 'local', 'include_defaults', 'flat_settings']),
    route<EsReply>('DELETE /:index', (_req, p) => deleteIndex(ctx, p.index), ['timeout', 'master_timeout', 'ignore_unavailable', 'allow_no_indices', 'expand_wildcards']),
  ];
}

async function indexDocument(ctx: EsContext, req: SandboxRequest, index: string, id: string, create: boolean): Promise<EsReply> {
  const source = parseDocumentSource(req.body);
  const opType = req.query.get('op_type') ?? (create ? 'create' : 'index');
  if (opType !== 'create' && opType !== 'index') throw illegalArgument(`opType must be 'create' or 'index', found: [${opType}]`);
  if (req.query.has('version')) throw illegalArgument('internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead');
  const options: WriteOptions = { opType, refresh: refreshParam(req), ...concurrency(req) };
  const result = ctx.indices.write(index, id, source, options);
  await ctx.commit();
  return json(result.result === 'created' ? 201 : 200, writeResponse(index, id, result));
}

function getDocument(ctx: EsContext, req: SandboxRequest, index: string, id: string): EsReply {
  const state = ctx.indices.get(index);
  if (!state) throw indexNotFound(index);
  const doc = state.docs[id];
  if (!doc) return json(404, { _index: index, _id: id, found: false });
  const body: JsonObject = { _index: index, _id: id, _version: doc.version, _seq_no: doc.seqNo, _primary_term: doc.primaryTerm, found: true };
  if (req.query.get('_source') !== 'false') body._source = doc.source;
  return json(200, body);
}

async function deleteDocument(ctx: EsContext, req: SandboxRequest, index: string, id: string): Promise<EsReply> {
  const result = ctx.indices.remove(index, id, { refresh: refreshParam(req), ...concurrency(req) });
  await ctx.commit();
  return json(result.result === 'deleted' ? 200 : 404, writeResponse(index, id, result));
}

function search(ctx: EsContext, req: SandboxRequest, expression: string): EsReply {
  const body = parseObjectBody(req.body) ?? {};
  const ignoreUnavailable = boolParam(req.query, 'ignore_unavailable', false);
  const names = ctx.indices.resolve(expression, ignoreUnavailable);
  const targets: SearchTarget[] = names.map((name) => {
    const state = ctx.indices.get(name);
    const docs = ctx.indices.searchableDocs(name);
    return { index: name, mapping: state?.mapping ?? {}, docs: Object.entries(docs).map(([id, d]) => ({ id, source: d.source, seqNo: d.seqNo })) };
  });
  const sortParam = req.query.get('sort');
  const sort = parseSort(body.sort ?? (sortParam ? sortParam.split(',').map(toSortObject) : undefined), false);
  const result = runSearch(
    targets,
    {
      query: body.query,
      sort,
      from: intParam(req.query, 'from') ?? numberOr(body.from),
      size: intParam(req.query, 'size') ?? numberOr(body.size),
      searchAfter: Array.isArray(body.search_after) ? body.search_after : undefined,
      aggs: body.aggs ?? body.aggregations,
    },
    ctx.now().getTime(),
  );
  const withSeqNo = body.seq_no_primary_term === true || boolParam(req.query, 'seq_no_primary_term', false);
  const withVersion = body.version === true || boolParam(req.query, 'version', false);
  const withSource = body._source !== false && req.query.get('_source') !== 'false';
  const scored = !sort;
  const hits = result.hits.map((hit) => {
    const stored = ctx.indices.searchableDocs(hit.index)[hit.doc.id];
    const out: JsonObject = { _index: hit.index, _id: hit.doc.id };
    if (withVersion) out._version = stored.version;
    if (withSeqNo) {
      out._seq_no = stored.seqNo;
      out._primary_term = PRIMARY_TERM;
    }
    out._score = scored ? 1 : null;
    if (withSource) out._source = hit.doc.source;
    if (hit.sortValues) out.sort = hit.sortValues;
    return out;
  });
  const totalAsInt = boolParam(req.query, 'rest_total_hits_as_int', false);
  const capped = Math.min(result.total, 10_000);
  const total: Json = totalAsInt ? result.total : { value: capped, relation: result.total > 10_000 ? 'gte' : 'eq' };
  return json(200, {
    took: 1,
    timed_out: false,
    _shards: { total: names.length, successful: names.length, skipped: 0, failed: 0 },
    hits: { total, max_score: scored && hits.length > 0 ? 1 : null, hits },
    ...(result.aggregations ? { aggregations: result.aggregations } : {}),
  });
}

function refresh(ctx: EsContext, expression: string): EsReply {
  const names = ctx.indices.resolve(expression);
  names.forEach((name) => ctx.indices.refresh(name));
  return json(200, { _shards: { total: names.length * 2, successful: names.length, failed: 0 } });
}

async function createIndex(ctx: EsContext, req: SandboxRequest, index: string): Promise<EsReply> {
  const body = parseObjectBody(req.body) ?? {};
  const mappings = body.mappings;
  const properties = mappings && typeof mappings === 'object' && !Array.isArray(mappings) ? mappings.properties : undefined;
  ctx.indices.create(index, { mapping: explicitMapping(properties) });
  await ctx.commit();
  return json(200, { acknowledged: true, shards_acknowledged: true, index });
}

async function deleteIndex(ctx: EsContext, expression: string): Promise<EsReply> {
  for (const name of ctx.indices.resolve(expression)) ctx.indices.drop(name);
  await ctx.commit();
  return json(200, { acknowledged: true });
}

const EXPLICIT_TYPES: FieldType[] = ['text', 'keyword', 'long', 'integer', 'float', 'double', 'boolean', 'date', 'ip', 'object'];

/** `mappings.properties` of a create-index request, flattened to field paths. */
function explicitMapping(properties: Json | undefined, prefix = ''): Mapping {
  const mapping: Mapping = {};
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return mapping;
  for (const [name, spec] of Object.entries(properties)) {
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) continue;
    const path = prefix + name;
    const declared = typeof spec.type === 'string' ? spec.type : spec.properties ? 'object' : undefined;
    if (spec.enabled === false) mapping[path] = { type: 'disabled' };
    else if (declared === 'flattened' || declared === 'wildcard' || declared === 'constant_keyword') mapping[path] = { type: 'keyword' };
    else if (declared && (EXPLICIT_TYPES as string[]).includes(declared)) mapping[path] = { type: declared as FieldType };
    else if (declared) throw illegalArgument(`No handler for type [${declared}] declared on field [${name}]`);
    Object.assign(mapping, explicitMapping(spec.properties, path + '.'));
  }
  return mapping;
}

function writeResponse(index: string, id: string, result: WriteResult): JsonObject {
  return {
    _index: index,
    _id: id,
    _version: result.version,
    result: result.result,
    _shards: { total: 2, successful: 1, failed: 0 },
    _seq_no: result.seqNo,
    _primary_term: result.primaryTerm,
  };
}

function refreshParam(req: SandboxRequest): boolean {
  const value = req.query.get('refresh');
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true' || value === 'wait_for') return true;
  throw illegalArgument(`Unknown value for refresh: [${value}].`);
}

function concurrency(req: SandboxRequest): Pick<WriteOptions, 'ifSeqNo' | 'ifPrimaryTerm'> {
  const ifSeqNo = intParam(req.query, 'if_seq_no');
  const ifPrimaryTerm = intParam(req.query, 'if_primary_term');
  if (ifSeqNo === undefined && ifPrimaryTerm === undefined) return {};
  if (ifSeqNo === undefined || ifPrimaryTerm === undefined) {
    throw illegalArgument(ifSeqNo === undefined ? `ifSeqNo is unassigned, but primary term is [${ifPrimaryTerm}]` : 'ifSeqNo is set, but primary term is [0]');
  }
  return { ifSeqNo, ifPrimaryTerm };
}

function toSortObject(item: string): Json {
  const [field, order] = item.split(':');
  return order ? { [field]: order } : field;
}

function numberOr(value: Json | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
