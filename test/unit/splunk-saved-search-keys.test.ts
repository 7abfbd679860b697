// The saved-search key table, row by row: what splunkd's GET answers for a key (its JSON type,
// written here from savedsearches.conf.spec, alert_actions.conf.spec and a Splunk 10.4.2
// capture, not from the sandbox) and what detctl POSTs for it normalise to the same canonical
// value; and what GET answers for a search that never set the key normalises to the row's
// default. A row without an example here fails, so a new key cannot skip this.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALWAYS_COMPARED, restName, SAVED_SEARCH_KEYS } from '../../src/targets/splunk/saved-search-keys.js';
import { canonicalDesired, canonicalLive, canonicalValue, managedKeys } from '../../src/targets/splunk/normalise-saved-search.js';
import { escuSavedSearch, sigmaSavedSearch } from '../helpers/splunk-saved-searches.js';

interface Example {
  /** The value in a GET's `content` once the key is set. */
  get: unknown;
  /** What detctl's renderers send for it (the strings they write), each equal to `get`. */
  posts: string[];
  /** GET's value for a search that never set the key: the capture's, or undefined when it leaves the key out. */
  unset: unknown;
  /** What that unset value means, canonically (the spec's or the capture's default). */
  unsetMeans: string;
}

const DRILLDOWNS = '[{"name": "View events for $dest$", "search": "index=main | search dest=\\"$dest$\\"", "earliest_offset": "$info_min_time$"}]';
const RISK = '[{"risk_object_field": "dest", "risk_object_type": "system", "risk_score": 72}, {"threat_object_field": "process_name", "threat_object_type": "process_name"}]';

/** Same text both ways: splunkd stores and returns the value as sent. */
const text = (value: string, unset: unknown = undefined, unsetMeans = ''): Example => ({ get: value, posts: [value], unset, unsetMeans });

const EXAMPLES: Record<string, Example> = {
  // Corpus: "search": "" etc.; a trailing newline (a YAML block scalar) is not kept by Splunk's conf.
  search: { get: 'index=main EventCode=4104', posts: ['index=main EventCode=4104\n'], unset: '', unsetMeans: '' },
  description: { get: 'First line.\nSecond line.', posts: ['First line.\nSecond line.\n'], unset: '', unsetMeans: '' },
  // Corpus booleans: real JSON booleans; detctl writes '1'/'0' (Sigma) and 'true'/'false' (ESCU).
  disabled: { get: true, posts: ['1', 'true'], unset: false, unsetMeans: '0' },
  is_scheduled: { get: true, posts: ['1'], unset: false, unsetMeans: '0' },
  cron_schedule: text('*/15 * * * *', ''),
  'dispatch.earliest_time': text('-15m@m', ''),
  'dispatch.latest_time': text('now', ''),
  alert_type: text('number of events', 'always', 'always'),
  alert_comparator: text('greater than', ''),
  // Corpus: "alert_threshold": "" — a string, so "0" comes back as "0".
  alert_threshold: text('0', ''),
  'alert.track': { get: true, posts: ['1'], unset: false, unsetMeans: '0' },
  // Corpus: "alert.severity": 3, a JSON number; detctl writes "4".
  'alert.severity': { get: 4, posts: ['4'], unset: 3, unsetMeans: '3' },
  'alert.digest_mode': { get: true, posts: ['1'], unset: true, unsetMeans: '1' },
  // Corpus: "alert.suppress": null until set; spec: Default false.
  'alert.suppress': { get: true, posts: ['1', 'true'], unset: null, unsetMeans: '0' },
  'alert.suppress.period': text('1h', ''),
  'alert.suppress.fields': text('dest,user', ''),
  'realtime_schedule': { get: false, posts: ['0'], unset: true, unsetMeans: '1' },
  is_visible: { get: false, posts: ['false'], unset: true, unsetMeans: '1' },
  allow_skew: text('100%', '0', '0'),
  schedule_window: text('auto', '0', '0'),
  'action.email': { get: true, posts: ['1'], unset: false, unsetMeans: '0' },
  'action.email.to': text('soc@example.net,ir@example.net', ''),
  // Action parameters come back only with listDefaultActionArgs=true, then with alert_actions.conf's value.
  'action.email.subject': text("Sigma Rule 'X'", 'Splunk Alert: $name$', 'Splunk Alert: $name$'),
  'action.email.subject.alert': text('Alert: X', 'Splunk Alert: $name$', 'Splunk Alert: $name$'),
  'action.email.message.alert': text('X fired', "The alert condition for '$name$' was triggered.", "The alert condition for '$name$' was triggered."),
  'action.email.useNSSubject': { get: '1', posts: ['1'], unset: '0', unsetMeans: '0' },
  // ES's action flags are not in the capture (no ES there): absent when unset, off by the spec's action.<name> = <boolean>.
  'action.notable': { get: true, posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.notable.param.drilldown_searches': text(DRILLDOWNS, '', ''),
  'action.notable.param._entities': text('[{"risk_object_field": "N/A", "risk_object_type": "N/A", "risk_score": 0}]', ''),
  'action.notable.param.nes_fields': text('user,dest', ''),
  'action.notable.param.rule_description': text('Thing ran', ''),
  'action.notable.param.rule_title': text('Suspicious Thing Ran', ''),
  'action.notable.param.security_domain': text('endpoint', ''),
  'action.notable.param.severity': text('high', ''),
  'action.risk': { get: true, posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.risk.param._risk': text(RISK, ''),
  'action.risk.param._risk_message': text('Thing ran on $dest$', ''),
  'action.risk.param._risk_score': text('0', ''),
  'action.risk.param.verbose': { get: '0', posts: ['0'], unset: '0', unsetMeans: '0' },
  'action.correlationsearch.enabled': { get: '1', posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.correlationsearch.detection_type': text('ebd'),
  'action.correlationsearch.label': text('ESCU - Suspicious Thing Ran - Rule', ''),
  'action.correlationsearch.annotations': text('{"analytic_story": ["Thing Persistence"], "type": "TTP"}', ''),
  'action.correlationsearch.metadata': text('{"detection_id": "0b0e7c5e", "deprecated": "0", "publish_time": 1741910400.0}', ''),
  'action.escu': { get: false, posts: ['0'], unset: undefined, unsetMeans: '0' },
  'action.escu.enabled': { get: '1', posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.escu.mappings': text('{"cis20": ["CIS 10"], "nist": ["DE.CM"]}'),
  'action.escu.data_models': text('["Endpoint"]'),
  'action.escu.eli5': text('Detects thing.exe.'),
  'action.escu.how_to_implement': text('Collect process events.'),
  'action.escu.known_false_positives': text('Administrators.'),
  'action.escu.creation_date': text('2025-03-14'),
  'action.escu.modification_date': text('2025-03-14'),
  'action.escu.confidence': text('high'),
  'action.escu.search_type': text('detection'),
  'action.escu.product': text('["Splunk Enterprise", "Splunk Cloud"]'),
  'action.escu.atomic_red_team_guids': text('["3b8f3d54-0b2c-4c1a-9f1e-6a5d4c3b2a10"]'),
  'action.escu.providing_technologies': text('null'),
  'action.escu.analytic_story': text('["Thing Persistence"]'),
  'action.slack': { get: true, posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.slack.param.channel': text('#soc'),
  'action.slack.param.message': text('X fired'),
  'action.sendtophantom': { get: true, posts: ['1'], unset: undefined, unsetMeans: '0' },
  'action.sendtophantom.param._cam_workers': text('["local"]'),
  'action.sendtophantom.param.label': text('detections'),
  'action.sendtophantom.param.phantom_server': text('automation (primary)'),
  'action.sendtophantom.param.sensitivity': text('amber'),
  'action.sendtophantom.param.severity': text('medium'),
};

describe('saved-search keys: splunkd GET form and detctl POST form normalise alike', () => {
  for (const row of SAVED_SEARCH_KEYS) {
    test(`${row.rest} (${row.type}, default ${JSON.stringify(row.default)})`, () => {
      const example = EXAMPLES[row.rest];
      assert.ok(example, `no GET/POST example for ${row.rest}: add one, written from the spec or the capture`);
      const live = canonicalValue(row.rest, example.get);
      for (const post of example.posts) assert.equal(canonicalValue(restName(row.conf ?? row.rest), post), live, `POST ${JSON.stringify(post)} vs GET ${JSON.stringify(example.get)}`);
      assert.equal(row.default, example.unsetMeans, 'the row default is what an unset key means');
      assert.equal(canonicalValue(row.rest, example.unset), example.unsetMeans, `GET ${JSON.stringify(example.unset)} for an unset key`);
      if (example.unsetMeans !== live) assert.notEqual(canonicalValue(row.rest, example.unset), live, 'a set value differs from the unset one');
    });
  }

  test('every example names a row (no stale examples)', () => {
    const rows = new Set(SAVED_SEARCH_KEYS.map((k) => k.rest));
    assert.deepEqual(Object.keys(EXAMPLES).filter((k) => !rows.has(k)), []);
  });

  test('every row cites a source; when-set rows say why', () => {
    for (const row of SAVED_SEARCH_KEYS) {
      assert.ok(row.source.length > 0, row.rest);
      if (row.compared === 'when-set') assert.ok(row.why, `${row.rest} is when-set without a reason`);
    }
  });
});

describe('saved-search keys: the table covers what detctl writes', () => {
  test('every key the Sigma and ESCU renderers write has a row', () => {
    const rows = new Set(SAVED_SEARCH_KEYS.map((k) => k.rest));
    const written = [sigmaSavedSearch(), escuSavedSearch()].flatMap((s) => Object.keys(s.content).map(restName));
    assert.deepEqual([...new Set(written.filter((k) => !rows.has(k)))], []);
  });

  test('conf names are sent and compared by their REST names', () => {
    const canonical = canonicalDesired({ enableSched: '1', counttype: 'number of events', relation: 'greater than', quantity: '0' });
    assert.equal(canonical.is_scheduled, '1');
    assert.equal(canonical.alert_type, 'number of events');
    assert.equal(canonical.alert_comparator, 'greater than');
    assert.equal(canonical.alert_threshold, '0');
    assert.ok(!('enableSched' in canonical));
  });

  test('turning an action off in a rule is a change: the action flags are always compared', () => {
    for (const flag of ['action.email', 'action.notable', 'action.risk']) assert.ok(ALWAYS_COMPARED.includes(flag), flag);
    const desired = canonicalDesired({ search: 'x' });
    const live = canonicalLive({ search: 'x', 'action.risk': true }, managedKeys({ search: 'x' }));
    assert.equal(desired['action.risk'], '0');
    assert.equal(live['action.risk'], '1');
  });
});

describe('saved-search keys: what is and is not the same value', () => {
  test('a JSON value is compared as text: splunkd returns it verbatim, so other spacing is a change', () => {
    // Corpus: display.events.fields is ["host","source","sourcetype"] but singlevalue.rangeColors is
    // ["0x53a051", "0x0877a6", …]: each as written in system/default, not re-serialised.
    assert.notEqual(canonicalValue('action.risk.param._risk', '[{"a": 1}]'), canonicalValue('action.risk.param._risk', '[{"a":1}]'));
  });

  test('numbers: "4", 4 and 4.0 are one value; text that is no number stays text', () => {
    assert.equal(canonicalValue('alert.severity', '4'), canonicalValue('alert.severity', 4.0));
    assert.equal(canonicalValue('alert.severity', ' 4 '), '4');
    assert.notEqual(canonicalValue('alert.severity', '5'), canonicalValue('alert.severity', 4));
  });

  test('a boolean setting that holds no boolean keeps its text (alert.track = auto)', () => {
    assert.equal(canonicalValue('alert.track', 'auto'), 'auto');
    assert.notEqual(canonicalValue('alert.track', 'auto'), canonicalValue('alert.track', false));
  });

  test('surrounding whitespace and newlines are not a change; inner newlines are', () => {
    assert.equal(canonicalValue('search', 'a\n| b\n'), canonicalValue('search', 'a\n| b'));
    assert.notEqual(canonicalValue('search', 'a\n| b'), canonicalValue('search', 'a | b'));
  });

  test('a key without a row is compared as text when set, and is absent otherwise', () => {
    assert.equal(canonicalValue('action.custom.param.x', ' 1 '), '1');
    assert.ok(!managedKeys({}).includes('action.custom.param.x'));
  });
});
