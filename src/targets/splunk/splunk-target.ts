// Splunk as a target, through splunk-sdk's Service (auth, namespaces) on detctl's own transport.
// The app's saved searches and macros are listed with one request each (count=0). A saved search
// is owned when it lives in the environment's app and its name starts with a managed prefix;
// macros in the app are managed when detctl renders them and are never deleted (no marker tells
// whose they are).
import type { Service, HttpResponse } from 'splunk-sdk';
import type { Canonical, LiveObject, TargetObject } from '../target-object.js';
import { RETRYABLE_CODES, RETRYABLE_STATUS, SINGLE_ATTEMPT, TargetError, awaitedLater, type DesiredList, type TargetAdapter, type WriteSteps } from '../target.js';
import { canonicalLive, canonicalMacro, canonicalSplunkObject, managedKeys, restParams } from './normalise-saved-search.js';
import type { MacroObject, SplunkObject } from './objects.js';
import { IMPORTED_KEYS } from './native-saved-search.js';

/** The keys (REST names) to ask splunkd for: every key always compared, `expected`, and those the saved searches of `objects` manage; sorted. */
function fieldsFor(objects: readonly TargetObject[], expected: readonly string[] = []): string[] {
  const keys = new Set(managedKeys(Object.fromEntries(expected.map((key) => [key, '']))));
  for (const o of objects as readonly SplunkObject[]) if (o.kind === 'saved-search') for (const key of managedKeys(o.content)) keys.add(key);
  return [...keys].sort();
}

/**
 * `content` with only the keys `wanted` names (lower-cased), matched as splunkd matches `f`: the
 * whole key, ignoring case (as the sandbox's listEntries models it).
 */
function onlyFields(content: Record<string, unknown>, wanted: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(content)) if (wanted.has(key.toLowerCase())) out[key] = content[key];
  return out;
}

const isList = (desired: DesiredList): desired is readonly TargetObject[] => Array.isArray(desired);

interface FeedEntry {
  name: string;
  acl?: { app?: string; owner?: string; sharing?: string; perms?: { read?: string[]; write?: string[] } | null };
  content?: Record<string, unknown>;
}

export interface SplunkTargetSettings {
  app: string;
  owner: string;
  /** Name prefixes that mark a saved search as detctl's (Sigma and ESCU prefixes). */
  ownedPrefixes: string[];
  /**
   * Keys (conf or REST names) the desired saved searches are expected to manage besides those
   * always compared (the provider's: a Sigma alert's with the target's settings), asked for by a
   * listing that starts before the desired objects are known.
   */
  expectedKeys?: readonly string[];
}

export class SplunkTarget implements TargetAdapter {
  readonly type = 'splunk' as const;

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly service: Service,
    private readonly settings: SplunkTargetSettings,
  ) {}

  canonical(object: SplunkObject): Canonical {
    return canonicalSplunkObject(object);
  }

  /**
   * Both requests go out before `desired` is needed. Only the managed keys are asked for (`f=`):
   * splunkd otherwise returns some 200 per search. Which keys the desired saved searches manage
   * is known once they are: until then the keys compared on every saved search and those the
   * settings make a Sigma alert manage are asked for (`expectedKeys`), and when a desired one
   * manages more (an ESCU or native definition's keys), the saved searches are listed once more
   * with every key needed: three requests then, never more.
   */
  async list(desired: DesiredList): Promise<LiveObject[]> {
    awaitedLater(desired);
    // Known desired objects (deploy, rollback): exactly their keys.
    const asked = isList(desired) ? fieldsFor(desired.filter((o) => o.target === this.name)) : fieldsFor([], this.settings.expectedKeys);
    const searchesListed = this.feed('saved/searches', { f: asked });
    const macrosListed = this.feed('configs/conf-macros');
    // Both awaited before `desired`: neither rejects unhandled while the rules load.
    let [searches, macros] = await Promise.all([searchesListed, macrosListed]);
    const mine = (await desired).filter((o) => o.target === this.name) as SplunkObject[];
    const keysByName = new Map(mine.flatMap((o) => (o.kind === 'saved-search' ? [[o.name, managedKeys(o.content)] as const] : [])));
    const wantedMacros = new Set(mine.filter((o) => o.kind === 'macro').map((o) => (o as MacroObject).name));
    const needed = fieldsFor(mine);
    if (needed.some((key) => !asked.includes(key))) searches = await this.feed('saved/searches', { f: needed });
    // Of keys asked for ahead that no desired search manages, nothing is kept: a listed search
    // (and so a pre-image in a release) holds what asking for `needed` alone returns.
    else if (asked.length > needed.length) {
      const wanted = new Set(needed.map((key) => key.toLowerCase()));
      searches = searches.map((entry) => ({ ...entry, content: onlyFields(entry.content ?? {}, wanted) }));
    }
    const live: LiveObject[] = [];
    for (const entry of searches) {
      if (entry.acl?.app !== this.settings.app) continue; // visible here but another app's object
      const owned = this.settings.ownedPrefixes.some((p) => entry.name.startsWith(p));
      const keys = keysByName.get(entry.name);
      if (!owned && !keys) continue;
      const content = entry.content ?? {};
      live.push({
        target: this.name,
        kind: 'saved-search',
        id: entry.name,
        owned,
        canonical: this.withAcl(canonicalLive(content, keys ?? managedKeys({})), entry.acl),
        raw: { name: entry.name, acl: entry.acl, content },
      });
    }
    for (const entry of macros) {
      if (entry.acl?.app !== this.settings.app || !wantedMacros.has(entry.name)) continue;
      const content = entry.content ?? {};
      live.push({ target: this.name, kind: 'macro', id: entry.name, owned: true, canonical: this.withAcl(canonicalMacro(content), entry.acl), raw: { name: entry.name, acl: entry.acl, content } });
    }
    return live;
  }

  /**
   * Every saved search of the app that no managed prefix marks (`detctl import`), in one request
   * (count=0) asking for every key of the key table. Whether the release history adopted one is the
   * caller's to know (deploy/import.ts). Macros are not imported.
   */
  async listUnowned(): Promise<LiveObject[]> {
    const searches = await this.feed('saved/searches', { f: [...IMPORTED_KEYS].sort() });
    return searches
      .filter((entry) => entry.acl?.app === this.settings.app && !this.settings.ownedPrefixes.some((p) => entry.name.startsWith(p)))
      .map((entry) => {
        const content = entry.content ?? {};
        return { target: this.name, kind: 'saved-search', id: entry.name, owned: false, canonical: canonicalLive(content, managedKeys({})), raw: { name: entry.name, acl: entry.acl, content } };
      });
  }

  /**
   * A live object's canonical form, plus an `acl` field when its ACL is not the one detctl sets
   * (a create whose ACL request failed, or a change by hand): the desired form has no such field,
   * so the plan shows an update, and the update sets the ACL again. Parts the server did not
   * return are not compared.
   */
  private withAcl(canonical: Canonical, acl: FeedEntry['acl']): Canonical {
    const drift = aclDrift(acl, this.settings.owner);
    return drift ? { ...canonical, acl: drift } : canonical;
  }

  private async feed(path: string, params: Record<string, unknown> = {}): Promise<FeedEntry[]> {
    const response = await this.call(() => this.service.get(path, { count: 0, output_mode: 'json', ...params }));
    const data = response.data as { entry?: FeedEntry[] } | undefined;
    return data?.entry ?? [];
  }

  // Each request of a write is one step, retried on its own (`steps`): when the ACL request fails,
  // the create that succeeded is not sent again, and the failure says what is live.
  async create(o: SplunkObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    const collection = o.kind === 'macro' ? 'configs/conf-macros' : 'saved/searches';
    let written: HttpResponse;
    try {
      written = await steps.run('create', () => this.call(() => this.service.post(collection, { name: o.name, ...this.params(o), output_mode: 'json' })));
    } catch (error) {
      // A create retried after a lost reply finds its own object: make it what was asked for.
      if (!(error instanceof TargetError && error.status === 409)) throw error;
      written = await this.write(o, steps);
    }
    // The ACL request only when the reply shows the object does not already have detctl's ACL
    // (see aclSettled): under servicesNS/nobody/<app> splunkd creates it shared in the app.
    if (!aclSettled(replyAcl(written, o.name), this.settings.owner)) await this.setAcl(o, steps);
  }
  async update(o: SplunkObject, live?: LiveObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    await this.write(o, steps);
    // The ACL only when the listing found it is not detctl's (see withAcl): one request less per update.
    if (live?.canonical?.acl !== undefined) await this.setAcl(o, steps);
  }

  async delete(live: LiveObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    const collection = live.kind === 'macro' ? 'configs/conf-macros' : 'saved/searches';
    await steps.run('delete', () => this.call(() => this.service.del(`${collection}/${encodeURIComponent(live.id)}`, { output_mode: 'json' })));
  }

  private async write(o: SplunkObject, steps: WriteSteps): Promise<HttpResponse> {
    const collection = o.kind === 'macro' ? 'configs/conf-macros' : 'saved/searches';
    // Never `name` on an update: splunkd refuses it.
    return await steps.run('update', () => this.call(() => this.service.post(`${collection}/${encodeURIComponent(o.name)}`, { ...this.params(o), output_mode: 'json' })));
  }

  private async setAcl(o: SplunkObject, steps: WriteSteps): Promise<void> {
    const collection = o.kind === 'macro' ? 'configs/conf-macros' : 'saved/searches';
    await steps.run('acl', () => this.call(() => this.service.post(`${collection}/${encodeURIComponent(o.name)}/acl`, { sharing: ACL.sharing, owner: this.settings.owner, 'perms.read': ACL['perms.read'], 'perms.write': ACL['perms.write'], output_mode: 'json' })));
  }

  /** What is sent: every managed key in canonical form (so unset keys are reset to their defaults). */
  private params(o: SplunkObject): Record<string, string> {
    if (o.kind === 'macro') return Object.fromEntries(Object.entries(o.content).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return restParams(o.content);
  }

  private async call(request: () => Promise<HttpResponse>): Promise<HttpResponse> {
    try {
      return await request();
    } catch (error) {
      throw splunkError(error);
    }
  }
}

/** The ACL detctl sets on every object it creates (with the target's owner). */
const ACL = { sharing: 'app', 'perms.read': '*', 'perms.write': 'admin,power' } as const;

/**
 * Whether an object's ACL, as a write's reply shows it, is already the one detctl sets, so that
 * no ACL request is needed. What a create gives depends on the namespace it is sent to (Splunk
 * REST API Tutorials, "Managing knowledge objects": a search created under
 * `servicesNS/alice/myapp` "is private to Alice"; a shared resource lives under the `nobody`
 * user context, `servicesNS/nobody/myapp`), and the permissions on the app's metadata
 * (`default.meta`, e.g. the search app's `read : [ * ], write : [ admin, power ]`):
 *  - owner `nobody` (the default): created with sharing `app`, owner `nobody` and the app's
 *    default permissions; when those are `*` / `admin,power`, no ACL request is sent;
 *  - any other owner: created private to that user (sharing `user`), so the ACL request shares it.
 * Rather than assume the app's metadata, the reply's own `acl` block decides; a reply without
 * one (or without perms) counts as not settled, and the ACL request is sent.
 */
export function aclSettled(acl: FeedEntry['acl'], owner: string): boolean {
  if (!acl || acl.sharing === undefined || acl.owner === undefined || !acl.perms) return false;
  return aclDrift(acl, owner) === undefined;
}

/** The ACL block of the entry named `name` in a write's reply, if it has one. */
function replyAcl(response: HttpResponse, name: string): FeedEntry['acl'] {
  const entries = (response.data as { entry?: FeedEntry[] } | undefined)?.entry ?? [];
  return entries.find((e) => e.name === name)?.acl;
}

/** How a listed ACL differs from the one detctl sets, as text; undefined when it does not (or was not returned). */
export function aclDrift(acl: FeedEntry['acl'], owner: string): string | undefined {
  if (!acl) return undefined;
  const list = (v: string[] | undefined) => (v === undefined ? undefined : [...v].sort().join(','));
  const want: Record<string, string> = { sharing: ACL.sharing, owner, 'perms.read': ACL['perms.read'], 'perms.write': ACL['perms.write'] };
  const have: Record<string, string | undefined> = {
    sharing: acl.sharing,
    owner: acl.owner,
    ...(acl.perms === undefined ? {} : { 'perms.read': list(acl.perms?.read ?? []), 'perms.write': list(acl.perms?.write ?? []) }),
  };
  const wrong = Object.keys(want).filter((k) => have[k] !== undefined && have[k] !== want[k]);
  return wrong.length === 0 ? undefined : wrong.map((k) => `${k}=${have[k] || '(none)'}`).join(' ');
}

/** splunk-sdk rejects with plain response objects; make them errors with the server's message. */
export function splunkError(error: unknown): TargetError {
  if (error instanceof TargetError) return error;
  const response = (Array.isArray(error) ? error[0] : error) as Partial<HttpResponse> | undefined;
  const status = typeof response?.status === 'number' && response.status > 0 ? response.status : undefined;
  const messages = (response?.data as { messages?: { type?: string; text?: string }[] } | undefined)?.messages;
  const text = messages?.map((m) => m.text).filter(Boolean).join('; ');
  const cause = response?.error as NodeJS.ErrnoException | undefined;
  if (status !== undefined) return new TargetError(`Splunk ${status}${text ? ` ${text}` : ''}`, status, RETRYABLE_STATUS.has(status));
  if (cause) {
    const code = cause.code ?? '';
    const tls = /certificate|self[- ]signed|UNABLE_TO_VERIFY/i.test(`${code} ${cause.message}`);
    return new TargetError(`Splunk connection failed: ${cause.message}${tls ? ' (set tls.ca to the server\'s CA file)' : ''}`, undefined, RETRYABLE_CODES.has(code) || /socket hang up/i.test(cause.message));
  }
  return new TargetError(`Splunk request failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, undefined, false);
}
