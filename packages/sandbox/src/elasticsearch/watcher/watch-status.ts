// A watch's status, which the server owns: its state (active, since when), per-action ack state
// and execution records. Every PUT starts a fresh status (clearing acks), and every execution
// rewrites it, which is what moves `_seq_no` and `_version` without the definition changing.
import { isObject, type Json, type JsonObject } from '../../json.js';

export function freshStatus(now: string, actionIds: string[], active: boolean): JsonObject {
  return {
    state: { active, timestamp: now },
    actions: Object.fromEntries(actionIds.map((id) => [id, { ack: { timestamp: now, state: 'awaits_successful_execution' } }])),
  };
}

/** What an execution writes: the condition met and every action run successfully. */
export function executedStatus(status: JsonObject, now: string): JsonObject {
  const actions: JsonObject = {};
  for (const [id, value] of Object.entries(objectAt(status, 'actions'))) {
    const action = isObject(value) ? value : {};
    const ack = objectAt(action, 'ack');
    const acked = ack.state === 'acked';
    actions[id] = {
      ...action,
      // After a successful run an action can be acknowledged; an acked one stays acked.
      ack: acked ? ack : { timestamp: now, state: 'ackable' },
      last_execution: { timestamp: now, successful: true },
      last_successful_execution: { timestamp: now, successful: true },
    };
  }
  return { ...status, last_checked: now, last_met_condition: now, actions, execution_state: 'executed' };
}

/**
 * What a run whose condition was not met (or whose input failed) writes: WatchStatus.onCheck
 * records the check and resets every action's ack, since there was nothing to acknowledge.
 */
export function checkedStatus(status: JsonObject, now: string, executionState: 'execution_not_needed' | 'failed'): JsonObject {
  const actions: JsonObject = {};
  for (const [id, value] of Object.entries(objectAt(status, 'actions'))) {
    const action = isObject(value) ? value : {};
    actions[id] = { ...action, ack: { timestamp: now, state: 'awaits_successful_execution' } };
  }
  return { ...status, last_checked: now, actions, execution_state: executionState };
}

/** Acknowledges the ackable actions among `actionIds` (all when empty). */
export function ackedStatus(status: JsonObject, actionIds: string[], now: string): JsonObject {
  const actions: JsonObject = {};
  for (const [id, value] of Object.entries(objectAt(status, 'actions'))) {
    const action = isObject(value) ? value : {};
    const wanted = actionIds.length === 0 || actionIds.includes(id);
    actions[id] = wanted && objectAt(action, 'ack').state === 'ackable' ? { ...action, ack: { timestamp: now, state: 'acked' } } : action;
  }
  return { ...status, actions };
}

/** The status as the APIs show it: ES's key order, with `version` set to the document version. */
export function statusView(status: JsonObject, version: number): JsonObject {
  const out: JsonObject = {};
  for (const key of ['state', 'last_checked', 'last_met_condition', 'actions', 'execution_state']) {
    const value = status[key];
    if (value === undefined) continue;
    out[key] = key === 'actions' ? actionsView(value) : value;
  }
  out.version = version;
  return out;
}

function actionsView(actions: Json): JsonObject {
  const out: JsonObject = {};
  for (const [id, value] of Object.entries(isObject(actions) ? actions : {})) {
    const action = isObject(value) ? value : {};
    const ordered: JsonObject = {};
    for (const key of ['ack', 'last_execution', 'last_successful_execution', 'last_throttle']) {
      if (action[key] !== undefined) ordered[key] = action[key];
    }
    out[id] = ordered;
  }
  return out;
}

function objectAt(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return isObject(value) ? value : {};
}
