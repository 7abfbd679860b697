// Every saved-search key detctl writes, as data: its REST name, how splunkd types it when a
// saved/searches GET returns it, splunkd's value when it is not set, whether it is compared on
// every managed search or only when the rule sets it, and where each fact comes from. The
// normaliser (normalise-saved-search.ts) and the writer read only this table.
//
// Sources:
// - spec: savedsearches.conf.spec / alert_actions.conf.spec (Splunk 9.x, as mirrored in
//   schose/splunkspecs README/), cited as "<file>: <setting>".
// - corpus: a real Splunk 10.4.2 GET of a saved search that sets nothing (shared corpus
//   splunk/saved-search-defaults.json) and the alert_actions defaults that come back with
//   listDefaultActionArgs=true (splunk/alert-action-defaults.json). The corpus is the authority
//   for typing; where it disagrees with the spec's stated default it wins too, as it is what GET
//   answers (noted on the row).
// - contentctl: splunk/contentctl savedsearches_detections.j2, for ES/ESCU keys no Splunk spec
//   describes.

/**
 * How splunkd returns a key:
 * - `boolean`: a JSON boolean (corpus: `"disabled": false`).
 * - `boolean-or-null`: JSON null while unset, a boolean once set (corpus: `"alert.suppress": null`).
 * - `number`: a JSON number (corpus: `"alert.severity": 3`); written as text ("4").
 * - `flag-string`: an alert-action parameter holding a boolean as the string "0"/"1" (corpus:
 *   every alert_actions default is a string, e.g. `"action.email.useNSSubject": "0"`).
 * - `string`: the text as stored.
 * - `json-string`: JSON held as text. splunkd returns such text verbatim, not re-serialised: the
 *   corpus has `display.events.fields` = `["host","source","sourcetype"]` but
 *   `display.visualizations.singlevalue.rangeColors` = `["0x53a051", "0x0877a6", …]`, each with
 *   its own spacing from system/default, so it is compared as text.
 */
export type SplunkdType = 'boolean' | 'boolean-or-null' | 'number' | 'flag-string' | 'string' | 'json-string';

export interface SavedSearchKey {
  /** The name GET returns and detctl sends. */
  rest: string;
  /** The savedsearches.conf name, where the REST API names the key otherwise. */
  conf?: string;
  type: SplunkdType;
  /** splunkd's value when the key is not set, in canonical form ('0'/'1' for booleans). */
  default: string;
  /**
   * `always`: compared (and written) on every managed search, the default standing in when a rule
   * does not set it, so a setting removed from a rule goes back to the default. `when-set`: only
   * when the rule sets it (see `why` for what that leaves uncompared).
   */
  compared: 'always' | 'when-set';
  source: string;
  /** Why a key is `when-set`, or anything else a reader of the row would ask. */
  why?: string;
}

const SS = 'savedsearches.conf.spec';
const AA = 'alert_actions.conf.spec';
const CORPUS = 'corpus saved-search-defaults.json';
const ACTIONS = 'corpus alert-action-defaults.json';
const CONTENTCTL = 'contentctl savedsearches_detections.j2';
/** ESCU's own action parameters: no spec or captured default; unset means absent from GET. */
const ESCU_PARAM = `${CONTENTCTL}; corpus alert-action-defaults.json "escu": {} (no defaults)`;
const ESCU_ONLY = 'only ESCU detections set it, the same way every time';
const PARAMS_INERT = 'inert while its action is off, and the action flag is always compared';

export const SAVED_SEARCH_KEYS: readonly SavedSearchKey[] = [
  // Core
  { rest: 'search', type: 'string', default: '', compared: 'always', source: `${SS}: search (no default); ${CORPUS}: "search": ""` },
  { rest: 'description', type: 'string', default: '', compared: 'always', source: `${SS}: description (Default: empty string); ${CORPUS}` },
  { rest: 'disabled', type: 'boolean', default: '0', compared: 'always', source: `${SS}: disabled = <boolean> (Default: false); ${CORPUS}: "disabled": false` },
  { rest: 'is_scheduled', conf: 'enableSched', type: 'boolean', default: '0', compared: 'always', source: `${SS}: enableSched = [0|1] (Default: 0); ${CORPUS}: "is_scheduled": false` },
  { rest: 'cron_schedule', type: 'string', default: '', compared: 'always', source: `${SS}: cron_schedule (no default); ${CORPUS}: ""` },
  { rest: 'dispatch.earliest_time', type: 'string', default: '', compared: 'always', source: `${SS}: dispatch.earliest_time (Default: empty string); ${CORPUS}` },
  { rest: 'dispatch.latest_time', type: 'string', default: '', compared: 'always', source: `${SS}: dispatch.latest_time (Default: empty string); ${CORPUS}` },
  { rest: 'alert_type', conf: 'counttype', type: 'string', default: 'always', compared: 'always', source: `${SS}: counttype (Default: always); ${CORPUS}: "alert_type": "always"` },
  { rest: 'alert_comparator', conf: 'relation', type: 'string', default: '', compared: 'always', source: `${SS}: relation (Default: empty string); ${CORPUS}` },
  {
    rest: 'alert_threshold', conf: 'quantity', type: 'string', default: '', compared: 'always',
    source: `${SS}: quantity = <integer> (Default: empty string); ${CORPUS}: "alert_threshold": "" (a string, not a number)`,
  },
  {
    rest: 'alert.track', type: 'boolean', default: '0', compared: 'always',
    source: `${CORPUS}: "alert.track": false; ${SS}: alert.track = <boolean> | auto`,
    why: 'the spec says Default: auto, but GET of an unset search answers false; "auto" is kept as text',
  },
  { rest: 'alert.severity', type: 'number', default: '3', compared: 'always', source: `${SS}: alert.severity = <integer> (Default: 3); ${CORPUS}: "alert.severity": 3` },
  { rest: 'alert.digest_mode', type: 'boolean', default: '1', compared: 'when-set', source: `${SS}: alert.digest_mode (Default: true); ${CORPUS}: true`, why: 'only ESCU sets it, to its default' },
  { rest: 'alert.suppress', type: 'boolean-or-null', default: '0', compared: 'always', source: `${SS}: alert.suppress = <boolean> (Default: false); ${CORPUS}: "alert.suppress": null` },
  { rest: 'alert.suppress.period', type: 'string', default: '', compared: 'always', source: `${SS}: alert.suppress.period = <time-specifier> (Default: empty string); ${CORPUS}` },
  { rest: 'alert.suppress.fields', type: 'string', default: '', compared: 'always', source: `${SS}: alert.suppress.fields (Default: empty string); ${CORPUS}` },
  { rest: 'realtime_schedule', type: 'boolean', default: '1', compared: 'when-set', source: `${SS}: realtime_schedule (Default: true); ${CORPUS}: true`, why: ESCU_ONLY },
  { rest: 'is_visible', type: 'boolean', default: '1', compared: 'when-set', source: `${SS}: is_visible (Default: true); ${CORPUS}: true`, why: ESCU_ONLY },
  { rest: 'allow_skew', type: 'string', default: '0', compared: 'when-set', source: `${SS}: allow_skew = <percentage>|<duration> (Default: 0); ${CORPUS}: "0"`, why: ESCU_ONLY },
  {
    rest: 'schedule_window', type: 'string', default: '0', compared: 'when-set',
    source: `${SS}: schedule_window = <unsigned integer> | auto; ${CORPUS}: "0"`,
    why: "the spec's default depends on the owner's edit_search_schedule_window capability (0 or auto), so no fixed default can stand in",
  },

  // Email (Sigma: environment actions.email; ESCU: deployment alert_action.email)
  { rest: 'action.email', type: 'boolean', default: '0', compared: 'always', source: `${SS}: action.email = <boolean> (Default: false); ${CORPUS}: "action.email": false` },
  { rest: 'action.email.to', type: 'string', default: '', compared: 'always', source: `${SS}: action.email.to (Default: empty string); ${CORPUS}: ""` },
  { rest: 'action.email.subject', type: 'string', default: 'Splunk Alert: $name$', compared: 'when-set', source: `${AA}: subject; ${ACTIONS}: "action.email.subject"`, why: PARAMS_INERT },
  { rest: 'action.email.subject.alert', type: 'string', default: 'Splunk Alert: $name$', compared: 'when-set', source: `${AA}: subject.alert; ${ACTIONS}`, why: PARAMS_INERT },
  { rest: 'action.email.message.alert', type: 'string', default: "The alert condition for '$name$' was triggered.", compared: 'when-set', source: `${AA}: message.alert; ${ACTIONS}`, why: PARAMS_INERT },
  { rest: 'action.email.useNSSubject', type: 'flag-string', default: '0', compared: 'when-set', source: `${AA}: useNSSubject = <boolean> (Default: 0); ${ACTIONS}: "0"`, why: PARAMS_INERT },

  // Notable events and drilldowns (Enterprise Security)
  {
    rest: 'action.notable', type: 'boolean', default: '0', compared: 'always',
    source: `${SS}: action.<action_name> = <boolean>; typed like the installed actions' flags in ${CORPUS} ("action.email": false)`,
  },
  {
    rest: 'action.notable.param.drilldown_searches', type: 'json-string', default: '', compared: 'always',
    source: `${ACTIONS}: notable "action.notable.param.drilldown_searches": ""; ${CONTENTCTL}`,
  },
  { rest: 'action.notable.param._entities', type: 'json-string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.notable.param.nes_fields', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.notable.param.rule_description', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.notable.param.rule_title', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.notable.param.security_domain', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.notable.param.severity', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: notable ""; ${CONTENTCTL}`, why: PARAMS_INERT },

  // Risk-based alerting (Enterprise Security)
  { rest: 'action.risk', type: 'boolean', default: '0', compared: 'always', source: `${SS}: action.<action_name> = <boolean>; typed like the flags in ${CORPUS}` },
  { rest: 'action.risk.param._risk', type: 'json-string', default: '', compared: 'when-set', source: `${ACTIONS}: risk ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  { rest: 'action.risk.param._risk_message', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: risk ""; ${CONTENTCTL}`, why: PARAMS_INERT },
  {
    rest: 'action.risk.param._risk_score', type: 'string', default: '', compared: 'when-set',
    source: `${ACTIONS}: risk "action.risk.param._risk_score": "" (a string, like every action parameter); ${CONTENTCTL}`, why: PARAMS_INERT,
  },
  { rest: 'action.risk.param.verbose', type: 'flag-string', default: '0', compared: 'when-set', source: `${ACTIONS}: risk "action.risk.param.verbose": "0"`, why: PARAMS_INERT },

  // ES correlation-search metadata
  {
    rest: 'action.correlationsearch.enabled', type: 'flag-string', default: '0', compared: 'when-set',
    source: `${CONTENTCTL}; not among ${ACTIONS} correlationsearch, so absent (not enabled) when unset`, why: ESCU_ONLY,
  },
  { rest: 'action.correlationsearch.detection_type', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: ESCU_ONLY },
  { rest: 'action.correlationsearch.label', type: 'string', default: '', compared: 'when-set', source: `${ACTIONS}: correlationsearch ""; ${CONTENTCTL}`, why: ESCU_ONLY },
  { rest: 'action.correlationsearch.annotations', type: 'json-string', default: '', compared: 'when-set', source: `${ACTIONS}: correlationsearch ""; ${CONTENTCTL}`, why: ESCU_ONLY },
  { rest: 'action.correlationsearch.metadata', type: 'json-string', default: '', compared: 'when-set', source: `${ACTIONS}: correlationsearch ""; ${CONTENTCTL}`, why: ESCU_ONLY },

  // ESCU's own metadata action (written off: `action.escu = 0`, its parameters as data for ES)
  { rest: 'action.escu', type: 'boolean', default: '0', compared: 'when-set', source: `${SS}: action.<action_name> = <boolean>; ${CONTENTCTL}`, why: 'detctl only ever writes it off, its default' },
  { rest: 'action.escu.enabled', type: 'flag-string', default: '0', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.mappings', type: 'json-string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.data_models', type: 'json-string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.eli5', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.how_to_implement', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.known_false_positives', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.creation_date', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.modification_date', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.confidence', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.search_type', type: 'string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.product', type: 'json-string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.atomic_red_team_guids', type: 'json-string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },
  { rest: 'action.escu.providing_technologies', type: 'json-string', default: '', compared: 'when-set', source: `${ESCU_PARAM}; may be the JSON text null`, why: ESCU_ONLY },
  { rest: 'action.escu.analytic_story', type: 'json-string', default: '', compared: 'when-set', source: ESCU_PARAM, why: ESCU_ONLY },

  // Third-party alert actions an ESCU deployment may turn on
  {
    rest: 'action.slack', type: 'boolean', default: '0', compared: 'when-set', source: `${SS}: action.<action_name> = <boolean>; ${CONTENTCTL}`,
    why: 'not sent to searches that do not use it: whether splunkd accepts a flag for an alert action that is not installed is unverified',
  },
  { rest: 'action.slack.param.channel', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  { rest: 'action.slack.param.message', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  {
    rest: 'action.sendtophantom', type: 'boolean', default: '0', compared: 'when-set', source: `${SS}: action.<action_name> = <boolean>; ${CONTENTCTL}`,
    why: 'as action.slack',
  },
  { rest: 'action.sendtophantom.param._cam_workers', type: 'json-string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  { rest: 'action.sendtophantom.param.label', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  { rest: 'action.sendtophantom.param.phantom_server', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  { rest: 'action.sendtophantom.param.sensitivity', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
  { rest: 'action.sendtophantom.param.severity', type: 'string', default: '', compared: 'when-set', source: CONTENTCTL, why: PARAMS_INERT },
];

/** A key no row describes (a renderer grew a key without a row): compared as text when set. */
const UNLISTED: Omit<SavedSearchKey, 'rest'> = { type: 'string', default: '', compared: 'when-set', source: 'not in the table' };

const BY_REST = new Map(SAVED_SEARCH_KEYS.map((k) => [k.rest, k]));
const REST_BY_CONF = new Map(SAVED_SEARCH_KEYS.flatMap((k) => (k.conf ? [[k.conf, k.rest] as const] : [])));

/** The REST name of a key given by its savedsearches.conf name (or already by its REST name). */
export function restName(key: string): string {
  return REST_BY_CONF.get(key) ?? key;
}

/** The row for a key (by REST name); keys without a row are plain text, compared when set. */
export function savedSearchKey(rest: string): SavedSearchKey {
  return BY_REST.get(rest) ?? { rest, ...UNLISTED };
}

/** REST names of the keys compared on every managed saved search. */
export const ALWAYS_COMPARED: readonly string[] = SAVED_SEARCH_KEYS.filter((k) => k.compared === 'always').map((k) => k.rest);
