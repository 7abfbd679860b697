// Splunk's `cron_schedule`: a standard five-field cron expression (minute hour day-of-month month
// day-of-week; savedsearches.conf: "standard cron notation"). Values, ranges, steps, lists and the
// month and weekday names (jan…dec, sun…sat; 0 and 7 are Sunday) are checked by croner (MIT, no
// dependencies, maintained, Node >= 18), in its five-field mode. croner also takes Quartz's
// extensions (`?`, `L`, `W`, `#`) and `@hourly`-style nicknames, which Splunk's cron does not:
// those are refused here first, so only what Splunk schedules passes.
import { CronPattern } from 'croner';
import { z } from 'zod';

const NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat';
/** One field: digits, `*`, `,`, `-`, `/` and names only. */
const STANDARD_FIELD = new RegExp(`^(?:[0-9*,/-]|${NAMES})+$`, 'i');
const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];

/** Why `expression` is not a cron schedule Splunk accepts, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  // Fields separated by single spaces, as detctl has always required (and writes back).
  const fields = expression.split(' ');
  if (fields.length !== 5 || fields.some((f) => f === '' || /\s/.test(f))) return 'needs five fields separated by single spaces (minute hour day-of-month month day-of-week)';
  const odd = fields.findIndex((f) => !STANDARD_FIELD.test(f));
  if (odd >= 0) return `the ${FIELD_NAMES[odd]} field '${fields[odd]}' is not standard cron (digits, * , - / and names only)`;
  try {
    new CronPattern(fields.join(' '), undefined, { mode: '5-part', alternativeWeekdays: false });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '').replace(/^./, (c) => c.toLowerCase());
  }
}

/** Two leap cycles of days: every weekday and month pattern, and February 29th, recur within. */
const GAP_DAYS = 2 * 1461;

/**
 * The longest time between two runs of a valid schedule, in seconds. Computed from the
 * schedule's fields as croner parses them (its CronPattern's minute, hour, day, month and
 * weekday sets): the run times of a day are the same every day it runs, so the longest gap is
 * the longest within a day or from the last run of a run day to the first of the next one. Days
 * run as standard cron has them: a restricted day-of-month and a restricted day-of-week are
 * either one (OR); a `*` in one leaves the other. Counted in UTC days from a fixed date (pure);
 * daylight saving aside, the gaps do not depend on the zone.
 */
export function longestCronGap(expression: string): number {
  const p = new CronPattern(expression, undefined, { mode: '5-part', alternativeWeekdays: false });
  const times: number[] = [];
  for (let h = 0; h < 24; h++) for (let m = 0; m < 60; m++) if (p.hour[h] && p.minute[m]) times.push(h * 60 + m);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
  const runsOn = (date: Date) => {
    if (!p.month[date.getUTCMonth()]) return false;
    const dom = p.day[date.getUTCDate() - 1] !== 0;
    const dow = p.dayOfWeek[date.getUTCDay()] !== 0;
    if (p.starDOM && p.starDOW) return true;
    if (p.starDOM) return dow;
    if (p.starDOW) return dom;
    return dom || dow;
  };
  let previous: number | undefined;
  for (let d = 0; d < GAP_DAYS; d++) {
    if (!runsOn(new Date(Date.UTC(2024, 0, 1 + d)))) continue;
    if (previous !== undefined) longest = Math.max(longest, (d - previous) * 1440 + times[0] - times[times.length - 1]);
    previous = d;
  }
  return longest * 60;
}

/** The message for an invalid schedule, as the schemas give it. */
export function cronMessage(expression: string): string | undefined {
  const problem = cronProblem(expression);
  return problem === undefined ? undefined : `must be a five-field cron expression like */30 * * * *: ${problem}`;
}

/** A string that must be such a schedule, for the schemas that read one. */
export function cronSchedule() {
  return z.string({ error: 'must be a five-field cron expression like */30 * * * *' }).superRefine((value, ctx) => {
    const message = cronMessage(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
}
