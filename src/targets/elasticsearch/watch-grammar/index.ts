// The Watcher watch grammar, for native watch files (`*.watch.json|yaml`): a watch body as
// `PUT _watcher/watch/<id>` takes it, plus the file format's own `id` and `active`. Written from
// Elasticsearch's parsers (WatchParser and the parsers it calls; each part cites its class), and
// independent of the sandbox's parser, which a test cross-checks against this one
// (test/unit/watch-grammar-crosscheck.test.ts). docs/native-watch-grammar.md lists what is and is
// not checked.
import type { Diagnostic } from '../../../diagnostics.js';
import type { YamlNode } from '../../../yaml-tree.js';
import { ACCEPTED_ACTION_TYPES, checkActions } from './actions.js';
import { Check, CODES, describe } from './check.js';
import { checkCondition, checkInput, checkTransform } from './registries.js';
import { checkTrigger } from './trigger.js';

export { ACCEPTED_ACTION_TYPES } from './actions.js';
export { CODES as WATCH_GRAMMAR_CODES } from './check.js';
export { SCHEDULE_TYPES } from './trigger.js';
export { quartzCronProblem } from './quartz-cron.js';

export interface ValidateWatchOptions {
  /** The action types accepted (default: all of Watcher's, ACCEPTED_ACTION_TYPES); any other is an error naming these. */
  actionTypes?: readonly string[];
  /** Check the file format's `id` and `active` (default true); false checks a bare PUT body. */
  fileKeys?: boolean;
}

const WATCH_HINT = 'a watch file has id, trigger, input, condition, actions and optionally active, transform, throttle_period and metadata';

/** Every problem of a native watch, each at its key or value; empty when the watch is valid. */
export function validateWatchBody(root: YamlNode, options: ValidateWatchOptions = {}): Diagnostic[] {
  const check = new Check();
  const fileKeys = options.fileKeys ?? true;
  const actionTypes = options.actionTypes ?? ACCEPTED_ACTION_TYPES;
  if (root.kind !== 'map') {
    check.report(CODES.value, `a watch must be a mapping, not ${describe(root)}`, root.loc, WATCH_HINT);
    return check.diagnostics;
  }
  const map = root;
  check.fields(
    '',
    map,
    {
      // WatchParser.parse: trigger (required), input (default none), condition (default always),
      // transform, throttle_period (WatcherDateTimeUtils.parseTimeValue) / throttle_period_in_millis
      // (parser.longValue()), actions, metadata (parser.map(): any object).
      trigger: (e, p) => checkTrigger(check, p, e.value),
      input: (e, p) => checkInput(check, p, e.value),
      condition: (e, p) => checkCondition(check, p, e.value),
      transform: (e, p) => checkTransform(check, p, e.value),
      throttle_period: (e, p) => check.timeValue(p, e.value),
      throttle_period_in_millis: (e, p) => check.millis(p, e.value),
      actions: (e, p) => checkActions(check, p, e.value, actionTypes),
      metadata: (e, p) => check.anyMap(p, e.value),
      // WatchParser skips `status` (its children) when a PUT parses the watch: the server owns the
      // status. A file that carries one would suggest it is deployed; it is not, so it is refused.
      status: (e) =>
        check.report(CODES.unknownKey, "a watch file takes no 'status'", e.keyLoc, 'the server owns the status (Elasticsearch ignores it in a PUT); to deploy the watch inactive, write active: false'),
      ...(fileKeys
        ? {
            id: (e: { value: YamlNode }, p: string) => watchId(check, p, e.value),
            active: (e: { value: YamlNode }, p: string) => check.boolean(p, e.value),
          }
        : {}),
    },
    { required: fileKeys ? ['id', 'trigger'] : ['trigger'], hint: WATCH_HINT },
  );
  return check.diagnostics;
}

/**
 * PutWatchRequest.validate (x-pack/plugin/core, watcher/transport/actions/put): "watch id is
 * missing", and WatcherUtils / PutWatchRequest's isValidId: "watch id contains whitespace".
 */
function watchId(check: Check, path: string, node: YamlNode): void {
  const id = check.string(path, node);
  if (id === undefined) return;
  if (id === '') check.report(CODES.id, 'the watch id is empty', node.loc, 'give the id the watch has on the server');
  else if (/\s/.test(id)) check.report(CODES.id, `the watch id '${id}' contains whitespace`, node.loc, 'Watcher refuses ids with whitespace (PutWatchRequest.validate); use - or _');
}
