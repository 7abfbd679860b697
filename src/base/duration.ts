// Every duration syntax detctl reads, in one place: which units each place accepts is what the
// server behind it accepts, so a value that passes validation never fails later.
//
// - Watcher schedule intervals (`schedule.interval`): IntervalSchedule.Interval.parse knows
//   s, m, h, d and w; detctl asks for a whole number of at least 1.
// - Elasticsearch time values (an action's `throttle_period`, the request timeout): TimeValue.
//   parseTimeValue knows nanos, micros, ms, s, m, h and d — no weeks. detctl writes ms…d.
// - Splunk time specifiers: `alert.suppress.period` (savedsearches.conf: `<time-specifier>`,
//   [number][unit]) with the units detctl has always accepted there; contentctl's
//   `tags.throttling.period` (`\d+[smh]`); Sigma's `detection.timeframe` (`\d+[smhdwM]`).
// - A Sigma correlation's `timespan` (pySigma SigmaCorrelationTimespan: `[1-9]\d*[smhdwMy]`).
//
// The sandbox has its own parsers on purpose (a stand-in that shared this code would hide its bugs).

const UNIT_MILLIS = {
  nanos: 1e-6,
  micros: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

type Unit = keyof typeof UNIT_MILLIS;

export interface DurationSyntax {
  /** What the value is, for messages. */
  readonly name: string;
  readonly units: readonly string[];
  readonly pattern: RegExp;
  /** "30s, 15m, 1h or 1d", for messages. */
  readonly examples: string;
}

function syntax(name: string, units: readonly string[], examples: string, options: { zero?: boolean } = {}): DurationSyntax {
  const number = options.zero ? '\\d+' : '[1-9]\\d*';
  // Longest unit first, so `ms` is not read as `m` followed by junk.
  const alternatives = [...units].sort((a, b) => b.length - a.length).join('|');
  return { name, units, pattern: new RegExp(`^${number}(?:${alternatives})$`), examples };
}

/** Watcher's `schedule.interval` (and a Sigma rule's `custom.interval`). */
export const WATCHER_INTERVAL = syntax('Watcher interval', ['s', 'm', 'h', 'd', 'w'], '30s, 30m, 1h, 1d or 1w');

/** An Elasticsearch time value as detctl writes one: an action's throttle period. */
export const ES_TIME_VALUE = syntax('Elasticsearch time value', ['ms', 's', 'm', 'h', 'd'], '30s, 15m, 1h or 1d');

/** How long one request may take (an Elasticsearch time value, up to minutes). */
export const REQUEST_TIMEOUT = syntax('request timeout', ['ms', 's', 'm'], '500ms, 30s or 2m');

/** Splunk's `alert.suppress.period` as the environment's `savedSearch.suppress` gives it. */
export const SPLUNK_SUPPRESS_PERIOD = syntax('Splunk suppression period', ['s', 'm', 'h', 'd', 'w'], '30s, 30m, 1h, 1d or 1w');

/** contentctl's `tags.throttling.period` (a Splunk time specifier in seconds, minutes or hours). */
export const ESCU_THROTTLING_PERIOD = syntax('ESCU throttling period', ['s', 'm', 'h'], '3600s, 60m or 1h', { zero: true });

/** Sigma's `detection.timeframe` (M is months). */
export const SIGMA_TIMEFRAME = syntax('Sigma timeframe', ['s', 'm', 'h', 'd', 'w', 'M'], '30m or 1h', { zero: true });

/** A Sigma correlation's `timespan` (M is months, y years). */
export const SIGMA_TIMESPAN = syntax('Sigma correlation timespan', ['s', 'm', 'h', 'd', 'w', 'M', 'y'], '15m or 1h');

/** pySigma SigmaCorrelationTimespan.unit_seconds (a month and a year as Gregorian averages). */
const SIGMA_TIMESPAN_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, M: 2_629_746, y: 31_556_952 };

/** A timespan that passed SIGMA_TIMESPAN as its count, unit and length in seconds. */
export function sigmaTimespan(text: string): { count: number; unit: string; seconds: number } {
  const count = Number(text.slice(0, -1));
  const unit = text.slice(-1);
  return { count, unit, seconds: count * SIGMA_TIMESPAN_SECONDS[unit] };
}

export function isDuration(syntax: DurationSyntax, value: unknown): value is string {
  return typeof value === 'string' && syntax.pattern.test(value);
}

const TIME_VALUE_UNITS: readonly Unit[] = ['nanos', 'micros', 'ms', 's', 'm', 'h', 'd'];
const TIME_VALUE = new RegExp(`^(\\d+(?:\\.\\d+)?)(${TIME_VALUE_UNITS.join('|')})$`);

/**
 * An Elasticsearch time value in milliseconds, as Elasticsearch writes them back ("15m", "30000ms",
 * fractions included), or a number of milliseconds as it is. There is no `w`: Elasticsearch has none.
 */
export function durationMillis(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = TIME_VALUE.exec(value.trim());
  if (!match) throw new Error(`not a time value: ${value}`);
  return Math.round(Number(match[1]) * UNIT_MILLIS[match[2] as Unit]);
}

/**
 * Why `text` is not an Elasticsearch time value, or undefined when it is one: what
 * TimeValue.parseTimeValue (libs/core, org.elasticsearch.core.TimeValue) accepts — `-1` and `0`
 * alone, otherwise a whole number (a sign allowed, Long.parseLong) followed by nanos, micros, ms,
 * s, m, h or d after trimming and lower-casing; a fraction is refused ("fractional time values are
 * not supported"), as is a duration below -1 ("negative durations are not supported").
 */
export function esTimeValueProblem(text: string): string | undefined {
  const normalized = text.trim().toLowerCase();
  if (normalized === '-1' || normalized === '0') return undefined;
  const unit = TIME_VALUE_UNITS.find((u) => normalized.endsWith(u));
  if (unit === undefined) return 'the unit is missing or unknown (nanos, micros, ms, s, m, h or d)';
  const number = normalized.slice(0, normalized.length - unit.length).trim();
  if (!/^[+-]?\d+$/.test(number)) {
    return number !== '' && Number.isFinite(Number(number)) ? 'fractional time values are not supported' : `'${number}' is not a whole number`;
  }
  if (Number(number) < -1) return 'negative durations are not supported';
  return undefined;
}
