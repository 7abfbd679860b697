// Acceptance (issue 9, 1): one case per row of the Watcher serialisation table. Each case is a
// watch as detctl (or a person) PUTs it and the same watch as Elasticsearch's GET writes it back,
// the GET form written from the Elasticsearch source named in the row — not from our sandbox.
// The normaliser must map both to one value, and must not without that row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normaliseWatch } from '../../src/targets/elasticsearch/normalise-watch.js';
import { REDACTED, WATCH_SERIALISATION } from '../../src/targets/elasticsearch/watch-serialisation.js';

type Json = Record<string, unknown>;

/** A watch whose other parts are already in server form. */
const watch = (parts: Json): Json => ({ trigger: { schedule: { interval: '30m' } }, input: { none: {} }, condition: { always: {} }, actions: {}, ...parts });
const withAction = (action: Json): Json => watch({ actions: { notify: action } });
const email = (fields: Json): Json => withAction({ email: { profile: 'standard', to: ['soc@example.net'], subject: 'hit', ...fields } });
const WEBHOOK: Json = { scheme: 'https', host: 'hooks.example.net', port: 443, method: 'post', path: '/in', params: {}, headers: {} };
const webhook = (fields: Json): Json => withAction({ webhook: { ...WEBHOOK, ...fields } });
const webhookWithout = (key: string): Json => withAction({ webhook: omit(WEBHOOK, key) });
const searchRequest = (fields: Json): Json =>
  watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: ['logs-*'], rest_total_hits_as_int: true, body: { size: 0 }, ...fields } } } });
const omit = (o: Json, key: string): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

const CASES: Record<string, { put: Json; get: Json }> = {
  'watch.input': { put: omit(watch({}), 'input'), get: watch({}) },
  'watch.condition': { put: omit(watch({}), 'condition'), get: watch({}) },
  'watch.actions': { put: omit(watch({}), 'actions'), get: watch({}) },
  'watch.throttle_period': { put: watch({ throttle_period: '15m' }), get: watch({ throttle_period_in_millis: 900000 }) },
  'schedule.interval': { put: watch({ trigger: { schedule: { interval: 90 } } }), get: watch({ trigger: { schedule: { interval: '90s' } } }) },
  'search.timeout': {
    put: watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: [], rest_total_hits_as_int: true }, timeout: '1m' } } }),
    get: watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: [], rest_total_hits_as_int: true }, timeout_in_millis: 60000 } } }),
  },
  'request.search_type': { put: watch({ input: { search: { request: { indices: ['logs-*'], rest_total_hits_as_int: true, body: { size: 0 } } } } }), get: searchRequest({}) },
  'request.search_type.case': { put: searchRequest({ search_type: 'DFS_QUERY_THEN_FETCH' }), get: searchRequest({ search_type: 'dfs_query_then_fetch' }) },
  'request.indices': { put: searchRequest({ indices: 'logs-*, winlogbeat-*' }), get: searchRequest({ indices: ['logs-*', 'winlogbeat-*'] }) },
  'request.indices.default': { put: watch({ input: { search: { request: { search_type: 'query_then_fetch', rest_total_hits_as_int: true } } } }), get: watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: [], rest_total_hits_as_int: true } } } }) },
  'request.rest_total_hits_as_int': { put: watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: ['a'] } } } }), get: watch({ input: { search: { request: { search_type: 'query_then_fetch', indices: ['a'], rest_total_hits_as_int: true } } } }) },
  'condition.script': { put: watch({ condition: { script: 'return true' } }), get: watch({ condition: { script: { source: 'return true', lang: 'painless' } } }) },
  'transform.script': { put: watch({ transform: { script: { source: 'return [:]' } } }), get: watch({ transform: { script: { source: 'return [:]', lang: 'painless' } } }) },
  'array_compare.path': {
    put: watch({ condition: { array_compare: { 'ctx.payload.hits.hits': { gt: { value: 1, quantifier: 'some' } } } } }),
    get: watch({ condition: { array_compare: { 'ctx.payload.hits.hits': { path: '', gt: { value: 1, quantifier: 'some' } } } } }),
  },
  'array_compare.quantifier': {
    put: watch({ condition: { array_compare: { 'ctx.payload.hits.hits': { path: '_score', gt: { value: 1 } } } } }),
    get: watch({ condition: { array_compare: { 'ctx.payload.hits.hits': { path: '_score', gt: { value: 1, quantifier: 'some' } } } } }),
  },
  'action.throttle_period': { put: withAction({ throttle_period: '1h', logging: { level: 'info', text: 't' } }), get: withAction({ throttle_period_in_millis: 3600000, logging: { level: 'info', text: 't' } }) },
  'action.condition.script': {
    put: withAction({ condition: { script: 'return false' }, logging: { level: 'info', text: 't' } }),
    get: withAction({ condition: { script: { source: 'return false', lang: 'painless' } }, logging: { level: 'info', text: 't' } }),
  },
  // The case this issue is about: a GET of any email action carries `profile: "standard"`.
  'email.profile': { put: withAction({ email: { to: ['soc@example.net'], subject: 'hit' } }), get: email({}) },
  'email.profile.case': { put: email({ profile: 'Outlook' }), get: email({ profile: 'outlook' }) },
  'email.to': { put: email({ to: 'soc@example.net' }), get: email({ to: ['soc@example.net'] }) },
  'email.cc': { put: email({ cc: 'lead@example.net' }), get: email({ cc: ['lead@example.net'] }) },
  'email.bcc': { put: email({ bcc: 'audit@example.net' }), get: email({ bcc: ['audit@example.net'] }) },
  'email.reply_to': { put: email({ reply_to: 'noc@example.net' }), get: email({ reply_to: ['noc@example.net'] }) },
  'email.body': { put: email({ body: 'Hits: {{ctx.payload.hits.total}}' }), get: email({ body: { text: 'Hits: {{ctx.payload.hits.total}}' } }) },
  'email.password': { put: email({ user: 'mailer', password: 's3cret' }), get: email({ user: 'mailer', password: REDACTED }) },
  'email.attachment.data.format': { put: email({ attachments: { 'data.yml': { data: {} } } }), get: email({ attachments: { 'data.yml': { data: { format: 'yaml' } } } }) },
  'webhook.scheme': { put: webhookWithout('scheme'), get: webhook({ scheme: 'http' }) },
  'webhook.scheme.case': { put: webhook({ scheme: 'HTTPS' }), get: webhook({}) },
  'webhook.method': { put: webhookWithout('method'), get: webhook({ method: 'get' }) },
  'webhook.method.case': { put: webhook({ method: 'POST' }), get: webhook({}) },
  'webhook.params': { put: webhookWithout('params'), get: webhook({}) },
  'webhook.headers': { put: webhookWithout('headers'), get: webhook({}) },
  'webhook.connection_timeout': { put: webhook({ connection_timeout: '10s' }), get: webhook({ connection_timeout_in_millis: 10000 }) },
  'webhook.read_timeout': { put: webhook({ read_timeout: '30s' }), get: webhook({ read_timeout_in_millis: 30000 }) },
  'webhook.auth.password': { put: webhook({ auth: { basic: { username: 'hook', password: 'hunter2' } } }), get: webhook({ auth: { basic: { username: 'hook', password: REDACTED } } }) },
  'index.timeout': { put: withAction({ index: { index: 'alerts', timeout: '5s' } }), get: withAction({ index: { index: 'alerts', timeout_in_millis: 5000 } }) },
  'logging.level': { put: withAction({ logging: { text: 't' } }), get: withAction({ logging: { level: 'info', text: 't' } }) },
  'logging.level.case': { put: withAction({ logging: { level: 'WARN', text: 't' } }), get: withAction({ logging: { level: 'warn', text: 't' } }) },
  'slack.message.to': { put: withAction({ slack: { message: { to: '#soc', text: 'hit' } } }), get: withAction({ slack: { message: { to: ['#soc'], text: 'hit' } } }) },
  'slack.message.to.empty': { put: withAction({ slack: { message: { to: [], text: 'hit' } } }), get: withAction({ slack: { message: { text: 'hit' } } }) },
  'slack.message.attachments': { put: withAction({ slack: { message: { attachments: { title: 'x' } } } }), get: withAction({ slack: { message: { attachments: [{ title: 'x' }] } } }) },
  'slack.message.attachments.empty': { put: withAction({ slack: { message: { text: 'hit', attachments: [] } } }), get: withAction({ slack: { message: { text: 'hit' } } }) },
  'pagerduty.context': {
    put: withAction({ pagerduty: { description: 'd', context: [{ type: 'link', href: 'https://x' }] } }),
    get: withAction({ pagerduty: { description: 'd', contexts: [{ type: 'link', href: 'https://x' }] } }),
  },
  'jira.fields': { put: withAction({ jira: { account: 'main' } }), get: withAction({ jira: { account: 'main', fields: {} } }) },
};

test('every row of the table has a case, and every case a row', () => {
  assert.deepEqual(Object.keys(CASES).sort(), WATCH_SERIALISATION.map((r) => r.id).sort());
  for (const row of WATCH_SERIALISATION) assert.match(row.source, /[A-Z]\w+\.\w+|[A-Z]\w+:/, `row ${row.id} names its source`);
});

for (const row of WATCH_SERIALISATION) {
  test(`${row.id}: the PUT form and Elasticsearch's GET form normalise alike (${row.source.split(';')[0]})`, () => {
    const { put, get } = CASES[row.id];
    assert.notDeepEqual(put, get, 'the case must exercise the row');
    assert.deepEqual(normaliseWatch(put), normaliseWatch(get));
    // Idempotent: the normal form is its own normal form.
    assert.deepEqual(normaliseWatch(normaliseWatch(put)), normaliseWatch(put));
    // And the row is what makes them equal.
    const without = WATCH_SERIALISATION.filter((r) => r !== row);
    assert.notDeepEqual(normaliseWatch(put, without), normaliseWatch(get, without), `${row.id} is needed`);
  });
}

test('docs/deploy.md lists every row with its source', () => {
  const docs = readFileSync(resolve(import.meta.dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');
  for (const row of WATCH_SERIALISATION) {
    assert.ok(docs.includes(`| \`${row.id}\` |`), `docs/deploy.md has a row for ${row.id}`);
    assert.ok(docs.includes(row.source.replace(/\|/g, '\\|')), `docs/deploy.md gives the source of ${row.id}`);
  }
});
