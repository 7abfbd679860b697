// Indices and their documents, with the bookkeeping ES does per shard: a sequence number that
// every write (deletes included) takes from the index, a version per document, optimistic
// concurrency (if_seq_no/if_primary_term, op_type=create), and near-real-time search: a
// document is visible to get-by-id at once but to _search only after the next refresh.
import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../json.js';
import { applyDynamicMapping, type Mapping } from './dynamic-mapping.js';
import { esError, indexNotFound, shardExtra, type EsHttpError } from './es-errors.js';

export interface StoredDoc {
  source: JsonObject;
  version: number;
  seqNo: number;
  primaryTerm: number;
}

export interface IndexState {
  uuid: string;
  createdAt: number;
  docs: Record<string, StoredDoc>;
  nextSeqNo: number;
  mapping: Mapping;
  /** A strict root refuses top-level fields it has no mapping for (`.watches` does). */
  strictRoot?: boolean;
  /** Refreshed after every write, as the Watcher APIs do for `.watches`. */
  refreshOnWrite?: boolean;
}

export type IndicesState = Record<string, IndexState>;

export interface WriteOptions {
  opType?: 'index' | 'create';
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
  refresh?: boolean;
}

export interface WriteResult {
  result: 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';
  version: number;
  seqNo: number;
  primaryTerm: number;
}

export const PRIMARY_TERM = 1;

export class IndexStore {
  /** What _search sees, per index: the documents as of the last refresh. Not persisted. */
  private readonly searchable = new Map<string, Record<string, StoredDoc>>();
  private readonly dirty = new Set<string>();
  /** refreshOnWrite indices written since their last refresh. */
  private readonly pendingRefresh = new Set<string>();

  constructor(
    private readonly indices: IndicesState,
    private readonly now: () => Date,
  ) {
    // A restarted node has recovered and refreshed every index.
    for (const name of Object.keys(indices)) this.searchable.set(name, { ...indices[name].docs });
  }

  get(name: string): IndexState | undefined {
    return Object.prototype.hasOwnProperty.call(this.indices, name) ? this.indices[name] : undefined;
  }

  names(): string[] {
    return Object.keys(this.indices);
  }

  /** Creates `name` (auto-creation on first write, or `PUT /{index}`). */
  create(name: string, init: Partial<Pick<IndexState, 'mapping' | 'strictRoot' | 'refreshOnWrite'>> = {}): IndexState {
    const invalid = invalidIndexName(name);
    if (invalid) throw esError(400, 'invalid_index_name_exception', `Invalid index name [${name}], ${invalid}`, { extra: { index_uuid: '_na_', index: name } });
    const existing = this.get(name);
    if (existing) throw esError(400, 'resource_already_exists_exception', `index [${name}/${existing.uuid}] already exists`, { extra: { index_uuid: existing.uuid, index: name } });
    const state: IndexState = { uuid: newUuid(), createdAt: this.now().getTime(), docs: {}, nextSeqNo: 0, mapping: { ...(init.mapping ?? {}) } };
    if (init.strictRoot) state.strictRoot = true;
    if (init.refreshOnWrite) state.refreshOnWrite = true;
    this.indices[name] = state;
    this.searchable.set(name, {});
    return state;
  }

  drop(name: string): void {
    if (!this.get(name)) throw indexNotFound(name);
    delete this.indices[name];
    this.searchable.delete(name);
  }

  /** Indexes `source` under `id`, creating the index when it does not exist. */
  write(indexName: string, id: string, source: JsonObject, options: WriteOptions = {}): WriteResult {
    const index = this.get(indexName) ?? this.create(indexName);
    const current = index.docs[id];
    this.checkConcurrency(indexName, index, id, current, options);
    if (current && options.opType === 'create') {
      throw conflict(indexName, index, id, `version conflict, document already exists (current version [${current.version}])`);
    }
    applyDynamicMapping(index.mapping, source, id, index.strictRoot === true);
    const doc: StoredDoc = { source, version: (current?.version ?? 0) + 1, seqNo: index.nextSeqNo++, primaryTerm: PRIMARY_TERM };
    index.docs[id] = doc;
    this.afterWrite(indexName, index, options);
    return { result: current ? 'updated' : 'created', version: doc.version, seqNo: doc.seqNo, primaryTerm: doc.primaryTerm };
  }

  /** Deletes `id`. A delete of a missing document still takes a sequence number, as in ES. */
  remove(indexName: string, id: string, options: WriteOptions = {}): WriteResult {
    const index = this.get(indexName);
    if (!index) throw indexNotFound(indexName);
    const current = index.docs[id];
    this.checkConcurrency(indexName, index, id, current, options);
    const seqNo = index.nextSeqNo++;
    if (current) delete index.docs[id];
    this.afterWrite(indexName, index, options);
    return { result: current ? 'deleted' : 'not_found', version: (current?.version ?? 0) + 1, seqNo, primaryTerm: PRIMARY_TERM };
  }

  /** Makes every write so far visible to search. */
  refresh(indexName?: string): void {
    for (const name of indexName ? [indexName] : [...this.dirty]) {
      const index = this.get(name);
      if (index) this.searchable.set(name, { ...index.docs });
      this.dirty.delete(name);
    }
  }

  searchableDocs(indexName: string): Record<string, StoredDoc> {
    // An index refreshed on every write is refreshed when next read instead: the same view,
    // without copying the whole index once per write.
    if (this.pendingRefresh.delete(indexName)) this.refresh(indexName);
    return this.searchable.get(indexName) ?? {};
  }

  /**
   * The indices an expression names: a comma list of names and `*` patterns. A missing concrete
   * name is index_not_found_exception; a pattern that matches nothing matches nothing.
   */
  resolve(expression: string, ignoreUnavailable = false): string[] {
    const names = new Set<string>();
    for (const part of expression.split(',').map((p) => p.trim()).filter(Boolean)) {
      if (part === '_all' || part === '*') {
        this.names().filter((n) => !n.startsWith('.')).forEach((n) => names.add(n));
      } else if (part.includes('*')) {
        const pattern = new RegExp('^' + part.split('*').map(escapeRegex).join('.*') + '$');
        this.names().filter((n) => pattern.test(n) && (part.startsWith('.') || !n.startsWith('.'))).forEach((n) => names.add(n));
      } else if (this.get(part)) {
        names.add(part);
      } else if (!ignoreUnavailable) {
        throw indexNotFound(part);
      }
    }
    return [...names];
  }

  private checkConcurrency(indexName: string, index: IndexState, id: string, current: StoredDoc | undefined, options: WriteOptions): void {
    if (options.ifSeqNo === undefined) return;
    const required = `required seqNo [${options.ifSeqNo}], primary term [${options.ifPrimaryTerm}]`;
    if (!current) throw conflict(indexName, index, id, `version conflict, ${required}. but no document was found`);
    if (current.seqNo !== options.ifSeqNo || current.primaryTerm !== options.ifPrimaryTerm) {
      throw conflict(indexName, index, id, `version conflict, ${required}. current document has seqNo [${current.seqNo}] and primary term [${current.primaryTerm}]`);
    }
  }

  private afterWrite(name: string, index: IndexState, options: WriteOptions): void {
    this.dirty.add(name);
    if (options.refresh) this.refresh(name);
    else if (index.refreshOnWrite) this.pendingRefresh.add(name);
  }
}

export function conflict(indexName: string, index: IndexState, id: string, detail: string): EsHttpError {
  return esError(409, 'version_conflict_engine_exception', `[${id}]: ${detail}`, { extra: shardExtra(indexName, index.uuid) });
}

/** The reason ES gives for refusing an index name, or undefined when it is valid. */
function invalidIndexName(name: string): string | undefined {
  if (name !== name.toLowerCase()) return 'must be lowercase';
  if (/[\\/*?"<>| ,#:]/.test(name)) return 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]';
  if (/^[-_+]/.test(name)) return "must not start with '_', '-', or '+'";
  if (name === '.' || name === '..') return "must not be '.' or '..'";
  if (Buffer.byteLength(name) > 255) return 'index name is too long';
  return undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function newUuid(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** A 20-character id like the ones ES generates for `POST /{index}/_doc`. */
export function newDocumentId(): string {
  return randomBytes(15).toString('base64url');
}
