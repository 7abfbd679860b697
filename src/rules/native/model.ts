// Native definitions (docs/import.md): a watch or a saved search written as its server takes it,
// rather than generated from a Sigma rule or an ESCU detection. Files named `*.watch.json`,
// `*.watch.yaml` and `*.savedsearch.yaml` under the rules folders, usually written by `detctl
// import`. The rules layer checks what detctl itself reads (`id`, `active`, `name`, `app`, the
// shape); the target's provider checks the rest against the server's grammar (a watch body with
// the Watcher grammar, a saved search's keys with the savedsearches.conf key table) and renders
// them to its target's objects only.
import type { SourceLocation } from '../../diagnostics.js';
import type { YamlNode } from '../../yaml-tree.js';

/** A `${VAR}` in a native file: resolved from the process environment into the request only. */
export interface NativeVariable {
  name: string;
  loc: SourceLocation;
}

interface NativeDefinition {
  path: string;
  loc: SourceLocation;
  /** The file's root, positions kept, for the provider's own checks (watch grammar, key table). */
  root: YamlNode;
  /** Where each top-level key is. */
  keyLocations: Record<string, SourceLocation>;
  /** Every `${VAR}` the file references. */
  variables: NativeVariable[];
  /** Selection (`select:`) sees a native definition as a rule without tags, status or level. */
  tags: string[];
  status?: undefined;
  level?: undefined;
}

/** `*.watch.json` / `*.watch.yaml`: a Watcher PUT body plus `id` and optional `active`. */
export interface NativeWatch extends NativeDefinition {
  kind: 'native-watch';
  name?: undefined;
  /** The watch id, kept as it is on the server (no idPrefix). Also the rule id (duplicates are errors). */
  id: string;
  title: string;
  active: boolean;
  /** The body as sent to `PUT _watcher/watch/{id}` (without `id` and `active`). */
  body: Record<string, unknown>;
}

/** `*.savedsearch.yaml`: a saved search's `name`, optional `app`, and savedsearches.conf settings. */
export interface NativeSavedSearch extends NativeDefinition {
  kind: 'native-saved-search';
  id?: undefined;
  /** The saved search's name, kept as it is on the server (no namePrefix). */
  name: string;
  title: string;
  app?: string;
  /** conf (or REST) key → value as text, as savedsearches.conf holds it. */
  content: Record<string, string>;
  /** Where each setting's key is (for unknown keys). */
  settingLocations: Record<string, SourceLocation>;
}

export type NativeRule = NativeWatch | NativeSavedSearch;
