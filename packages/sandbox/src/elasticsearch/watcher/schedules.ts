// Watcher schedule types and how each is written back. Intervals keep their unit ("30m") but a
// bare number means seconds; cron is Quartz syntax (seconds first, `?` in day-of-month or
// day-of-week), so a five-field Unix cron is refused; hourly/daily/weekly/monthly/yearly come
// back with every single value turned into an array.
import { isObject, tokenName, type Json, type JsonObject } from '../../json.js';
import { cause, parseError, type EsHttpError } from '../es-errors.js';
import type { ParseContext, Registry, ValueParser } from './shape-parser.js';

const INTERVAL_UNITS: [suffix: string, millis: number][] = [
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
];
const UNIT_NAMES: Record<string, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'week' };

const interval: ValueParser = (value) => {
  const fail = (reason: string) => parseError(`could not parse schedule: ${reason}`, cause('illegal_argument_exception', reason));
  let text: string;
  let millis: number;
  if (typeof value === 'number') {
    text = `${Math.trunc(value)}s`;
    millis = Math.trunc(value) * 1000;
  } else if (typeof value === 'string') {
    // IntervalSchedule.Interval.parse: the first unit whose suffix ends the value, so "5ms" is
    // read as seconds and fails on "5m".
    const unit = INTERVAL_UNITS.find(([suffix]) => value.endsWith(suffix));
    if (!unit) throw fail(`could not parse [interval] schedule. unrecognized interval format [${value}]`);
    const digits = value.slice(0, value.indexOf(unit[0]));
    if (!/^[+-]?\d+$/.test(digits)) {
      throw parseError(`could not parse schedule: could not parse [interval] schedule. could not parse [${digits}] as a [${UNIT_NAMES[unit[0]]}] duration`);
    }
    text = `${Number(digits)}${unit[0]}`;
    millis = Number(digits) * unit[1];
  } else {
    throw parseError(`could not parse [interval] schedule. expected either a numeric value (millis) or a string value representing time value (e.g. '5s'), but found [${tokenName(value)}]`);
  }
  if (millis < 1000) throw fail(`interval can't be lower than 1000 ms, but [${text}] was specified`);
  return text;
};

const cron: ValueParser = (value) => {
  const expressions = Array.isArray(value) ? value : [value];
  for (const expression of expressions) {
    if (typeof expression !== 'string') throw parseError(`could not parse [cron] schedule. expected a string value in the cron array but found [${tokenName(expression)}]`);
    const problem = quartzProblem(expression);
    if (problem) throw parseError(`could not parse [cron] schedule`, cause('illegal_argument_exception', `invalid cron expression [${expression}]: ${problem}`));
  }
  // A single expression is written as a string, even if it came in an array.
  return expressions.length === 1 ? expressions[0] : expressions;
};

/** Why `expression` is not a Quartz cron expression ES's Cron class would accept. */
function quartzProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) return `expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found ${fields.length}`;
  if (!fields.every((f) => /^[0-9A-Za-z*?,/\-#LW]+$/.test(f))) return 'illegal characters';
  const [, , , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented (one of them must be '?')";
  }
  for (let i = 0; i < Math.min(fields.length, 6); i++) {
    const problem = fieldProblem(fields[i].toUpperCase(), FIELDS[i]);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The values each field may hold (Cron.addToSet: "Minute and Second values must be between 0 and
 * 59", "Hour values …0 and 23", "Day of month values …1 and 31", "Month values …1 and 12",
 * "Day-of-Week values …1 and 7"), and the names only the month (JAN–DEC) and day-of-week
 * (SUN–SAT) fields take (Cron.storeExpressionVals: "invalid Month value", "invalid Day-of-Week
 * value", "illegal characters" elsewhere).
 */
interface CronField {
  label: string;
  min: number;
  max: number;
  names?: string[];
}
const FIELDS: CronField[] = [
  { label: 'Minute and Second', min: 0, max: 59 },
  { label: 'Minute and Second', min: 0, max: 59 },
  { label: 'Hour', min: 0, max: 23 },
  { label: 'Day of month', min: 1, max: 31 },
  { label: 'Month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { label: 'Day-of-Week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    // The value part: what comes before an increment (/n), a last-of (L), a weekday (W) or an nth (#n).
    const [range] = item.split(/[/#]/);
    for (const token of range.split('-')) {
      if (field.names?.includes(token)) continue;
      const part = token.replace(/^L|(?:LW|L|W)$/g, '');
      if (part === '' || part === '*' || part === '?') continue;
      if (/^[A-Z]+$/.test(part)) {
        if (!field.names) return `illegal characters [${part}]`;
        if (!field.names.includes(part)) return `invalid ${field.label} value [${part}]`;
        continue;
      }
      const n = Number(part);
      if (!Number.isInteger(n) || n < field.min || n > field.max) return `${field.label} values must be between ${field.min} and ${field.max}`;
    }
  }
  return undefined;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function list(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function invalid(type: string, field: string, value: Json): EsHttpError {
  return parseError(`could not parse [${type}] schedule. invalid value [${JSON.stringify(value)}] for [${field}]`);
}

function ints(type: string, field: string, value: Json | undefined, min: number, max: number, fallback: number[]): number[] {
  const items = list(value);
  if (items.length === 0) return fallback;
  return items.map((item) => {
    const n = typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw invalid(type, field, item);
    return n;
  });
}

/** DayTimes: "noon", "midnight", "HH:mm" stay strings; {hour, minute} comes back with arrays. */
function dayTimes(type: string, value: Json | undefined): Json[] {
  const items = list(value);
  if (items.length === 0) return [{ hour: [0], minute: [0] }];
  return items.map((item) => {
    if (typeof item === 'string') {
      const m = /^(\d{1,2}):(\d{2})$/.exec(item);
      if (item === 'noon' || item === 'midnight' || (m && Number(m[1]) < 24 && Number(m[2]) < 60)) return item;
      throw invalid(type, 'at', item);
    }
    if (!isObject(item)) throw invalid(type, 'at', item);
    return { hour: ints(type, 'hour', item.hour, 0, 23, [0]), minute: ints(type, 'minute', item.minute, 0, 59, [0]) };
  });
}

function names(type: string, field: string, value: Json | undefined, all: string[]): string[] {
  const picked = new Set<string>();
  for (const item of list(value)) {
    const text = String(item).toLowerCase();
    const index = /^\d+$/.test(text) ? Number(text) - 1 : all.findIndex((n) => n === text || n.slice(0, 3) === text);
    if (index < 0 || index >= all.length) throw invalid(type, field, item);
    picked.add(all[index]);
  }
  // EnumSet order, whatever order they came in.
  return all.filter((n) => picked.has(n));
}

function monthDays(type: string, value: Json | undefined): Json[] {
  const items = list(value);
  if (items.length === 0) return [1];
  return items.map((item) => {
    if (item === 'last_day' || item === 'first_day') return item;
    const [n] = ints(type, 'on', item, 1, 31, []);
    return n;
  });
}

function timesObject(type: string, value: Json, build: (o: JsonObject) => JsonObject): Json[] {
  return list(value).map((item) => {
    if (!isObject(item)) throw invalid(type, type, item);
    return build(item);
  });
}

/** HourlySchedule.Parser and DailySchedule.Parser know one field each; any other is "unexpected field". */
function onlyField(type: string, value: JsonObject, field: string): void {
  for (const key of Object.keys(value)) if (key !== field) throw parseError(`could not parse [${type}] schedule. unexpected field [${key}]`);
}
const hourly: ValueParser = (value) => {
  if (!isObject(value)) throw invalid('hourly', 'hourly', value);
  onlyField('hourly', value, 'minute');
  return { minute: ints('hourly', 'minute', value.minute, 0, 59, [0]) };
};
const daily: ValueParser = (value) => {
  if (!isObject(value)) throw invalid('daily', 'daily', value);
  onlyField('daily', value, 'at');
  return { at: dayTimes('daily', value.at) };
};
const weekly: ValueParser = (value) => timesObject('weekly', value, (o) => ({ on: names('weekly', 'on', o.on ?? 'sunday', DAYS), at: dayTimes('weekly', o.at) }));
const monthly: ValueParser = (value) => timesObject('monthly', value, (o) => ({ on: monthDays('monthly', o.on), at: dayTimes('monthly', o.at) }));
const yearly: ValueParser = (value) =>
  timesObject('yearly', value, (o) => ({ in: names('yearly', 'in', o.in ?? 'january', MONTHS), on: monthDays('yearly', o.on), at: dayTimes('yearly', o.at) }));

const SCHEDULE_TYPES: Record<string, ValueParser> = { interval, cron, hourly, daily, weekly, monthly, yearly };

/**
 * The `schedule` object: one schedule type (the last one wins, as in ScheduleRegistry), and an
 * optional `timezone` that cron schedules carry beside the expression.
 */
/**
 * TimezoneUtils.parse (x-pack/plugin/watcher, trigger/schedule/support; ES PR #117033): ZoneId.of —
 * "Z", an offset of at most 18 hours, UTC/GMT/UT with or without one, a tz database region id —
 * and failing that the region ids again, case-insensitively. Region ids are looked up in the tz
 * database Node.js carries. ScheduleRegistry imports DateTimeException to turn TimezoneUtils'
 * failure into a parse error (a 400); its exact wording was not in the code index, so the reason
 * here only names the field and the value.
 */
function knownTimezone(text: string): boolean {
  const offset = (t: string) => {
    const m = /^[+-](\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(t);
    if (!m || (m[1].length === 1 && m[2] !== undefined)) return false;
    const rest = Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    return Number(m[1]) < 18 || (Number(m[1]) === 18 && rest === 0);
  };
  const prefix = /^(?:UTC|GMT|UT)/i.exec(text);
  if (/^z$/i.test(text) || offset(text) || (prefix && (text.length === prefix[0].length || offset(text.slice(prefix[0].length))))) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

export const schedule: ValueParser = (value, ctx) => {
  if (!isObject(value)) throw parseError(`could not parse schedule. expected a schedule type field, but found [${tokenName(value)}] instead`);
  let result: JsonObject | undefined;
  let timezone: string | undefined;
  for (const [type, body] of Object.entries(value)) {
    if (type === 'timezone' && typeof body === 'string') {
      if (!knownTimezone(body)) throw parseError(`could not parse schedule. invalid timezone [${body}]`, cause('date_time_exception', `Unknown time-zone ID: ${body}`));
      timezone = body;
      continue;
    }
    const parser = SCHEDULE_TYPES[type];
    if (!parser) throw parseError(`could not parse schedule for watch [${ctx.watchId}]. unknown schedule type [${type}]`);
    result = { [type]: parser(body, ctx, type) as Json };
  }
  if (!result) throw parseError('could not parse schedule. expected a schedule type field, but no fields were found');
  return timezone !== undefined ? { ...result, timezone } : result;
};

export const TRIGGERS: Registry = {
  types: { schedule },
  notObject: (value, ctx: ParseContext) => parseError(`could not parse trigger for [${ctx.watchId}]. expected trigger type string field, but found [${tokenName(value)}]`),
  unknownType: (type, ctx) => parseError(`could not parse trigger [${type}] for [${ctx.watchId}]. unknown trigger type [${type}]`),
  empty: (ctx) => parseError(`could not parse trigger for [${ctx.watchId}]. expected trigger type string field, but found [END_OBJECT]`),
  bodyNotObject: (type, value, ctx) =>
    parseError(`could not parse trigger [${type}] for [${ctx.watchId}]. expected trigger an object as the trigger body, but found [${tokenName(value)}]`),
};
