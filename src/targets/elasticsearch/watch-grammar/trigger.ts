// `trigger`: TriggerService.parseTrigger picks the engine by the one key ("schedule" is the only
// trigger type, ScheduleTriggerEngine), and ScheduleRegistry.parse reads the schedule: one field
// naming the schedule type (ScheduleRegistry: "unknown schedule type [x]"; with no field "expected
// a schedule type field, but no fields were found"), plus a `timezone` string next to it in the
// versions with TimezoneUtils (ES 8.x+; zone ids are left to the server). Each type's parser is
// in x-pack/plugin/watcher/.../trigger/schedule and .../schedule/support.
import type { YamlMap, YamlNode } from '../../../yaml-tree.js';
import { CODES, join, list, type Check } from './check.js';
import { quartzCronProblem } from './quartz-cron.js';

export const SCHEDULE_TYPES = ['interval', 'cron', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

const SCHEDULE_HINT = `a schedule is one of ${list(SCHEDULE_TYPES)}, e.g. {interval: 5m} or {cron: "0 0/5 * * * ?"}`;
const CRON_HINT = 'Watcher cron has seconds first and 6 or 7 fields, with ? in the day-of-month or the day-of-week: "0 0/5 * * * ?" is every five minutes';

export function checkTrigger(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node);
  if (!map) return;
  if (map.entries.length === 0) check.missing(path, map, 'schedule', 'the only trigger type is schedule');
  check.fields(path, map, { schedule: (e, p) => checkSchedule(check, p, e.value) }, { hint: 'the only trigger type is schedule' });
}

function checkSchedule(check: Check, path: string, node: YamlNode): void {
  const map = check.map(path, node, SCHEDULE_HINT);
  if (!map) return;
  const types = map.entries.filter((e) => e.key !== 'timezone');
  if (types.length === 0) check.report(CODES.schedule, `'${path}' names no schedule type`, map.loc, SCHEDULE_HINT);
  for (const entry of map.entries) {
    const here = join(path, entry.key);
    if (entry.key === 'timezone') timezone(check, here, entry.value);
    else if ((SCHEDULE_TYPES as readonly string[]).includes(entry.key)) SCHEDULES[entry.key as (typeof SCHEDULE_TYPES)[number]](check, here, entry.value);
    else check.unknownKey(path, entry, [...SCHEDULE_TYPES, 'timezone'], SCHEDULE_HINT);
  }
}

/** A ZoneOffset text as ZoneId.of reads it: ±h, ±hh, ±hh:mm, ±hhmm, ±hh:mm:ss, ±hhmmss, within ±18 hours. */
const OFFSET = /^[+-](\d{1,2}|\d{2}:?\d{2}|\d{2}:\d{2}:\d{2}|\d{6})$/;

function offsetOk(text: string): boolean {
  if (!OFFSET.test(text)) return false;
  const digits = text.slice(1).replace(/:/g, '');
  const hours = Number(digits.length <= 2 ? digits : digits.slice(0, 2));
  const rest = digits.length <= 2 ? 0 : Number(digits.slice(2));
  return hours < 18 || (hours === 18 && rest === 0);
}

/**
 * The schedule's `timezone` (ScheduleRegistry → TimezoneUtils.parse): ZoneId.of, else a
 * case-insensitive match of a zone id. ZoneId.of takes "Z", an offset, UTC/GMT/UT alone or with an
 * offset, or a region id from the tz database; the region ids are checked against the tz database
 * this Node.js carries (Intl), which matches Java's for every id in current use.
 */
function timezone(check: Check, path: string, node: YamlNode): void {
  const text = check.string(path, node);
  if (text === undefined) return;
  const prefixed = /^(UTC|GMT|UT)(.*)$/i.exec(text);
  if (text.toUpperCase() === 'Z' || offsetOk(text) || (prefixed && (prefixed[2] === '' || offsetOk(prefixed[2])))) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return;
  } catch {
    check.report(CODES.schedule, `'${path}' is '${text}', not a time zone`, node.loc, 'give a tz database id like Europe/Berlin or America/New_York, or an offset like +01:00');
  }
}

const UNIT_NAMES: Record<string, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' };

/**
 * IntervalSchedule.Parser: a number is seconds; a string is Interval.parse — the first unit of
 * s, m, h, d, w (in that order) the text ends with, the number being what comes before the first
 * occurrence of that unit (Long.parseLong), so "5ms" fails as "5m" seconds. IntervalSchedule's
 * constructor refuses less than 1000 ms.
 */
function interval(check: Check, path: string, node: YamlNode): void {
  const bad = (message: string) => check.report(CODES.schedule, `'${path}' ${message}`, node.loc, 'an interval is a whole number and a unit of s, m, h, d or w, at least 1s: 30s, 5m, 1h, 1d, 1w');
  if (node.kind === 'scalar' && typeof node.value === 'number') {
    if (Math.trunc(node.value) * 1000 < 1000) bad(`is ${node.value} seconds, under the minimum of 1 second`);
    return;
  }
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    bad(`must be a number of seconds or a text like 5m, not ${node.kind === 'scalar' ? `the ${node.value === null ? 'empty value' : typeof node.value}` : node.kind === 'seq' ? 'a list' : 'a mapping'}`);
    return;
  }
  const text = node.value;
  const unit = Object.keys(UNIT_NAMES).find((u) => text.endsWith(u));
  if (!unit) return bad(`is '${text}', which has no unit of s, m, h, d or w`);
  const digits = text.slice(0, text.indexOf(unit));
  if (!/^[+-]?\d+$/.test(digits)) return bad(`is '${text}': '${digits}' is not a whole number of ${UNIT_NAMES[unit]}`);
  const millis = Number(digits) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit]!;
  if (millis < 1000) bad(`is '${text}', under the minimum of 1 second`);
}

/** CronSchedule.Parser: a string, or a non-empty list of strings; each must build as a Cron. */
function cron(check: Check, path: string, node: YamlNode): void {
  const one = (p: string, item: YamlNode) => {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      check.report(CODES.schedule, `'${p}' must be a cron expression in quotes`, item.loc, CRON_HINT);
      return;
    }
    const problem = quartzCronProblem(item.value);
    if (problem) check.report(CODES.schedule, `'${p}' is not a Watcher cron expression: ${problem}`, item.loc, CRON_HINT);
  };
  if (node.kind === 'seq') {
    if (node.items.length === 0) check.report(CODES.schedule, `'${path}' is an empty list`, node.loc, CRON_HINT);
    node.items.forEach((item, i) => one(`${path}[${i}]`, item));
  } else {
    one(path, node);
  }
}

/** A value or a list of values (the schedule parsers' "string/number value or an array" fields). */
function each(node: YamlNode, path: string, fn: (item: YamlNode, path: string) => void): void {
  if (node.kind === 'seq') node.items.forEach((item, i) => fn(item, `${path}[${i}]`));
  else fn(node, path);
}

/** DayTimes.parseHourValue / parseMinuteValue: a number, or a string Integer.parseInt reads, in range. */
function bounded(check: Check, what: string, min: number, max: number) {
  return (item: YamlNode, path: string) => {
    const value = item.kind === 'scalar' ? item.value : undefined;
    const n = typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) check.report(CODES.schedule, `'${path}' must be ${what} from ${min} to ${max}`, item.loc);
  };
}

const TIME = /^(\d{1,2}):(\d{2})$/;

/**
 * DayTimes.parse: "noon", "midnight" or "HH:mm" (DayTimes.parse(String)), or {hour, minute} with
 * values or lists of values (other keys are skipped by its loop).
 */
function dayTimes(check: Check, path: string, node: YamlNode): void {
  each(node, path, (item, p) => {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      const m = TIME.exec(item.value);
      if (item.value === 'noon' || item.value === 'midnight' || (m && Number(m[1]) <= 23 && Number(m[2]) <= 59)) return;
      check.report(CODES.schedule, `'${p}' is '${item.value}', not a time of day`, item.loc, 'write noon, midnight, HH:mm (e.g. 09:30) or {hour: 9, minute: 30}');
      return;
    }
    const map = check.map(p, item, 'a time of day is noon, midnight, HH:mm or {hour, minute}');
    if (!map) return;
    for (const entry of map.entries) {
      if (entry.key === 'hour') each(entry.value, join(p, 'hour'), bounded(check, 'an hour', 0, 23));
      if (entry.key === 'minute') each(entry.value, join(p, 'minute'), bounded(check, 'a minute', 0, 59));
    }
  });
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** DayOfWeek.resolve / Month.resolve: a number (1-based) or the name, full or its first three letters, any case. */
function named(check: Check, names: string[], what: string) {
  return (item: YamlNode, path: string) => {
    const text = item.kind === 'scalar' && item.value !== null ? String(item.value).toLowerCase() : undefined;
    const index = text === undefined ? -1 : /^\d+$/.test(text) ? Number(text) - 1 : names.findIndex((n) => n === text || n.slice(0, 3) === text);
    if (index < 0 || index >= names.length) check.report(CODES.schedule, `'${path}' is not a ${what}`, item.loc, `write a ${what} by name (${names[0]} or ${names[0].slice(0, 3)}) or number (1–${names.length})`);
  };
}

/** MonthTimes.parseDayValue: a day of the month 1–31, or first_day / last_day. */
function monthDays(check: Check) {
  const day = bounded(check, 'a day of the month', 1, 31);
  return (item: YamlNode, path: string) => {
    if (item.kind === 'scalar' && (item.value === 'first_day' || item.value === 'last_day')) return;
    day(item, path);
  };
}

/** Weekly, monthly and yearly schedules: one object of times or a list of them. */
function times(fields: (check: Check, map: YamlMap, path: string) => void) {
  return (check: Check, path: string, node: YamlNode) => {
    each(node, path, (item, p) => {
      const map = check.map(p, item);
      if (map) fields(check, map, p);
    });
  };
}

// WeekTimes / MonthTimes / YearTimes.parse read their known fields and skip any other.
const timesField = (check: Check, map: YamlMap, path: string, key: string, fn: (item: YamlNode, path: string) => void) => {
  const entry = map.entries.find((e) => e.key === key);
  if (entry) each(entry.value, join(path, key), fn);
};

const SCHEDULES: Record<(typeof SCHEDULE_TYPES)[number], (check: Check, path: string, node: YamlNode) => void> = {
  interval,
  cron,
  // HourlySchedule.Parser: only `minute`; any other field is "unexpected field".
  hourly: (check, path, node) => {
    const map = check.map(path, node);
    if (map) check.fields(path, map, { minute: (e, p) => each(e.value, p, bounded(check, 'a minute', 0, 59)) });
  },
  // DailySchedule.Parser: only `at`; any other field is "unexpected field".
  daily: (check, path, node) => {
    const map = check.map(path, node);
    if (map) check.fields(path, map, { at: (e, p) => dayTimes(check, p, e.value) });
  },
  weekly: times((check, map, path) => {
    timesField(check, map, path, 'on', named(check, DAYS, 'day of the week'));
    const at = map.entries.find((e) => e.key === 'at');
    if (at) dayTimes(check, join(path, 'at'), at.value);
  }),
  monthly: times((check, map, path) => {
    timesField(check, map, path, 'on', monthDays(check));
    const at = map.entries.find((e) => e.key === 'at');
    if (at) dayTimes(check, join(path, 'at'), at.value);
  }),
  yearly: times((check, map, path) => {
    timesField(check, map, path, 'in', named(check, MONTHS, 'month'));
    timesField(check, map, path, 'on', monthDays(check));
    const at = map.entries.find((e) => e.key === 'at');
    if (at) dayTimes(check, join(path, 'at'), at.value);
  }),
};
