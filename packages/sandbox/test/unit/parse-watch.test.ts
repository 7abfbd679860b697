// The watch normaliser, without HTTP: each case is what ES writes back for what was sent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, JsonObject } from '../../src/json.js';
import { EsHttpError } from '../../src/elasticsearch/es-errors.js';
import { parseWatch } from '../../src/elasticsearch/watcher/parse-watch.js';

const trigger = { schedule: { interval: '1m' } };

function normalised(watch: JsonObject, options = {}): JsonObject {
  return parseWatch('w', watch, options);
}

function reason(watch: Json): string {
  try {
    parseWatch('w', watch);
  } catch (error) {
    assert.ok(error instanceof EsHttpError);
    return error.esCause.reason ?? '';
  }
  throw new Error('expected a parse error');
}

describe('sandbox watch normaliser', () => {
  const cases: [string, JsonObject, (out: JsonObject) => Json, Json][] = [
    ['weekly becomes an array with day arrays in EnumSet order', { trigger: { schedule: { weekly: { on: ['fri', 'monday'], at: 'noon' } } } }, (o) => o.trigger, { schedule: { weekly: [{ on: ['monday', 'friday'], at: ['noon'] }] } }],
    ['monthly on one day', { trigger: { schedule: { monthly: { on: 10, at: '17:30' } } } }, (o) => o.trigger, { schedule: { monthly: [{ on: [10], at: ['17:30'] }] } }],
    ['yearly with a month name', { trigger: { schedule: { yearly: { in: 'jan', on: 1, at: 'midnight' } } } }, (o) => o.trigger, { schedule: { yearly: [{ in: ['january'], on: [1], at: ['midnight'] }] } }],
    ['a one-element cron array is written as a string; the timezone stays beside it', { trigger: { schedule: { cron: ['0 0/5 * * * ?'], timezone: 'Europe/Paris' } } }, (o) => o.trigger, { schedule: { cron: '0 0/5 * * * ?', timezone: 'Europe/Paris' } }],
    ['several type keys in one schedule: the last wins', { trigger: { schedule: { interval: '1m', cron: '0 0 12 * * ?' } } }, (o) => o.trigger, { schedule: { cron: '0 0 12 * * ?' } }],
    ['array_compare gains its quantifier', { trigger, condition: { array_compare: { 'ctx.payload.aggregations.x.buckets': { path: 'doc_count', gte: { value: 5 } } } } }, (o) => o.condition, { array_compare: { 'ctx.payload.aggregations.x.buckets': { path: 'doc_count', gte: { value: 5, quantifier: 'some' } } } }],
    ['a script given as an object keeps params, gains lang', { trigger, transform: { script: { source: 'return ctx.payload', params: { a: 1 } } } }, (o) => o.transform, { script: { source: 'return ctx.payload', lang: 'painless', params: { a: 1 } } }],
    ['a chain transform normalises each step', { trigger, transform: { chain: [{ script: 'a' }, { search: { request: { indices: 'x' } } }] } }, (o) => o.transform, { chain: [{ script: { source: 'a', lang: 'painless' } }, { search: { request: { search_type: 'query_then_fetch', indices: ['x'], rest_total_hits_as_int: true } } }] }],
    ['an object text template becomes a mustache script', { trigger, actions: { l: { logging: { text: { source: '{{ctx.id}}' }, level: 'WARN' } } } }, (o) => o.actions, { l: { logging: { level: 'warn', text: { source: '{{ctx.id}}', lang: 'mustache' } } } }],
    ['attach_data: true is the YAML attachment', { trigger, actions: { m: { email: { to: ['a@x'], attach_data: true } } } }, (o) => o.actions, { m: { email: { profile: 'standard', attach_data: { format: 'yaml' }, to: ['a@x'] } } }],
    ['a data attachment without a format is YAML (DataAttachmentParser)', { trigger, actions: { m: { email: { to: 'a@x', attachments: { 'd.yml': { data: {} }, 'd.json': { data: { format: 'JSON' } } } } } } }, (o) => o.actions, { m: { email: { profile: 'standard', attachments: { 'd.yml': { data: { format: 'yaml' } }, 'd.json': { data: { format: 'json' } } }, to: ['a@x'] } } }],
    ['an email password without a user is dropped (EmailAction builds its Authentication only with a user)', { trigger, actions: { m: { email: { to: 'a@x', password: 'p' } } } }, (o) => o.actions, { m: { email: { profile: 'standard', to: ['a@x'] } } }],
    ['index action: timeout to millis, in ES order', { trigger, actions: { i: { index: { refresh: 'wait_for', timeout: '1m', index: 'alerts', op_type: 'CREATE' } } } }, (o) => o.actions, { i: { index: { index: 'alerts', op_type: 'create', timeout_in_millis: 60000, refresh: 'wait_for' } } }],
    ['foreach gains max_iterations 100', { trigger, actions: { l: { foreach: 'ctx.payload.hits.hits', logging: { text: 'x' } } } }, (o) => o.actions, { l: { foreach: 'ctx.payload.hits.hits', max_iterations: 100, logging: { level: 'info', text: 'x' } } }],
    ['an http input from a url', { trigger, input: { http: { request: { url: 'https://h:9443/p?q=1' } } } }, (o) => o.input, { http: { request: { scheme: 'https', host: 'h', port: 9443, method: 'get', path: '/p', params: { q: '1' }, headers: {} } } }],
    ['a chain input normalises each named input', { trigger, input: { chain: { inputs: [{ first: { simple: { a: 1 } } }, { second: { none: {} } }] } } }, (o) => o.input, { chain: { inputs: [{ first: { simple: { a: 1 } } }, { second: { none: {} } }] } }],
    ['throttle_period_in_millis given as a number is kept', { trigger, throttle_period_in_millis: 5000 }, (o) => o.throttle_period_in_millis, 5000],
  ];
  for (const [name, watch, pick, expected] of cases) {
    test(name, () => {
      assert.deepEqual(pick(normalised(watch)), expected);
    });
  }

  test('normalising is idempotent: what GET returns parses to itself', () => {
    for (const [, watch] of cases) {
      const once = normalised(watch);
      assert.deepEqual(normalised(once), once);
    }
  });

  test('a versioned update may echo ::es_redacted::, which leaves the password out (the stored one survives the merge)', () => {
    const watch = { trigger, actions: { m: { email: { to: 'a@x', user: 'u', password: '::es_redacted::' } } } };
    assert.equal(reason(watch), 'found redacted password in field [password]');
    const out = normalised(watch, { allowRedacted: true }) as { actions: { m: { email: JsonObject } } };
    assert.equal(out.actions.m.email.password, undefined);
    assert.equal((normalised({ ...watch, actions: { m: { email: { to: 'a', user: 'u', password: 'p' } } } }, { hideSecrets: true }) as typeof out).actions.m.email.password, '::es_redacted::');
  });

  test('error texts follow the ES parsers', () => {
    assert.equal(reason([]), 'could not parse watch [w], unexpected token [START_ARRAY]');
    assert.equal(reason({ trigger: { timer: {} } }), 'could not parse trigger [timer] for [w]. unknown trigger type [timer]');
    assert.equal(reason({ trigger: { schedule: { every: '1m' } } }), 'could not parse schedule for watch [w]. unknown schedule type [every]');
    assert.equal(reason({ trigger: { schedule: {} } }), 'could not parse schedule. expected a schedule type field, but no fields were found');
    assert.equal(reason({ trigger: { schedule: { interval: '5ms' } } }), 'could not parse schedule: could not parse [interval] schedule. could not parse [5m] as a [seconds] duration');
    assert.equal(reason({ trigger, input: {} }), 'could not parse input for watch [w]. expected field indicating the input type, but found an empty object instead');
    assert.equal(reason({ trigger, input: { search: { request: { indices: [1] } } } }), 'could not parse [search] input for watch [w]. failed to parse [request]');
    assert.equal(reason({ trigger, condition: { compare: { 'ctx.x': { around: 1 } } } }), 'could not parse [compare] condition for watch [w]. unknown comparison operator [around]');
    assert.equal(reason({ trigger, actions: { a: { throttle_period: '5', logging: { text: 'x' } } } }), 'could not parse action [w/a]. failed to parse field [throttle_period] as time value');
    assert.equal(reason({ trigger, actions: { a: { throttle_period: '5m' } } }), 'could not parse watch action [w/a]. missing action type');
    assert.equal(reason({ trigger, actions: { a: { logging: {} } } }), 'failed to parse [logging] action [w/a]. missing required [text] field');
    assert.equal(reason({ trigger, throttle_period: '1.5s' }), 'could not parse watch [w]. failed to parse time value for field [throttle_period]');
    assert.equal(reason({ trigger, actions: { 'a b': { logging: { text: 'x' } } } }), 'could not parse action [a b] for watch [w]. id contains whitespace');
  });

  test('hourly and daily schedules know one field each; a search transform has no extract (SearchTransform.parse)', () => {
    assert.equal(reason({ trigger: { schedule: { daily: { time: '09:00' } } } }), 'could not parse [daily] schedule. unexpected field [time]');
    assert.equal(reason({ trigger: { schedule: { hourly: { minutes: [5] } } } }), 'could not parse [hourly] schedule. unexpected field [minutes]');
    assert.equal(reason({ trigger, transform: { search: { request: { indices: ['a'] }, extract: ['hits'] } } }), 'could not parse [search] transform for watch [w]. unexpected field [extract]');
    assert.deepEqual(normalised({ trigger, input: { search: { request: { indices: ['a'] }, extract: ['hits'] } } }).input, { search: { request: { search_type: 'query_then_fetch', indices: ['a'], rest_total_hits_as_int: true }, extract: ['hits'] } });
  });

  test('an action whose value is not an object is skipped, as ActionRegistry.parseActions skips it; an empty action id is refused', () => {
    assert.deepEqual(normalised({ trigger, actions: { a: 'x', b: { logging: { text: 'y' } } } }).actions, { b: { logging: { level: 'info', text: 'y' } } });
    assert.equal(reason({ trigger, actions: { '': { logging: { text: 'x' } } } }), 'could not parse action [] for watch [w]. id contains whitespace');
  });

  test('a schedule timezone must be one TimezoneUtils.parse knows', () => {
    for (const tz of ['Europe/Paris', 'europe/paris', 'UTC', 'Z', '+1', '+01:00', 'GMT+2']) {
      assert.deepEqual(normalised({ trigger: { schedule: { cron: '0 0 6 * * ?', timezone: tz } } }).trigger, { schedule: { cron: '0 0 6 * * ?', timezone: tz } }, tz);
    }
    assert.match(reason({ trigger: { schedule: { cron: '0 0 6 * * ?', timezone: 'Europe/Pariss' } } }), /timezone \[Europe\/Pariss\]/);
  });

  test("cron values out of their field's range and unknown names are refused, as Cron.addToSet and storeExpressionVals refuse them", () => {
    const cronCause = (expression: string): string => {
      try {
        parseWatch('w', { trigger: { schedule: { cron: expression } } });
      } catch (error) {
        assert.ok(error instanceof EsHttpError);
        assert.equal(error.esCause.reason, 'could not parse [cron] schedule');
        return JSON.stringify(error.esCause);
      }
      return 'accepted';
    };
    assert.match(cronCause('0 0 25 * * ?'), /Hour values must be between 0 and 23/);
    assert.match(cronCause('0 60 * * * ?'), /Minute and Second values must be between 0 and 59/);
    assert.match(cronCause('0 0 12 32 * ?'), /Day of month values must be between 1 and 31/);
    assert.match(cronCause('0 0 12 ? 13 MON'), /Month values must be between 1 and 12/);
    assert.match(cronCause('0 0 12 ? * 8'), /Day-of-Week values must be between 1 and 7/);
    assert.match(cronCause('0 0 9 ? * MOM-FRI'), /invalid Day-of-Week value \[MOM\]/);
    assert.match(cronCause('0 0 9 ? JUX *'), /invalid Month value \[JUX\]/);
    assert.match(cronCause('0 0 MON ? * *'), /illegal characters \[MON\]/);
    for (const ok of ['0 0 12 ? JUL MON-FRI', '0 15 10 ? * 6L', '0 0 12 L * ?', '0 0 12 L-3 * ?', '0 0 8 15W * ?', '0 0 12 LW * ?', '0 0 9 ? * 2#1', '0 0/5 * * * ?', '0 0 12 1 JAN ? 2030']) {
      assert.equal(cronCause(ok), 'accepted', ok);
    }
  });
});
