// Validated Splunk security_content ("ESCU") content: detections, macros and deployments, in
// contentctl v5's shape. Field names are camelCase; each type says which YAML key a field came
// from where that is not obvious. Every object keeps its key locations, so a problem found after
// loading (a missing macro, a deployment that disagrees) still points at the line.
import type { SourceLocation } from '../../diagnostics.js';

export const DETECTION_TYPES = ['TTP', 'Anomaly', 'Hunting', 'Correlation'] as const;
export type EscuDetectionType = (typeof DETECTION_TYPES)[number];

/** `removed` is loaded (contentctl keeps it for its deprecation lookup) but never rendered. */
export const DETECTION_STATUSES = ['production', 'experimental', 'deprecated', 'removed'] as const;
export type EscuStatus = (typeof DETECTION_STATUSES)[number];

/** Deployment files also exist for baselines and embedded content, which detctl does not render. */
export const DEPLOYMENT_TYPES = [...DETECTION_TYPES, 'Baseline', 'Embedded'] as const;
export type EscuDeploymentType = (typeof DEPLOYMENT_TYPES)[number];

export const SECURITY_DOMAINS = ['endpoint', 'network', 'threat', 'identity', 'access', 'audit', 'cloud'] as const;
export const PRODUCTS = ['Splunk Enterprise', 'Splunk Enterprise Security', 'Splunk Cloud'] as const;
export const RISK_OBJECT_TYPES = ['system', 'user', 'other'] as const;
export const THREAT_OBJECT_TYPES = [
  'certificate_common_name', 'certificate_organization', 'certificate_serial', 'certificate_unit', 'command', 'domain',
  'email_address', 'email_subject', 'file_hash', 'file_name', 'file_path', 'http_user_agent', 'ip_address', 'process',
  'process_name', 'parent_process', 'parent_process_name', 'process_hash', 'registry_path', 'registry_value_name',
  'registry_value_text', 'service', 'signature', 'system', 'tls_hash', 'url',
] as const;

export interface EscuRiskObject {
  field: string;
  type: (typeof RISK_OBJECT_TYPES)[number];
  score: number;
}

export interface EscuThreatObject {
  field: string;
  type: (typeof THREAT_OBJECT_TYPES)[number];
}

/** `rba:` — what the risk action writes (TTP and Anomaly). */
export interface EscuRba {
  message: string;
  riskObjects: EscuRiskObject[];
  threatObjects: EscuThreatObject[];
}

/** In a drilldown search, stands for the detection's own search. */
export const DRILLDOWN_PLACEHOLDER = '%original_detection_search%';

/** One `drilldown_searches` entry. A null offset is left out of the rendered JSON. */
export interface EscuDrilldown {
  name: string;
  /** As written: `%original_detection_search%` is replaced when rendering. */
  search: string;
  earliestOffset: string | null;
  latestOffset: string | null;
  loc: SourceLocation;
  searchLoc: SourceLocation;
}

export interface EscuAttackData {
  data: string;
  source: string;
  sourcetype: string;
  customIndex?: string;
  host?: string;
}

export interface EscuTest {
  name: string;
  attackData: EscuAttackData[];
  /** `test_type` (newer shape only). */
  testType?: string;
}

export interface EscuThrottling {
  fields: string[];
  /** `^\d+[smh]$` */
  period: string;
}

export interface EscuTags {
  analyticStory: string[];
  assetType: string;
  product: string[];
  securityDomain: (typeof SECURITY_DOMAINS)[number];
  mitreAttackId: string[];
  cve: string[];
  atomicGuid: string[];
  /** Why the detection is tested by hand (contentctl skips its unit tests). */
  manualTest?: string;
  group: string[];
  throttling?: EscuThrottling;
  /** Keys contentctl allows but nothing renders (mappings, research_site_url, event_schema, category). */
  other: Record<string, unknown>;
}

export interface EscuDetection {
  kind: 'escu';
  /** The path as given on the command line joined with the file's path below it. */
  path: string;
  name: string;
  id: string;
  version: number;
  /** `date` (v5), or `creation_date` in the newer shape. */
  creationDate: string;
  /** `date` (v5), or `modification_date` in the newer shape. */
  modificationDate: string;
  author: string;
  status: EscuStatus;
  type: EscuDetectionType;
  description: string;
  /** As written (a block scalar keeps its trailing newline); rendering strips it. */
  search: string;
  howToImplement: string;
  knownFalsePositives: string;
  dataSource: string[];
  references: string[];
  drilldownSearches: EscuDrilldown[];
  /** `rba:`, or the newer shape's `finding:` read as one. */
  rba?: EscuRba;
  tags: EscuTags;
  tests: EscuTest[];
  enabledByDefault: boolean;
  /** An inline `deployment:`; when present it replaces the deployment of the detection's type. */
  deployment?: EscuDeployment;
  explanation?: string;
  /** False for `status: removed`: contentctl loads such files but writes no stanza for them. */
  rendered: boolean;
  /** Where each top-level key is (`search`, `name`, `type`, …), for errors found later. */
  keyLocations: Record<string, SourceLocation>;
  loc: SourceLocation;
}

/** A macro file: `[name]`, or `[name(N)]` with `args` when it takes N arguments. */
export interface EscuMacro {
  path: string;
  name: string;
  definition: string;
  description: string;
  arguments: string[];
  keyLocations: Record<string, SourceLocation>;
  loc: SourceLocation;
}

export interface EscuScheduling {
  cronSchedule: string;
  earliestTime: string;
  latestTime: string;
  scheduleWindow?: string;
}

export interface EscuNotableAction {
  /** `%attr%` is replaced by the detection's attribute (`%name%`, `%description%`, …). */
  ruleDescription: string;
  ruleTitle: string;
  nesFields: string[];
}

export interface EscuEmailAction {
  subject: string;
  to: string;
  message: string;
}

export interface EscuSlackAction {
  channel: string;
  message: string;
}

export interface EscuPhantomAction {
  camWorkers: string;
  label: string;
  phantomServer: string;
  sensitivity: string;
  severity: string;
}

export interface EscuAlertActions {
  notable?: EscuNotableAction;
  rba?: { enabled: boolean };
  email?: EscuEmailAction;
  slack?: EscuSlackAction;
  phantom?: EscuPhantomAction;
}

/** A deployment file (one per type in ESCU) or a detection's inline `deployment:`. */
export interface EscuDeployment {
  path: string;
  name?: string;
  /** Absent only for an inline deployment, which applies to its own detection. */
  type?: EscuDeploymentType;
  scheduling: EscuScheduling;
  alertAction: EscuAlertActions;
  keyLocations: Record<string, SourceLocation>;
  loc: SourceLocation;
}
