// What the SPL stages read of an event: a field's values as text (a multi-valued field is a list
// of them; a missing or null field none), and the text a keyword searches.
import type { EventValue, FlatEvent } from '../types.js';

/** The working event of a pipeline: `rex` and `eval` add fields to it as the stages run. */
export type WorkEvent = Record<string, EventValue>;

function scalars(value: EventValue): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  return [String(value)];
}

/** The values of a field, by its exact (case-sensitive) name; [] when it is missing or null. */
export function fieldValues(event: FlatEvent, field: string): string[] {
  return Object.hasOwn(event, field) ? scalars(event[field]) : [];
}

/**
 * The texts a bare keyword is looked for in: the event's `_raw` where it has one (Splunk keeps the
 * raw text of every event), else every value of every field, standing in for the raw text.
 */
export function keywordTexts(event: FlatEvent): string[] {
  if (Object.hasOwn(event, '_raw') && event._raw !== null) return scalars(event._raw);
  return Object.values(event).flatMap(scalars);
}
