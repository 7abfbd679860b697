// The slack, pagerduty and jira actions as Watcher parses them (SlackAction.parse +
// SlackMessage.Template.parse, PagerDutyAction.parse → IncidentEvent.Template.parse,
// JiraAction.parse) and writes them back (each class's toXContent): accepted forms, GET forms,
// and the errors for what ES refuses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Json, JsonObject } from '../../src/json.js';
import { EsHttpError } from '../../src/elasticsearch/es-errors.js';
import { parseWatch } from '../../src/elasticsearch/watcher/parse-watch.js';

const trigger = { schedule: { interval: '1m' } };
const withAction = (action: JsonObject): JsonObject => ({ trigger, actions: { a: action } });
const getForm = (action: JsonObject): Json => (parseWatch('w', withAction(action)).actions as JsonObject).a;

function reason(action: JsonObject): string {
  try {
    parseWatch('w', withAction(action));
  } catch (error) {
    assert.ok(error instanceof EsHttpError);
    return [error.esCause.reason, error.esCause.causedBy?.reason].filter(Boolean).join(' | ');
  }
  throw new Error('expected a parse error');
}

describe('slack action', () => {
  test('GET writes account, proxy, message; message keys in toXContent order; to as an array', () => {
    const put = { slack: { message: { icon: ':x:', text: 'hits', to: '#soc', from: 'detctl' }, proxy: { host: 'p', port: 3128 }, account: 'main' } };
    assert.deepEqual(JSON.stringify(getForm(put)), JSON.stringify({ slack: { account: 'main', proxy: { host: 'p', port: 3128 }, message: { from: 'detctl', to: ['#soc'], text: 'hits', icon: ':x:' } } }));
  });
  test('a single attachment becomes an array; empty to and attachments are not written back', () => {
    assert.deepEqual(getForm({ slack: { message: { to: [], text: 't', attachments: { title: 'x' } } } }), { slack: { message: { text: 't', attachments: [{ title: 'x' }] } } });
    assert.deepEqual(getForm({ slack: { message: { text: 't', attachments: [] } } }), { slack: { message: { text: 't' } } });
  });
  test('an object text template becomes a mustache script', () => {
    assert.deepEqual(getForm({ slack: { message: { text: { source: '{{ctx.id}}' } } } }), { slack: { message: { text: { source: '{{ctx.id}}', lang: 'mustache' } } } });
  });
  test('refusals, in ES wording', () => {
    assert.equal(reason({ slack: { account: 'main' } }), 'failed to parse [slack] action [w/a]. missing required [message] field');
    assert.match(reason({ slack: { message: { text: 't', channel: '#x' } } }), /^failed to parse \[slack\] action \[w\/a\]\. failed to parse \[message\] field \| could not parse slack message\. unknown field \[channel\]\.$/);
    assert.equal(reason({ slack: { message: { text: 't' }, channel: '#x' } }), 'failed to parse [slack] action [w/a]. unexpected token [VALUE_STRING]');
    assert.equal(reason({ slack: { message: { text: 't' }, account: 5 } }), 'failed to parse [slack] action [w/a]. expected [account] to be of type string, but found [VALUE_NUMBER] instead');
  });
});

describe('pagerduty action', () => {
  test('without a description the watch is stored with description: null, which cannot be read back (GET re-parses it)', () => {
    const stored = parseWatch('w', withAction({ pagerduty: { event_type: 'trigger' } }));
    assert.deepEqual((stored.actions as JsonObject).a, { pagerduty: { description: null, event_type: 'trigger' } });
    assert.throws(() => parseWatch('w', stored), (e: unknown) => e instanceof EsHttpError && e.esCause.type === 'x_content_parse_exception' && e.esCause.reason === '[script] Expected START_OBJECT but was: FIELD_NAME');
  });
  test('description is written even when absent (null); keys in toXContent order; context → contexts', () => {
    const put = { pagerduty: { context: [{ type: 'link', href: 'https://x' }], account: 'pd', attach_payload: true, event_type: 'trigger', incident_key: 'k' } };
    assert.deepEqual(
      JSON.stringify(getForm(put)),
      JSON.stringify({ pagerduty: { description: null, incident_key: 'k', event_type: 'trigger', attach_payload: true, account: 'pd', contexts: [{ type: 'link', href: 'https://x' }] } }),
    );
  });
  test('a contexts value that is not an array is passed over', () => {
    assert.deepEqual(getForm({ pagerduty: { description: 'd', contexts: 'x' } }), { pagerduty: { description: 'd' } });
  });
  test('refusals, in ES wording', () => {
    assert.equal(reason({ pagerduty: { description: 'd', severity: 'high' } }), 'could not parse pager duty event template. unexpected field [severity]');
    assert.equal(reason({ pagerduty: { attach_payload: 'yes' } }), 'could not parse pager duty event template. failed to parse field [attach_payload], expected a boolean value but found [VALUE_STRING] instead');
  });
});

describe('jira action', () => {
  test('fields defaults to {} and is always written; account and fields kept', () => {
    assert.deepEqual(getForm({ jira: { account: 'j' } }), { jira: { account: 'j', fields: {} } });
    const fields = { project: { key: 'SOC' }, summary: '{{ctx.watch_id}}', labels: ['a'] };
    assert.deepEqual(getForm({ jira: { fields, account: 'j' } }), { jira: { account: 'j', fields } });
  });
  test('refusals, in ES wording', () => {
    assert.equal(reason({ jira: { fields: {}, project: 'SOC' } }), 'failed to parse [jira] action [w/a]. unexpected token [VALUE_STRING/project]');
    assert.equal(reason({ jira: { fields: 'x' } }), 'failed to parse [jira] action [w/a]. failed to parse [fields] field');
    assert.equal(reason({ jira: { account: ['j'] } }), 'failed to parse [jira] action [w/a]. expected [account] to be of type string, but found [START_ARRAY] instead');
  });
});
