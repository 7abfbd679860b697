// Contract (nock): the exact requests the Splunk adapter sends through splunk-sdk and detctl's
// transport, and how it reads errors.
import { afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nock from 'nock';
import { withResettingServer } from '../helpers/resetting-server.js';
import { createSplunkService } from '../../src/targets/splunk/create-splunk-service.js';
import { SplunkTarget } from '../../src/targets/splunk/splunk-target.js';
import { TargetError } from '../../src/targets/target.js';
import { StepError, stepRetries } from '../../src/targets/retry.js';
import type { SavedSearchObject } from '../../src/targets/splunk/objects.js';
import type { SplunkTarget as SplunkSettings } from '../../src/targets/splunk/settings.js';

const URL_ = 'https://splunk.test:8089';
const NS = '/servicesNS/nobody/detections';
const settings = { type: 'splunk', url: URL_, auth: { token: 'tok-123' }, tls: {}, app: 'detections', owner: 'nobody' } as unknown as SplunkSettings;

function target() {
  return new SplunkTarget('splunk', URL_, createSplunkService(settings, { projectDir: '.' }), { app: 'detections', owner: 'nobody', ownedPrefixes: ['detctl - '] });
}

const search: SavedSearchObject = {
  kind: 'saved-search',
  target: 'splunk',
  app: 'detections',
  owner: 'nobody',
  name: 'detctl - Rule A',
  source: 'rules/a.yml',
  content: { search: 'a=1', description: 'd', enableSched: '1', cron_schedule: '*/30 * * * *', counttype: 'number of events', relation: 'greater than', quantity: '0' },
};

/** The form body the adapter sends: every managed key, by REST name, defaults included. */
const FORM = {
  'action.email': '0',
  'action.email.to': '',
  'action.notable': '0',
  'action.notable.param.drilldown_searches': '',
  'action.risk': '0',
  'alert.severity': '3',
  'alert.suppress': '0',
  'alert.suppress.fields': '',
  'alert.suppress.period': '',
  'alert.track': '0',
  alert_comparator: 'greater than',
  alert_threshold: '0',
  alert_type: 'number of events',
  cron_schedule: '*/30 * * * *',
  description: 'd',
  disabled: '0',
  'dispatch.earliest_time': '',
  'dispatch.latest_time': '',
  is_scheduled: '1',
  search: 'a=1',
  output_mode: 'json',
};

/**
 * A body matcher that compares the form exactly. (Given an object, nock expands dotted keys into
 * nested objects, and `action.email` = '0' beside `action.email.to` then matches loosely.)
 */
const exactly = (expected: Record<string, string>) => (body: Record<string, string>) => {
  assert.deepEqual({ ...body }, expected);
  return true;
};

const feed = (entries: object[]) => ({ entry: entries, paging: { total: entries.length, offset: 0, perPage: 0 } });

before(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  assert.deepEqual(pending, [], 'every expected request was made');
});

describe('list', () => {
  test('one request each for saved searches (managed keys only) and macros; only the app\'s objects, owned by prefix', async () => {
    nock(URL_, { reqheaders: { authorization: 'Bearer tok-123' } })
      .get(`${NS}/saved/searches`)
      // Only the managed keys are asked for, each as its own f= parameter.
      .query((q) => q.count === '0' && q.output_mode === 'json' && Array.isArray(q.f) && ['search', 'is_scheduled', 'alert_type', 'action.notable.param.drilldown_searches'].every((k) => (q.f as string[]).includes(k)))
      .reply(200, feed([
        { name: 'detctl - Rule A', acl: { app: 'detections' }, content: { search: 'a=1', is_scheduled: true, alert_type: 'number of events', 'alert.severity': 3, disabled: false } },
        { name: 'detctl - Gone', acl: { app: 'detections' }, content: { search: 'b=1' } },
        { name: 'Someone elses', acl: { app: 'detections' }, content: {} },
        { name: 'detctl - Other app', acl: { app: 'search' }, content: {} },
      ]))
      .get(`${NS}/configs/conf-macros`)
      .query({ count: '0', output_mode: 'json' })
      .reply(200, feed([]));
    const live = await target().list([search]);
    assert.deepEqual(live.map((l) => [l.id, l.owned]), [['detctl - Rule A', true], ['detctl - Gone', true]]);
    assert.equal(live[0].canonical.is_scheduled, '1');
    assert.equal(live[0].canonical['alert.severity'], '3');
    assert.equal(live[0].canonical.disabled, '0');
  });
});

describe('list while the desired objects load', () => {
  test('both requests go out before the desired objects are there, asking for the keys every saved search manages', async () => {
    const scope = nock(URL_)
      .get(`${NS}/saved/searches`)
      // The keys compared on every saved search, not yet those of ESCU (unknown until the desired objects are).
      .query((q) => Array.isArray(q.f) && ['search', 'is_scheduled', 'alert_type', 'action.notable.param.drilldown_searches'].every((k) => (q.f as string[]).includes(k)) && !(q.f as string[]).includes('action.escu.mappings'))
      .reply(200, feed([{ name: 'detctl - Rule A', acl: { app: 'detections' }, content: { search: 'a=1', is_scheduled: true } }]))
      .get(`${NS}/configs/conf-macros`)
      .query({ count: '0', output_mode: 'json' })
      .reply(200, feed([]));
    let loaded!: (objects: SavedSearchObject[]) => void;
    const listing = target().list(new Promise<SavedSearchObject[]>((resolve) => (loaded = resolve)));
    for (let i = 0; i < 50 && !scope.isDone(); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(scope.isDone(), 'both requests were answered before the desired objects were given');
    loaded([search]);
    const live = await listing; // and no third request: the search manages no other key
    assert.deepEqual(live.map((l) => [l.id, l.canonical.search, l.canonical.is_scheduled]), [['detctl - Rule A', 'a=1', '1']]);
  });

  test('a desired key beyond those: the saved searches are listed once more, with every key needed', async () => {
    const odd = { ...search, content: { ...search.content, 'action.custom.param.x': '1' } };
    nock(URL_)
      .get(`${NS}/saved/searches`)
      .query((q) => Array.isArray(q.f) && !(q.f as string[]).includes('action.custom.param.x'))
      .reply(200, feed([{ name: 'detctl - Rule A', acl: { app: 'detections' }, content: { search: 'a=1' } }]))
      .get(`${NS}/configs/conf-macros`)
      .query({ count: '0', output_mode: 'json' })
      .reply(200, feed([]))
      .get(`${NS}/saved/searches`)
      .query((q) => Array.isArray(q.f) && (q.f as string[]).includes('action.custom.param.x') && (q.f as string[]).includes('search'))
      .reply(200, feed([{ name: 'detctl - Rule A', acl: { app: 'detections' }, content: { search: 'a=1', 'action.custom.param.x': '1' } }]));
    const [live] = await target().list(Promise.resolve([odd]));
    assert.equal(live!.canonical['action.custom.param.x'], '1');
  });

  test('desired objects that fail to load: the listing rejects with their reason, after its requests', async () => {
    nock(URL_).get(`${NS}/saved/searches`).query(true).reply(200, feed([])).get(`${NS}/configs/conf-macros`).query(true).reply(200, feed([]));
    await assert.rejects(target().list(Promise.reject(new Error('the rules are invalid'))), /the rules are invalid/);
  });
});

describe('writes', () => {
  test('create posts the name and every managed key, then sets the ACL (the reply did not show it)', async () => {
    nock(URL_)
      .post(`${NS}/saved/searches`, exactly({ name: 'detctl - Rule A', ...FORM }))
      .query(true)
      .reply(201, feed([{ name: 'detctl - Rule A' }]))
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`, { sharing: 'app', owner: 'nobody', 'perms.read': '*', 'perms.write': 'admin,power', output_mode: 'json' })
      .query(true)
      .reply(200, feed([]));
    await target().create(search);
  });

  test("no ACL request when the create's reply shows detctl's ACL already (shared in the app under nobody)", async () => {
    const shared = { app: 'detections', owner: 'nobody', sharing: 'app', perms: { read: ['*'], write: ['admin', 'power'] } };
    const scope = nock(URL_).post(`${NS}/saved/searches`, exactly({ name: 'detctl - Rule A', ...FORM })).query(true).reply(201, feed([{ name: 'detctl - Rule A', acl: shared }]));
    await target().create(search);
    assert.ok(scope.isDone());
  });

  test("the ACL request when the reply's ACL differs (private, or other permissions) or has no perms", async () => {
    for (const acl of [
      { app: 'detections', owner: 'admin', sharing: 'user', perms: null },
      { app: 'detections', owner: 'nobody', sharing: 'app', perms: { read: ['*'], write: ['admin'] } },
      { app: 'detections', owner: 'nobody', sharing: 'app' },
    ]) {
      const scope = nock(URL_)
        .post(`${NS}/saved/searches`).query(true).reply(201, feed([{ name: 'detctl - Rule A', acl }]))
        .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`, { sharing: 'app', owner: 'nobody', 'perms.read': '*', 'perms.write': 'admin,power', output_mode: 'json' }).query(true).reply(200, feed([]));
      await target().create(search);
      assert.ok(scope.isDone(), JSON.stringify(acl));
    }
  });

  test('update never sends the name', async () => {
    nock(URL_).post(`${NS}/saved/searches/detctl%20-%20Rule%20A`, exactly(FORM)).query(true).reply(200, feed([]));
    await target().update(search, {} as never);
  });

  test('a create that finds the object already there updates it (a retried create)', async () => {
    nock(URL_)
      .post(`${NS}/saved/searches`).query(true).reply(409, { messages: [{ type: 'ERROR', text: 'An object with name=detctl - Rule A already exists' }] })
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A`, exactly(FORM)).query(true).reply(200, feed([]))
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`).query(true).reply(200, feed([]));
    await target().create(search);
  });

  test('delete', async () => {
    nock(URL_).delete(`${NS}/saved/searches/detctl%20-%20Gone`).query(true).reply(200, feed([]));
    await target().delete({ target: 'splunk', kind: 'saved-search', id: 'detctl - Gone', owned: true, canonical: {}, raw: {} });
  });
});

describe('macros and login', () => {
  const macro = { kind: 'macro' as const, target: 'splunk', app: 'detections', owner: 'nobody', name: 'security_content_ctime(1)', source: 'escu/macros/x.yml', content: { definition: 'convert ctime($field$)', args: 'field', description: 'd' } };

  test('a macro is created in configs/conf-macros with its stanza name, then updated without it', async () => {
    nock(URL_)
      .post(`${NS}/configs/conf-macros`, { name: 'security_content_ctime(1)', definition: 'convert ctime($field$)', args: 'field', description: 'd', output_mode: 'json' })
      .query(true)
      .reply(201, feed([]))
      .post(`${NS}/configs/conf-macros/security_content_ctime(1)/acl`)
      .query(true)
      .reply(200, feed([]))
      .post(`${NS}/configs/conf-macros/security_content_ctime(1)`, { definition: 'convert ctime($field$)', args: 'field', description: 'd', output_mode: 'json' })
      .query(true)
      .reply(200, feed([]));
    await target().create(macro);
    await target().update(macro, {} as never);
  });

  test('username and password log in once through auth/login, then send the session key', async () => {
    const withPassword = { ...settings, auth: { username: 'admin', password: 'pw-123' } } as unknown as SplunkSettings;
    nock(URL_)
      .post('/services/auth/login', (body: Record<string, string>) => body.username === 'admin' && body.password === 'pw-123')
      .query(true)
      .reply(200, { sessionKey: 'session-abc' })
      // splunk-sdk asks for the server version right after logging in.
      .get('/services/server/info')
      .query(true)
      .matchHeader('authorization', 'Splunk session-abc')
      .reply(200, { ...feed([{ name: 'server-info', content: { version: '9.3.2' } }]), generator: { build: 'b', version: '9.3.2' } })
      .delete(`${NS}/saved/searches/detctl%20-%20Gone`)
      .query(true)
      .matchHeader('authorization', 'Splunk session-abc')
      .reply(200, feed([]));
    const adapter = new SplunkTarget('splunk', URL_, createSplunkService(withPassword, { projectDir: '.' }), { app: 'detections', owner: 'nobody', ownedPrefixes: ['detctl - '] });
    await adapter.delete({ target: 'splunk', kind: 'saved-search', id: 'detctl - Gone', owned: true, canonical: {}, raw: {} });
  });
});

describe('errors', () => {
  const failing = async (status: number, text: string) => {
    nock(URL_).post(`${NS}/saved/searches/detctl%20-%20Rule%20A`).query(true).reply(status, { messages: [{ type: 'ERROR', text }] });
    return target().update(search, {} as never).then(() => assert.fail('expected a failure'), (e: unknown) => e as TargetError);
  };

  test('400 keeps Splunk\'s message and is not retried', async () => {
    const e = await failing(400, 'Argument "bogus" is not supported by this handler.');
    assert.ok(e instanceof TargetError);
    assert.equal(e.status, 400);
    assert.equal(e.retryable, false);
    assert.equal(e.message, 'Splunk 400 Argument "bogus" is not supported by this handler.');
  });

  test('401 is not retried', async () => {
    const e = await failing(401, 'call not properly authenticated');
    assert.equal(e.retryable, false);
  });

  for (const status of [429, 502, 503, 504]) {
    test(`${status} is retryable`, async () => {
      const e = await failing(status, 'busy');
      assert.equal(e.retryable, true);
    });
  }

  test('a reset connection is retryable', () =>
    withResettingServer(async (url) => {
      const local = { ...settings, url } as SplunkSettings;
      const adapter = new SplunkTarget('splunk', url, createSplunkService(local, { projectDir: '.' }), { app: 'detections', owner: 'nobody', ownedPrefixes: ['detctl - '] });
      const e = await adapter.update(search, {} as never).catch((x: unknown) => x as TargetError);
      assert.ok(e instanceof TargetError);
      assert.equal(e.retryable, true, e.message);
    }));
});

describe('per-step retries (apply passes each request through its own retries)', () => {
  const noWait = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, sleep: async () => undefined };
  const busy = { messages: [{ type: 'ERROR', text: 'busy' }] };

  test('a failing ACL request is retried alone: the create is sent once, and the failure says the search exists', async () => {
    nock(URL_)
      .post(`${NS}/saved/searches`).query(true).reply(201, feed([{ name: 'detctl - Rule A' }]))
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`).query(true).times(5).reply(503, busy);
    const steps = stepRetries(noWait);
    const e = await target().create(search, steps).then(() => assert.fail('expected a failure'), (x: unknown) => x as StepError);
    assert.ok(e instanceof StepError);
    assert.deepEqual({ step: e.step, completed: e.completed, attempts: e.attempts, answered: e.answered, retryable: e.retryable }, { step: 'acl', completed: ['create'], attempts: 5, answered: true, retryable: false });
    assert.equal(e.message, 'Splunk 503 busy');
    assert.equal(steps.attempts, 6);
  });

  test('each step is retried on its own: create, the update after a 409, then the ACL', async () => {
    nock(URL_)
      .post(`${NS}/saved/searches`).query(true).reply(503, busy)
      .post(`${NS}/saved/searches`).query(true).reply(409, { messages: [{ type: 'ERROR', text: 'already exists' }] })
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A`, exactly(FORM)).query(true).reply(429, busy)
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A`, exactly(FORM)).query(true).reply(200, feed([]))
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`).query(true).reply(502, busy)
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`).query(true).reply(200, feed([]));
    const steps = stepRetries(noWait);
    await target().create(search, steps);
    assert.deepEqual(steps.completed, ['update', 'acl']);
    assert.equal(steps.attempts, 6);
  });

  test("a listed ACL that is not detctl's shows as an `acl` field, and the update sets the ACL again", async () => {
    nock(URL_)
      .get(`${NS}/saved/searches`).query(true)
      .reply(200, feed([
        { name: 'detctl - Rule A', acl: { app: 'detections', owner: 'nobody', sharing: 'app', perms: { read: ['*'], write: ['power', 'admin'] } }, content: { search: 'a=1' } },
        { name: 'detctl - Private', acl: { app: 'detections', owner: 'admin', sharing: 'user', perms: null }, content: { search: 'b=1' } },
      ]))
      .get(`${NS}/configs/conf-macros`).query(true).reply(200, feed([]));
    const live = await target().list([search]);
    assert.equal(live[0].canonical.acl, undefined);
    assert.equal(live[1].canonical.acl, 'sharing=user owner=admin perms.read=(none) perms.write=(none)');
    nock(URL_)
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A`, exactly(FORM)).query(true).reply(200, feed([]))
      .post(`${NS}/saved/searches/detctl%20-%20Rule%20A/acl`, { sharing: 'app', owner: 'nobody', 'perms.read': '*', 'perms.write': 'admin,power', output_mode: 'json' }).query(true).reply(200, feed([]));
    await target().update(search, { ...live[1], id: search.name });
  });
});
