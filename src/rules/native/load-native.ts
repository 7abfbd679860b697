// Loads native definition files (model.ts): what detctl reads itself is checked here, with the
// position of each problem; the server's grammar is checked by the target's provider when it
// renders (targets/elasticsearch/native-watch.ts, targets/splunk/native-saved-search.ts).
import { REFERENCE_PATTERN } from '../../base/references.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../diagnostics.js';
import { toPlain, type YamlNode } from '../../yaml-tree.js';
import type { NativeRule, NativeSavedSearch, NativeVariable, NativeWatch } from './model.js';

/** `x.watch.json`, `x.watch.yaml`, `x.watch.yml`. */
export const NATIVE_WATCH_FILE = /\.watch\.(json|ya?ml)$/i;
/** `x.savedsearch.yaml`, `x.savedsearch.yml`. */
export const NATIVE_SAVED_SEARCH_FILE = /\.savedsearch\.ya?ml$/i;

/**
 * Whether the path names a native file. Each pattern is tested on the path's end only, as long as
 * its longest match (`.watch.yaml`, `.savedsearch.yaml`): a regex anchored at the end is tried at
 * every position of the text, and this runs twice for every rule file.
 */
export const isNativeFile = (path: string) => NATIVE_WATCH_FILE.test(path.slice(-11)) || NATIVE_SAVED_SEARCH_FILE.test(path.slice(-17));

const CODE = 'native-definition';
const DOCS = 'docs/import.md describes native definition files';

/** A native file's one document as a native rule, or its problems. */
export function loadNativeDefinition(doc: YamlNode, path: string): { rule?: NativeRule; diagnostics: Diagnostic[] } {
  const watch = NATIVE_WATCH_FILE.test(path);
  if (doc.kind !== 'map') {
    return { diagnostics: [diagnostic(CODE, `a ${watch ? 'watch' : 'saved search'} definition must be a mapping`, doc.loc, DOCS)] };
  }
  return watch ? loadWatch(doc, path) : loadSavedSearch(doc, path);
}

type MapNode = Extract<YamlNode, { kind: 'map' }>;

function common(doc: MapNode, path: string) {
  return {
    path,
    loc: doc.loc,
    root: doc,
    keyLocations: Object.fromEntries(doc.entries.map((e) => [e.key, e.keyLoc])),
    variables: variablesOf(doc),
    tags: [],
  };
}

/** The text of a required, non-empty string key; a problem at the key (or the map) otherwise. */
function requiredText(doc: MapNode, key: string, what: string, diagnostics: Diagnostic[]): string | undefined {
  const found = doc.entries.find((e) => e.key === key);
  if (!found) {
    diagnostics.push(diagnostic(CODE, `missing ${key}: the ${what}`, doc.loc, DOCS));
    return undefined;
  }
  const v = found.value;
  if (v.kind !== 'scalar' || typeof v.value !== 'string' || v.value.trim() === '') {
    diagnostics.push(diagnostic(CODE, `${key} must be a non-empty string`, v.loc, DOCS));
    return undefined;
  }
  return v.value;
}

function loadWatch(doc: MapNode, path: string): { rule?: NativeWatch; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const id = requiredText(doc, 'id', "watch's id, as on the server", diagnostics);
  // Watcher refuses such an id (PutWatchRequest.validate: "watch id contains whitespace").
  if (id !== undefined && /\s/.test(id)) diagnostics.push(diagnostic(CODE, `watch id '${id}' contains whitespace`, doc.entries.find((e) => e.key === 'id')!.value.loc, 'Watcher refuses ids with whitespace'));
  const activeEntry = doc.entries.find((e) => e.key === 'active');
  let active = true;
  if (activeEntry) {
    const v = activeEntry.value;
    if (v.kind === 'scalar' && typeof v.value === 'boolean') active = v.value;
    else diagnostics.push(diagnostic(CODE, 'active must be true or false', v.loc, 'whether the watch is deployed active (PUT …?active=); default true'));
  }
  const body = Object.fromEntries(doc.entries.filter((e) => e.key !== 'id' && e.key !== 'active').map((e) => [e.key, toPlain(e.value)]));
  if (diagnostics.length > 0 || id === undefined) return { diagnostics };
  return { rule: { kind: 'native-watch', ...common(doc, path), id, title: id, active, body }, diagnostics };
}

function loadSavedSearch(doc: MapNode, path: string): { rule?: NativeSavedSearch; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const name = requiredText(doc, 'name', "saved search's name, as on the server", diagnostics);
  const app = doc.entries.some((e) => e.key === 'app') ? requiredText(doc, 'app', "saved search's app", diagnostics) : undefined;
  const content: Record<string, string> = {};
  const settingLocations: Record<string, SourceLocation> = {};
  for (const e of doc.entries) {
    if (e.key === 'name' || e.key === 'app') continue;
    const v = e.value;
    // savedsearches.conf holds text; numbers and booleans are written as they read.
    if (v.kind !== 'scalar' || v.value === null) {
      diagnostics.push(diagnostic(CODE, `${e.key} must be text, a number or a boolean (savedsearches.conf values are text)`, v.loc, DOCS));
      continue;
    }
    content[e.key] = String(v.value);
    settingLocations[e.key] = e.keyLoc;
  }
  if (diagnostics.length > 0 || name === undefined) return { diagnostics };
  return { rule: { kind: 'native-saved-search', ...common(doc, path), name, title: name, ...(app !== undefined ? { app } : {}), content, settingLocations }, diagnostics };
}

/** Every `${VAR}` in the file's strings, with where it is. */
function variablesOf(node: YamlNode): NativeVariable[] {
  const out: NativeVariable[] = [];
  const walk = (n: YamlNode) => {
    if (n.kind === 'map') for (const e of n.entries) walk(e.value);
    else if (n.kind === 'seq') n.items.forEach(walk);
    else if (typeof n.value === 'string' && n.value.includes('${')) for (const m of n.value.matchAll(REFERENCE_PATTERN)) out.push({ name: m[1], loc: n.loc });
  };
  walk(node);
  return out;
}
