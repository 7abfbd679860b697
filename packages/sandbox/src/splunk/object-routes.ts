// What saved/searches and configs/conf-macros do alike: list (count, offset, search, f), get one,
// delete and change the ACL of a knowledge object. Each collection adds its own create/update.
import { route, type Route } from '../http/router.js';
import type { Feed, FeedEntry, SplunkReply } from './feed.js';
import { changeAcl, findVisible, isVisible, listEntries } from './knowledge-objects.js';
import type { SplunkCall } from './splunk-context.js';
import { notFound } from './splunk-errors.js';
import { objectKey, type KnowledgeObject } from './splunk-state.js';

export interface ObjectCollection<T extends KnowledgeObject> {
  /** e.g. `saved/searches`. */
  endpoint: string;
  objects(): Record<string, T>;
  entry(call: SplunkCall, object: T): FeedEntry;
  reply(call: SplunkCall, status: number, entries: FeedEntry[], paging?: Feed['paging']): SplunkReply;
  commit(): Promise<void>;
  now(): Date;
}

/** The object a name means in the call's namespace, or splunkd's 404. */
export function findObject<T extends KnowledgeObject>(collection: ObjectCollection<T>, call: SplunkCall, name: string): T {
  const object = findVisible(collection.objects(), call.ns, name);
  if (!object) throw notFound(name);
  return object;
}

export function objectRoutes<T extends KnowledgeObject>(c: ObjectCollection<T>): Route<SplunkReply, SplunkCall>[] {
  return [
    route(`GET ${c.endpoint}`, (call: SplunkCall) => {
      const visible = Object.values(c.objects()).filter((o) => isVisible(o, call.ns));
      const listing = listEntries(visible.map((o) => c.entry(call, o)), call.args);
      return c.reply(call, 200, listing.entries, { total: listing.total, perPage: listing.perPage, offset: listing.offset });
    }),
    route(`GET ${c.endpoint}/:name`, (call: SplunkCall, p) => c.reply(call, 200, listEntries([c.entry(call, findObject(c, call, p.name))], call.args).entries)),
    route(`DELETE ${c.endpoint}/:name`, async (call: SplunkCall, p) => {
      const object = findObject(c, call, p.name);
      delete c.objects()[objectKey(object.app, object.owner, object.name)];
      await c.commit();
      return c.reply(call, 200, []);
    }),
    route(`POST ${c.endpoint}/:name/acl`, async (call: SplunkCall, p) => {
      const object = findObject(c, call, p.name);
      changeAcl(c.objects(), object, call.args, c.now());
      await c.commit();
      return c.reply(call, 200, [c.entry(call, object)]);
    }),
  ];
}
