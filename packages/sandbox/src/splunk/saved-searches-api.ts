// saved/searches: list, get, create (201, 409 when the name exists), update (which takes no
// `name`), delete, ACL, dispatch, history, enable/disable. Every entry's content is the full
// set of settings with server defaults and splunkd's mixed types (contract §B5).
import { createHash } from 'node:crypto';
import { route, type Route } from '../http/router.js';
import { splunkTime, type Feed, type FeedEntry, type SplunkReply } from './feed.js';
import { creationScope, DEFAULT_PERMS, entryOf, listEntries, stamp, type Namespace } from './knowledge-objects.js';
import { findObject, objectRoutes, type ObjectCollection } from './object-routes.js';
import { applySettings, checkSavedSearchArgs, parseBool, savedSearchContent } from './saved-search-settings.js';
import { checkApp, type SplunkCall, type SplunkContext } from './splunk-context.js';
import { noTargetName, SplunkHttpError } from './splunk-errors.js';
import { objectKey, type SavedSearch, type Sharing } from './splunk-state.js';

const ENDPOINT = 'saved/searches';
const FRAMEWORK_ARGS = ['output_mode'];
const DISPATCH_ARGS = [/^dispatch\..+/, /^args\..+/, /^(trigger_actions|force_dispatch|now|output_mode)$/];

export function savedSearchRoutes(ctx: SplunkContext): Route<SplunkReply, SplunkCall>[] {
  const collection: ObjectCollection<SavedSearch> = {
    endpoint: ENDPOINT,
    objects: () => ctx.state.savedSearches,
    entry: (call, search) => savedSearchEntry(call, search, ctx.now()),
    reply: (call, status, entries, paging) => ({
      status,
      body: { kind: 'feed', feed: feedOf(call, entries, paging ?? { total: entries.length, perPage: 30, offset: 0 }, ctx.now()) },
    }),
    commit: () => ctx.commit(),
    now: () => ctx.now(),
  };
  const found = (call: SplunkCall, name: string) => findObject(collection, call, name);
  const { reply, entry } = collection;

  return [
    ...objectRoutes(collection),
    route('POST saved/searches', async (call: SplunkCall) => {
      const search = createSavedSearch(ctx, creationScope(call.ns, 'POST'), call.args.settings(FRAMEWORK_ARGS), call.ns.user);
      await ctx.commit();
      return reply(call, 201, [entry(call, search)]);
    }),
    route('POST saved/searches/:name', async (call: SplunkCall, p) => {
      const search = found(call, p.name);
      const changes = call.args.settings(FRAMEWORK_ARGS);
      checkSavedSearchArgs(changes, 'edit');
      search.settings = applySettings(search.settings, changes);
      stamp(search, ctx.now());
      await ctx.commit();
      return reply(call, 200, [entry(call, search)]);
    }),
    route('POST saved/searches/:name/dispatch', async (call: SplunkCall, p) => {
      const search = found(call, p.name);
      for (const key of call.args.keys()) if (!DISPATCH_ARGS.some((pattern) => pattern.test(key))) throw new SplunkHttpError(400, `Argument "${key}" is not supported by this handler.`);
      const now = ctx.now();
      const sid = dispatchSid(call.ns.user, search, now, ctx.state.nextSid++);
      search.history.push({ sid, at: splunkTime(now), triggerActions: parseBool(call.args.get('trigger_actions') ?? '0') === true });
      await ctx.commit();
      return { status: 201, body: { kind: 'value', value: { sid }, xmlRoot: 'response' } };
    }),
    route('GET saved/searches/:name/history', (call: SplunkCall, p) => {
      const search = found(call, p.name);
      const jobs = search.history.map((job): FeedEntry => {
        const path = `/servicesNS/${encodeURIComponent(search.owner)}/${encodeURIComponent(search.app)}/search/jobs/${job.sid}`;
        return {
          name: job.sid,
          id: call.base + path,
          updated: job.at,
          links: { alternate: path },
          author: call.ns.user,
          acl: { app: search.app, owner: search.owner, sharing: 'global', modifiable: true, perms: { read: [call.ns.user], write: [call.ns.user] } },
          content: { sid: job.sid, label: search.name, isDone: true, isFailed: false, isSaved: false, isScheduled: false, dispatchState: 'DONE', triggerActions: job.triggerActions, published: job.at },
        };
      });
      const listing = listEntries(jobs, call.args);
      return reply(call, 200, listing.entries, { total: listing.total, perPage: listing.perPage, offset: listing.offset });
    }),
    ...(['enable', 'disable'] as const).map((action) =>
      route(`POST saved/searches/:name/${action}`, async (call: SplunkCall, p) => {
        const search = found(call, p.name);
        search.settings = applySettings(search.settings, { disabled: action === 'disable' ? '1' : '0' });
        stamp(search, ctx.now());
        await ctx.commit();
        return reply(call, 200, [entry(call, search)]);
      }),
    ),
    route('GET|POST|DELETE saved/searches/:name/:action', (call: SplunkCall, p) => {
      const eaiAction = call.method === 'GET' ? 'list' : call.method === 'DELETE' ? 'remove' : 'edit';
      throw new SplunkHttpError(404, `Invalid custom action for this internal handler (handler: savedsearch, custom action: ${p.action}, eai action: ${eaiAction}).`);
    }),
  ];
}

/** Creates a saved search (for POST and for seeding), or throws what splunkd answers. */
export function createSavedSearch(ctx: SplunkContext, scope: { owner: string; app: string; sharing: Sharing }, settings: Record<string, string>, author: string): SavedSearch {
  const name = settings.name;
  if (!name) throw noTargetName('POST');
  checkSavedSearchArgs(settings, 'create');
  if (!settings.search) throw new SplunkHttpError(400, 'Argument "search" is required.');
  checkApp(ctx, scope.app);
  const key = objectKey(scope.app, scope.owner, name);
  if (ctx.state.savedSearches[key]) {
    throw new SplunkHttpError(409, `Unable to create saved search with name '${name}'. A saved search with that name already exists.`);
  }
  const search: SavedSearch = {
    name,
    ...scope,
    perms: scope.sharing === 'user' ? null : { ...DEFAULT_PERMS },
    author,
    updated: splunkTime(ctx.now()),
    settings: applySettings({}, settings),
    history: [],
  };
  ctx.state.savedSearches[key] = search;
  return search;
}

export function savedSearchEntry(call: SplunkCall, search: SavedSearch, now: Date): FeedEntry {
  const listDefaultActionArgs = parseBool(call.args.get('listDefaultActionArgs') ?? '0') === true;
  const content = savedSearchContent(search.settings, { listDefaultActionArgs, now });
  const links = [content.disabled === true ? 'enable' : 'disable', 'dispatch', 'embed', 'history'];
  return entryOf(search, call.base, ENDPOINT, links, content);
}

/** splunkd's sid for a dispatched saved search: the name itself when it is a plain word, else RMD5 and a hash of it. */
function dispatchSid(user: string, search: SavedSearch, now: Date, serial: number): string {
  const label = /^\w+$/.test(search.name) ? search.name : `RMD5${createHash('md5').update(search.name).digest('hex').slice(0, 16)}`;
  return `${user}__${search.owner}__${search.app}__${label}_at_${Math.floor(now.getTime() / 1000)}_${serial}`;
}

function feedOf(call: SplunkCall, entries: FeedEntry[], paging: Feed['paging'], now: Date): Feed {
  const collection = collectionPath(call.ns);
  return {
    title: 'savedsearch',
    origin: call.base + collection,
    links: { create: `${collection}/_new`, _reload: `${collection}/_reload`, _acl: `${collection}/_acl` },
    updated: splunkTime(now),
    entries,
    paging,
  };
}

function collectionPath(ns: Namespace): string {
  return `/servicesNS/${encodeURIComponent(ns.owner)}/${encodeURIComponent(ns.app)}/${ENDPOINT}`;
}
