// Contract §B, Splunk saved searches, macros, auth and the KV store: one test per quirk, through
// splunk-sdk (with its own default transport) and raw HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entity } from 'splunk-sdk';
import { startSandbox, type Sandbox } from '../../src/index.js';
import { bearerHeader, form, raw, sdkFailure, splunkService } from './helpers.js';

const NS = '/servicesNS/nobody/search';
type Feed = {
  links: Record<string, string>;
  origin: string;
  generator: { version: string };
  entry: { name: string; id: string; links: Record<string, string>; author: string; acl: Record<string, unknown>; content: Record<string, unknown> }[];
  paging: { total: number; perPage: number; offset: number };
  messages: unknown[];
};
type Messages = { messages: { type: string; text: string }[] };

/** The SavedSearch methods splunk-sdk has beyond the shared Entity type. */
interface SavedSearchEntity extends Entity {
  dispatch(options: Record<string, unknown>): Promise<[{ sid: string }, SavedSearchEntity]>;
  history(): Promise<[{ sid: string }[], SavedSearchEntity]>;
}

describe('sandbox: Splunk saved searches (contract §B)', () => {
  let sb: Sandbox;
  const post = (path: string, values: Record<string, string>) =>
    raw(sb.splunkUrl, `${path}?output_mode=json`, { method: 'POST', headers: { ...bearerHeader(sb), 'content-type': 'application/x-www-form-urlencoded' }, body: form(values) });
  const get = (path: string) => raw(sb.splunkUrl, path, { headers: bearerHeader(sb) });

  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  describe('B1 endpoints', () => {
    test('create is 201 with the new entry; the SDK trailing slashes and %20 encoding are understood', async () => {
      const svc = splunkService(sb);
      const created = await svc.savedSearches().create({ name: 'ESCU - B1 Create - Rule', search: 'index=main | stats count', cron_schedule: '*/5 * * * *', is_scheduled: 1 });
      assert.equal(created.name, 'ESCU - B1 Create - Rule');
      const entry = sb.requestLog.at(-1);
      assert.equal(entry?.status, 201);
      assert.equal(entry?.method, 'POST');
      assert.equal(created.properties().is_scheduled, true);
    });

    test('creating a name that exists is 409 with splunkd\'s text', async () => {
      const failure = await sdkFailure(splunkService(sb).savedSearches().create({ name: 'ESCU - B1 Create - Rule', search: 'x' }));
      assert.equal(failure.status, 409);
      assert.deepEqual(failure.data, { messages: [{ type: 'ERROR', text: "Unable to create saved search with name 'ESCU - B1 Create - Rule'. A saved search with that name already exists." }] });
    });

    test('get of a missing name and delete of a missing name are 404 "Could not find object id=…"', async () => {
      const missing = await get(`${NS}/saved/searches/nope?output_mode=json`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { messages: [{ type: 'ERROR', text: 'Could not find object id=nope' }] });
      const del = await raw(sb.splunkUrl, `${NS}/saved/searches/nope?output_mode=json`, { method: 'DELETE', headers: bearerHeader(sb) });
      assert.equal(del.status, 404);
    });

    test('update must not send name: the SDK refuses it, and so does the server', async () => {
      const svc = splunkService(sb);
      const search = await svc.savedSearches().create({ name: 'B1 update', search: 'index=a' });
      await assert.rejects(() => search.update({ name: 'renamed' }), /Cannot set 'name' field in 'update'/);
      const res = await post(`${NS}/saved/searches/B1%20update`, { name: 'renamed', search: 'index=b' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, { messages: [{ type: 'ERROR', text: 'Argument "name" is not supported by this handler.' }] });
      const updated = await search.update({ search: 'index=c', description: 'changed' });
      assert.equal(updated.properties().search, 'index=c');
    });

    test('an unknown argument is 400 "Argument … is not supported by this handler", so are conf names like enableSched', async () => {
      for (const key of ['foo', 'enableSched', 'counttype', 'qualifiedSearch']) {
        const res = await post(`${NS}/saved/searches`, { name: `B1 unknown ${key}`, search: 'x', [key]: '1' });
        assert.equal(res.status, 400, key);
        assert.equal((res.json as Messages).messages[0].text, `Argument "${key}" is not supported by this handler.`);
      }
    });

    test('create without a name is 400 "without a target name"', async () => {
      const res = await post(`${NS}/saved/searches`, { search: 'x' });
      assert.equal(res.status, 400);
      assert.equal((res.json as Messages).messages[0].text, 'Cannot perform action "POST" without a target name to act on.');
    });

    test('list: count defaults to 30, count=0 returns all, offset pages, search= and f= filter', async () => {
      for (let i = 0; i < 32; i++) await post(`${NS}/saved/searches`, { name: `B1 list ${String(i).padStart(2, '0')}`, search: `index=list${i}` });
      const page = (await get(`${NS}/saved/searches?output_mode=json&search=name%3D%22B1%20list*%22`)).json as Feed;
      assert.equal(page.entry.length, 30);
      assert.deepEqual(page.paging, { total: 32, perPage: 30, offset: 0 });
      const all = (await get(`${NS}/saved/searches?output_mode=json&count=0&search=name%3D%22B1%20list*%22`)).json as Feed;
      assert.equal(all.entry.length, 32);
      const second = (await get(`${NS}/saved/searches?output_mode=json&count=10&offset=30&search=name%3D%22B1%20list*%22`)).json as Feed;
      assert.deepEqual(second.entry.map((e) => e.name), ['B1 list 30', 'B1 list 31']);
      const fields = (await get(`${NS}/saved/searches/B1%20list%2000?output_mode=json&f=search&f=dispatch.*`)).json as Feed;
      const keys = Object.keys(fields.entry[0].content);
      assert.ok(keys.includes('search') && keys.includes('dispatch.earliest_time'));
      assert.ok(!keys.includes('cron_schedule'));
      const bySubstring = (await get(`${NS}/saved/searches?output_mode=json&search=list17`)).json as Feed;
      assert.deepEqual(bySubstring.entry.map((e) => e.name), ['B1 list 17']);
    });

    test('the SDK fetch sends search=, repeated f= and count=0', async () => {
      const coll = splunkService(sb).savedSearches();
      sb.clearLog();
      await coll.fetch({ search: 'name="B1 list 0*"', f: ['search', 'cron_schedule'] });
      assert.deepEqual(sb.requestLog[0].query, { search: 'name="B1 list 0*"', f: ['search', 'cron_schedule'], count: '0', output_mode: 'json' });
      assert.equal(coll.list().length, 10);
      assert.deepEqual(Object.keys(coll.list()[0].properties()).sort(), ['cron_schedule', 'search']);
    });

    test('delete answers 200 and the object is gone', async () => {
      await post(`${NS}/saved/searches`, { name: 'B1 delete', search: 'x' });
      const del = await raw(sb.splunkUrl, `${NS}/saved/searches/B1%20delete?output_mode=json`, { method: 'DELETE', headers: bearerHeader(sb) });
      assert.equal(del.status, 200);
      assert.equal((await get(`${NS}/saved/searches/B1%20delete?output_mode=json`)).status, 404);
    });

    test('ACL: sharing, owner and perms change, and the SDK re-reads the entry', async () => {
      const svc = splunkService(sb);
      const search = await svc.savedSearches().create({ name: 'B1 acl', search: 'x' });
      const updated = await search.acl_update({ sharing: 'global', owner: 'nobody', 'perms.read': '*', 'perms.write': 'admin' });
      assert.equal(updated.acl().sharing, 'global');
      assert.deepEqual(updated.acl().perms, { read: ['*'], write: ['admin'] });
      const noSharing = await post(`${NS}/saved/searches/B1%20acl/acl`, { owner: 'nobody' });
      assert.equal(noSharing.status, 400);
    });

    test('dispatch answers 201 {"sid"}, and history lists the job by sid', async () => {
      const svc = splunkService(sb);
      const search = (await svc.savedSearches().create({ name: 'B1 dispatch', search: '| makeresults' })) as SavedSearchEntity;
      const [job] = await search.dispatch({ trigger_actions: 1 });
      assert.ok(job.sid.length > 0);
      assert.equal(sb.requestLog.at(-1)?.status, 201);
      const [jobs] = await search.history();
      assert.deepEqual(jobs.map((j) => j.sid), [job.sid]);
      const bad = await post(`${NS}/saved/searches/B1%20dispatch/dispatch`, { bogus: '1' });
      assert.equal(bad.status, 400);
    });

    test('a wrong verb or custom action answers as splunkd does', async () => {
      const put = await raw(sb.splunkUrl, `${NS}/saved/searches/x?output_mode=json`, { method: 'PUT', headers: bearerHeader(sb) });
      assert.equal(put.status, 404);
      assert.equal((put.json as Messages).messages[0].text, "Requested invalid action 'PUT'.");
      const delCollection = await raw(sb.splunkUrl, `${NS}/saved/searches?output_mode=json`, { method: 'DELETE', headers: bearerHeader(sb) });
      assert.equal(delCollection.status, 400);
      const action = await raw(sb.splunkUrl, `${NS}/saved/searches/x/dispatch?output_mode=json`, { method: 'DELETE', headers: bearerHeader(sb) });
      assert.equal((action.json as Messages).messages[0].text, 'Invalid custom action for this internal handler (handler: savedsearch, custom action: dispatch, eai action: remove).');
    });

    test('form bodies decode both + and %20 as spaces', async () => {
      await raw(sb.splunkUrl, `${NS}/saved/searches?output_mode=json`, { method: 'POST', headers: bearerHeader(sb), body: 'name=B1+plus&search=index%3Dmain+foo%20bar' });
      const got = (await get(`${NS}/saved/searches/B1%20plus?output_mode=json`)).json as Feed;
      assert.equal(got.entry[0].content.search, 'index=main foo bar');
    });
  });

  describe('B2 response shapes', () => {
    test('a feed has links, origin, generator, entry[name,id,updated,links,author,acl,content], paging, messages', async () => {
      const res = await get(`${NS}/saved/searches/B1%20update?output_mode=json`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const feed = res.json as Feed;
      assert.deepEqual(Object.keys(feed), ['links', 'origin', 'updated', 'generator', 'entry', 'paging', 'messages']);
      assert.equal(feed.origin, `${sb.splunkUrl}${NS}/saved/searches`);
      const entry = feed.entry[0];
      assert.deepEqual(Object.keys(entry), ['name', 'id', 'updated', 'links', 'author', 'acl', 'content']);
      assert.equal(entry.id, `${sb.splunkUrl}${NS}/saved/searches/B1%20update`);
      assert.equal(entry.links.alternate, `${NS}/saved/searches/B1%20update`);
      assert.deepEqual(Object.keys(entry.acl), ['app', 'can_change_perms', 'can_list', 'can_share_app', 'can_share_global', 'can_share_user', 'can_write', 'modifiable', 'owner', 'perms', 'removable', 'sharing']);
      assert.equal(entry.acl.sharing, 'app');
      assert.equal(entry.acl.owner, 'nobody');
    });

    test('without output_mode=json the answer is Atom XML, errors included', async () => {
      const feed = await get(`${NS}/saved/searches/B1%20update`);
      assert.match(String(feed.headers['content-type']), /^text\/xml/);
      assert.match(feed.text, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
      assert.match(feed.text, /<s:key name="search">index=c<\/s:key>/);
      const error = await get(`${NS}/saved/searches/nope`);
      assert.match(error.text, /<msg type="ERROR">Could not find object id=nope<\/msg>/);
    });

    test('a user-level object is private to its owner; /services/ is the caller\'s own namespace', async () => {
      const create = await raw(sb.splunkUrl, '/servicesNS/admin/search/saved/searches?output_mode=json', { method: 'POST', headers: bearerHeader(sb), body: form({ name: 'B2 private', search: 'x' }) });
      assert.equal(create.status, 201);
      const entry = (create.json as Feed).entry[0];
      assert.equal(entry.acl.sharing, 'user');
      assert.equal((await get(`${NS}/saved/searches/B2%20private?output_mode=json`)).status, 404, 'not visible at app level');
      assert.equal(entry.acl.perms, null);
      assert.equal((await get('/services/saved/searches/B2%20private?output_mode=json')).status, 200);
      assert.equal((await get('/servicesNS/-/-/saved/searches/B2%20private?output_mode=json')).status, 200);
      const wildcardWrite = await raw(sb.splunkUrl, '/servicesNS/-/search/saved/searches?output_mode=json', { method: 'POST', headers: bearerHeader(sb), body: form({ name: 'B2 wildcard', search: 'x' }) });
      assert.equal(wildcardWrite.status, 400, '- is for reads only');
      const noApp = await raw(sb.splunkUrl, '/servicesNS/nobody/no_such_app/saved/searches?output_mode=json', { method: 'POST', headers: bearerHeader(sb), body: form({ name: 'B2 no app', search: 'x' }) });
      assert.equal(noApp.status, 404);
    });

    test('disable and enable flip `disabled`, and the entry links follow', async () => {
      const disabled = await post(`${NS}/saved/searches/B1%20update/disable`, {});
      const entry = (disabled.json as Feed).entry[0];
      assert.equal(entry.content.disabled, true);
      assert.ok(entry.links.enable && !entry.links.disable);
      const enabled = await post(`${NS}/saved/searches/B1%20update/enable`, {});
      assert.equal((enabled.json as Feed).entry[0].content.disabled, false);
    });
  });

  describe('B3 keys a deployer sets', () => {
    test('REST aliases, actions, notable and risk parameters and a drilldown JSON string are taken and read back', async () => {
      const drilldowns = JSON.stringify([{ name: 'View $user$', search: '| search user=$user$', earliest_offset: '$info_min_time$' }]);
      const res = await post(`${NS}/saved/searches`, {
        name: 'ESCU - B3 - Rule',
        search: '`powershell` EventCode=4103',
        is_scheduled: '1',
        cron_schedule: '*/30 * * * *',
        alert_type: 'number of events',
        alert_comparator: 'greater than',
        alert_threshold: '0',
        actions: 'notable,risk',
        'action.notable.param.rule_title': 'Rule $dest$',
        'action.notable.param.drilldown_searches': drilldowns,
        'action.risk.param._risk': '[{"risk_object_field":"dest","risk_object_type":"system","risk_score":50}]',
        'action.correlationsearch.enabled': '1',
        'dispatch.earliest_time': '-30m@m',
        'alert.suppress': '1',
        'alert.suppress.fields': 'dest',
      });
      assert.equal(res.status, 201);
      const content = (res.json as Feed).entry[0].content;
      assert.equal(content.actions, 'notable, risk');
      assert.equal(content['action.notable'], true);
      assert.equal(content['action.risk'], true);
      assert.equal(content['action.notable.param.drilldown_searches'], drilldowns);
      assert.equal(content.alert_type, 'number of events');
      assert.equal(content.alert_threshold, '0');
      assert.equal(content['alert.suppress'], true);
      const switched = await post(`${NS}/saved/searches/ESCU%20-%20B3%20-%20Rule`, { actions: 'risk' });
      const after = (switched.json as Feed).entry[0].content;
      assert.equal(after.actions, 'risk');
      assert.equal(after['action.notable'], false);
    });

    test('values splunkd refuses: a Quartz cron, a bad alert_type, a severity out of range, a non-boolean flag', async () => {
      for (const [key, value] of [
        ['cron_schedule', '0 0/5 * * * ?'],
        ['alert_type', 'sometimes'],
        ['alert.severity', '9'],
        ['is_scheduled', 'maybe'],
      ]) {
        const res = await post(`${NS}/saved/searches`, { name: `B3 invalid ${key}`, search: 'x', [key]: value });
        assert.equal(res.status, 400, `${key}=${value}`);
      }
    });
  });

  describe('B5 defaults and types', () => {
    test('GET returns every setting with server defaults, in mixed types', async () => {
      const content = ((await get(`${NS}/saved/searches/B1%20update?output_mode=json`)).json as Feed).entry[0].content;
      assert.ok(Object.keys(content).length >= 217, `got ${Object.keys(content).length} keys`);
      assert.equal(content.disabled, false);
      assert.equal(content['alert.severity'], 3);
      assert.equal(content.allow_skew, '0');
      assert.equal(content['alert.suppress'], null);
      assert.equal(content['eai:acl'], null);
      assert.equal(content['dispatch.ttl'], '2p');
      assert.deepEqual(Object.keys(content), Object.keys(content).sort(), 'keys come sorted');
    });

    test('what is written as strings comes back typed by key: 1 → true, "5" → 5, "0" stays "0"', async () => {
      const res = await post(`${NS}/saved/searches`, { name: 'B5 types', search: 'index=x', is_scheduled: '1', cron_schedule: '0 * * * *', 'alert.severity': '5', alert_threshold: '0', disabled: 'false' });
      const content = (res.json as Feed).entry[0].content;
      assert.equal(content.is_scheduled, true);
      assert.equal(content['alert.severity'], 5);
      assert.equal(content.alert_threshold, '0');
      assert.equal(content.disabled, false);
      assert.equal(content.qualifiedSearch, 'search index=x');
      assert.match(String(content.next_scheduled_time), /^\d{4}-\d{2}-\d{2} \d{2}:00:00 UTC$/);
    });

    test('alert-action flags come back as booleans, their parameters as the strings written, JSON text verbatim', async () => {
      // savedsearches.conf.spec: action.<action_name> = <boolean>, typed like the capture's
      // "action.email": false; alert_actions parameters are strings in the capture ("verbose": "0").
      const drilldowns = '[{"name": "View $dest$", "search": "index=x dest=\\"$dest$\\""}]';
      const res = await post(`${NS}/saved/searches`, {
        name: 'B5 actions', search: 'index=x', 'action.notable': '1', 'action.risk': 'true', 'action.escu': '0',
        'action.notable.param.drilldown_searches': drilldowns, 'action.risk.param.verbose': '0', 'action.risk.param._risk_score': '0',
        'action.correlationsearch.enabled': '1', 'action.email.useNSSubject': '1', 'alert.suppress': 'true', 'alert.digest_mode': '1',
        is_visible: 'false', realtime_schedule: '0', allow_skew: '100%', schedule_window: 'auto',
      });
      const content = (res.json as Feed).entry[0].content;
      assert.equal(content['action.notable'], true);
      assert.equal(content['action.risk'], true);
      assert.equal(content['action.escu'], false);
      assert.equal(content['action.notable.param.drilldown_searches'], drilldowns);
      assert.equal(content['action.risk.param.verbose'], '0');
      assert.equal(content['action.risk.param._risk_score'], '0');
      assert.equal(content['action.correlationsearch.enabled'], '1');
      assert.equal(content['action.email.useNSSubject'], '1');
      assert.equal(content['alert.suppress'], true);
      assert.equal(content['alert.digest_mode'], true);
      assert.equal(content.is_visible, false);
      assert.equal(content.realtime_schedule, false);
      assert.equal(content.allow_skew, '100%');
      assert.equal(content.schedule_window, 'auto');
      assert.equal(content.actions, 'notable, risk', 'actions lists the flags that are on');
    });

    test('listDefaultActionArgs=true adds the alert actions\' action.*.* defaults', async () => {
      const without = ((await get(`${NS}/saved/searches/B5%20types?output_mode=json`)).json as Feed).entry[0].content;
      assert.equal(without['action.email.format'], undefined);
      const withDefaults = ((await get(`${NS}/saved/searches/B5%20types?output_mode=json&listDefaultActionArgs=true`)).json as Feed).entry[0].content;
      assert.equal(withDefaults['action.email.format'], 'table');
      assert.equal(withDefaults['action.notable.param.verbose'], '0');
    });
  });

  describe('B4 macros via configs/conf-macros', () => {
    test('create name(N) with args, update without name, 409 on a duplicate, delete', async () => {
      const path = `${NS}/configs/conf-macros`;
      const created = await post(path, { name: 'security_content_ctime(1)', args: 'field', definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', description: 'd' });
      assert.equal(created.status, 201);
      const content = (created.json as Feed).entry[0].content;
      assert.equal(content.args, 'field');
      assert.equal(content.disabled, false);
      assert.equal((await post(path, { name: 'security_content_ctime(1)', definition: 'x' })).status, 409);
      const updated = await post(`${path}/security_content_ctime%281%29`, { definition: 'changed' });
      assert.equal((updated.json as Feed).entry[0].content.definition, 'changed');
      assert.equal((await post(`${path}/security_content_ctime%281%29`, { name: 'x' })).status, 400);
      const del = await raw(sb.splunkUrl, `${path}/security_content_ctime%281%29?output_mode=json`, { method: 'DELETE', headers: bearerHeader(sb) });
      assert.equal(del.status, 200);
      assert.equal((await get(`${path}/security_content_ctime%281%29?output_mode=json`)).status, 404);
    });
  });

  describe('B6 auth', () => {
    test('bearer token, Basic, and a session key from auth/login all work', async () => {
      const { username, password } = sb.credentials.splunk;
      const basic = await raw(sb.splunkUrl, `${NS}/saved/searches?output_mode=json&count=1`, { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
      assert.equal(basic.status, 200);
      const login = await raw(sb.splunkUrl, '/services/auth/login?output_mode=json', { method: 'POST', body: form({ username, password }) });
      const sessionKey = (login.json as { sessionKey: string }).sessionKey;
      assert.ok(sessionKey);
      const session = await raw(sb.splunkUrl, `${NS}/saved/searches?output_mode=json&count=1`, { headers: { authorization: `Splunk ${sessionKey}` } });
      assert.equal(session.status, 200);
      // The SDK's own login (then its server/info version probe): it keeps the session key and sends
      // it as `Splunk <key>`; the listing is answered at once (a rejected key would show as a 401 and
      // a second login in the log).
      const svc = splunkService(sb, { sessionKey: undefined, authorization: undefined, username, password });
      sb.clearLog();
      await svc.login();
      const listed = await svc.savedSearches().fetch({ count: 1 });
      assert.equal(listed.list().length, 1, 'count=1 pages the saved searches the earlier tests created');
      assert.deepEqual(
        sb.requestLog.map(({ method, path, status }) => ({ method, path, status })),
        [
          { method: 'POST', path: '/services/auth/login', status: 200 },
          { method: 'GET', path: '/services/server/info', status: 200 },
          { method: 'GET', path: `${NS}/saved/searches`, status: 200 },
        ],
      );
    });

    test('a missing or wrong credential is 401 "call not properly authenticated"; a bad login is "Login failed"', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` }, { authorization: 'Splunk nope' }];
      for (const headers of attempts) {
        const res = await raw(sb.splunkUrl, `${NS}/saved/searches?output_mode=json`, { headers });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json, { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] });
      }
      const login = await raw(sb.splunkUrl, '/services/auth/login?output_mode=json', { method: 'POST', body: form({ username: 'admin', password: 'nope' }) });
      assert.equal(login.status, 401);
      assert.equal((login.json as Messages).messages[0].text, 'Login failed');
    });
  });

  describe('KV store', () => {
    test('collections are configured in the nobody context only, and _key inserts are 409 when taken', async () => {
      const cfg = await post('/servicesNS/nobody/search/storage/collections/config', { name: 'detctl_locks' });
      assert.equal(cfg.status, 201);
      const asAdmin = await post('/servicesNS/admin/search/storage/collections/config', { name: 'other' });
      assert.equal(asAdmin.status, 400);
      const data = '/servicesNS/nobody/search/storage/collections/data/detctl_locks';
      const json = { ...bearerHeader(sb), 'content-type': 'application/json' };
      const inserted = await raw(sb.splunkUrl, data, { method: 'POST', headers: json, body: JSON.stringify({ _key: 'prod', holder: 'a' }) });
      assert.equal(inserted.status, 201);
      assert.deepEqual(inserted.json, { _key: 'prod' });
      const taken = await raw(sb.splunkUrl, data, { method: 'POST', headers: json, body: JSON.stringify({ _key: 'prod', holder: 'b' }) });
      assert.equal(taken.status, 409);
      const record = await raw(sb.splunkUrl, `${data}/prod`, { headers: bearerHeader(sb) });
      assert.deepEqual(record.json, { holder: 'a', _user: 'nobody', _key: 'prod' });
      const queried = await raw(sb.splunkUrl, `${data}?query=${encodeURIComponent(JSON.stringify({ holder: 'a' }))}`, { headers: bearerHeader(sb) });
      assert.equal((queried.json as unknown[]).length, 1);
      assert.equal((await raw(sb.splunkUrl, `${data}/prod`, { method: 'DELETE', headers: bearerHeader(sb) })).status, 200);
      assert.equal((await raw(sb.splunkUrl, `${data}/prod`, { headers: bearerHeader(sb) })).status, 404);
      const missing = await raw(sb.splunkUrl, '/servicesNS/nobody/search/storage/collections/data/none', { headers: bearerHeader(sb) });
      assert.equal(missing.status, 404);
    });
  });
});
