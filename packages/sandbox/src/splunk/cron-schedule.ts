// Splunk's cron_schedule: standard five-field cron (minute hour day-of-month month day-of-week),
// validated on write and used to compute `next_scheduled_time`. A six-field Quartz expression
// (what Watcher takes) is refused here, as a mix-up between the two targets should be.

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  dayOfMonthAny: boolean;
  dayOfWeekAny: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function parseCron(expression: string): CronFields | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const minute = field(parts[0], 0, 59);
  const hour = field(parts[1], 0, 23);
  const dayOfMonth = field(parts[2], 1, 31);
  const month = field(parts[3], 1, 12, MONTHS, 1);
  const dayOfWeek = field(parts[4], 0, 7, DAYS, 0);
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) return undefined;
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return { minute, hour, dayOfMonth, month, dayOfWeek, dayOfMonthAny: parts[2] === '*', dayOfWeekAny: parts[4] === '*' };
}

function field(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Set<number> | undefined {
  const out = new Set<number>();
  for (const item of text.toLowerCase().split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    const value = (t: string) => {
      const named = names.indexOf(t);
      return named >= 0 ? named + nameBase : /^\d+$/.test(t) ? Number(t) : NaN;
    };
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** The first minute after `after` the schedule fires (UTC). */
export function nextRun(cron: CronFields, after: Date): Date | undefined {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() < limit) {
    if (!cron.month.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!cron.hour.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!cron.minute.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    return t;
  }
  return undefined;
}

function dayMatches(cron: CronFields, t: Date): boolean {
  const dom = cron.dayOfMonth.has(t.getUTCDate());
  const dow = cron.dayOfWeek.has(t.getUTCDay());
  // Standard cron: when both are restricted, either one matching is enough.
  if (!cron.dayOfMonthAny && !cron.dayOfWeekAny) return dom || dow;
  return dom && dow;
}

/** "2026-10-08 13:50:00 UTC", as next_scheduled_time is written. */
export function formatScheduledTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}
