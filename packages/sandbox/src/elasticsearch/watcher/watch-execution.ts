// What one execution of a watch decides: its search input is run against the sandbox's indices
// and its condition is checked on the payload, as ExecutionService does (input, then condition,
// then actions). Inputs other than `search` give an empty payload; `always`, `never` and
// `compare` conditions are evaluated (CompareCondition: a `ctx.payload.*` path, one of
// eq/not_eq/gt/gte/lt/lte); `script` and `array_compare` are taken as met.
import { isObject, type Json, type JsonObject } from '../../json.js';
import { EsHttpError } from '../es-errors.js';

export type ExecutionOutcome = 'met' | 'not_met' | 'failed';

/** Runs a search request body over index expressions and answers the hits total. */
export type SearchRunner = (indices: string[], body: JsonObject) => number;

export function executeWatch(watch: JsonObject, search: SearchRunner): ExecutionOutcome {
  let payload: JsonObject = {};
  const request = objectAt(objectAt(objectAt(watch, 'input'), 'search'), 'request');
  if (Object.keys(request).length > 0) {
    const indices = Array.isArray(request.indices) ? request.indices.map(String) : [];
    try {
      // Watcher searches with rest_total_hits_as_int: the total is a plain number.
      payload = { hits: { total: search(indices, objectAt(request, 'body')) } };
    } catch (error) {
      if (error instanceof EsHttpError) return 'failed';
      throw error;
    }
  }
  return conditionMet(objectAt(watch, 'condition'), payload) ? 'met' : 'not_met';
}

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  not_eq: (a, b) => a !== b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

function conditionMet(condition: JsonObject, payload: JsonObject): boolean {
  if (isObject(condition.never)) return false;
  if (!isObject(condition.compare)) return true;
  const [path, spec] = Object.entries(condition.compare)[0] ?? [];
  if (typeof path !== 'string' || !isObject(spec)) return true;
  const [op, expected] = Object.entries(spec)[0] ?? [];
  const actual = valueAt({ ctx: { payload } }, path);
  const compare = op ? COMPARISONS[op] : undefined;
  if (!compare) return true;
  return compare(Number(actual), Number(expected));
}

function valueAt(root: Json, path: string): Json | undefined {
  let value: Json | undefined = root;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

function objectAt(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return isObject(value) ? value : {};
}
