// Macros through the generic conf endpoint, configs/conf-macros (RESTTUT: macros have no REST
// handler of their own). Conf endpoints take any key, so unlike saved searches nothing is
// "not supported"; `name` is still only for creation.
import type { JsonObject } from '../json.js';
import { route, type Route } from '../http/router.js';
import { splunkTime, type SplunkReply } from './feed.js';
import { creationScope, DEFAULT_PERMS, entryOf, stamp } from './knowledge-objects.js';
import { findObject, objectRoutes, type ObjectCollection } from './object-routes.js';
import { parseBool } from './saved-search-settings.js';
import { checkApp, type SplunkCall, type SplunkContext } from './splunk-context.js';
import { noTargetName, SplunkHttpError, unsupportedArgument } from './splunk-errors.js';
import { objectKey, type KnowledgeObject } from './splunk-state.js';

const ENDPOINT = 'configs/conf-macros';
const FRAMEWORK_ARGS = ['output_mode'];

export function macroRoutes(ctx: SplunkContext): Route<SplunkReply, SplunkCall>[] {
  const collection: ObjectCollection<KnowledgeObject> = {
    endpoint: ENDPOINT,
    objects: () => ctx.state.macros,
    entry: (call, macro) => entryOf(macro, call.base, ENDPOINT, [parseBool(macro.settings.disabled ?? '0') ? 'enable' : 'disable'], macroContent(macro)),
    reply: (call, status, entries, paging = { total: entries.length, perPage: 30, offset: 0 }) => {
      const path = `/servicesNS/${encodeURIComponent(call.ns.owner)}/${encodeURIComponent(call.ns.app)}/${ENDPOINT}`;
      return {
        status,
        body: {
          kind: 'feed',
          feed: { title: 'conf-macros', origin: call.base + path, links: { create: `${path}/_new`, _reload: `${path}/_reload` }, updated: splunkTime(ctx.now()), entries, paging },
        },
      };
    },
    commit: () => ctx.commit(),
    now: () => ctx.now(),
  };
  const { reply, entry } = collection;

  return [
    ...objectRoutes(collection),
    route('POST configs/conf-macros', async (call: SplunkCall) => {
      const settings = call.args.settings(FRAMEWORK_ARGS);
      const name = settings.name;
      if (!name) throw noTargetName('POST');
      const scope = creationScope(call.ns, 'POST');
      checkApp(ctx, scope.app);
      const key = objectKey(scope.app, scope.owner, name);
      if (ctx.state.macros[key]) throw new SplunkHttpError(409, `An object with name=${name} already exists`);
      const stanza = Object.fromEntries(Object.entries(settings).filter(([key]) => key !== 'name'));
      const macro: KnowledgeObject = { name, ...scope, perms: scope.sharing === 'user' ? null : { ...DEFAULT_PERMS }, author: call.ns.user, updated: splunkTime(ctx.now()), settings: stanza };
      ctx.state.macros[key] = macro;
      await ctx.commit();
      return reply(call, 201, [entry(call, macro)]);
    }),
    route('POST configs/conf-macros/:name', async (call: SplunkCall, p) => {
      const macro = findObject(collection, call, p.name);
      const changes = call.args.settings(FRAMEWORK_ARGS);
      if ('name' in changes) throw unsupportedArgument('name');
      macro.settings = { ...macro.settings, ...changes };
      stamp(macro, ctx.now());
      await ctx.commit();
      return reply(call, 200, [entry(call, macro)]);
    }),
  ];
}

/** A conf stanza as the configs endpoint returns it: its keys as strings, `disabled` a boolean. */
function macroContent(macro: KnowledgeObject): JsonObject {
  const content: JsonObject = { ...macro.settings, disabled: parseBool(macro.settings.disabled ?? '0') === true, 'eai:acl': null, 'eai:appName': macro.app, 'eai:userName': macro.owner };
  return Object.fromEntries(Object.keys(content).sort().map((k) => [k, content[k]]));
}
