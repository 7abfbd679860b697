// `actions`: ActionRegistry.parseActions reads {<action id>: <action>} (an id with whitespace is
// "id contains whitespace"), and ActionWrapper.parse (x-pack/plugin/core, watcher/actions) each
// action: condition, transform, throttle_period (a time value) / throttle_period_in_millis,
// foreach (text), max_iterations (a number), and every other key is the action's type, looked up
// in the registry ("unknown action type [x]"); no type at all is "missing action type".
import { didYouMean } from '../../../base/did-you-mean.js';
import type { YamlNode } from '../../../yaml-tree.js';
import { CODES, join, list, type Check, type Fields } from './check.js';
import { checkCondition, checkTransform } from './registries.js';
import { checkHttpRequest, checkProxy, checkTemplate, checkTemplates } from './requests.js';

type Parser = (check: Check, path: string, node: YamlNode) => void;

function object(fields: (check: Check) => Fields, required: string[] = []): Parser {
  return (check, path, node) => {
    const map = check.map(path, node);
    if (map) check.fields(path, map, fields(check), { required });
  };
}

/**
 * EmailAction.parse: account, user, password, profile (Profile.resolve: standard, outlook, gmail,
 * mac), attach_data (a boolean or {format: yaml|json}), attachments, and the EmailTemplate fields
 * (EmailTemplate.Parser.handle: from, reply_to, priority, to, cc, bcc, subject, body — a body is
 * text or {text, html}); anything else is "unexpected field".
 */
const email = object((check) => ({
  account: (e, p) => check.string(p, e.value),
  user: (e, p) => check.string(p, e.value),
  password: (e, p) => check.text(p, e.value),
  profile: (e, p) => check.oneOf(p, e.value, ['standard', 'outlook', 'gmail', 'mac']),
  attach_data: (e, p) => {
    if (e.value.kind === 'map') {
      check.fields(p, e.value, { format: (f, q) => check.oneOf(q, f.value, ['yaml', 'json']) });
    } else if (!(e.value.kind === 'scalar' && typeof e.value.value === 'boolean')) {
      check.wrong(p, e.value, 'true, false or {format: yaml|json}');
    }
  },
  // EmailAttachmentsParser: {<id>: {<type>: {...}}} with one type each (data, http, reporting).
  attachments: (e, p) => {
    const map = check.map(p, e.value);
    for (const attachment of map?.entries ?? []) {
      const at = join(p, attachment.key);
      const typed = check.map(at, attachment.value);
      if (!typed) continue;
      if (typed.entries.length !== 1) check.report(CODES.value, `'${at}' must have exactly one attachment type (data, http or reporting)`, typed.loc);
      check.fields(at, typed, {
        data: (f, q) => {
          const data = check.map(q, f.value);
          if (data) check.fields(q, data, { format: (g, r) => check.oneOf(r, g.value, ['yaml', 'json']) });
        },
        http: (f, q) => check.anyMap(q, f.value),
        reporting: (f, q) => check.anyMap(q, f.value),
      });
    }
  },
  from: (e, p) => checkTemplate(check, p, e.value),
  reply_to: (e, p) => checkTemplates(check, p, e.value),
  priority: (e, p) => check.oneOf(p, e.value, ['lowest', 'low', 'normal', 'high', 'highest']),
  to: (e, p) => checkTemplates(check, p, e.value),
  cc: (e, p) => checkTemplates(check, p, e.value),
  bcc: (e, p) => checkTemplates(check, p, e.value),
  subject: (e, p) => checkTemplate(check, p, e.value),
  body: (e, p) => {
    if (e.value.kind === 'scalar' && typeof e.value.value === 'string') return;
    const body = check.map(p, e.value, 'a body is text, or {text, html}');
    if (body) check.fields(p, body, { text: (f, q) => checkTemplate(check, q, f.value), html: (f, q) => checkTemplate(check, q, f.value) });
  },
}));

/**
 * IndexAction.parse: index, doc_id, op_type (index|create), execution_time_field, timeout
 * (a time value) / timeout_in_millis, dynamic_name_timezone, refresh (true|false|wait_for);
 * anything else is "unexpected field".
 */
const index = object((check) => ({
  index: (e, p) => check.string(p, e.value),
  doc_id: (e, p) => check.string(p, e.value),
  op_type: (e, p) => check.oneOf(p, e.value, ['index', 'create']),
  execution_time_field: (e, p) => check.string(p, e.value),
  timeout: (e, p) => check.timeValue(p, e.value),
  timeout_in_millis: (e, p) => check.millis(p, e.value),
  dynamic_name_timezone: (e, p) => check.string(p, e.value),
  refresh: (e, p) => check.oneOf(p, e.value, ['true', 'false', 'wait_for']),
}));

/** LoggingAction.parse: text (required, a TextTemplate), category, level (LoggingLevel). */
const logging = object(
  (check) => ({
    text: (e, p) => checkTemplate(check, p, e.value),
    category: (e, p) => check.string(p, e.value),
    level: (e, p) => check.oneOf(p, e.value, ['error', 'warn', 'info', 'debug', 'trace']),
  }),
  ['text'],
);

/**
 * SlackAction.parse: account, proxy, message (required); SlackMessage.Template.parse: from, to
 * (one or a list), icon, text, attachments, dynamic_attachments — any other key is "could not parse
 * slack message. unknown field".
 */
const slack = object(
  (check) => ({
    account: (e, p) => check.string(p, e.value),
    proxy: (e, p) => checkProxy(check, p, e.value),
    message: (e, p) => {
      const message = check.map(p, e.value);
      if (!message) return;
      check.fields(p, message, {
        from: (f, q) => checkTemplate(check, q, f.value),
        to: (f, q) => checkTemplates(check, q, f.value),
        icon: (f, q) => checkTemplate(check, q, f.value),
        text: (f, q) => checkTemplate(check, q, f.value),
        attachments: (f, q) => (f.value.kind === 'scalar' ? check.wrong(q, f.value, 'an attachment or a list of them') : undefined),
        dynamic_attachments: (f, q) => check.anyMap(q, f.value),
      });
    },
  }),
  ['message'],
);

/**
 * PagerDutyAction.parse → IncidentEvent.Template.parse (x-pack/plugin/watcher, notification/
 * pagerduty/IncidentEvent.java): description, event_type, incident_key, client and client_url are
 * TextTemplates; account is text; proxy an HttpProxy; attach_payload must be a JSON boolean ("expected
 * a boolean value"); contexts (or its pre-6.0 name context) a list; anything else is "could not parse
 * pager duty event template. unexpected field". Nothing is required at parse time, but detctl requires
 * `description`: Template.toXContent writes it with builder.field(name, ToXContent, params), which
 * writes null for a missing one (XContentBuilder.value(ToXContent): `if (value == null) return
 * nullValue()`), and a stored `description: null` cannot be read back — TextTemplate.parse sends a
 * VALUE_NULL to Script.parse, whose ObjectParser throws "[script] Expected START_OBJECT", so GET,
 * _query/watches and execution of that watch all fail.
 */
const pagerduty = object((check) => ({
  description: (e, p) => checkTemplate(check, p, e.value),
  event_type: (e, p) => checkTemplate(check, p, e.value),
  incident_key: (e, p) => checkTemplate(check, p, e.value),
  client: (e, p) => checkTemplate(check, p, e.value),
  client_url: (e, p) => checkTemplate(check, p, e.value),
  account: (e, p) => check.text(p, e.value),
  proxy: (e, p) => checkProxy(check, p, e.value),
  attach_payload: (e, p) => (e.value.kind === 'scalar' && typeof e.value.value === 'boolean' ? undefined : check.wrong(p, e.value, 'true or false')),
  // A non-list is skipped by ES without a word; detctl says so rather than drop it silently.
  contexts: (e, p) => (e.value.kind === 'seq' ? undefined : check.wrong(p, e.value, 'a list of contexts')),
  context: (e, p) => (e.value.kind === 'seq' ? undefined : check.wrong(p, e.value, 'a list of contexts')),
}), ['description']);

/** JiraAction.parse: account, proxy, fields (any object, parser.map()); anything else is "unexpected token". */
const jira = object((check) => ({
  account: (e, p) => check.string(p, e.value),
  proxy: (e, p) => checkProxy(check, p, e.value),
  fields: (e, p) => check.anyMap(p, e.value),
}));

/** Every action type Watcher registers (Watcher.java's ActionRegistry), each with its parser. */
export const ACTION_TYPES: Record<string, Parser> = {
  email,
  webhook: checkHttpRequest, // WebhookAction.parse is HttpRequestTemplate.Parser.parse
  index,
  logging,
  slack,
  pagerduty,
  jira,
};

/** The action types detctl accepts in a native watch: all of Watcher's. */
export const ACCEPTED_ACTION_TYPES: readonly string[] = Object.keys(ACTION_TYPES);

const WRAPPER_KEYS = ['condition', 'transform', 'throttle_period', 'throttle_period_in_millis', 'foreach', 'max_iterations'];

function checkAction(check: Check, path: string, node: YamlNode, accepted: readonly string[]): void {
  const map = check.map(path, node, `an action is {<type>: {...}} with a type of ${list(accepted)}`);
  if (!map) return;
  let typed = false;
  for (const entry of map.entries) {
    const here = join(path, entry.key);
    switch (entry.key) {
      case 'condition':
        checkCondition(check, here, entry.value);
        continue;
      case 'transform':
        checkTransform(check, here, entry.value);
        continue;
      case 'throttle_period':
        check.timeValue(here, entry.value);
        continue;
      case 'throttle_period_in_millis':
        check.millis(here, entry.value);
        continue;
      case 'foreach':
        check.text(here, entry.value);
        continue;
      case 'max_iterations':
        check.integer(here, entry.value);
        continue;
    }
    typed = true;
    if (accepted.includes(entry.key) && ACTION_TYPES[entry.key]) {
      ACTION_TYPES[entry.key](check, here, entry.value);
      continue;
    }
    const suggestion = [...accepted, ...WRAPPER_KEYS];
    const known = Object.hasOwn(ACTION_TYPES, entry.key) ? ` (Watcher has it, detctl does not accept it here)` : '';
    check.report(CODES.actionType, `unknown action type '${entry.key}' in '${path}'${known}${didYouMean(entry.key, suggestion)}`, entry.keyLoc, `the action types are ${list(accepted)}; an action also takes ${list(WRAPPER_KEYS)}`);
  }
  if (!typed) check.report(CODES.missingKey, `'${path}' has no action type`, map.loc, `give one of ${list(accepted)}, e.g. logging: {text: "..."}`);
}

export function checkActions(check: Check, path: string, node: YamlNode, accepted: readonly string[]): void {
  const map = check.map(path, node, 'actions is a mapping of action names to actions');
  if (!map) return;
  for (const entry of map.entries) {
    const here = join(path, entry.key);
    // ActionRegistry.parseActions: WatcherUtils.isValidId (not empty, no whitespace), else "could
    // not parse action [id] for watch [w]. id contains whitespace".
    if (entry.key === '' || /\s/.test(entry.key)) check.report(CODES.id, entry.key === '' ? 'an action has an empty name' : `the action name '${entry.key}' contains whitespace`, entry.keyLoc, 'Watcher refuses empty action names and names with whitespace; use - or _');
    // parseActions parses only object values and skips any other without a word; detctl refuses
    // them rather than drop an action silently (checkAction reports a non-mapping).
    checkAction(check, here, entry.value, accepted);
  }
}
