// Small ESCU documents for the unit tests, written for them (not copied from security_content):
// one detection per type, the deployments and macros they use, and loaders over inline YAML.
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseYaml } from '../../src/yaml-tree.js';
import { loadEscuDetection } from '../../src/rules/escu/load-escu-detection.js';
import { loadEscuDeployment } from '../../src/rules/escu/load-escu-deployments.js';
import { loadEscuMacro } from '../../src/rules/escu/load-escu-macros.js';
import type { EscuDeployment, EscuDetection, EscuMacro } from '../../src/rules/escu/model.js';

export interface DetectionParts {
  name?: string;
  type?: string;
  status?: string;
  search?: string;
  /** YAML for `drilldown_searches:` (without the key), or null to leave the key out. */
  drilldowns?: string | null;
  /** YAML for `rba:`, or null to leave it out. */
  rba?: string | null;
  tests?: string | null;
  /** Extra lines under `tags:` (indented by two spaces). */
  tags?: string;
  /** Extra top-level lines, appended. */
  extra?: string;
}

export const DRILLDOWNS = `
- name: View the detection results for - "$dest$"
  search: '%original_detection_search% | search dest = "$dest$"'
  earliest_offset: $info_min_time$
  latest_offset: $info_max_time$
- name: View risk events for the last 7 days for - "$dest$"
  search: '| from datamodel Risk.All_Risk | search normalized_risk_object IN ("$dest$") | stats count min(_time) as firstTime values(annotations.mitre_attack.mitre_tactic) as "ATT&CK Tactics" by normalized_risk_object | \`security_content_ctime(firstTime)\`'
  earliest_offset: 7d
  latest_offset: null`;

export const RBA = `
  message: Thing ran on $dest$ by $user$
  risk_objects:
  - field: user
    type: user
    score: 56
  - field: dest
    type: system
    score: 72
  threat_objects:
  - field: process_name
    type: process_name`;

const TESTS = `
- name: True Positive Test
  attack_data:
  - data: https://example.com/attack_data/thing.log
    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational
    sourcetype: XmlWinEventLog`;

export function fileStem(name: string): string {
  return name.replace(/[ \-./]/g, '_').toLowerCase();
}

export function detectionYaml(parts: DetectionParts = {}): string {
  const name = parts.name ?? 'Suspicious Thing Ran';
  const stem = fileStem(name);
  const search =
    parts.search ??
    `'| tstats \`security_content_summariesonly\` count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=thing.exe by Processes.dest Processes.user Processes.process_name | \`drop_dm_object_name(Processes)\` | \`security_content_ctime(firstTime)\` | \`${stem}_filter\`'`;
  const drilldowns = parts.drilldowns === undefined ? DRILLDOWNS : parts.drilldowns;
  const rba = parts.rba === undefined ? RBA : parts.rba;
  const tests = parts.tests === undefined ? TESTS : parts.tests;
  return [
    `name: ${name}`,
    'id: 0b0e7c5e-9b1c-4f3a-9d6e-3c1f2a4b5c6d',
    'version: 3',
    "date: '2025-03-14'",
    'author: Dana Example, detctl',
    `status: ${parts.status ?? 'production'}`,
    `type: ${parts.type ?? 'TTP'}`,
    'description: Detects thing.exe, which an intruder runs to stay on a host. Café owners beware.',
    'data_source:',
    '- Sysmon EventID 1',
    `search: ${search}`,
    'how_to_implement: Collect process creation events into the Endpoint data model.',
    'known_false_positives: Administrators running thing.exe on purpose.',
    'references:',
    '- https://example.com/thing',
    ...(drilldowns === null ? [] : [`drilldown_searches:${drilldowns}`]),
    ...(rba === null ? [] : [`rba:${rba}`]),
    'tags:',
    '  analytic_story:',
    '  - Thing Persistence',
    '  asset_type: Endpoint',
    '  mitre_attack_id:',
    '  - T1543.003',
    '  product:',
    '  - Splunk Enterprise',
    '  - Splunk Enterprise Security',
    '  - Splunk Cloud',
    '  security_domain: endpoint',
    ...(parts.tags ? [parts.tags] : []),
    ...(tests === null ? [] : [`tests:${tests}`]),
    ...(parts.extra ? [parts.extra] : []),
    '',
  ].join('\n');
}

export function pathFor(name = 'Suspicious Thing Ran'): string {
  return `rules/escu/${fileStem(name)}.yml`;
}

function single(text: string, path: string) {
  const parsed = parseYaml(text, path);
  assert.deepEqual(parsed.diagnostics, [], 'fixture YAML must parse');
  return parsed.documents[0];
}

export function loadDetection(text: string, path = pathFor()): { detection?: EscuDetection; diagnostics: Diagnostic[] } {
  return loadEscuDetection(single(text, path), path);
}

export function detection(parts: DetectionParts = {}): EscuDetection {
  const result = loadDetection(detectionYaml(parts), pathFor(parts.name));
  assert.deepEqual(result.diagnostics.map((d) => d.message), []);
  return result.detection!;
}

/** A deployment per type, with a schedule unlike ESCU's so a test sees where values come from. */
export function deploymentYaml(type: string, actions: string): string {
  return [
    `name: Test Deployment ${type}`,
    'id: 5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    "date: '2025-01-02'",
    'author: Dana Example',
    `description: Everything of type ${type}.`,
    'scheduling:',
    "  cron_schedule: '*/15 * * * *'",
    '  earliest_time: -20m@m',
    '  latest_time: -5m@m',
    '  schedule_window: auto',
    ...(actions ? ['alert_action:', actions] : []),
    `type: ${type}`,
    '',
  ].join('\n');
}

const NOTABLE = `  notable:
    rule_description: '%description%'
    rule_title: '%name%'
    nes_fields:
    - user
    - dest`;
const RISK = `  rba:
    enabled: true`;

export const DEPLOYMENT_ACTIONS: Record<string, string> = {
  TTP: `${NOTABLE}\n${RISK}`,
  Anomaly: RISK,
  Hunting: '',
  Correlation: NOTABLE,
};

export function deployment(type: string, actions = DEPLOYMENT_ACTIONS[type]): EscuDeployment {
  const path = `escu/deployments/test_${type.toLowerCase()}.yml`;
  const result = loadEscuDeployment(single(deploymentYaml(type, actions), path), path);
  assert.deepEqual(result.diagnostics.map((d) => d.message), []);
  return result.deployment!;
}

export function macro(text: string, path: string): EscuMacro {
  const result = loadEscuMacro(single(text, path), path);
  assert.deepEqual(result.diagnostics.map((d) => d.message), []);
  return result.macro!;
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `fixture has no line with ${needle}`);
  return index + 1;
}

/** Asserts one diagnostic whose message matches, at `line` of `path`. */
export function assertDiagnostic(diagnostics: Diagnostic[], message: RegExp, path: string, line: number): Diagnostic {
  const hit = diagnostics.find((d) => message.test(d.message));
  assert.ok(hit, `no diagnostic matching ${message} in:\n${diagnostics.map((d) => `${d.location?.line}: ${d.message}`).join('\n')}`);
  assert.equal(hit.location?.file, path, hit.message);
  assert.equal(hit.location?.line, line, hit.message);
  return hit;
}
