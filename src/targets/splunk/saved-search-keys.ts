// Which saved-search keys detctl manages, how splunkd names and types them when read back
// (contract §B5; ../shared/corpus/splunk), and the value each has when not set. Kept as data:
// the normaliser and the writer both read this table.

export type KeyType = 'bool' | 'number' | 'string';

export interface ManagedKey {
  type: KeyType;
  /** splunkd's value when the key is not set; compared even when detctl does not set the key. */
  default?: string;
}

/** savedsearches.conf names that the REST API calls otherwise (GET returns the REST names). */
export const REST_NAME: Record<string, string> = {
  enableSched: 'is_scheduled',
  counttype: 'alert_type',
  relation: 'alert_comparator',
  quantity: 'alert_threshold',
};

/** Keys compared on every managed saved search (by REST name). */
export const ALWAYS_COMPARED: Record<string, ManagedKey> = {
  search: { type: 'string', default: '' },
  description: { type: 'string', default: '' },
  disabled: { type: 'bool', default: '0' },
  is_scheduled: { type: 'bool', default: '0' },
  cron_schedule: { type: 'string', default: '' },
  'dispatch.earliest_time': { type: 'string', default: '' },
  'dispatch.latest_time': { type: 'string', default: '' },
  alert_type: { type: 'string', default: 'always' },
  alert_comparator: { type: 'string', default: '' },
  alert_threshold: { type: 'string', default: '' },
  'alert.track': { type: 'bool', default: '0' },
  'alert.severity': { type: 'number', default: '3' },
  'alert.suppress': { type: 'bool', default: '0' },
  'alert.suppress.period': { type: 'string', default: '' },
  'action.email': { type: 'bool', default: '0' },
  'action.email.to': { type: 'string', default: '' },
  'action.notable.param.drilldown_searches': { type: 'string', default: '' },
};

/** Types of other keys detctl may set (ESCU's); compared only when the desired object sets them. */
const BOOL_KEYS = /^(action\.[^.]+|action\.[^.]+\.enabled|alert\.digest_mode|realtime_schedule|is_visible|allow_skew_bool)$/;

export function keyType(key: string): KeyType {
  return ALWAYS_COMPARED[key]?.type ?? (BOOL_KEYS.test(key) ? 'bool' : 'string');
}

export function restName(key: string): string {
  return REST_NAME[key] ?? key;
}

/** One value as splunkd means it: booleans as 0/1, numbers as text, no trailing newline. */
export function normaliseValue(type: KeyType, value: unknown): string {
  if (type === 'bool') return value === true || value === 1 || value === '1' || (typeof value === 'string' && value.toLowerCase() === 'true') ? '1' : '0';
  if (value === null || value === undefined) return '';
  return String(value).replace(/\n+$/, '');
}
