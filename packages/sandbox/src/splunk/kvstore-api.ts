// The KV store: collections are configured under storage/collections/config (only in the
// `nobody` context), and their records live under storage/collections/data/{collection} as JSON
// documents keyed by `_key`. Inserting a `_key` that exists is a 409, which is what makes a
// collection usable as a lock.
import { randomBytes } from 'node:crypto';
import { isObject, type Json, type JsonObject } from '../json.js';
import { route, type Route } from '../http/router.js';
import { splunkTime, type FeedEntry, type SplunkReply } from './feed.js';
import { checkApp, type SplunkCall, type SplunkContext } from './splunk-context.js';
import { noTargetName, notFound, SplunkHttpError } from './splunk-errors.js';
import { objectKey, type KvCollection } from './splunk-state.js';

export function kvStoreRoutes(ctx: SplunkContext): Route<SplunkReply, SplunkCall>[] {
  const collection = (call: SplunkCall, name: string): KvCollection => {
    const found = ctx.state.kvCollections[objectKey(call.ns.app, 'nobody', name)];
    if (!found) throw new SplunkHttpError(404, `An object with name=${name} does not exist`);
    return found;
  };
  const requireNobody = (call: SplunkCall) => {
    if (call.ns.owner !== 'nobody') {
      throw new SplunkHttpError(400, `Must use user context of 'nobody' when interacting with collection configurations (used user='${call.ns.owner}')`);
    }
  };
  const configFeed = (call: SplunkCall, status: number, collections: KvCollection[]): SplunkReply => {
    const base = `/servicesNS/nobody/${encodeURIComponent(call.ns.app)}/storage/collections/config`;
    const entries = collections.map((c): FeedEntry => {
      const path = `${base}/${encodeURIComponent(c.name)}`;
      return {
        name: c.name,
        id: call.base + path,
        updated: c.updated,
        links: { alternate: path, list: path, edit: path, remove: path },
        author: call.ns.user,
        acl: { app: c.app, owner: 'nobody', sharing: 'app', modifiable: true, can_write: true, perms: { read: ['*'], write: ['*'] } },
        content: { ...c.settings, disabled: false, 'eai:acl': null, 'eai:appName': c.app, 'eai:userName': 'nobody' },
      };
    });
    return {
      status,
      body: { kind: 'feed', feed: { title: 'collections-conf', origin: call.base + base, links: { create: `${base}/_new` }, updated: splunkTime(ctx.now()), entries, paging: { total: entries.length, perPage: 30, offset: 0 } } },
    };
  };
  const value = (status: number, body: Json): SplunkReply => ({ status, body: { kind: 'value', value: body } });

  return [
    route('GET storage/collections/config', (call: SplunkCall) => {
      requireNobody(call);
      return configFeed(call, 200, Object.values(ctx.state.kvCollections).filter((c) => c.app === call.ns.app || call.ns.app === '-'));
    }),
    route('POST storage/collections/config', async (call: SplunkCall) => {
      requireNobody(call);
      const settings = call.args.settings(['output_mode']);
      const name = settings.name;
      if (!name) throw noTargetName('POST');
      checkApp(ctx, call.ns.app);
      const key = objectKey(call.ns.app, 'nobody', name);
      if (ctx.state.kvCollections[key]) throw new SplunkHttpError(409, `An object with name=${name} already exists`);
      const created: KvCollection = { name, app: call.ns.app, updated: splunkTime(ctx.now()), settings: Object.fromEntries(Object.entries(settings).filter(([k]) => k !== 'name')), records: {} };
      ctx.state.kvCollections[key] = created;
      await ctx.commit();
      return configFeed(call, 201, [created]);
    }),
    route('GET storage/collections/config/:name', (call: SplunkCall, p) => {
      requireNobody(call);
      const found = ctx.state.kvCollections[objectKey(call.ns.app, 'nobody', p.name)];
      if (!found) throw notFound(p.name);
      return configFeed(call, 200, [found]);
    }),
    route('DELETE storage/collections/config/:name', async (call: SplunkCall, p) => {
      requireNobody(call);
      const key = objectKey(call.ns.app, 'nobody', p.name);
      if (!ctx.state.kvCollections[key]) throw notFound(p.name);
      delete ctx.state.kvCollections[key];
      await ctx.commit();
      return configFeed(call, 200, []);
    }),
    route('GET storage/collections/data/:collection', (call: SplunkCall, p) => value(200, queryRecords(collection(call, p.collection), call))),
    route('POST storage/collections/data/:collection', async (call: SplunkCall, p) => {
      const target = collection(call, p.collection);
      const record = jsonBody(call);
      if (!isObject(record)) throw new SplunkHttpError(400, 'The provided document must be a JSON object.');
      const key = record._key === undefined ? newKey() : String(record._key);
      if (target.records[key]) throw new SplunkHttpError(409, 'A document with the same key and user already exists.');
      target.records[key] = stored(record, key);
      await ctx.commit();
      return value(201, { _key: key });
    }),
    route('DELETE storage/collections/data/:collection', async (call: SplunkCall, p) => {
      const target = collection(call, p.collection);
      const query = parseQuery(call.args.get('query'));
      for (const [key, record] of Object.entries(target.records)) if (matches(record, query)) delete target.records[key];
      await ctx.commit();
      return value(200, '');
    }),
    route('POST storage/collections/data/:collection/batch_save', async (call: SplunkCall, p) => {
      const target = collection(call, p.collection);
      const records = jsonBody(call);
      if (!Array.isArray(records)) throw new SplunkHttpError(400, 'Expected a JSON array of documents.');
      const keys = records.map((record) => {
        if (!isObject(record)) throw new SplunkHttpError(400, 'The provided document must be a JSON object.');
        const key = record._key === undefined ? newKey() : String(record._key);
        target.records[key] = stored(record, key);
        return key;
      });
      await ctx.commit();
      return value(200, keys);
    }),
    route('GET storage/collections/data/:collection/:key', (call: SplunkCall, p) => {
      const record = collection(call, p.collection).records[p.key];
      if (!record) throw new SplunkHttpError(404, 'Could not find object.');
      return value(200, record);
    }),
    route('POST storage/collections/data/:collection/:key', async (call: SplunkCall, p) => {
      const target = collection(call, p.collection);
      const record = jsonBody(call);
      if (!isObject(record)) throw new SplunkHttpError(400, 'The provided document must be a JSON object.');
      if (!target.records[p.key]) throw new SplunkHttpError(404, 'Could not find object.');
      target.records[p.key] = stored(record, p.key);
      await ctx.commit();
      return value(200, { _key: p.key });
    }),
    route('DELETE storage/collections/data/:collection/:key', async (call: SplunkCall, p) => {
      const target = collection(call, p.collection);
      if (!target.records[p.key]) throw new SplunkHttpError(404, 'Could not find object.');
      delete target.records[p.key];
      await ctx.commit();
      return value(200, '');
    }),
  ];
}

function jsonBody(call: SplunkCall): Json {
  try {
    return JSON.parse(call.body.toString('utf8')) as Json;
  } catch {
    throw new SplunkHttpError(400, 'Could not parse the JSON document.');
  }
}

function stored(record: JsonObject, key: string): JsonObject {
  const out: JsonObject = Object.fromEntries(Object.entries(record).filter(([k]) => k !== '_key' && k !== '_user'));
  return { ...out, _user: 'nobody', _key: key };
}

/** A 24-hex-digit key, like the ObjectIds splunkd hands out. */
function newKey(): string {
  return randomBytes(12).toString('hex');
}

// ---- queries: the subset of the Mongo-like language splunkd passes through ---------------------

type KvQuery = JsonObject;

function parseQuery(text: string | undefined): KvQuery {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as Json;
    if (isObject(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new SplunkHttpError(400, 'The provided query was invalid.');
}

function matches(record: JsonObject, query: KvQuery): boolean {
  return Object.entries(query).every(([key, condition]) => {
    if (key === '$and') return Array.isArray(condition) && condition.every((q) => isObject(q) && matches(record, q));
    if (key === '$or') return Array.isArray(condition) && condition.some((q) => isObject(q) && matches(record, q));
    const actual = record[key];
    if (!isObject(condition)) return actual === condition;
    return Object.entries(condition).every(([op, expected]) => {
      switch (op) {
        case '$gt':
          return actual !== undefined && actual !== null && actual > (expected as number | string);
        case '$gte':
          return actual !== undefined && actual !== null && actual >= (expected as number | string);
        case '$lt':
          return actual !== undefined && actual !== null && actual < (expected as number | string);
        case '$lte':
          return actual !== undefined && actual !== null && actual <= (expected as number | string);
        case '$ne':
          return actual !== expected;
        case '$in':
          return Array.isArray(expected) && expected.includes(actual ?? null);
        case '$nin':
          return Array.isArray(expected) && !expected.includes(actual ?? null);
        case '$regex':
          return typeof actual === 'string' && new RegExp(String(expected)).test(actual);
        default:
          throw new SplunkHttpError(400, 'The provided query was invalid.');
      }
    });
  });
}

/** GET …/data/{collection}: query, sort ("a,b:-1"), skip, limit and fields. */
function queryRecords(collection: KvCollection, call: SplunkCall): JsonObject[] {
  const query = parseQuery(call.args.get('query'));
  let records = Object.values(collection.records).filter((r) => matches(r, query));
  const sort = call.args.get('sort');
  if (sort) {
    const keys = sort.split(',').map((part) => {
      const [field, dir] = part.trim().split(':');
      return { field, dir: dir === '-1' ? -1 : 1 };
    });
    records = [...records].sort((a, b) => {
      for (const { field, dir } of keys) {
        const x = a[field];
        const y = b[field];
        if (x === y) continue;
        if (x === undefined || x === null) return -dir;
        if (y === undefined || y === null) return dir;
        return (x < y ? -1 : 1) * dir;
      }
      return 0;
    });
  }
  const skip = Number(call.args.get('skip') ?? 0);
  const limit = Number(call.args.get('limit') ?? 0);
  records = records.slice(skip, limit > 0 ? skip + limit : undefined);
  const fields = call.args.get('fields');
  if (!fields) return records;
  const wanted = fields.split(',').map((f) => f.trim());
  return records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => wanted.includes(k) || k === '_key')));
}
