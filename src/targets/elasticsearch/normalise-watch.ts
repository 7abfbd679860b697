// A watch as Watcher stores and returns it (contract §A4), so desired and live watches compare
// equal when they mean the same. The same function is applied to both sides, and is idempotent.
// What the server adds or rewrites is kept as data in the tables below.
import type { Canonical } from '../../plan/model.js';
import { durationMillis } from '../duration.js';

/** The order Watch.toXContent writes keys in, and the defaults it fills in. */
const WATCH_KEYS = ['trigger', 'input', 'condition', 'transform', 'throttle_period_in_millis', 'actions', 'metadata'] as const;
const WATCH_DEFAULTS: Record<string, unknown> = { input: { none: {} }, condition: { always: {} }, actions: {} };

/** Fields a search input request gains on the server. */
const SEARCH_REQUEST_DEFAULTS: Record<string, unknown> = { search_type: 'query_then_fetch', rest_total_hits_as_int: true };

/** Email fields that come back as arrays when written as a string. */
const EMAIL_LIST_FIELDS = ['to', 'cc', 'bcc', 'reply_to'];

/** Per action type, defaults the server fills in. */
const ACTION_DEFAULTS: Record<string, Record<string, unknown>> = {
  logging: { level: 'info' },
  webhook: { scheme: 'http', method: 'get', params: {}, headers: {} },
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `x` (duration text) → `x_in_millis` (number), as the server stores durations. */
function millisKey(object: Json, key: string): Json {
  if (!(key in object)) return object;
  const { [key]: value, ...rest } = object;
  return { ...rest, [`${key}_in_millis`]: durationMillis(value as string | number) };
}

function normaliseSchedule(schedule: Json): Json {
  if (typeof schedule.interval === 'number') return { ...schedule, interval: `${schedule.interval}s` };
  return schedule;
}

function normaliseInput(input: Json): Json {
  if (!isObject(input.search)) return input;
  let search = millisKey(input.search, 'timeout');
  if (isObject(search.request)) {
    const request = { ...search.request };
    if (typeof request.indices === 'string') request.indices = request.indices.split(',').map((s) => s.trim());
    for (const [k, v] of Object.entries(SEARCH_REQUEST_DEFAULTS)) if (!(k in request)) request[k] = v;
    search = { ...search, request };
  }
  return { ...input, search };
}

function normaliseAction(action: Json): Json {
  let out = millisKey(action, 'throttle_period');
  for (const [type, defaults] of Object.entries(ACTION_DEFAULTS)) {
    if (isObject(out[type])) out = { ...out, [type]: { ...defaults, ...(out[type] as Json) } };
  }
  if (isObject(out.email)) {
    const email = { ...out.email };
    for (const f of EMAIL_LIST_FIELDS) if (typeof email[f] === 'string') email[f] = [email[f]];
    if (typeof email.body === 'string') email.body = { text: email.body }; // a plain body is the text part
    out = { ...out, email };
  }
  return out;
}

/** The watch definition (no status) in server form, keys in server order. */
export function normaliseWatch(body: Json): Json {
  let watch = millisKey(body, 'throttle_period');
  watch = { ...WATCH_DEFAULTS, ...watch };
  if (isObject(watch.trigger) && isObject(watch.trigger.schedule)) {
    watch = { ...watch, trigger: { ...watch.trigger, schedule: normaliseSchedule(watch.trigger.schedule) } };
  }
  if (isObject(watch.input)) watch = { ...watch, input: normaliseInput(watch.input) };
  if (isObject(watch.actions)) {
    watch = { ...watch, actions: Object.fromEntries(Object.entries(watch.actions).map(([k, a]) => [k, isObject(a) ? normaliseAction(a) : a])) };
  }
  const ordered: Json = {};
  for (const key of WATCH_KEYS) if (key in watch) ordered[key] = watch[key];
  for (const key of Object.keys(watch)) if (!(key in ordered)) ordered[key] = watch[key];
  return ordered;
}

/** What the plan compares for a watch: the normalised definition and whether it is active. */
export function canonicalWatch(body: Json, active: boolean): Canonical {
  return { ...normaliseWatch(body), active };
}
