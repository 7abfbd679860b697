// What the Splunk stand-in persists: knowledge objects (saved searches, macros) with their
// namespace and ACL, dispatch history, and KV-store collections.
import type { JsonObject } from '../json.js';

export type Sharing = 'user' | 'app' | 'global';

export interface KnowledgeObject {
  name: string;
  app: string;
  owner: string;
  sharing: Sharing;
  perms: { read: string[]; write: string[] } | null;
  author: string;
  updated: string;
  /** Arguments as they were sent (strings); typing happens when they are read back. */
  settings: Record<string, string>;
}

export interface DispatchRecord {
  sid: string;
  at: string;
  triggerActions: boolean;
}

export interface SavedSearch extends KnowledgeObject {
  history: DispatchRecord[];
}

export interface KvCollection {
  name: string;
  app: string;
  updated: string;
  settings: Record<string, string>;
  records: Record<string, JsonObject>;
}

export interface SplunkState {
  savedSearches: Record<string, SavedSearch>;
  macros: Record<string, KnowledgeObject>;
  kvCollections: Record<string, KvCollection>;
  nextSid: number;
}

export function initialSplunkState(): SplunkState {
  return { savedSearches: {}, macros: {}, kvCollections: {}, nextSid: 1 };
}

/** Store key of an object: names may contain any character, so the parts are JSON-encoded. */
export function objectKey(app: string, owner: string, name: string): string {
  return JSON.stringify([app, owner, name]);
}
