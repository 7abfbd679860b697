// splunkd's Atom-derived feeds (output_mode=json shape, contract §B2) and the replies built on
// them: a feed, an error/info message list, or a bare JSON value (dispatch's sid, a login's
// session key, KV-store records).
import type { Json, JsonObject } from '../json.js';
import type { MessageType } from './splunk-errors.js';

export const SPLUNK_VERSION = '9.3.2';
export const SPLUNK_BUILD = 'd8bb32809498';

export interface FeedEntry {
  name: string;
  id: string;
  updated: string;
  links: Record<string, string>;
  author: string;
  acl: JsonObject;
  content: JsonObject;
}

export interface Feed {
  /** The Atom title (the handler's name, e.g. "savedsearch"). */
  title: string;
  origin: string;
  links: Record<string, string>;
  updated: string;
  entries: FeedEntry[];
  paging: { total: number; perPage: number; offset: number };
  messages?: { type: MessageType; text: string }[];
}

export type SplunkBody =
  | { kind: 'feed'; feed: Feed }
  | { kind: 'messages'; messages: { type: MessageType; text: string; code?: string }[] }
  /** `xmlRoot`: the element the value is wrapped in when XML is asked for (`<response>`). */
  | { kind: 'value'; value: Json; xmlRoot?: string };

export interface SplunkReply {
  status: number;
  body: SplunkBody;
  headers?: Record<string, string>;
}

export function feedJson(feed: Feed): JsonObject {
  return {
    links: feed.links,
    origin: feed.origin,
    updated: feed.updated,
    generator: { build: SPLUNK_BUILD, version: SPLUNK_VERSION },
    entry: feed.entries.map((e) => ({ name: e.name, id: e.id, updated: e.updated, links: e.links, author: e.author, acl: e.acl, content: e.content })),
    paging: feed.paging,
    messages: feed.messages ?? [],
  };
}

/** splunkd's timestamp format: seconds, with the zone offset. */
export function splunkTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
