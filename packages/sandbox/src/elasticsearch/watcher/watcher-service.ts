// The Watcher APIs over the `.watches` index. Semantics follow the Transport*WatchAction classes:
//  - PUT without if_seq_no is an index request: the whole document and its status are replaced
//    (acks cleared, `active` from ?active, default true);
//  - PUT with if_seq_no/if_primary_term is an update request: the new watch is *merged* into the
//    stored one, so keys the caller dropped survive; 404 if the watch is missing, 409 if stale;
//  - GET and query watches re-parse the stored document, hiding secrets;
//  - activate/deactivate and executions rewrite the status, moving _seq_no and _version.
import { isObject, mergeInto, type Json, type JsonObject } from '../../json.js';
import type { EsContext } from '../es-context.js';
import { esError, SANDBOX_NODE_ID, shardExtra, validationFailed, type EsHttpError } from '../es-errors.js';
import { parseBody } from '../es-body.js';
import type { Mapping } from '../dynamic-mapping.js';
import { PRIMARY_TERM, type IndexState } from '../index-store.js';
import { parseSort, runSearch } from '../search/run-search.js';
import { actionIdsOf, parseWatch } from './parse-watch.js';
import { ackedStatus, checkedStatus, executedStatus, freshStatus, statusView } from './watch-status.js';
import { executeWatch, type WatchExecution } from './watch-execution.js';

export const WATCHES_INDEX = '.watches';

/** The `.watches` template: only `metadata` is indexed (dynamically); the definition is not searchable. */
const WATCHES_MAPPING: Mapping = {
  status: { type: 'disabled' },
  trigger: { type: 'disabled' },
  input: { type: 'disabled' },
  condition: { type: 'disabled' },
  transform: { type: 'disabled' },
  actions: { type: 'disabled' },
  throttle_period: { type: 'keyword' },
  throttle_period_in_millis: { type: 'long' },
  metadata: { type: 'object' },
};

export interface PutWatchParams {
  active: boolean;
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
  version?: number;
}

export interface PutWatchResult {
  created: boolean;
  body: JsonObject;
}

export class WatcherService {
  private readonly views = new WeakMap<JsonObject, { id: string; view: JsonObject }>();

  constructor(private readonly ctx: EsContext) {}

  put(id: string, body: Buffer, params: PutWatchParams): PutWatchResult {
    const problems: string[] = [];
    if (/\s/.test(id)) problems.push('watch id contains whitespace');
    if (body.toString('utf8').trim() === '') problems.push('request body is missing');
    if (params.ifSeqNo !== undefined && params.version !== undefined) problems.push('compare and write operations can not use versioning');
    if (params.ifSeqNo !== undefined && params.ifPrimaryTerm === undefined) problems.push('ifSeqNo is set, but primary term is [0]');
    if (params.ifSeqNo === undefined && params.ifPrimaryTerm !== undefined) problems.push(`ifSeqNo is unassigned, but primary term is [${params.ifPrimaryTerm}]`);
    if (problems.length > 0) throw validationFailed(problems);

    const isUpdate = params.ifSeqNo !== undefined || params.version !== undefined;
    const watch = parseWatch(id, parseBody(body) ?? {}, { allowRedacted: isUpdate });
    const now = this.timestamp();
    const source: JsonObject = { ...watch, status: freshStatus(now, actionIdsOf(watch), params.active) };
    const index = this.index();

    if (!isUpdate) {
      const result = this.ctx.indices.write(WATCHES_INDEX, id, source);
      return { created: result.result === 'created', body: putResponse(id, result) };
    }
    if (params.version !== undefined) {
      throw validationFailed(['internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead']);
    }
    const current = index.docs[id];
    if (!current) throw documentMissing(id, index);
    const merged = mergeInto(current.source, source);
    const result = this.ctx.indices.write(WATCHES_INDEX, id, merged, { ifSeqNo: params.ifSeqNo, ifPrimaryTerm: params.ifPrimaryTerm });
    return { created: false, body: putResponse(id, result) };
  }

  get(id: string): { found: boolean; body: JsonObject } {
    checkId(id);
    const doc = this.ctx.indices.get(WATCHES_INDEX)?.docs[id];
    if (!doc) return { found: false, body: { _id: id, found: false } };
    return {
      found: true,
      body: { _id: id, found: true, _version: doc.version, _seq_no: doc.seqNo, _primary_term: doc.primaryTerm, status: statusView(statusOf(doc.source), doc.version), watch: this.view(id, doc.source) },
    };
  }

  delete(id: string): { found: boolean; body: JsonObject } {
    checkId(id);
    if (!this.ctx.indices.get(WATCHES_INDEX)) return { found: false, body: { _id: id, _version: 1, found: false } };
    const result = this.ctx.indices.remove(WATCHES_INDEX, id, { refresh: true });
    return { found: result.result === 'deleted', body: { _id: id, _version: result.version, found: result.result === 'deleted' } };
  }

  setActive(id: string, active: boolean): JsonObject {
    checkId(id);
    return this.rewriteStatus(id, (status, now) => mergeInto(status, { state: { active, timestamp: now } }));
  }

  ack(id: string, actionIds: string[]): JsonObject {
    checkId(id);
    return this.rewriteStatus(id, (status, now) => ackedStatus(status, actionIds, now));
  }

  /**
   * Runs every active watch (or those in `ids`) once, as the trigger engine would: its search
   * input over the searchable documents, then its condition (watch-execution.ts).
   */
  execute(ids?: string[]): number {
    if (this.ctx.state.watcher.state !== 'started') return 0;
    const index = this.ctx.indices.get(WATCHES_INDEX);
    if (!index) return 0;
    let executed = 0;
    for (const [id, doc] of Object.entries(index.docs)) {
      if (ids && !ids.includes(id)) continue;
      const status = statusOf(doc.source);
      if (!isObject(status.state) || status.state.active !== true) continue;
      this.run(id, doc.source, status, { record: true });
      executed++;
    }
    return executed;
  }

  /**
   * `POST _watcher/watch/<id>/_execute` (ExecuteWatchRequest): runs the stored watch once, now,
   * whether active or not. `ignore_condition` takes the condition as met; `record_execution`
   * writes the status as a scheduled run does (default false). Actions are simulated
   * (watch-execution.ts). Answers the watch record (`_id`, `watch_record`).
   */
  executeNow(id: string, request: JsonObject): JsonObject {
    checkId(id);
    for (const key of Object.keys(request)) {
      if (!['ignore_condition', 'record_execution', 'action_modes', 'trigger_data', 'alternative_input', 'watch', 'debug'].includes(key)) {
        throw esError(400, 'x_content_parse_exception', `[execute_watch_request] unknown field [${key}]`);
      }
    }
    if (request.watch !== undefined || request.alternative_input !== undefined) throw esError(400, 'illegal_argument_exception', 'the sandbox executes stored watches only, as they are');
    const doc = this.ctx.indices.get(WATCHES_INDEX)?.docs[id];
    if (!doc) throw esError(404, 'resource_not_found_exception', `Watch with id [${id}] does not exist`);
    const status = statusOf(doc.source);
    const record = this.run(id, doc.source, status, { record: request.record_execution === true, ignoreCondition: request.ignore_condition === true });
    const definition = Object.fromEntries(Object.entries(doc.source).filter(([key]) => key !== 'status'));
    const state = record.outcome === 'met' ? 'executed' : record.outcome === 'failed' ? 'failed' : 'execution_not_needed';
    return {
      _id: `${id}_${record.now}`,
      watch_record: {
        watch_id: id,
        node: SANDBOX_NODE_ID,
        state,
        trigger_event: { type: 'manual', triggered_time: record.now, manual: { schedule: { scheduled_time: record.now } } },
        input: definition.input ?? { none: {} },
        condition: request.ignore_condition === true ? { always: {} } : (definition.condition ?? { always: {} }),
        metadata: definition.metadata ?? {},
        result: record.result,
        messages: [],
      },
    };
  }

  /** One execution of a stored watch; with `record`, its status is rewritten as the trigger engine's run does. */
  private run(id: string, source: JsonObject, status: JsonObject, options: { record: boolean; ignoreCondition?: boolean }): WatchExecution & { now: string } {
    const now = this.timestamp();
    const execution = executeWatch(source, (indices, body) => this.searchPayload(indices, body), { watchId: id, now, ignoreCondition: options.ignoreCondition });
    if (options.record) {
      const next = execution.outcome === 'met' ? executedStatus(status, now) : checkedStatus(status, now, execution.outcome === 'failed' ? 'failed' : 'execution_not_needed');
      this.ctx.indices.write(WATCHES_INDEX, id, { ...source, status: next });
    }
    return { ...execution, now };
  }

  query(body: JsonObject): JsonObject {
    const index = this.ctx.indices.get(WATCHES_INDEX);
    const integer = (key: string): number | undefined => {
      const value = body[key];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw esError(400, 'x_content_parse_exception', `[query_watches_request] failed to parse field [${key}]`);
      }
      return value;
    };
    const searchAfter = body.search_after;
    if (searchAfter !== undefined && !Array.isArray(searchAfter)) throw esError(400, 'x_content_parse_exception', '[query_watches_request] failed to parse field [search_after]');
    const docs = index ? Object.entries(this.ctx.indices.searchableDocs(WATCHES_INDEX)).map(([id, d]) => ({ id, source: d.source, seqNo: d.seqNo })) : [];
    const result = runSearch(
      [{ index: WATCHES_INDEX, mapping: index?.mapping ?? WATCHES_MAPPING, docs }],
      { query: body.query, sort: parseSort(body.sort, true), from: integer('from'), size: integer('size'), searchAfter: searchAfter as Json[] | undefined },
      this.ctx.now().getTime(),
    );
    const watches = result.hits.map((hit) => {
      const stored = index?.docs[hit.doc.id] ?? { version: 1, seqNo: hit.doc.seqNo };
      return { _id: hit.doc.id, watch: this.view(hit.doc.id, hit.doc.source), status: statusView(statusOf(hit.doc.source), stored.version), _seq_no: stored.seqNo, _primary_term: PRIMARY_TERM };
    });
    return { count: result.total, watches };
  }

  start(): void {
    this.ctx.state.watcher = { state: 'started', manuallyStopped: false };
  }

  stop(): void {
    this.ctx.state.watcher = { state: 'stopped', manuallyStopped: true };
  }

  activeCount(): number {
    const docs = this.ctx.indices.get(WATCHES_INDEX)?.docs ?? {};
    return Object.values(docs).filter((d) => {
      const state = statusOf(d.source).state;
      return isObject(state) && state.active === true;
    }).length;
  }

  /**
   * A watch's search input: the search response of `body` over `indices` (missing ones ignored),
   * as SearchInput puts it in the payload (rest_total_hits_as_int: the total is a number).
   */
  private searchPayload(indices: string[], body: JsonObject): JsonObject {
    const names = indices.length > 0 ? this.ctx.indices.resolve(indices.join(','), true) : [];
    const targets = names.map((name) => ({
      index: name,
      mapping: this.ctx.indices.get(name)?.mapping ?? {},
      docs: Object.entries(this.ctx.indices.searchableDocs(name)).map(([docId, d]) => ({ id: docId, source: d.source, seqNo: d.seqNo })),
    }));
    const size = typeof body.size === 'number' ? body.size : 10;
    const result = runSearch(targets, { query: body.query, size, aggs: body.aggs ?? body.aggregations }, this.ctx.now().getTime());
    const hits = result.hits.map((hit) => ({ _index: hit.index, _id: hit.doc.id, _score: 1, _source: hit.doc.source }));
    return {
      _shards: { total: names.length, successful: names.length, skipped: 0, failed: 0 },
      hits: { total: result.total, max_score: hits.length > 0 ? 1 : null, hits },
      took: 1,
      timed_out: false,
      ...(result.aggregations ? { aggregations: result.aggregations } : {}),
    };
  }

  private rewriteStatus(id: string, change: (status: JsonObject, now: string) => JsonObject): JsonObject {
    const index = this.index();
    const current = index.docs[id];
    if (!current) throw documentMissing(id, index);
    const status = change(statusOf(current.source), this.timestamp());
    const result = this.ctx.indices.write(WATCHES_INDEX, id, { ...current.source, status });
    return { status: statusView(status, result.version) };
  }

  /**
   * The watch as GET shows it: re-parsed from the stored document, secrets hidden. Parsing depends
   * only on the id and the stored document, and a write stores a new document object (never
   * changes one in place), so the view is kept per document object: a listing of thousands of
   * unchanged watches does not parse each again. Views are only serialised, never changed.
   */
  private view(id: string, source: JsonObject): JsonObject {
    const cached = this.views.get(source);
    if (cached?.id === id) return cached.view;
    const definition = Object.fromEntries(Object.entries(source).filter(([key]) => key !== 'status'));
    const view = parseWatch(id, definition, { allowRedacted: true, hideSecrets: true });
    this.views.set(source, { id, view });
    return view;
  }

  private index(): IndexState {
    return this.ctx.indices.get(WATCHES_INDEX) ?? this.ctx.indices.create(WATCHES_INDEX, { mapping: WATCHES_MAPPING, strictRoot: true, refreshOnWrite: true });
  }

  private timestamp(): string {
    return this.ctx.now().toISOString();
  }
}

function statusOf(source: JsonObject): JsonObject {
  return isObject(source.status) ? source.status : {};
}

function putResponse(id: string, result: { version: number; seqNo: number; primaryTerm: number; result: string }): JsonObject {
  return { _id: id, _version: result.version, _seq_no: result.seqNo, _primary_term: result.primaryTerm, created: result.result === 'created' };
}

function documentMissing(id: string, index: IndexState): EsHttpError {
  return esError(404, 'document_missing_exception', `[${id}]: document missing`, { extra: shardExtra(WATCHES_INDEX, index.uuid) });
}

function checkId(id: string): void {
  if (/\s/.test(id)) throw validationFailed(['watch id contains whitespace']);
}
