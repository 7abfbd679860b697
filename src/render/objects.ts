// The desired objects detctl deploys: what render produces and the targets compare and write.
// Plain JSON data, so plans and releases can hold them as they are.

/** An Elasticsearch Watcher watch: the id and the PUT body (trigger, input, condition, actions, metadata). */
export interface WatchObject {
  kind: 'watch';
  /** Target name from the environment file. */
  target: string;
  id: string;
  /** Whether the watch is deployed active (`PUT …?active=`). */
  active: boolean;
  body: Record<string, unknown>;
  /** The rule file it came from, for messages. */
  source: string;
}

/** A Splunk saved search: its name and the savedsearches.conf keys detctl manages, as strings. */
export interface SavedSearchObject {
  kind: 'saved-search';
  target: string;
  app: string;
  owner: string;
  name: string;
  /** conf key → value; values are the exact strings sent to Splunk. */
  content: Record<string, string>;
  source: string;
}

/** A Splunk search macro (`macros.conf` stanza `name` or `name(N)`). */
export interface MacroObject {
  kind: 'macro';
  target: string;
  app: string;
  owner: string;
  /** Stanza name: `name` without arguments, `name(N)` with N arguments. */
  name: string;
  content: { definition: string; args?: string; description?: string; iseval?: string };
  source: string;
}

export type DesiredObject = WatchObject | SavedSearchObject | MacroObject;
