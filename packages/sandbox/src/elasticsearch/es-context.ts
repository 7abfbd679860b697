// What every Elasticsearch handler works with: the persisted state, the index store over it, the
// clock, and `commit()` to wait until a change is saved.
import type { Json } from '../json.js';
import { IndexStore, newUuid, type IndicesState } from './index-store.js';

export interface EsState {
  clusterUuid: string;
  indices: IndicesState;
  watcher: { state: 'started' | 'stopped'; manuallyStopped: boolean };
}

export interface EsReply {
  status: number;
  body?: Json;
  headers?: Record<string, string | string[]>;
}

export interface EsContext {
  state: EsState;
  indices: IndexStore;
  now: () => Date;
  commit(): Promise<void>;
}

export const ES_VERSION = '9.1.5';
export const CLUSTER_NAME = 'detctl-sandbox';

export function initialEsState(): EsState {
  return { clusterUuid: newUuid(), indices: {}, watcher: { state: 'started', manuallyStopped: false } };
}

export function json(status: number, body: Json): EsReply {
  return { status, body };
}
