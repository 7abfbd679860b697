// A saved search's settings: which arguments the savedsearch handler takes (anything else is
// "not supported by this handler"), the values it refuses, and `content` as GET returns it —
// every default, the caller's values typed the way splunkd types that key, and the computed keys.
import type { Json, JsonObject } from '../json.js';
import { alertActionDefaults } from './alert-action-defaults.js';
import { formatScheduledTime, nextRun, parseCron } from './cron-schedule.js';
import { READ_ONLY_SETTINGS, SETTING_DEFAULTS, SETTING_TYPES, type SettingType } from './saved-search-defaults.js';
import { SplunkHttpError, unsupportedArgument } from './splunk-errors.js';

/** Families of arguments the handler takes by pattern (savedsearches.conf's wildcards). */
const WILDCARD_ARGUMENTS = [/^action\.[^.]+(\..+)?$/, /^args\..+/, /^dispatch\..+/, /^display\..+/];

const ALERT_TYPES = ['always', 'custom', 'number of events', 'number of hosts', 'number of sources'];
const ALERT_COMPARATORS = ['', 'greater than', 'less than', 'equal to', 'not equal to', 'drops by', 'rises by', 'rises by perc', 'drops by perc'];

/** Throws the 400 splunkd answers for the first argument it would refuse. */
export function checkSavedSearchArgs(settings: Record<string, string>, mode: 'create' | 'edit'): void {
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'name' && mode === 'create') continue;
    const known = (SETTING_TYPES.has(key) && !READ_ONLY_SETTINGS.includes(key)) || WILDCARD_ARGUMENTS.some((p) => p.test(key));
    if (!known) throw unsupportedArgument(key);
    const problem = valueProblem(key, value);
    if (problem) throw new SplunkHttpError(400, problem);
  }
}

function valueProblem(key: string, value: string): string | undefined {
  const type = typeOf(key);
  if ((type === 'boolean' || type === 'unset-boolean') && parseBool(value) === undefined && !(key === 'alert.track' && value === 'auto')) {
    return `Invalid value "${value}" for argument "${key}": must be a boolean.`;
  }
  if (type === 'number' && !isNumeric(value)) return `Invalid value "${value}" for argument "${key}": must be a number.`;
  if (key === 'alert.severity' && !/^[1-6]$/.test(value)) return `Invalid value "${value}" for argument "alert.severity": must be an integer between 1 and 6.`;
  if (key === 'alert_type' && !ALERT_TYPES.includes(value)) return `Invalid value "${value}" for argument "alert_type".`;
  if (key === 'alert_comparator' && !ALERT_COMPARATORS.includes(value)) return `Invalid value "${value}" for argument "alert_comparator".`;
  if (key === 'cron_schedule' && value.trim() !== '' && !parseCron(value)) return `Invalid cron_schedule: "${value}".`;
  return undefined;
}

/**
 * Applies an edit. `actions` is a comma list that switches `action.<name>` on for the names it
 * lists and off for the other actions that were on; it is not stored itself but recomputed.
 */
export function applySettings(current: Record<string, string>, changes: Record<string, string>): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(changes)) if (key !== 'actions' && key !== 'name') next[key] = value;
  if (changes.actions !== undefined) {
    const listed = changes.actions.split(',').map((a) => a.trim()).filter(Boolean);
    for (const name of enabledActions(next)) if (!listed.includes(name)) next[`action.${name}`] = '0';
    for (const name of listed) next[`action.${name}`] = '1';
  }
  return next;
}

export interface ContentOptions {
  listDefaultActionArgs: boolean;
  now: Date;
}

/** `content` as GET returns it: sorted keys, typed values, computed keys. */
export function savedSearchContent(settings: Record<string, string>, options: ContentOptions): JsonObject {
  // Settings objects are replaced, never changed, on an edit: what depends only on them is
  // computed once per version (listing thousands of searches would otherwise redo it each time).
  // The content last returned is kept too, and returned again while its next_scheduled_time (the
  // only part that depends on the clock) is unchanged: copying some 200 keys for each entry of a
  // listing was most of the listing's time. Contents are only serialised, never changed.
  const cache = options.listDefaultActionArgs ? withActionDefaults : withoutActionDefaults;
  let fixed = cache.get(settings);
  const next = nextScheduledTime(settings, options.now);
  if (fixed?.next_scheduled_time === next) return fixed;
  if (!fixed) {
    const defaults = contentDefaults(options.listDefaultActionArgs);
    const search = settings.search ?? '';
    // Computed keys win over defaults and settings alike.
    const computed: JsonObject = {
      actions: enabledActions(settings).join(', '),
      qualifiedSearch: search.trim() === '' ? '' : search.trimStart().startsWith('|') ? search.trimStart().slice(1) : `search ${search}`,
      next_scheduled_time: '',
      'eai:acl': null,
    };
    // The keys in sorted order: the defaults' keys are sorted once, so only the few others (the
    // settings' own keys, the computed ones) are sorted here and merged in — sorting all ~220 keys
    // for every new search was most of a create's CPU. `<` compares as sort() does (UTF-16 code units).
    const extra = [...new Set([...Object.keys(settings), ...Object.keys(computed)])].filter((k) => !Object.hasOwn(defaults.values, k)).sort();
    fixed = {};
    const put = (key: string) => {
      fixed![key] = Object.hasOwn(computed, key) ? computed[key] : Object.hasOwn(settings, key) ? typedValue(key, settings[key]) : defaults.values[key];
    };
    let e = 0;
    for (const key of defaults.sortedKeys) {
      while (e < extra.length && extra[e] < key) put(extra[e++]);
      put(key);
    }
    while (e < extra.length) put(extra[e++]);
  }
  const content = fixed.next_scheduled_time === next ? fixed : { ...fixed, next_scheduled_time: next };
  cache.set(settings, content);
  return content;
}

/** The defaults a content starts from (with the alert actions' or not), their keys sorted once. */
const defaultsFor = new Map<boolean, { values: JsonObject; sortedKeys: string[] }>();
function contentDefaults(listDefaultActionArgs: boolean): { values: JsonObject; sortedKeys: string[] } {
  let defaults = defaultsFor.get(listDefaultActionArgs);
  if (!defaults) {
    const values: JsonObject = { ...SETTING_DEFAULTS, ...(listDefaultActionArgs ? alertActionDefaults() : {}) };
    defaults = { values, sortedKeys: Object.keys(values).sort() };
    defaultsFor.set(listDefaultActionArgs, defaults);
  }
  return defaults;
}

/** Parsed cron expressions by text (a listing parses the same few expressions thousands of times); kept small. */
const crons = new Map<string, ReturnType<typeof parseCron>>();
function parsedCron(expression: string): ReturnType<typeof parseCron> {
  if (!crons.has(expression)) {
    if (crons.size >= 1000) crons.clear();
    crons.set(expression, parseCron(expression));
  }
  return crons.get(expression);
}

const withActionDefaults = new WeakMap<Record<string, string>, JsonObject>();
const withoutActionDefaults = new WeakMap<Record<string, string>, JsonObject>();

function nextScheduledTime(settings: Record<string, string>, now: Date): string {
  if (parseBool(settings.is_scheduled ?? '0') !== true || parseBool(settings.disabled ?? '0') === true) return '';
  const cron = parsedCron(settings.cron_schedule ?? '');
  const next = cron ? nextRun(cron, now) : undefined;
  return next ? formatScheduledTime(next) : '';
}

function enabledActions(settings: Record<string, string>): string[] {
  return Object.keys(settings)
    .map((key) => /^action\.([^.]+)$/.exec(key)?.[1])
    .filter((name): name is string => name !== undefined && parseBool(settings[`action.${name}`]) === true)
    .sort();
}

/**
 * A key's type: the capture's for the keys it holds (saved-search-defaults.ts). Beyond it, an
 * alert action's on/off flag is a boolean (savedsearches.conf.spec: `action.<action_name> =
 * <boolean>`, and the capture types the flags it has so: `"action.email": false`), and anything
 * else (an action's parameters, ES's and ESCU's among them) is the string written: the capture's
 * alert_actions defaults are strings throughout, even the boolean ones (`"action.email.inline":
 * "0"`), and JSON held as text comes back as written (`display.events.fields` and
 * `display.visualizations.singlevalue.rangeColors` keep their different spacing).
 */
function typeOf(key: string): SettingType {
  return SETTING_TYPES.get(key) ?? (/^action\.[^.]+$/.test(key) ? 'boolean' : 'string');
}

/** How splunkd writes a stored argument back: by the key's type; what does not parse stays a string. */
export function typedValue(key: string, raw: string): Json {
  const type = typeOf(key);
  if (type === 'boolean' || type === 'unset-boolean') return parseBool(raw) ?? raw;
  if (type === 'number') return isNumeric(raw) ? Number(raw) : raw;
  return raw;
}

/** splunkd's boolean spellings. */
export function parseBool(value: string): boolean | undefined {
  if (/^(1|true|t|yes|y|on)$/i.test(value.trim())) return true;
  if (/^(0|false|f|no|n|off)$/i.test(value.trim())) return false;
  return undefined;
}

function isNumeric(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}
