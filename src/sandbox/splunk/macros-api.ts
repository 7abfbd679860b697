// Macros through the generic conf endpoint, configs/conf-macros (RESTTUT: macros have no REST
// handler of their own). Conf endpoints take any key, so unlike saved searches nothing is
// "not supported"; `name` is still only for creation.
import type { JsonObject } from '../json.js';
import { route, type Route } from '../http/router.js';
import { splunkTime, type FeedEntry, type SplunkReply } from './feed.js';
import { changeAcl, creationScope, DEFAULT_PERMS, entryOf, findVisible, isVisible, listEntries, stamp } from './knowledge-objects.js';
import { parseBool } from './saved-search-settings.js';
import { checkApp, type SplunkCall, type SplunkContext } from './splunk-context.js';
import { noTargetName, notFound, SplunkHttpError, unsupportedArgument } from './splunk-errors.js';
import { objectKey, type KnowledgeObject } from './splunk-state.js';

const ENDPOINT = 'configs/conf-macros';
const FRAMEWORK_ARGS = ['output_mode'];

export function macroRoutes(ctx: SplunkContext): Route<SplunkReply, SplunkCall>[] {
  const found = (call: SplunkCall, name: string): KnowledgeObject => {
    const macro = findVisible(ctx.state.macros, call.ns, name);
    if (!macro) throw notFound(name);
    return macro;
  };
  const reply = (call: SplunkCall, status: number, entries: FeedEntry[], total = entries.length, perPage = 30, offset = 0): SplunkReply => {
    const collection = `/servicesNS/${encodeURIComponent(call.ns.owner)}/${encodeURIComponent(call.ns.app)}/${ENDPOINT}`;
    return {
      status,
      body: {
        kind: 'feed',
        feed: { title: 'conf-macros', origin: call.base + collection, links: { create: `${collection}/_new`, _reload: `${collection}/_reload` }, updated: splunkTime(ctx.now()), entries, paging: { total, perPage, offset } },
      },
    };
  };
  const entry = (call: SplunkCall, macro: KnowledgeObject) => entryOf(macro, call.base, ENDPOINT, [parseBool(macro.settings.disabled ?? '0') ? 'enable' : 'disable'], macroContent(macro));

  return [
    route('GET configs/conf-macros', (call: SplunkCall) => {
      const listing = listEntries(Object.values(ctx.state.macros).filter((m) => isVisible(m, call.ns)).map((m) => entry(call, m)), call.args);
      return reply(call, 200, listing.entries, listing.total, listing.perPage, listing.offset);
    }),
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
    route('GET configs/conf-macros/:name', (call: SplunkCall, p) => reply(call, 200, listEntries([entry(call, found(call, p.name))], call.args).entries)),
    route('POST configs/conf-macros/:name', async (call: SplunkCall, p) => {
      const macro = found(call, p.name);
      const changes = call.args.settings(FRAMEWORK_ARGS);
      if ('name' in changes) throw unsupportedArgument('name');
      macro.settings = { ...macro.settings, ...changes };
      stamp(macro, ctx.now());
      await ctx.commit();
      return reply(call, 200, [entry(call, macro)]);
    }),
    route('DELETE configs/conf-macros/:name', async (call: SplunkCall, p) => {
      const macro = found(call, p.name);
      delete ctx.state.macros[objectKey(macro.app, macro.owner, macro.name)];
      await ctx.commit();
      return reply(call, 200, []);
    }),
    route('POST configs/conf-macros/:name/acl', async (call: SplunkCall, p) => {
      const macro = found(call, p.name);
      changeAcl(ctx.state.macros, macro, call.args, ctx.now());
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
