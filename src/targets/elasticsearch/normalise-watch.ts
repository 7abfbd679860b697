// A watch as Watcher stores and returns it, so desired and live watches compare equal when they
// mean the same. One walker applies the rows of watch-serialisation.ts (Elasticsearch's own
// defaults and coercions, each with its source) to both sides; it is idempotent.
import type { Canonical } from '../target-object.js';
import { canonicalEqual } from '../../base/canonical-json.js';
import { durationMillis } from '../../base/duration.js';
import { REDACTED, WATCH_KEY_ORDER, WATCH_SERIALISATION, type Coercion, type SerialisationRow, type WatchPath, type WatchSecret } from './watch-serialisation.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The rows as a tree of paths, so one walk of a watch applies them all (in table order per object). */
interface RowTree {
  rows: SerialisationRow[];
  children: Map<string, RowTree>;
}

function rowTree(rows: readonly SerialisationRow[]): RowTree {
  const root: RowTree = { rows: [], children: new Map() };
  for (const row of rows) {
    let node = root;
    for (const step of row.at) {
      let child = node.children.get(step);
      if (!child) node.children.set(step, (child = { rows: [], children: new Map() }));
      node = child;
    }
    node.rows.push(row);
  }
  return root;
}

/** Applies the tree's rows to `object`, then descends (`*` matches each key). */
function applyTree(object: Json, tree: RowTree): void {
  for (const row of tree.rows) coerce(object, row.key, row.coercion);
  for (const [step, child] of tree.children) {
    const values = step === '*' ? Object.values(object) : [object[step]];
    for (const value of values) if (isObject(value)) applyTree(value, child);
  }
}

/** Every object at `path` below `root` (`*` matches each key). */
function objectsAt(root: Json, path: WatchPath): Json[] {
  let level: Json[] = [root];
  for (const step of path) {
    const next: Json[] = [];
    for (const object of level) {
      const children = step === '*' ? Object.values(object) : [object[step]];
      for (const child of children) if (isObject(child)) next.push(child);
    }
    level = next;
  }
  return level;
}

/** A deep copy of JSON data (faster than structuredClone for the small objects watches are). */
function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value)) out[key] = copyJson(value[key]);
  return out as T;
}

/** Applies one coercion to `object[key]` in place. */
function coerce(object: Json, key: string, coercion: Coercion): void {
  const present = key in object;
  const value = object[key];
  switch (coercion.kind) {
    case 'default':
      if (!present) object[key] = copyJson(coercion.value);
      return;
    case 'millis':
      if (!present) return;
      delete object[key];
      if (value !== null) object[`${key}_in_millis`] = durationMillis(value as string | number);
      return;
    case 'list':
      if (present && value !== null && !Array.isArray(value)) object[key] = [value];
      return;
    case 'omit-empty':
      if (Array.isArray(value) && value.length === 0) delete object[key];
      return;
    case 'rename':
      // Parsers read both spellings into one field, the later key winning; only `to` is written.
      if (!present) return;
      delete object[key];
      object[coercion.to] = value;
      return;
    case 'split-list':
      if (typeof value === 'string') object[key] = value.split(',').map((s) => s.trim()).filter(Boolean);
      return;
    case 'wrap':
      if (typeof value === 'string') object[key] = { [coercion.field]: value };
      return;
    case 'lowercase':
      if (typeof value === 'string') object[key] = value.toLowerCase();
      return;
    case 'seconds':
      if (typeof value === 'number') object[key] = `${value}s`;
      return;
    case 'script':
      if (typeof value === 'string') object[key] = { source: value, lang: coercion.lang };
      else if (isObject(value) && 'source' in value && !('lang' in value)) object[key] = { ...value, lang: coercion.lang };
      return;
    case 'secret':
      // The server never shows the value (`::es_redacted::`, or `::es_encrypted::…` with encryption
      // on), so neither side's value can be compared: a hash of the
      // desired secret in the watch's metadata stands in for it (docs/deploy.md, "Secrets").
      if (typeof value === 'string') object[key] = REDACTED;
      return;
  }
}

const TABLE_TREE = rowTree(WATCH_SERIALISATION);

/** The watch definition (no status) in server form, keys in server order. */
export function normaliseWatch(body: Json, rows: readonly SerialisationRow[] = WATCH_SERIALISATION): Json {
  const watch = copyJson(body);
  applyTree(watch, rows === WATCH_SERIALISATION ? TABLE_TREE : rowTree(rows));
  const ordered: Json = {};
  for (const key of WATCH_KEY_ORDER) if (key in watch) ordered[key] = watch[key];
  for (const key of Object.keys(watch)) if (!(key in ordered)) ordered[key] = watch[key];
  return ordered;
}

/**
 * A watch as the server returns it, as a person would have written it (`detctl import`): the
 * same rows as normaliseWatch, read the other way. A key holding the default the server fills in
 * is removed, `<key>_in_millis` is written back as the time value `<key>`, a script's default
 * language is dropped. The result normalises back to the same watch:
 * normaliseWatch(withoutDefaults(w)) equals normaliseWatch(w) (test/unit/native-watch.test.ts).
 * Secrets (`::es_redacted::`) are left for the caller to replace by placeholders.
 */
export function withoutDefaults(watch: Json): Json {
  const out = copyJson(watch);
  removeDefaults(out, TABLE_TREE);
  return out;
}

/** Children first: a parent whose content was only defaults then holds its own default. */
function removeDefaults(object: Json, tree: RowTree): void {
  for (const [step, child] of tree.children) {
    const values = step === '*' ? Object.values(object) : [object[step]];
    for (const value of values) if (isObject(value)) removeDefaults(value, child);
  }
  for (const row of [...tree.rows].reverse()) uncoerce(object, row.key, row.coercion);
}

/** Undoes one coercion on `object[key]` where a person would not have written the server's form. */
function uncoerce(object: Json, key: string, coercion: Coercion): void {
  const value = object[key];
  switch (coercion.kind) {
    case 'default':
      if (key in object && canonicalEqual(value, coercion.value)) delete object[key];
      return;
    case 'millis': {
      const millis = object[`${key}_in_millis`];
      if (typeof millis !== 'number') return;
      delete object[`${key}_in_millis`];
      object[key] = timeValue(millis);
      return;
    }
    case 'script':
      if (isObject(value) && value.lang === coercion.lang) {
        const { lang: _lang, ...rest } = value;
        object[key] = rest;
      }
      return;
    default:
      // list, omit-empty, rename, split-list, wrap, lowercase, seconds: the server's form is also a
      // valid way to write it.
      return;
  }
}

/**
 * Milliseconds as the largest Elasticsearch time unit that divides them (TimeValue.parseTimeValue
 * reads d, h, m, s and ms), so `300000` reads back as `5m`.
 */
function timeValue(millis: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (millis > 0 && millis % size === 0) return `${millis / size}${unit}`;
  }
  return `${millis}ms`;
}

/** What the plan compares for a watch: the normalised definition and whether it is active. */
export function canonicalWatch(body: Json, active: boolean): Canonical {
  return { ...normaliseWatch(body), active };
}

/**
 * The body to send: each secret field that holds the redacted marker gets its value from
 * `secrets`. Rendered watches never hold a secret (plans, builds and history show the marker);
 * only the request does.
 */
export function withSecrets(body: Json, secrets: Partial<Record<WatchSecret, string>>): Json {
  const rows = WATCH_SERIALISATION.filter((r) => r.coercion.kind === 'secret');
  if (!rows.some((row) => objectsAt(body, row.at).some((o) => o[row.key] === REDACTED))) return body;
  const out = copyJson(body);
  for (const row of rows) {
    const name = (row.coercion as Extract<Coercion, { kind: 'secret' }>).secret;
    for (const object of objectsAt(out, row.at)) {
      if (object[row.key] !== REDACTED) continue;
      const value = secrets[name];
      if (value === undefined) throw new Error(`the watch needs the ${name.replace('-', ' ')}, and the environment gives none`);
      object[row.key] = value;
    }
  }
  return out;
}
