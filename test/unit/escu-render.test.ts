// ESCU detections into saved searches, as contentctl's savedsearches_detections.j2 writes them:
// the key set differs per type (through its deployment), keys come in template order, values are
// the strings Splunk holds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticError } from '../../src/diagnostics.js';
import { checkEscuDeployment, renderEscuDetection } from '../../src/targets/splunk/escu-saved-search.js';
import { tojson, PyFloat } from '../../src/targets/splunk/jinja-json.js';
import { detection, deployment, RBA } from './escu-fixtures.js';

const SETTINGS = { app: 'escu_app', owner: 'nobody', target: 'splunk' };

const ESCU_KEYS = [
  'action.escu',
  'action.escu.enabled',
  'description',
  'action.escu.mappings',
  'action.escu.data_models',
  'action.escu.eli5',
  'action.escu.how_to_implement',
  'action.escu.known_false_positives',
  'action.escu.creation_date',
  'action.escu.modification_date',
  'action.escu.confidence',
  'action.escu.search_type',
  'action.escu.product',
  'action.escu.providing_technologies',
  'action.escu.analytic_story',
];
const RISK_KEYS = ['action.risk', 'action.risk.param._risk_message', 'action.risk.param._risk', 'action.risk.param._risk_score', 'action.risk.param.verbose'];
const SCHEDULE_AND_ES_KEYS = [
  'cron_schedule',
  'dispatch.earliest_time',
  'dispatch.latest_time',
  'action.correlationsearch.enabled',
  'action.correlationsearch.detection_type',
  'action.correlationsearch.label',
  'action.correlationsearch.annotations',
  'action.correlationsearch.metadata',
  'schedule_window',
];
const NOTABLE_KEYS = [
  'action.notable',
  'action.notable.param._entities',
  'action.notable.param.nes_fields',
  'action.notable.param.rule_description',
  'action.notable.param.rule_title',
  'action.notable.param.security_domain',
  'action.notable.param.severity',
];
const FIXED_KEYS = ['alert.digest_mode', 'disabled', 'enableSched', 'allow_skew', 'counttype', 'relation', 'quantity', 'realtime_schedule', 'is_visible'];
const SEARCH_KEYS = ['search', 'action.notable.param.drilldown_searches'];

function render(type: string, parts: Parameters<typeof detection>[0] = {}, settings: Parameters<typeof renderEscuDetection>[2] = SETTINGS) {
  return renderEscuDetection(detection({ type, ...parts }), deployment(type), settings);
}

describe('key set per type, in template order', () => {
  test('TTP: ESCU, risk, schedule and ES, notable, fixed, search', () => {
    const s = render('TTP');
    assert.deepEqual(Object.keys(s.content), [...ESCU_KEYS, ...RISK_KEYS, ...SCHEDULE_AND_ES_KEYS, ...NOTABLE_KEYS, ...FIXED_KEYS, ...SEARCH_KEYS]);
  });

  test('Anomaly: risk but no notable', () => {
    const s = render('Anomaly');
    assert.deepEqual(Object.keys(s.content), [...ESCU_KEYS, ...RISK_KEYS, ...SCHEDULE_AND_ES_KEYS, ...FIXED_KEYS, ...SEARCH_KEYS]);
  });

  test('Hunting: neither risk nor notable, and still a drilldown key', () => {
    const s = render('Hunting', { rba: null, drilldowns: null });
    assert.deepEqual(Object.keys(s.content), [...ESCU_KEYS, ...SCHEDULE_AND_ES_KEYS, ...FIXED_KEYS, ...SEARCH_KEYS]);
    assert.equal(s.content['action.notable.param.drilldown_searches'], '[]');
  });

  test("Correlation: notable titled 'RBA: ', no risk, severity high", () => {
    const s = render('Correlation', { rba: null });
    assert.deepEqual(Object.keys(s.content), [...ESCU_KEYS, ...SCHEDULE_AND_ES_KEYS, ...NOTABLE_KEYS, ...FIXED_KEYS, ...SEARCH_KEYS]);
    assert.equal(s.content['action.notable.param.rule_title'], 'RBA: Suspicious Thing Ran');
    assert.equal(s.content['action.notable.param.severity'], 'high');
    assert.equal(s.content['action.escu.mappings'], '{"cis20": ["CIS 10"], "mitre_attack": ["T1543.003"], "nist": ["DE.AE"]}');
  });
});

describe('values', () => {
  const ttp = render('TTP');
  const c = ttp.content;

  test('name, label, ownership', () => {
    assert.equal(ttp.name, 'ESCU - Suspicious Thing Ran - Rule');
    assert.equal(c['action.correlationsearch.label'], ttp.name);
    assert.deepEqual([ttp.kind, ttp.app, ttp.owner, ttp.target, ttp.source], ['saved-search', 'escu_app', 'nobody', 'splunk', 'rules/escu/suspicious_thing_ran.yml']);
    assert.equal(render('TTP', {}, { ...SETTINGS, namePrefix: 'ACME - ' }).name, 'ACME - Suspicious Thing Ran - Rule');
  });

  test('the schedule comes from the deployment', () => {
    assert.equal(c.cron_schedule, '*/15 * * * *');
    assert.equal(c['dispatch.earliest_time'], '-20m@m');
    assert.equal(c['dispatch.latest_time'], '-5m@m');
    assert.equal(c.schedule_window, 'auto');
  });

  test('risk: risk objects then threat objects, each sorted; message as written', () => {
    assert.equal(c['action.risk.param._risk_message'], 'Thing ran on $dest$ by $user$');
    assert.equal(
      c['action.risk.param._risk'],
      '[{"risk_object_field": "dest", "risk_object_type": "system", "risk_score": 72}, {"risk_object_field": "user", "risk_object_type": "user", "risk_score": 56}, {"threat_object_field": "process_name", "threat_object_type": "process_name"}]',
    );
  });

  test('notable: %name% and %description% substituted, severity from the highest score', () => {
    assert.equal(c['action.notable.param.rule_title'], 'Suspicious Thing Ran');
    assert.match(c['action.notable.param.rule_description'], /^Detects thing\.exe/);
    assert.equal(c['action.notable.param.nes_fields'], 'user,dest');
    assert.equal(c['action.notable.param.severity'], 'high'); // 72
    assert.equal(c['action.notable.param._entities'], '[{"risk_object_field": "N/A", "risk_object_type": "N/A", "risk_score": 0}]');
  });

  test('drilldowns: the placeholder replaced by the search, a null offset left out, JSON as Jinja writes it', () => {
    const drilldowns = JSON.parse(c['action.notable.param.drilldown_searches']) as Record<string, string>[];
    const search = detection().search;
    assert.equal(drilldowns[0].search, `${search} | search dest = "$dest$"`);
    assert.deepEqual(Object.keys(drilldowns[1]), ['earliest_offset', 'name', 'search']);
    assert.match(c['action.notable.param.drilldown_searches'], /\\"ATT\\u0026CK Tactics\\"/);
    assert.match(c['action.notable.param.drilldown_searches'], /^\[\{"earliest_offset": "\$info_min_time\$", "latest_offset": "\$info_max_time\$", "name": /);
  });

  test('ESCU metadata, annotations and derived values', () => {
    assert.equal(c['action.escu.data_models'], '["Endpoint"]');
    assert.equal(c['action.escu.providing_technologies'], '["Carbon Black Response", "CrowdStrike Falcon", "Microsoft Sysmon", "Microsoft Windows", "Symantec Endpoint Protection"]');
    assert.equal(c['action.correlationsearch.metadata'], '{"deprecated": "0", "detection_id": "0b0e7c5e-9b1c-4f3a-9d6e-3c1f2a4b5c6d", "detection_version": "3", "publish_time": 1741910400.0}');
    assert.equal(
      c['action.correlationsearch.annotations'],
      '{"analytic_story": ["Thing Persistence"], "cis20": ["CIS 10"], "data_source": ["Sysmon EventID 1"], "mitre_attack": ["T1543.003"], "nist": ["DE.CM"], "type": "TTP", "type_list": ["TTP"]}',
    );
    assert.equal(c.description, 'Detects thing.exe, which an intruder runs to stay on a host. Café owners beware.');
    assert.equal(c.disabled, 'true');
  });

  test('status warnings and the deprecated flag', () => {
    const experimental = render('TTP', { status: 'experimental' }).content;
    assert.match(experimental.description, /^\*\*WARNING\*\*, this detection is marked \*\*EXPERIMENTAL\*\*.* Detects thing\.exe/);
    assert.equal(experimental['action.escu.eli5'], experimental.description);
    const deprecated = render('TTP', { status: 'deprecated' }).content;
    assert.match(deprecated.description, /marked \*\*DEPRECATED\*\*/);
    assert.match(deprecated['action.correlationsearch.metadata'], /"deprecated": "1"/);
  });

  test('a multi-line search: stripped, a space before each line break (contentctl escapeNewlines)', () => {
    const search = '|-\n  `sysmon` EventCode=1\n  | stats count by dest user process_name\n  | `suspicious_thing_ran_filter`';
    const s = render('TTP', { search }).content;
    assert.equal(s.search, '`sysmon` EventCode=1 \n| stats count by dest user process_name \n| `suspicious_thing_ran_filter`');
    assert.match(s['action.notable.param.drilldown_searches'], /"search": "`sysmon` EventCode=1\\n\| stats count/);
  });

  test('throttling, atomic tests and CVEs', () => {
    const tags = ['  throttling:', '    fields: [dest, user]', '    period: 86400s', '  atomic_guid:', '  - 3b8f3d54-0b2c-4c1a-9f1e-6a5d4c3b2a10', '  cve:', '  - CVE-2024-12345'].join('\n');
    const s = render('TTP', { tags }).content;
    assert.equal(s['alert.suppress'], 'true');
    assert.equal(s['alert.suppress.fields'], 'dest,user');
    assert.equal(s['alert.suppress.period'], '86400s');
    assert.equal(s['action.escu.atomic_red_team_guids'], '["3b8f3d54-0b2c-4c1a-9f1e-6a5d4c3b2a10"]');
    assert.match(s['action.correlationsearch.annotations'], /"cve": \["CVE-2024-12345"\]/);
    assert.deepEqual(Object.keys(s).slice(-6), ['is_visible', 'alert.suppress', 'alert.suppress.fields', 'alert.suppress.period', 'search', 'action.notable.param.drilldown_searches']);
  });

  test('an inline deployment replaces the type default', () => {
    const extra = ['deployment:', '  scheduling:', "    cron_schedule: '5 * * * *'", '    earliest_time: -65m@m', '    latest_time: -5m@m', '  alert_action:', '    rba:', '      enabled: true', '    email:', "      subject: 'Alert: %name%'", '      to: soc@example.net', '      message: See %name%'].join('\n');
    const d = detection({ type: 'TTP', extra });
    const s = renderEscuDetection(d, d.deployment!, SETTINGS).content;
    assert.equal(s.cron_schedule, '5 * * * *');
    assert.equal(s['action.email.subject.alert'], 'Alert: Suspicious Thing Ran');
    assert.equal(s['action.email.to'], 'soc@example.net');
    assert.equal(s['action.notable'], undefined);
    assert.equal(s.schedule_window, undefined);
  });
});

describe('what is not rendered', () => {
  test('a detection and its deployment must agree on rba', () => {
    assert.match(checkEscuDeployment(detection({ type: 'TTP', rba: null }), deployment('TTP'))[0].message, /needs 'rba'/);
    assert.match(checkEscuDeployment(detection({ type: 'Hunting', rba: RBA }), deployment('Hunting'))[0].message, /'rba' would be ignored/);
    assert.throws(() => renderEscuDetection(detection({ type: 'Anomaly', rba: null }), deployment('Anomaly'), SETTINGS), DiagnosticError);
  });

  test('a removed detection', () => {
    const removed = detection({ status: 'removed', drilldowns: null, tests: null });
    assert.throws(() => renderEscuDetection(removed, deployment('TTP'), SETTINGS), (e: unknown) => e instanceof DiagnosticError && /status removed/.test(e.message));
  });

  test('a name ES would refuse once it adds the security domain', () => {
    assert.throws(() => render('TTP', {}, { ...SETTINGS, namePrefix: `${'Acme Corporation Security Operations Centre '.repeat(2)}- ` }), /too long for ES/);
  });
});

describe("Jinja's tojson", () => {
  test('sorted keys, Python separators, ASCII and HTML-safe escapes, Python floats', () => {
    assert.equal(tojson({ b: [1, 'x'], a: null, c: true }), '{"a": null, "b": [1, "x"], "c": true}');
    assert.equal(tojson('<a href=\'x\'>&</a> é 😀 "q" \\ \n\t'), '"\\u003ca href=\\u0027x\\u0027\\u003e\\u0026\\u003c/a\\u003e \\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\n\\t"');
    assert.equal(tojson(new PyFloat(1741910400)), '1741910400.0');
    assert.equal(tojson([]), '[]');
  });
});

test('ESCU searches deploy disabled unless the detection or the environment enables them', () => {
  const d = detection({ type: 'TTP' });
  assert.equal(renderEscuDetection(d, deployment('TTP'), SETTINGS).content.disabled, 'true');
  assert.equal(renderEscuDetection(d, deployment('TTP'), { ...SETTINGS, enabled: true }).content.disabled, 'false');
  assert.equal(renderEscuDetection({ ...d, enabledByDefault: true }, deployment('TTP'), SETTINGS).content.disabled, 'false');
  assert.equal(renderEscuDetection({ ...d, enabledByDefault: true }, deployment('TTP'), { ...SETTINGS, enabled: false }).content.disabled, 'true');
});
