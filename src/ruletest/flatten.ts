// detctl's own test events are written as nested YAML or JSON objects; evaluators read flat ones.
import type { EventValue, FlatEvent } from '../evaluate/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Nested objects become dotted field names (`process: {name: x}` → `process.name`), as
 * Elasticsearch's and Splunk's JSON extraction name them; a list stays one multi-valued field.
 * Objects inside a list have no flat name and are left out.
 */
export function flattenEvent(value: Record<string, unknown>): FlatEvent {
  const flat: Record<string, EventValue> = {};
  const walk = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(object)) {
      const name = prefix + key;
      if (isObject(v)) walk(v, `${name}.`);
      else if (Array.isArray(v)) flat[name] = v.filter((x) => !isObject(x) && !Array.isArray(x)) as EventValue[];
      else flat[name] = v as EventValue;
    }
  };
  walk(value, '');
  return flat;
}
