// What saved searches and macros have in common as splunkd knowledge objects: a namespace
// (`servicesNS/{owner}/{app}`, with `-` as a wildcard for reads), sharing and permissions, the
// entry links and ACL block of a feed entry, and the collection listing arguments (count,
// offset, search, sort_key/sort_dir/sort_mode, f).
import type { JsonObject } from '../json.js';
import type { FeedEntry } from './feed.js';
import { splunkTime } from './feed.js';
import type { RequestArgs } from './request-args.js';
import { SplunkHttpError } from './splunk-errors.js';
import { objectKey, type KnowledgeObject, type Sharing } from './splunk-state.js';

export interface Namespace {
  owner: string;
  app: string;
  /** The authenticated user. */
  user: string;
}

/**
 * The permissions an app-shared object is created with: those of the app's metadata
 * (`metadata/default.meta`, `[] access = read : [ * ], write : [ admin, power ]` in the search
 * app; Splunk Developer docs, "default.meta"). The sandbox's apps all have the search app's.
 */
export const DEFAULT_PERMS = { read: ['*'], write: ['admin', 'power'] };

export function isVisible(object: KnowledgeObject, ns: Namespace): boolean {
  const appOk = ns.app === '-' || object.app === ns.app || object.sharing === 'global';
  const ownerOk = object.sharing !== 'user' || ns.owner === '-' || object.owner === ns.owner;
  return appOk && ownerOk;
}

/** The object a name means in a namespace: the closest one (same owner and app, then same app, then global). */
export function findVisible<T extends KnowledgeObject>(objects: Record<string, T>, ns: Namespace, name: string): T | undefined {
  // The closest possible match is found by key; only otherwise are all objects looked through.
  const exact = ns.app !== '-' && ns.owner !== '-' ? objects[objectKey(ns.app, ns.owner, name)] : undefined;
  if (exact && isVisible(exact, ns)) return exact;
  const candidates = Object.values(objects).filter((o) => o.name === name && isVisible(o, ns));
  const rank = (o: T) => (o.app === ns.app ? (o.owner === ns.owner ? 0 : 1) : 2);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The namespace a new object is created in: `nobody` means app-level sharing, a user means
 * private to that user (Splunk REST API Tutorials, "Managing knowledge objects": a search created
 * under `servicesNS/alice/myapp` "is private to Alice"; shared objects live under `nobody`).
 */
export function creationScope(ns: Namespace, method: string): { owner: string; app: string; sharing: Sharing } {
  if (ns.owner === '-' || ns.app === '-') throw new SplunkHttpError(400, `Cannot perform action "${method}" in a wildcard namespace (owner=${ns.owner}, app=${ns.app}).`);
  return { owner: ns.owner, app: ns.app, sharing: ns.owner === 'nobody' ? 'app' : 'user' };
}

export function aclJson(object: KnowledgeObject): JsonObject {
  return {
    app: object.app,
    can_change_perms: true,
    can_list: true,
    can_share_app: true,
    can_share_global: true,
    can_share_user: object.sharing === 'user',
    can_write: true,
    modifiable: true,
    owner: object.owner,
    perms: object.perms,
    removable: true,
    sharing: object.sharing,
  };
}

/**
 * Applies an `…/{name}/acl` POST: sharing and owner (required), perms.read/perms.write. Owner and
 * sharing are part of an object's identity, so it is filed again under its new key.
 */
export function changeAcl<T extends KnowledgeObject>(objects: Record<string, T>, object: T, args: RequestArgs, now: Date): void {
  const oldKey = objectKey(object.app, object.owner, object.name);
  applyAcl(object, args);
  stamp(object, now);
  delete objects[oldKey];
  objects[objectKey(object.app, object.owner, object.name)] = object;
}

function applyAcl(object: KnowledgeObject, args: RequestArgs): void {
  for (const key of args.keys()) {
    if (!['sharing', 'owner', 'perms.read', 'perms.write', 'output_mode'].includes(key)) throw new SplunkHttpError(400, `Argument "${key}" is not supported by this handler.`);
  }
  const sharing = args.get('sharing');
  if (sharing === undefined) throw new SplunkHttpError(400, 'Argument "sharing" is required.');
  if (sharing !== 'user' && sharing !== 'app' && sharing !== 'global') throw new SplunkHttpError(400, `Invalid value "${sharing}" for argument "sharing".`);
  const owner = args.get('owner') ?? object.owner;
  if (sharing === 'user' && owner === 'nobody') throw new SplunkHttpError(400, 'Cannot share an object at user level without an owner.');
  const list = (key: string, fallback: string[]) => {
    const value = args.get(key);
    return value === undefined ? fallback : value.split(',').map((v) => v.trim()).filter(Boolean);
  };
  const perms = object.perms ?? DEFAULT_PERMS;
  object.sharing = sharing;
  object.owner = owner;
  object.perms = { read: list('perms.read', perms.read), write: list('perms.write', perms.write) };
}

export function entryOf(object: KnowledgeObject, base: string, endpoint: string, customActions: string[], content: JsonObject): FeedEntry {
  const path = `/servicesNS/${encodeURIComponent(object.owner)}/${encodeURIComponent(object.app)}/${endpoint}/${encodeURIComponent(object.name)}`;
  const links: Record<string, string> = { alternate: path, list: path, _reload: `${path}/_reload`, edit: path, remove: path, move: `${path}/move` };
  for (const action of customActions) links[action] = `${path}/${action}`;
  return { name: object.name, id: base + path, updated: object.updated, links, author: object.author, acl: aclJson(object), content };
}

export interface Listing {
  entries: FeedEntry[];
  total: number;
  perPage: number;
  offset: number;
}

/** count (default 30, 0 = all), offset, search, sort and f, applied as splunkd applies them. */
export function listEntries(entries: FeedEntry[], args: RequestArgs): Listing {
  const search = args.get('search');
  const filtered = search ? entries.filter(matchesSearch(search)) : entries;
  const sortKey = args.get('sort_key') ?? 'name';
  const direction = args.get('sort_dir') === 'desc' ? -1 : 1;
  const mode = args.get('sort_mode') ?? 'auto';
  const keyOf = (e: FeedEntry) => (sortKey === 'name' ? e.name : String(e.content[sortKey] ?? ''));
  const sorted = [...filtered].sort((a, b) => direction * compareForSort(keyOf(a), keyOf(b), mode));
  const count = Number(args.get('count') ?? 30);
  const offset = Math.max(0, Number(args.get('offset') ?? 0));
  const page = count > 0 ? sorted.slice(offset, offset + count) : sorted.slice(offset);
  const fields = args.all('f');
  const keep = fields.length > 0 ? fieldFilter(fields) : undefined;
  return {
    entries: keep ? page.map((e) => ({ ...e, content: onlyFields(e.content, keep) })) : page,
    total: sorted.length,
    perPage: count,
    offset,
  };
}

function compareForSort(a: string, b: string, mode: string): number {
  if ((mode === 'num' || mode === 'auto') && isNumber(a) && isNumber(b)) return Number(a) - Number(b);
  const x = mode === 'alpha_case' ? a : a.toLowerCase();
  const y = mode === 'alpha_case' ? b : b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/**
 * The `search` argument: space-separated terms, all of which must match. `field=value` compares
 * one field (a `*` is a wildcard); a bare term is a substring of the name or any content value.
 */
function matchesSearch(search: string): (entry: FeedEntry) => boolean {
  const terms = search.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  const tests = terms.map((term) => {
    const eq = term.indexOf('=');
    if (eq > 0) {
      const field = term.slice(0, eq);
      const pattern = glob(unquote(term.slice(eq + 1)), true);
      return (e: FeedEntry) => pattern.test(field === 'name' ? e.name : String(e.content[field] ?? ''));
    }
    const pattern = glob(unquote(term), false);
    return (e: FeedEntry) => pattern.test(e.name) || Object.values(e.content).some((v) => v !== null && pattern.test(String(v)));
  });
  return (entry) => tests.every((t) => t(entry));
}

/**
 * Whether a content key is one of the `f` patterns (whole key, case-insensitive, `*` a wildcard):
 * built once per listing, patterns without `*` looked up in a set, so a listing of thousands of
 * entries of some 200 keys each does not test every key against every pattern. Each key's answer
 * is kept for the listing: the entries share a few hundred key names, so most keys are looked up
 * in one map instead of lower-cased and tested again for every entry.
 */
function fieldFilter(patterns: string[]): (key: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')).map((p) => p.toLowerCase()));
  const globs = patterns.filter((p) => p.includes('*')).map((p) => glob(p, true));
  const decided = new Map<string, boolean>();
  return (key) => {
    let kept = decided.get(key);
    if (kept === undefined) {
      kept = exact.has(key.toLowerCase()) || globs.some((g) => g.test(key));
      decided.set(key, kept);
    }
    return kept;
  };
}

function onlyFields(content: JsonObject, keep: (key: string) => boolean): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(content)) if (keep(key)) out[key] = content[key];
  return out;
}

function unquote(text: string): string {
  return text.replace(/^"(.*)"$/, '$1');
}

function glob(pattern: string, whole: boolean): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(whole ? `^${body}$` : body, 'i');
}

export function stamp(object: KnowledgeObject, now: Date): void {
  object.updated = splunkTime(now);
}
