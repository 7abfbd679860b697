// An ESCU detection into the saved search contentctl's savedsearches_detections.j2 writes for
// it: ESCU's metadata, the ES correlation-search keys, risk and notable actions as the
// deployment says, the schedule, and the drilldowns. Keys come in the template's order (a table
// of sections below); values are the strings Splunk holds once the stanza is installed. Pure.
import { diagnostic, DiagnosticError, type Diagnostic } from '../../diagnostics.js';
import type { EscuDeployment, EscuDetection } from '../../rules/escu/model.js';
import { drilldownEntries } from './drilldowns.js';
import { enrichmentFilter, escapeNewlines } from './contentctl-filters.js';
import { annotations, dataModels, mappings, metadata, notableSeverity, providingTechnologies, riskJson, statusAwareDescription } from './escu-enrichment.js';
import { tojson } from './jinja-json.js';
import type { SavedSearchObject } from './objects.js';

export interface EscuRenderSettings {
  /** Saved-search names are `<namePrefix><name> - Rule`; ESCU's own prefix by default. */
  namePrefix?: string;
  app: string;
  owner: string;
  target: string;
  /** Overrides each detection's `enabled_by_default` (contentctl deploys searches disabled). */
  enabled?: boolean;
}

export const DEFAULT_ESCU_PREFIX = 'ESCU - ';

/** ES prefixes the security domain when a search is saved in-product; it refuses longer names. */
const ES_MAX_NAME_LENGTH = 99;

export function escuSavedSearchName(detectionName: string, namePrefix = DEFAULT_ESCU_PREFIX): string {
  return `${namePrefix}${detectionName} - Rule`;
}

interface Stanza {
  d: EscuDetection;
  deployment: EscuDeployment;
  name: string;
  /** The detection's string attributes, for `%attr%` in deployment texts. */
  attributes: Record<string, string>;
  /** The environment's override of `enabled_by_default`, if any. */
  enabled?: boolean;
}

type Keys = [key: string, value: string][];

interface Section {
  /** Written only when this holds (the template's `{% if %}`). */
  when?: (s: Stanza) => boolean;
  keys: (s: Stanza) => Keys;
}

const enrich = (s: Stanza, template: string) => enrichmentFilter(template, s.attributes);

/** savedsearches_detections.j2, section by section, in the order it writes them. */
const TEMPLATE: Section[] = [
  {
    keys: ({ d }) => [
      ['action.escu', '0'],
      ['action.escu.enabled', '1'],
      ['description', escapeNewlines(statusAwareDescription(d))],
      ['action.escu.mappings', tojson(mappings(d))],
      ['action.escu.data_models', tojson(dataModels(d.search))],
      ['action.escu.eli5', escapeNewlines(statusAwareDescription(d))],
      ['action.escu.how_to_implement', escapeNewlines(d.howToImplement)],
      ['action.escu.known_false_positives', escapeNewlines(d.knownFalsePositives)],
      ['action.escu.creation_date', d.creationDate],
      ['action.escu.modification_date', d.modificationDate],
      ['action.escu.confidence', 'high'],
      ['action.escu.search_type', 'detection'],
      ['action.escu.product', tojson(d.tags.product)],
    ],
  },
  {
    when: ({ d }) => d.tags.atomicGuid.length > 0,
    // contentctl writes str(UUID): lowercase.
    keys: ({ d }) => [['action.escu.atomic_red_team_guids', tojson(d.tags.atomicGuid.map((g) => g.toLowerCase()))]],
  },
  {
    keys: ({ d }) => [
      ['action.escu.providing_technologies', tojson(providingTechnologies(d.search))],
      ['action.escu.analytic_story', tojson(d.tags.analyticStory)],
    ],
  },
  {
    when: ({ deployment }) => deployment.alertAction.rba?.enabled === true,
    keys: ({ d }) => [
      ['action.risk', '1'],
      ['action.risk.param._risk_message', escapeNewlines(d.rba!.message)],
      ['action.risk.param._risk', tojson(riskJson(d.rba!))],
      ['action.risk.param._risk_score', '0'],
      ['action.risk.param.verbose', '0'],
    ],
  },
  {
    keys: ({ d, deployment, name }) => [
      ['cron_schedule', deployment.scheduling.cronSchedule],
      ['dispatch.earliest_time', deployment.scheduling.earliestTime],
      ['dispatch.latest_time', deployment.scheduling.latestTime],
      ['action.correlationsearch.enabled', '1'],
      ['action.correlationsearch.detection_type', 'ebd'],
      ['action.correlationsearch.label', name],
      ['action.correlationsearch.annotations', tojson(annotations(d))],
      ['action.correlationsearch.metadata', tojson(metadata(d))],
    ],
  },
  {
    when: ({ deployment }) => deployment.scheduling.scheduleWindow !== undefined,
    keys: ({ deployment }) => [['schedule_window', deployment.scheduling.scheduleWindow!]],
  },
  {
    when: ({ deployment }) => deployment.alertAction.notable !== undefined,
    keys: (s) => {
      const notable = s.deployment.alertAction.notable!;
      const keys: Keys = [
        ['action.notable', '1'],
        // A placeholder entity: ES takes the real ones from the risk objects.
        ['action.notable.param._entities', tojson([{ risk_object_field: 'N/A', risk_object_type: 'N/A', risk_score: 0 }])],
      ];
      if (notable.nesFields.length > 0) keys.push(['action.notable.param.nes_fields', notable.nesFields.join(',')]);
      keys.push(
        ['action.notable.param.rule_description', escapeNewlines(enrich(s, notable.ruleDescription))],
        // A correlation search raises risk notables, which ES lists with this prefix.
        ['action.notable.param.rule_title', `${s.d.type === 'Correlation' ? 'RBA: ' : ''}${enrich(s, notable.ruleTitle)}`],
        ['action.notable.param.security_domain', s.d.tags.securityDomain],
        ['action.notable.param.severity', notableSeverity(s.d.rba)],
      );
      return keys;
    },
  },
  {
    when: ({ deployment }) => deployment.alertAction.email !== undefined,
    keys: (s) => {
      const email = s.deployment.alertAction.email!;
      return [
        ['action.email.subject.alert', escapeNewlines(enrich(s, email.subject))],
        ['action.email.to', email.to],
        ['action.email.message.alert', escapeNewlines(enrich(s, email.message))],
        ['action.email.useNSSubject', '1'],
      ];
    },
  },
  {
    when: ({ deployment }) => deployment.alertAction.slack !== undefined,
    keys: (s) => {
      const slack = s.deployment.alertAction.slack!;
      return [
        ['action.slack', '1'],
        ['action.slack.param.channel', escapeNewlines(enrich(s, slack.channel))],
        ['action.slack.param.message', escapeNewlines(enrich(s, slack.message))],
      ];
    },
  },
  {
    when: ({ deployment }) => deployment.alertAction.phantom !== undefined,
    keys: (s) => {
      const p = s.deployment.alertAction.phantom!;
      return [
        ['action.sendtophantom', '1'],
        ['action.sendtophantom.param._cam_workers', enrich(s, p.camWorkers)],
        ['action.sendtophantom.param.label', enrich(s, p.label)],
        ['action.sendtophantom.param.phantom_server', enrich(s, p.phantomServer)],
        ['action.sendtophantom.param.sensitivity', enrich(s, p.sensitivity)],
        ['action.sendtophantom.param.severity', enrich(s, p.severity)],
      ];
    },
  },
  {
    keys: ({ d, enabled }) => [
      ['alert.digest_mode', '1'],
      ['disabled', (enabled ?? d.enabledByDefault) ? 'false' : 'true'],
      ['enableSched', '1'],
      ['allow_skew', '100%'],
      ['counttype', 'number of events'],
      ['relation', 'greater than'],
      ['quantity', '0'],
      ['realtime_schedule', '0'],
      ['is_visible', 'false'],
    ],
  },
  {
    when: ({ d }) => d.tags.throttling !== undefined,
    keys: ({ d }) => [
      ['alert.suppress', 'true'],
      ['alert.suppress.fields', d.tags.throttling!.fields.join(',')],
      ['alert.suppress.period', d.tags.throttling!.period],
    ],
  },
  {
    keys: ({ d }) => [
      ['search', escapeNewlines(d.search)],
      // Written for every type, as `[]` when there are none (Hunting included).
      ['action.notable.param.drilldown_searches', tojson(drilldownsJson(d))],
    ],
  },
];

function drilldownsJson(d: EscuDetection) {
  const drilldowns = d.drilldownSearches.map((dd) => ({ name: dd.name, search: dd.search, earliest_offset: dd.earliestOffset, latest_offset: dd.latestOffset }));
  // contentctl substitutes the search as written (not stripped), by plain replacement.
  return drilldownEntries(drilldowns, d.search);
}

/**
 * Problems between a detection and the deployment it renders with: contentctl requires `rba`
 * exactly when the deployment turns risk-based alerting on. For `validate` as much as for render.
 */
export function checkEscuDeployment(d: EscuDetection, deployment: EscuDeployment): Diagnostic[] {
  const rbaOn = deployment.alertAction.rba?.enabled === true;
  const where = d.deployment ? 'its inline deployment' : `the ${d.type} deployment (${deployment.path})`;
  if (rbaOn && !d.rba) return [diagnostic('escu-deployment', `${where} turns on risk-based alerting, so the detection needs 'rba' (message and risk objects)`, d.keyLocations.type)];
  if (!rbaOn && d.rba) return [diagnostic('escu-deployment', `${where} does not use risk-based alerting, so 'rba' would be ignored; remove it`, d.keyLocations.rba ?? d.keyLocations.finding ?? d.keyLocations.type)];
  return [];
}

/**
 * The saved search for one detection. Throws a DiagnosticError for a detection that must not be
 * rendered (status removed), that disagrees with its deployment, or whose name ES would refuse.
 */
export function renderEscuDetection(d: EscuDetection, deployment: EscuDeployment, settings: EscuRenderSettings): SavedSearchObject {
  if (!d.rendered) {
    throw new DiagnosticError(diagnostic('escu-removed', `'${d.name}' has status ${d.status}; contentctl writes no saved search for it`, d.keyLocations.status));
  }
  const problems = checkEscuDeployment(d, deployment);
  const name = escuSavedSearchName(d.name, settings.namePrefix);
  const inProduct = `${d.tags.securityDomain} - ${name} - Rule`;
  if (inProduct.length > ES_MAX_NAME_LENGTH) {
    problems.push(diagnostic('escu-name', `the saved search '${name}' is too long for ES: saved in-product it becomes '${inProduct}' (${inProduct.length} characters, at most ${ES_MAX_NAME_LENGTH})`, d.keyLocations.name, 'shorten the name or the namePrefix'));
  }
  if (problems.length > 0) throw new DiagnosticError(problems);

  const stanza: Stanza = { d, deployment, name, attributes: attributesOf(d), enabled: settings.enabled };
  const content: Record<string, string> = {};
  for (const section of TEMPLATE) {
    if (section.when && !section.when(stanza)) continue;
    for (const [key, value] of section.keys(stanza)) content[key] = value;
  }
  return { kind: 'saved-search', target: settings.target, app: settings.app, owner: settings.owner, name, content, source: d.path };
}

/** The string attributes contentctl's enrichment filter can substitute (its pydantic fields of type str). */
function attributesOf(d: EscuDetection): Record<string, string> {
  return {
    name: d.name,
    description: d.description,
    search: d.search,
    how_to_implement: d.howToImplement,
    known_false_positives: d.knownFalsePositives,
    author: d.author,
    status: d.status,
    type: d.type,
  };
}
