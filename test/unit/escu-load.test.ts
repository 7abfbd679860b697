// Loading ESCU detections, deployments and macros: contentctl v5's rules, and every problem as a
// diagnostic at the file and line of the key it is about.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml-tree.js';
import { isEscuDetection } from '../../src/rules/escu/load-escu-detection.js';
import { loadEscuDeployment } from '../../src/rules/escu/load-escu-deployments.js';
import { loadEscuMacro } from '../../src/rules/escu/load-escu-macros.js';
import { assertDiagnostic, detection, detectionYaml, DRILLDOWNS, deploymentYaml, lineOf, loadDetection, pathFor } from './escu-fixtures.js';

const PATH = pathFor();

describe('a valid detection', () => {
  test('loads with its data and key locations', () => {
    const d = detection();
    assert.equal(d.kind, 'escu');
    assert.equal(d.type, 'TTP');
    assert.equal(d.creationDate, '2025-03-14');
    assert.equal(d.rendered, true);
    assert.equal(d.drilldownSearches.length, 2);
    assert.equal(d.drilldownSearches[1].latestOffset, null);
    assert.deepEqual(d.rba?.riskObjects.map((o) => o.field), ['user', 'dest']);
    assert.deepEqual(d.tags.mitreAttackId, ['T1543.003']);
    assert.equal(d.keyLocations.search.line, lineOf(detectionYaml(), 'search:'));
  });

  test('is told apart from a Sigma rule', () => {
    const escu = parseYaml(detectionYaml(), PATH).documents[0];
    const sigma = parseYaml('title: t\nname: n\ntype: x\nsearch: y\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\n', 'r.yml').documents[0];
    assert.equal(isEscuDetection(escu), true);
    assert.equal(isEscuDetection(sigma), false);
  });

  test("status 'removed' loads but is not rendered", () => {
    const d = detection({ status: 'removed', drilldowns: null, tests: null });
    assert.equal(d.status, 'removed');
    assert.equal(d.rendered, false);
  });

  test('the newer shape (creation/modification dates, finding) reads as v5', () => {
    const text = detectionYaml({ rba: null, tests: null, extra: ["creation_date: '2021-11-15'", "modification_date: '2026-05-13'", 'finding:', '  title: Thing ran on $dest$', '  entity:', '    field: dest', '    type: system', '    score: 50', 'tests:', '- name: True Positive Test', '  attack_data:', '  - data: https://example.com/d.log', '    source: s', '    sourcetype: st', '  test_type: unit'].join('\n') }).replace("date: '2025-03-14'\n", '');
    const { detection: d, diagnostics } = loadDetection(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(d!.creationDate, '2021-11-15');
    assert.equal(d!.modificationDate, '2026-05-13');
    assert.deepEqual(d!.rba, { message: 'Thing ran on $dest$', riskObjects: [{ field: 'dest', type: 'system', score: 50 }], threatObjects: [] });
    assert.equal(d!.tests[0].testType, 'unit');
  });
});

describe('detection errors name the file and line', () => {
  test('a missing required key', () => {
    const text = detectionYaml().replace(/^how_to_implement:.*\n/m, '');
    const { detection: d, diagnostics } = loadDetection(text);
    assert.equal(d, undefined);
    assertDiagnostic(diagnostics, /needs the key 'how_to_implement'/, PATH, 1);
  });

  test('a missing nested key points at its parent', () => {
    const text = detectionYaml().replace(/^ {2}security_domain:.*\n/m, '');
    assertDiagnostic(loadDetection(text).diagnostics, /'tags' needs the key 'security_domain'/, PATH, lineOf(text, 'tags:'));
  });

  test('a bad type', () => {
    const text = detectionYaml({ type: 'Detection' });
    assertDiagnostic(loadDetection(text).diagnostics, /'type' is 'Detection'; expected one of TTP, Anomaly, Hunting, Correlation/, PATH, lineOf(text, 'type: Detection'));
  });

  test('a value of the wrong YAML type', () => {
    const text = detectionYaml().replace('version: 3', 'version: three');
    assertDiagnostic(loadDetection(text).diagnostics, /'version' must be an integer \(7, or '7' quoted\), not 'three'/, PATH, lineOf(text, 'version:'));
  });

  test('an unknown key (contentctl forbids extras), top level and nested', () => {
    const text = detectionYaml({ tags: '  confidence: 50', extra: 'datamodel: [Endpoint]' });
    const { diagnostics } = loadDetection(text);
    assertDiagnostic(diagnostics, /unknown key 'datamodel'$/, PATH, lineOf(text, 'datamodel:'));
    assertDiagnostic(diagnostics, /unknown key 'confidence' in 'tags'/, PATH, lineOf(text, 'confidence:'));
  });

  test('a bad risk object', () => {
    const text = detectionYaml().replace('score: 72', 'score: 170').replace('type: user\n', 'type: person\n');
    const { diagnostics } = loadDetection(text);
    assertDiagnostic(diagnostics, /'rba\.risk_objects\[1\]\.score' must be at most 100/, PATH, lineOf(text, 'score: 170'));
    assertDiagnostic(diagnostics, /'rba\.risk_objects\[0\]\.type' is 'person'; expected one of system, user, other/, PATH, lineOf(text, 'type: person'));
  });

  test('a drilldown without an offset key, with a misspelt key, with a short name', () => {
    const drilldowns = DRILLDOWNS.replace('  latest_offset: $info_max_time$', '  latest_ofset: $info_max_time$').replace('name: View risk events for the last 7 days for - "$dest$"', 'name: Risk');
    const text = detectionYaml({ drilldowns });
    const { diagnostics } = loadDetection(text);
    assertDiagnostic(diagnostics, /'drilldown_searches\[0\]' needs the key 'latest_offset'/, PATH, lineOf(text, '- name: View the detection'));
    assertDiagnostic(diagnostics, /unknown key 'latest_ofset' in 'drilldown_searches\[0\]'/, PATH, lineOf(text, 'latest_ofset'));
    assertDiagnostic(diagnostics, /'drilldown_searches\[1\]\.name' must be at least 5 characters long/, PATH, lineOf(text, 'name: Risk'));
  });

  test('a production TTP needs two drilldowns, one of them re-running the detection', () => {
    const one = detectionYaml({ drilldowns: DRILLDOWNS.split('\n- name: View risk')[0] });
    assertDiagnostic(loadDetection(one).diagnostics, /needs at least 2 drilldown_searches, found 1/, PATH, lineOf(one, 'drilldown_searches:'));
    const noPlaceholder = detectionYaml({ drilldowns: DRILLDOWNS.replace('%original_detection_search% | ', '| from datamodel Endpoint.Processes ') });
    assertDiagnostic(loadDetection(noPlaceholder).diagnostics, /no drilldown search contains %original_detection_search%/, PATH, lineOf(noPlaceholder, 'drilldown_searches:'));
    // Not required of experimental detections, nor of Hunting ones.
    assert.deepEqual(loadDetection(detectionYaml({ status: 'experimental', drilldowns: null })).diagnostics, []);
    assert.deepEqual(loadDetection(detectionYaml({ type: 'Hunting', rba: null, drilldowns: null })).diagnostics, []);
  });

  test('the search must call its own filter macro, and the file must be named after the detection', () => {
    const text = detectionYaml({ search: "'`sysmon` EventCode=1 dest=* user=* process_name=*'" });
    assertDiagnostic(loadDetection(text).diagnostics, /must call its filter macro `suspicious_thing_ran_filter`/, PATH, lineOf(text, 'search:'));
    const misnamed = loadDetection(detectionYaml(), 'rules/escu/thing.yml');
    assertDiagnostic(misnamed.diagnostics, /expected suspicious_thing_ran\.yml, not thing\.yml/, 'rules/escu/thing.yml', 1);
  });

  test('rba fields and message tokens must appear in the search (production)', () => {
    const text = detectionYaml().replace('field: process_name', 'field: parent_process_name').replace('by $user$', 'by $src_user$');
    const { diagnostics } = loadDetection(text);
    assertDiagnostic(diagnostics, /rba field 'parent_process_name' does not appear in the search/, PATH, lineOf(text, 'field: parent_process_name'));
    assertDiagnostic(diagnostics, /token \$src_user\$ does not appear/, PATH, lineOf(text, 'message:'));
  });

  test('a technique and its own sub-technique', () => {
    const text = detectionYaml({ tags: '' }).replace('  - T1543.003', '  - T1543\n  - T1543.003');
    assertDiagnostic(loadDetection(text).diagnostics, /lists both T1543 and its sub-technique T1543\.003/, PATH, lineOf(text, '- T1543.003'));
  });

  test('a production detection needs tests unless tested by hand', () => {
    const text = detectionYaml({ tests: null });
    assertDiagnostic(loadDetection(text).diagnostics, /needs tests/, PATH, lineOf(text, 'status:'));
    assert.deepEqual(loadDetection(detectionYaml({ tests: null, tags: '  manual_test: needs a live Duo tenant' })).diagnostics, []);
  });

  test('every problem of a file is reported at once', () => {
    const text = detectionYaml({ type: 'Signature', status: 'stable' });
    const { diagnostics } = loadDetection(text);
    assert.equal(diagnostics.length, 2);
  });
});

describe('deployments and macros', () => {
  const load = (text: string, path: string) => loadEscuDeployment(parseYaml(text, path).documents[0], path);

  test('a deployment keeps its schedule and alert actions', () => {
    const text = deploymentYaml('TTP', '  rba:\n    enabled: true');
    const { deployment, diagnostics } = load(text, 'deployments/ttp.yml');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(deployment!.scheduling, { cronSchedule: '*/15 * * * *', earliestTime: '-20m@m', latestTime: '-5m@m', scheduleWindow: 'auto' });
    assert.deepEqual(deployment!.alertAction, { rba: { enabled: true } });
  });

  test('deployment errors: a bad cron, an unknown action', () => {
    const text = deploymentYaml('TTP', '  pagerduty:\n    key: x').replace("'*/15 * * * *'", "'every hour'");
    const { diagnostics } = load(text, 'deployments/ttp.yml');
    assertDiagnostic(diagnostics, /'scheduling\.cron_schedule' must be a five-field cron expression/, 'deployments/ttp.yml', lineOf(text, 'cron_schedule'));
    assertDiagnostic(diagnostics, /unknown key 'pagerduty' in 'alert_action'/, 'deployments/ttp.yml', lineOf(text, 'pagerduty'));
  });

  test('a macro with arguments, and macro errors', () => {
    const path = 'macros/ctime.yml';
    const ok = loadEscuMacro(parseYaml("name: ctime\narguments:\n- field\ndefinition: 'convert ctime($field$)'\ndescription: epoch to text\n", path).documents[0], path);
    assert.deepEqual(ok.macro?.arguments, ['field']);
    const text = 'name: ctime\ndefinition: convert ctime($field$)\ndescriptoin: epoch to text\n';
    const bad = loadEscuMacro(parseYaml(text, path).documents[0], path);
    assertDiagnostic(bad.diagnostics, /unknown key 'descriptoin'/, path, 3);
    assertDiagnostic(bad.diagnostics, /needs the key 'description'/, path, 1);
  });
});
