// What one execution of a watch does, as ExecutionService runs it: the input (a `search` input is
// run against the sandbox's indices and its whole response is the payload; `simple` is its own
// payload; other inputs give an empty one), then the condition, then — when it is met — the
// actions. Conditions evaluated: always, never, compare (CompareCondition), array_compare
// (ArrayCompareCondition) and script (painless expressions, search/painless-expression.ts). Any
// other condition, or a script outside that subset, fails the execution with a reason instead of
// being taken as met. Actions are never sent: each is answered as `simulated`, with its email or
// logging text rendered (mustache.ts), as `_execute` with action mode `simulate` answers them.
import { isObject, type Json, type JsonObject } from '../../json.js';
import { EsHttpError } from '../es-errors.js';
import { PainlessError, compilePainless } from '../search/painless-expression.js';
import { renderMustache } from './mustache.js';

export type ExecutionOutcome = 'met' | 'not_met' | 'failed';

/** Runs a search request body over index expressions and answers the search response. */
export type SearchRunner = (indices: string[], body: JsonObject) => JsonObject;

export interface WatchExecution {
  outcome: ExecutionOutcome;
  /** `result` of the watch record: input, condition and actions, as ES writes them. */
  result: JsonObject;
}

export interface ExecutionOptions {
  watchId: string;
  /** ISO time of the execution. */
  now: string;
  /** `_execute` with ignore_condition: the condition is `always`. */
  ignoreCondition?: boolean;
}

export function executeWatch(watch: JsonObject, search: SearchRunner, options: ExecutionOptions): WatchExecution {
  const result: JsonObject = { execution_time: options.now, execution_duration: 0 };
  const input = objectAt(watch, 'input');
  const [inputType] = Object.keys(input);
  let payload: JsonObject = {};
  if (inputType === 'search') {
    const request = objectAt(objectAt(input, 'search'), 'request');
    const indices = Array.isArray(request.indices) ? request.indices.map(String) : [];
    try {
      payload = search(indices, objectAt(request, 'body'));
    } catch (error) {
      if (!(error instanceof EsHttpError)) throw error;
      result.input = { type: 'search', status: 'failure', reason: error.message };
      return { outcome: 'failed', result };
    }
    result.input = { type: 'search', status: 'success', payload, search: { request } };
  } else if (inputType === 'simple') {
    payload = objectAt(input, 'simple');
    result.input = { type: 'simple', status: 'success', payload };
  } else {
    result.input = { type: inputType ?? 'none', status: 'success', payload };
  }

  const model: JsonObject = { ctx: { watch_id: options.watchId, execution_time: options.now, trigger: { triggered_time: options.now, scheduled_time: options.now }, metadata: objectAt(watch, 'metadata'), payload } };
  const condition: JsonObject = options.ignoreCondition ? { always: {} } : objectAt(watch, 'condition');
  const [conditionType = 'always'] = Object.keys(condition);
  let met: boolean;
  try {
    met = conditionMet(conditionType, condition[conditionType], model);
  } catch (error) {
    if (!(error instanceof ConditionError)) throw error;
    result.condition = { type: conditionType, status: 'failure', reason: error.message };
    return { outcome: 'failed', result };
  }
  result.condition = { type: conditionType, status: 'success', met };
  if (!met) return { outcome: 'not_met', result };
  result.actions = Object.entries(objectAt(watch, 'actions')).map(([id, action]) => simulatedAction(id, isObject(action) ? action : {}, model, options.now));
  return { outcome: 'met', result };
}

class ConditionError extends Error {}

function conditionMet(type: string, spec: Json | undefined, model: JsonObject): boolean {
  switch (type) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'compare': {
      // CompareCondition: one path, one operator, compared leniently.
      const [path, comparison] = Object.entries(isObject(spec) ? spec : {})[0] ?? [];
      const [op, expected] = Object.entries(isObject(comparison) ? comparison : {})[0] ?? [];
      return compares(op, lenientCompare(valueAt(model, path), expected ?? null));
    }
    case 'array_compare': {
      // ArrayCompareCondition.doExecute: the array at the path (missing: empty; not a list: an
      // error), each element's value at `path`, compared with the quantifier `some` or `all`.
      const [arrayPath, body] = Object.entries(isObject(spec) ? spec : {})[0] ?? [];
      const definition = isObject(body) ? body : {};
      const array = valueAt(model, arrayPath);
      if (array !== undefined && array !== null && !Array.isArray(array)) throw new ConditionError(`array path ${arrayPath} did not evaluate to array, was ${JSON.stringify(array)}`);
      const [op, comparison] = Object.entries(definition).find(([key]) => key !== 'path') ?? [];
      const { value, quantifier } = isObject(comparison) ? comparison : ({} as JsonObject);
      const path = typeof definition.path === 'string' ? definition.path : '';
      const results = (array ?? []).map((element) => compares(op, lenientCompare(path === '' ? element : valueAt(element, path), value ?? null)));
      return quantifier === 'all' ? results.every(Boolean) : results.some(Boolean);
    }
    case 'script': {
      const script = typeof spec === 'string' ? { source: spec } : isObject(spec) ? spec : {};
      const source = script.source ?? script.inline;
      if (typeof source !== 'string') throw new ConditionError('the sandbox runs inline scripts only (no stored script ids)');
      if ((script.lang ?? 'painless') !== 'painless') throw new ConditionError(`the sandbox runs painless expressions only, not [${String(script.lang)}]`);
      try {
        const value = compilePainless(source)({ ...(model.ctx as JsonObject), ctx: model.ctx, params: isObject(script.params) ? script.params : {} });
        if (typeof value !== 'boolean') throw new ConditionError(`condition [script] must return a boolean value (true|false) but instead returned [${String(value)}]`);
        return value;
      } catch (error) {
        if (error instanceof PainlessError) throw new ConditionError(`script condition: ${error.message}`);
        throw error;
      }
    }
    default:
      throw new ConditionError(`the sandbox does not evaluate [${type}] conditions`);
  }
}

const OPS: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  not_eq: (c) => c !== 0,
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
  lt: (c) => c < 0,
  lte: (c) => c <= 0,
};

function compares(op: string | undefined, compared: number | null): boolean {
  const test = op ? OPS[op] : undefined;
  if (!test) throw new ConditionError(`unknown comparison operator [${op}]`);
  // ArrayCompareCondition/CompareCondition: an incomparable pair (null) is never a match.
  return compared !== null && test(compared);
}

/**
 * LenientCompare.compare: equal values are 0; null or NaN on either side is incomparable; a
 * number is compared numerically with a number or a numeric string; strings compare as text.
 */
function lenientCompare(a: Json | undefined, b: Json): number | null {
  if (a === undefined) a = null;
  if (a === b) return 0;
  if (a === null || b === null) return null;
  if (typeof a === 'number') {
    if (Number.isNaN(a)) return null;
    const y = typeof b === 'number' ? b : Number(String(b));
    if (Number.isNaN(y)) return null;
    return a > y ? 1 : a < y ? -1 : 0;
  }
  if (typeof a === 'string') {
    if (typeof b === 'number') {
      const x = Number(a);
      if (Number.isNaN(x)) return null;
      return x > b ? 1 : x < b ? -1 : 0;
    }
    const y = String(b);
    return a < y ? -1 : a > y ? 1 : 0;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? 0 : null;
}

/** An action as `_execute` answers it in `simulate` mode: nothing sent, its texts rendered. */
function simulatedAction(id: string, action: JsonObject, model: JsonObject, now: string): JsonObject {
  const type = Object.keys(action).find((k) => !['throttle_period', 'throttle_period_in_millis', 'condition', 'transform', 'foreach', 'max_iterations'].includes(k)) ?? 'unknown';
  const body = objectAt(action, type);
  // A TextTemplate is a string or a script object with `source`.
  const text = (value: Json | undefined) => {
    const source = isObject(value) ? value.source : value;
    return typeof source === 'string' ? renderMustache(source, model) : undefined;
  };
  const out: JsonObject = { id, type, status: 'simulated' };
  if (type === 'email') {
    const message: JsonObject = { id: `${id}_${now}`, sent_date: now };
    for (const key of ['from', 'to', 'cc']) if (body[key] !== undefined) message[key] = body[key];
    message.subject = text(body.subject) ?? '';
    const parts = isObject(body.body) ? body.body : { text: body.body ?? '' };
    message.body = Object.fromEntries(Object.entries(parts).map(([part, template]) => [part, text(template) ?? '']));
    out.email = { message };
  } else if (type === 'logging') {
    out.logging = { logged_text: text(body.text) ?? '' };
  }
  return out;
}

function valueAt(root: Json | undefined, path: string | undefined): Json | undefined {
  if (path === undefined || path === '') return root;
  let value: Json | undefined = root;
  // ObjectPath.eval: keys of maps, numeric indices of lists.
  for (const key of path.split('.')) value = Array.isArray(value) ? (/^\d+$/.test(key) ? value[Number(key)] : undefined) : isObject(value) ? value[key] : undefined;
  return value;
}

function objectAt(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return isObject(value) ? value : {};
}
