// Splunk's `cron_schedule`: a standard five-field cron expression (minute hour day-of-month month
// day-of-week; savedsearches.conf: "standard cron notation"). Values, ranges, steps, lists and the
// month and weekday names (jan…dec, sun…sat; 0 and 7 are Sunday) are checked by croner (MIT, no
// dependencies, maintained, Node >= 18), in its five-field mode. croner also takes Quartz's
// extensions (`?`, `L`, `W`, `#`) and `@hourly`-style nicknames, which Splunk's cron does not:
// those are refused here first, so only what Splunk schedules passes.
import { Cron, CronPattern } from 'croner';
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

/** How many runs longestCronGap looks at: a year of a daily schedule, a week of a 15-minute one. */
const GAP_SAMPLE = 400;

/**
 * The longest time between two runs of a valid schedule, in seconds, over its next GAP_SAMPLE
 * runs from a fixed instant in UTC (pure: the same answer every time; daylight saving aside,
 * a schedule's gaps do not depend on the zone).
 */
export function longestCronGap(expression: string): number {
  const runs = new Cron(expression, { mode: '5-part', alternativeWeekdays: false, timezone: 'UTC', paused: true }).nextRuns(GAP_SAMPLE, new Date(Date.UTC(2024, 0, 1)));
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, (runs[i].getTime() - runs[i - 1].getTime()) / 1000);
  return longest;
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
