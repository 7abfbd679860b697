// The values contentctl derives from a detection rather than reads from it: framework mappings,
// data models and technologies guessed from the search text, ES annotations and metadata, the
// risk JSON and the notable severity. Tables are contentctl v5's, so the results match its build.
import type { EscuDetection, EscuDetectionType, EscuRba } from '../../rules/escu/model.js';
import { PyFloat, type JinjaJson } from './jinja-json.js';

/** contentctl's DataModel enum, in its order: each one whose name occurs in the search is listed. */
const DATA_MODELS = ['Endpoint', 'Network_Traffic', 'Authentication', 'Change', 'Change_Analysis', 'Email', 'Network_Resolution', 'Network_Sessions', 'UEBA', 'Updates', 'Vulnerabilities', 'Web', 'Risk', 'Splunk_Audit'];

const GOOGLE = ['Google Workspace', 'Google Cloud Platform'];
const ENDPOINT = ['Microsoft Sysmon', 'Microsoft Windows', 'Carbon Black Response', 'CrowdStrike Falcon', 'Symantec Endpoint Protection'];

/** contentctl's ProvidingTechnology table: a substring of the search → the technologies it implies. */
const PROVIDING_TECHNOLOGIES: [string, string[]][] = [
  ['`amazon_security_lake`', ['Amazon Security Lake']],
  ['audit_searches', ['Splunk Internal Logs']],
  ['`azure_monitor_aad`', ['Azure AD', 'Entra ID']],
  ['`cloudtrail`', ['Amazon Web Services - Cloudtrail']],
  // Not a macro: this catches use of the Endpoint data model.
  ['Endpoint', ENDPOINT],
  ['`google_', GOOGLE],
  ['`gsuite', GOOGLE],
  ['`gws_', GOOGLE],
  ['`kube', ['Kubernetes']],
  ['`ms_defender`', ['Microsoft Defender']],
  ['`o365_', ['Microsoft Office 365']],
  ['`okta', ['Okta']],
  ['`pingid`', ['Ping ID']],
  ['`powershell`', ['Microsoft Windows']],
  ['`splunkd_', ['Splunk Internal Logs']],
  ['`sysmon`', ['Microsoft Sysmon']],
  ['`wineventlog_security`', ['Microsoft Windows']],
  ['`zeek_', ['Zeek']],
];

/** NIST CSF category per type: TTPs monitor continuously (DE.CM), the rest detect anomalies (DE.AE). */
const NIST: Record<EscuDetectionType, string> = { TTP: 'DE.CM', Anomaly: 'DE.AE', Hunting: 'DE.AE', Correlation: 'DE.AE' };

/** CIS Controls v8: network monitoring (13) for the network domain, audit log management (10) otherwise. */
const cis20 = (domain: string) => (domain === 'network' ? 'CIS 13' : 'CIS 10');

/** contentctl's RiskSeverity bands over the highest risk score. */
const SEVERITY_BANDS: [number, string][] = [
  [20, 'informational'],
  [40, 'low'],
  [60, 'medium'],
  [80, 'high'],
  [100, 'critical'],
];

const DEPRECATED_WARNING =
  '**WARNING**, this detection has been marked **DEPRECATED** by the Splunk Threat Research Team. This means that it will no longer be maintained or supported. If you have any questions feel free to email us at: research@splunk.com. ';
const EXPERIMENTAL_WARNING =
  '**WARNING**, this detection is marked **EXPERIMENTAL** by the Splunk Threat Research Team. This means that the detection has been manually tested but we do not have the associated attack data to perform automated testing or cannot share this attack dataset due to its sensitive nature. If you have any questions feel free to email us at: research@splunk.com. ';

const STATUS_WARNING: Partial<Record<EscuDetection['status'], string>> = { deprecated: DEPRECATED_WARNING, experimental: EXPERIMENTAL_WARNING };

export function statusAwareDescription(d: EscuDetection): string {
  return (STATUS_WARNING[d.status] ?? '') + d.description;
}

export function dataModels(search: string): string[] {
  return DATA_MODELS.filter((m) => search.includes(m));
}

/** Sorted and distinct, or null when nothing matches (the template writes `null`, not `[]`). */
export function providingTechnologies(search: string): string[] | null {
  const found = new Set(PROVIDING_TECHNOLOGIES.flatMap(([needle, techs]) => (search.includes(needle) ? techs : [])));
  return found.size > 0 ? [...found].sort() : null;
}

/**
 * `action.escu.mappings`. contentctl also writes `kill_chain_phases`, looked up in the MITRE
 * ATT&CK data it downloads; detctl works offline and leaves it out (docs/escu.md).
 */
export function mappings(d: EscuDetection): Record<string, JinjaJson> {
  return {
    cis20: [cis20(d.tags.securityDomain)],
    ...(d.tags.mitreAttackId.length > 0 ? { mitre_attack: d.tags.mitreAttackId } : {}),
    nist: [NIST[d.type]],
  };
}

/** `action.correlationsearch.annotations`: the mappings plus story, CVEs, data sources and type. */
export function annotations(d: EscuDetection): Record<string, JinjaJson> {
  return {
    analytic_story: d.tags.analyticStory,
    ...(d.tags.cve.length > 0 ? { cve: d.tags.cve } : {}),
    data_source: d.dataSource,
    type: d.type,
    type_list: [d.type],
    ...mappings(d),
  };
}

/** `action.correlationsearch.metadata`, which ES's content management reads (keep the field names). */
export function metadata(d: EscuDetection): Record<string, JinjaJson> {
  return {
    // Python's str(UUID) is lowercase whatever the YAML says.
    detection_id: d.id.toLowerCase(),
    deprecated: d.status === 'deprecated' ? '1' : '0',
    detection_version: String(d.version),
    publish_time: new PyFloat(Date.parse(`${d.modificationDate}T00:00:00Z`) / 1000),
  };
}

/**
 * `action.risk.param._risk`: risk objects, then threat objects; each group without duplicates and
 * sorted as contentctl sorts them (by field, type and score run together as one string).
 */
export function riskJson(rba: EscuRba): JinjaJson[] {
  const risks = distinctSorted(rba.riskObjects.map((o) => ({ sortKey: `${o.field}${o.type}${o.score}`, value: { risk_object_field: o.field, risk_object_type: o.type, risk_score: o.score } })));
  const threats = distinctSorted(rba.threatObjects.map((o) => ({ sortKey: `${o.field}${o.type}`, value: { threat_object_field: o.field, threat_object_type: o.type } })));
  return [...risks, ...threats];
}

function distinctSorted(items: { sortKey: string; value: JinjaJson }[]): JinjaJson[] {
  const byKey = new Map(items.map((i) => [i.sortKey, i.value]));
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** Notable severity from the highest risk score; `high` when the detection has no risk objects. */
export function notableSeverity(rba: EscuRba | undefined): string {
  if (!rba || rba.riskObjects.length === 0) return 'high';
  const top = Math.max(...rba.riskObjects.map((o) => o.score));
  return SEVERITY_BANDS.find(([upTo]) => top <= upTo)![1];
}
