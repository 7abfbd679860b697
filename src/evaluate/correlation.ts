// A Sigma correlation's meaning on timestamped events whose rule matches are known: which groups
// it fires for. Sigma correlation rules specification 2.0.0 (sigma-correlation-rules-
// specification.md) and pySigma's sigma/correlations.py:
// - events are grouped by the values of the `group-by` fields, each read through the alias of the
//   rule that matched the event ("Field Name Aliases": an alias names a field per rule); an event
//   without a value for every group-by field is in no group (Splunk's `stats … by` and an
//   Elasticsearch terms aggregation both leave such events out);
// - a group fires when, within one time span, the type's aggregate meets the condition: the
//   specification's time frame "should not be restricted to boundaries", so every window that
//   starts or ends at one of the group's events is tried (a sliding window, not clock-aligned
//   bins): for a sum or a count the widest windows decide, for an average, a percentile or a
//   `lt` condition a narrower one may;
// - event_count counts the events, value_count the distinct values of `condition.field`,
//   temporal the distinct rules matched, temporal_ordered how many of the rules matched in the
//   order given (each at or after the previous one's match), value_sum / value_avg /
//   value_percentile the sum, mean and percentile (nearest rank) of the field's numeric values.
import type { SigmaCorrelation } from '../rules/sigma/correlation-model.js';
import { ruleLabel } from '../rules/sigma/correlation-model.js';
import type { EventValue, FlatEvent } from './types.js';

/** One event and the named rules it matched (by their label: name, else id, else title). */
export interface CorrelatedEvent {
  /** Milliseconds since the epoch. */
  time: number;
  event: FlatEvent;
  rules: ReadonlySet<string>;
}

export interface GroupOutcome {
  /** The group-by field values (as text), by group-by entry. */
  group: Record<string, string>;
  fired: boolean;
  /** The best window's aggregate and where it was: `event_count 5 >= 5 from … to …`. */
  decidedBy: string;
}

const text = (v: EventValue): string => (Array.isArray(v) ? v.map(text).join(',') : String(v));
const present = (v: EventValue | undefined): v is EventValue => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

function fieldFor(correlation: SigmaCorrelation, entry: string, rule: string): string {
  const alias = correlation.aliases.find((a) => a.alias === entry);
  return alias?.fields.find((f) => f.rule.ref === rule || namedBy(correlation, f.rule.ref) === rule)?.field ?? entry;
}

/** The label of the rule an alias names (an alias may name a rule by id where the label is its name). */
function namedBy(correlation: SigmaCorrelation, ref: string): string | undefined {
  const i = correlation.rules.findIndex((r) => r.ref === ref);
  const rule = correlation.resolved[i];
  return rule ? ruleLabel(rule) : undefined;
}

/** The numbers among a field's values (numeric text too), for the value_* aggregates. */
function numbers(v: EventValue | undefined): number[] {
  if (!present(v)) return [];
  if (Array.isArray(v)) return v.flatMap((x) => numbers(x));
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? [n] : [];
}

const COMPARE: Record<SigmaCorrelation['condition']['op'], (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};
const SYMBOL = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' } as const;

/** The type's aggregate over the events of one window (in time order), or undefined when it has no value (no numbers to sum). */
function aggregate(correlation: SigmaCorrelation, window: CorrelatedEvent[], labels: string[]): number | undefined {
  const field = correlation.condition.field;
  const values = () => window.flatMap((e) => numbers(e.event[field!]));
  switch (correlation.type) {
    case 'event_count':
      return window.length;
    case 'value_count':
      return new Set(window.flatMap((e) => (present(e.event[field!]) ? [text(e.event[field!]!)] : []))).size;
    case 'temporal':
      return new Set(window.flatMap((e) => [...e.rules])).size;
    case 'temporal_ordered': {
      let next = 0;
      for (const e of window) if (next < labels.length && e.rules.has(labels[next]!)) next++;
      return next;
    }
    case 'value_sum':
      return values().reduce((a, b) => a + b, 0);
    case 'value_avg': {
      const v = values();
      return v.length === 0 ? undefined : v.reduce((a, b) => a + b, 0) / v.length;
    }
    case 'value_percentile': {
      const v = values().sort((a, b) => a - b);
      if (v.length === 0) return undefined;
      const rank = Math.max(1, Math.ceil(((correlation.condition.percentile ?? 50) / 100) * v.length));
      return v[rank - 1];
    }
  }
}

/**
 * Each group's verdict. `events` are the events that matched at least one named rule; for each
 * group, every window of one time span starting or ending at one of its events is tried, and the
 * group fires when the condition holds in any.
 */
export function evaluateCorrelation(correlation: SigmaCorrelation, events: readonly CorrelatedEvent[]): GroupOutcome[] {
  const labels = correlation.resolved.map(ruleLabel);
  const span = correlation.timespan.seconds * 1000;
  const groups = new Map<string, { group: Record<string, string>; events: CorrelatedEvent[] }>();
  for (const e of [...events].sort((a, b) => a.time - b.time)) {
    // One entry per rule the event matched: an alias may read another field for each.
    for (const rule of e.rules) {
      const group: Record<string, string> = {};
      let complete = true;
      for (const entry of correlation.groupBy) {
        const value = e.event[fieldFor(correlation, entry, rule)];
        if (!present(value)) complete = false;
        else group[entry] = text(value);
      }
      if (!complete) continue;
      const key = JSON.stringify(correlation.groupBy.map((g) => group[g]));
      const g = groups.get(key) ?? { group, events: [] };
      // An event counts once per group, with every rule it matched there.
      const last = g.events[g.events.length - 1];
      if (last && last.event === e.event && last.time === e.time) g.events[g.events.length - 1] = { ...last, rules: new Set([...last.rules, rule]) };
      else g.events.push({ ...e, rules: new Set([rule]) });
      groups.set(key, g);
    }
  }
  const { op, count } = correlation.condition;
  const name = correlation.type;
  return [...groups.values()].map(({ group, events: list }) => {
    let best: { value: number; from: number; to: number } | undefined;
    // Every window whose content differs: those starting at an event and those ending at one.
    const windows = list.flatMap((e) => [list.filter((x) => x.time >= e.time && x.time <= e.time + span), list.filter((x) => x.time >= e.time - span && x.time <= e.time)]);
    for (const window of windows) {
      const value = aggregate(correlation, window, labels);
      if (value === undefined) continue;
      const fires = COMPARE[op](value, count);
      const candidate = { value, from: window[0]!.time, to: window[window.length - 1]!.time };
      if (fires) return { group, fired: true, decidedBy: describe(name, candidate, op, count, true) };
      // The window that came closest, for the report: the largest aggregate where the
      // condition wants more, the smallest where it wants less.
      if (!best || (op === 'lt' || op === 'lte' ? value < best.value : value > best.value)) best = candidate;
    }
    return { group, fired: false, decidedBy: best ? describe(name, best, op, count, false) : `${name}: no value in any window` };
  });
}

function describe(name: string, w: { value: number; from: number; to: number }, op: keyof typeof SYMBOL, count: number, holds: boolean): string {
  const when = `from ${new Date(w.from).toISOString()} to ${new Date(w.to).toISOString()}`;
  return `${name} ${w.value} ${holds ? '' : 'not '}${SYMBOL[op]} ${count} (${when})`;
}
