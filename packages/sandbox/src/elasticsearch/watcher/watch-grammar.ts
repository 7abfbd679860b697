// The watch grammar as data: every input, condition, transform and action type the stand-in
// knows, each one's keys in the order ES serialises them, the defaults ES adds and the duration
// keys it turns into `_in_millis`. The walker is in shape-parser.ts; the error texts follow the
// ES parsers (WatchParser, InputRegistry, ConditionRegistry, ActionWrapper, …).
import { isObject, tokenName, type Json, type JsonObject } from '../../json.js';
import { cause, EsHttpError, illegalArgument, parseError } from '../es-errors.js';
import {
  boolean,
  duration,
  integer,
  millis,
  oneOf,
  parseRegistry,
  parseShape,
  raw,
  rawObject,
  script,
  secret,
  string,
  stringList,
  template,
  templateList,
  templateMap,
  wrapped,
  type ParseContext,
  type Registry,
  type Rule,
  type Shape,
  type ValueParser,
} from './shape-parser.js';
import { TRIGGERS } from './schedules.js';

const rule = (out: string, from: Record<string, ValueParser>, extra: Partial<Rule> = {}): Rule => ({ out, from, ...extra });
const same = (out: string, parser: ValueParser, extra: Partial<Rule> = {}): Rule => rule(out, { [out]: parser }, extra);
/** A duration written back as `<name>_in_millis`, read from either spelling. */
const durationRule = (name: string, wrap?: (ctx: ParseContext, key: string) => string): Rule =>
  rule(`${name}_in_millis`, { [name]: duration(wrap), [`${name}_in_millis`]: millis(() => `could not parse [${name}]`) });

// ---- search requests (inputs and transforms) --------------------------------------------------

const searchRequestDescribe = () => 'could not read search request';
const SEARCH_REQUEST: Shape = {
  rules: [
    same('search_type', (value) => {
      const type = String(value).toLowerCase();
      if (type !== 'query_then_fetch' && type !== 'dfs_query_then_fetch') throw illegalArgument(`No search type for [${String(value)}]`);
      return type;
    }, { fallback: () => 'query_then_fetch' }),
    same('indices', (value) => {
      if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
      if (!Array.isArray(value)) throw parseError(`could not read search request. unexpected ${tokenLabel(value)} field [indices]`);
      for (const item of value) {
        if (typeof item !== 'string') throw parseError(`could not read search request. expected string values in [indices] field, but instead found [${tokenName(item)}]`);
      }
      return value;
    }, { fallback: () => [] }),
    same('rest_total_hits_as_int', boolean(searchRequestDescribe), { fallback: () => true }),
    same('body', (value) => {
      if (!isObject(value)) throw parseError(`could not read search request. unexpected ${tokenLabel(value)} field [body]`);
      return structuredClone(value); // copied raw: its key order is kept
    }),
    same('indices_options', rawObject(searchRequestDescribe)),
    same('template', script('mustache')),
  ],
  notObject: (value) => parseError(`could not read search request. unexpected token [${tokenName(value)}]`),
  unexpected: (key, value) => parseError(`could not read search request. unexpected ${tokenLabel(value)} field [${key}]`),
};

function tokenLabel(value: Json): string {
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'numeric' : 'string';
}

const searchRequest = (owner: string): ValueParser =>
  wrapped((ctx, key) => `could not parse [search] ${owner} for watch [${ctx.watchId}]. failed to parse [${key}]`, (value, ctx) => parseShape(SEARCH_REQUEST, value, ctx));

const searchShape = (owner: 'input' | 'transform'): Shape => ({
  rules: [
    same('request', searchRequest(owner), { required: (ctx) => parseError(`could not parse [search] ${owner} for watch [${ctx.watchId}]. missing required [request] field`) }),
    // SearchInput.parse reads `extract`; SearchTransform.parse has no such field ("unexpected field").
    ...(owner === 'input' ? [same('extract', stringList((ctx) => `could not parse [search] ${owner} for watch [${ctx.watchId}]`))] : []),
    durationRule('timeout'),
    same('dynamic_name_timezone', string((ctx) => `could not parse [search] ${owner} for watch [${ctx.watchId}]`)),
  ],
  notObject: (value, ctx) => parseError(`could not parse [search] ${owner} for watch [${ctx.watchId}]. expected an object but found [${tokenName(value)}]`),
  unexpected: (key, _value, ctx) => parseError(`could not parse [search] ${owner} for watch [${ctx.watchId}]. unexpected field [${key}]`),
});

// ---- HTTP request templates (http input, webhook action) --------------------------------------

const httpDescribe = () => 'could not parse http request template';
const HTTP_REQUEST: Shape = {
  rules: [
    same('scheme', oneOf(httpDescribe, ['http', 'https']), { fallback: () => 'http' }),
    same('host', string(httpDescribe), { required: () => parseError('could not parse http request template. missing required [host] string field') }),
    same('port', integer(httpDescribe), { required: () => parseError('could not parse http request template. missing required [port] numeric field') }),
    same('method', oneOf(httpDescribe, ['head', 'get', 'post', 'put', 'delete']), { fallback: () => 'get' }),
    same('path', template),
    same('params', templateMap(httpDescribe), { fallback: () => ({}) }),
    same('headers', templateMap(httpDescribe), { fallback: () => ({}) }),
    same('auth', (value, ctx) => {
      const basic = isObject(value) ? value.basic : undefined;
      if (!isObject(basic)) throw parseError('could not parse http request template. unsupported http auth type, expected [basic]');
      const auth: JsonObject = { username: String(basic.username ?? '') };
      const password = basic.password === undefined ? undefined : secret(basic.password, ctx, 'password');
      if (password !== undefined) auth.password = password;
      return { basic: auth };
    }),
    same('body', template),
    durationRule('connection_timeout'),
    durationRule('read_timeout'),
    same('proxy', rawObject(httpDescribe)),
  ],
  spreads: {
    url: (value) => {
      let url: URL;
      try {
        url = new URL(String(value));
      } catch {
        throw parseError(`could not parse http request template. invalid url [${String(value)}]`);
      }
      const scheme = url.protocol.replace(':', '');
      const out: JsonObject = { scheme, host: url.hostname, port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80, path: url.pathname };
      if (url.search) out.params = Object.fromEntries(url.searchParams);
      return out;
    },
  },
  notObject: (value) => parseError(`could not parse http request template. expected an object but found [${tokenName(value)}]`),
  unexpected: (key) => parseError(`could not parse http request template. unexpected field [${key}]`),
};

// ---- inputs -----------------------------------------------------------------------------------

const emptyObject = (what: (ctx: ParseContext, key: string) => string): ValueParser => (value, ctx, key) => {
  if (!isObject(value) || Object.keys(value).length > 0) throw parseError(`${what(ctx, key)}. expected an empty object but found [${isObject(value) ? 'FIELD_NAME' : tokenName(value)}]`);
  return {};
};

export const INPUTS: Registry = {
  types: {
    none: emptyObject((ctx) => `could not parse [none] input for watch [${ctx.watchId}]`),
    simple: raw,
    search: (value, ctx) => parseShape(searchShape('input'), value, ctx),
    http: (value, ctx) =>
      parseShape(
        {
          rules: [
            same('request', wrapped((c) => `could not parse [http] input for watch [${c.watchId}]. failed to parse http request template`, (v, c) => parseShape(HTTP_REQUEST, v, c)), {
              required: (c) => parseError(`could not parse [http] input for watch [${c.watchId}]. missing required [request] field`),
            }),
            same('extract', stringList((c) => `could not parse [http] input for watch [${c.watchId}]`)),
            same('response_content_type', oneOf((c) => `could not parse [http] input for watch [${c.watchId}]`, ['json', 'yaml', 'text'])),
          ],
          notObject: (v, c) => parseError(`could not parse [http] input for watch [${c.watchId}]. expected an object but found [${tokenName(v)}]`),
          unexpected: (key, _v, c) => parseError(`could not parse [http] input for watch [${c.watchId}]. unexpected field [${key}]`),
        },
        value,
        ctx,
      ),
    chain: (value, ctx) => {
      const inputs = isObject(value) ? value.inputs : undefined;
      if (!Array.isArray(inputs)) throw parseError(`could not parse [chain] input for watch [${ctx.watchId}]. expected an array of inputs in [inputs]`);
      return {
        inputs: inputs.map((item) => {
          if (!isObject(item) || Object.keys(item).length !== 1) throw parseError(`could not parse [chain] input for watch [${ctx.watchId}]. expected an object with a single named input`);
          const [name, input] = Object.entries(item)[0];
          return { [name]: parseRegistry(INPUTS, input, ctx) };
        }),
      };
    },
  },
  notObject: (value, ctx) => parseError(`could not parse input for watch [${ctx.watchId}]. expected an object representing the input, but found [${tokenName(value)}] instead`),
  unknownType: (type, ctx) => parseError(`could not parse input for watch [${ctx.watchId}]. unknown input type [${type}]`),
  empty: (ctx) => parseError(`could not parse input for watch [${ctx.watchId}]. expected field indicating the input type, but found an empty object instead`),
  bodyNotObject: (type, value, ctx) =>
    parseError(`could not parse input for watch [${ctx.watchId}]. expected an object representing input [${type}], but found [${tokenName(value)}] instead`),
};

// ---- conditions -------------------------------------------------------------------------------

const COMPARE_OPS = ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte'];

const compare: ValueParser = (value, ctx) => {
  const where = `could not parse [compare] condition for watch [${ctx.watchId}]`;
  if (!isObject(value)) throw parseError(`${where}. expected an object but found [${tokenName(value)}] instead`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw parseError(`${where}. expected ${entries.length === 0 ? 'a field indicating the compared path, but found [END_OBJECT]' : 'end of path object, but found [FIELD_NAME]'} instead`);
  const [path, spec] = entries[0];
  if (!isObject(spec) || Object.keys(spec).length !== 1) throw parseError(`${where}. expected an object for field [${path}] with a single comparison operator`);
  const [op, compared] = Object.entries(spec)[0];
  if (!COMPARE_OPS.includes(op)) throw parseError(`${where}. unknown comparison operator [${op}]`);
  if (Array.isArray(compared) || isObject(compared)) {
    throw parseError(`${where}. compared value for [${path}] with operation [${op}] must either be a numeric, string, boolean or null value, but found [${tokenName(compared)}] instead`);
  }
  return { [path]: { [op]: compared } };
};

const arrayCompare: ValueParser = (value, ctx) => {
  const where = `could not parse [array_compare] condition for watch [${ctx.watchId}]`;
  if (!isObject(value) || Object.keys(value).length !== 1) throw parseError(`${where}. expected an object with a single array path`);
  const [arrayPath, spec] = Object.entries(value)[0];
  if (!isObject(spec)) throw parseError(`${where}. expected an object for field [${arrayPath}]`);
  let path = '';
  let comparison: JsonObject | undefined;
  for (const [key, item] of Object.entries(spec)) {
    if (key === 'path') {
      path = String(item);
      continue;
    }
    if (!COMPARE_OPS.includes(key)) throw parseError(`${where}. unknown comparison operator [${key}]`);
    if (!isObject(item) || item.value === undefined) throw parseError(`${where}. expected [value] in comparison operator [${key}]`);
    const quantifier = String(item.quantifier ?? 'some').toLowerCase();
    if (quantifier !== 'some' && quantifier !== 'all') throw parseError(`${where}. unknown comparison quantifier [${quantifier}]`);
    comparison = { [key]: { value: item.value, quantifier } };
  }
  if (!comparison) throw parseError(`${where}. missing comparison operator`);
  return { [arrayPath]: { path, ...comparison } };
};

export const CONDITIONS: Registry = {
  types: {
    always: emptyObject((ctx) => `could not parse [always] condition for watch [${ctx.watchId}]`),
    never: emptyObject((ctx) => `could not parse [never] condition for watch [${ctx.watchId}]`),
    compare,
    array_compare: arrayCompare,
    script: script('painless'),
  },
  notObject: (value, ctx) => parseError(`could not parse condition for watch [${ctx.watchId}]. invalid definition. expected a field indicating the condition type, but found [${tokenName(value)}]`),
  unknownType: (type, ctx) => parseError(`could not parse condition for watch [${ctx.watchId}]. unknown condition type [${type}]`),
  empty: (ctx) => parseError(`could not parse condition for watch [${ctx.watchId}]. missing required condition type field`),
};

// ---- transforms -------------------------------------------------------------------------------

export const TRANSFORMS: Registry = {
  types: {
    script: script('painless'),
    search: (value, ctx) => parseShape(searchShape('transform'), value, ctx),
    chain: (value, ctx) => {
      if (!Array.isArray(value)) throw parseError(`could not parse [chain] transform for watch [${ctx.watchId}]. expected an array of transform objects, but found [${tokenName(value)}] instead`);
      return value.map((item) => parseRegistry(TRANSFORMS, item, ctx));
    },
  },
  notObject: (value, ctx) => parseError(`could not parse transform for watch [${ctx.watchId}]. expected an object, but found [${tokenName(value)}]`),
  unknownType: (type, ctx) => parseError(`could not parse transform for watch [${ctx.watchId}], unknown transform type [${type}]`),
  empty: (ctx) => parseError(`could not parse transform for watch [${ctx.watchId}]. missing required transform type field`),
};

// ---- actions ----------------------------------------------------------------------------------

const actionDescribe = (type: string) => (ctx: ParseContext) => `failed to parse [${type}] action [${ctx.watchId}/${ctx.actionId}]`;

const actionShape = (type: string, rules: Rule[]): Shape => ({
  rules,
  notObject: (value, ctx) => parseError(`${actionDescribe(type)(ctx)}. expected an object but found [${tokenName(value)}]`),
  unexpected: (key, _value, ctx) => parseError(`${actionDescribe(type)(ctx)}. unexpected field [${key}]`),
});

const LOGGING = actionShape('logging', [
  same('category', string(actionDescribe('logging'))),
  same('level', oneOf(actionDescribe('logging'), ['error', 'warn', 'info', 'debug', 'trace']), { fallback: () => 'info' }),
  same('text', template, { required: (ctx) => parseError(`${actionDescribe('logging')(ctx)}. missing required [text] field`) }),
]);

const emailDescribe = actionDescribe('email');

/**
 * EmailAttachmentsParser: `{<id>: {<type>: {...}}}`. A `data` attachment (DataAttachmentParser)
 * starts from `DataAttachment.YAML` and its toXContent always writes `format`, so `{data: {}}`
 * comes back as `{data: {format: "yaml"}}`. The `http` and `reporting` types are kept as sent
 * (the stand-in does not model their request templates).
 */
const emailAttachments: ValueParser = (value, ctx, key) => {
  if (!isObject(value)) throw parseError(`${emailDescribe(ctx)}. expected an object for field [${key}]`);
  const out: JsonObject = {};
  for (const [id, attachment] of Object.entries(value)) {
    if (!isObject(attachment) || Object.keys(attachment).length !== 1) throw parseError(`could not parse attachment [${id}]. expected exactly one attachment type`);
    const [type, body] = Object.entries(attachment)[0];
    if (type === 'data') {
      const format = isObject(body) && body.format !== undefined ? oneOf(emailDescribe, ['yaml', 'json'])(body.format, ctx, 'format') : 'yaml';
      out[id] = { data: { format: format as Json } };
    } else if (type === 'http' || type === 'reporting') {
      out[id] = { [type]: structuredClone(body) };
    } else {
      throw parseError(`Cannot parse attachment of type [${type}]`);
    }
  }
  return out;
};
const EMAIL = actionShape('email', [
  same('account', string(emailDescribe)),
  same('user', string(emailDescribe)),
  same('password', secret),
  // EmailAction.parse starts from `Profile profile = Profile.STANDARD` and toXContent always
  // writes `profile.name().toLowerCase(Locale.ROOT)`: every email action comes back with a profile.
  same('profile', oneOf(emailDescribe, ['standard', 'outlook', 'gmail', 'mac']), { fallback: () => 'standard' }),
  same('attach_data', (value, ctx, key) => {
    // `true` means the default YAML attachment; `false` means none.
    if (value === true) return { format: 'yaml' };
    if (value === false) return undefined;
    if (isObject(value)) return { format: oneOf(emailDescribe, ['yaml', 'json'])(value.format ?? 'yaml', ctx, key) as Json };
    throw parseError(`${emailDescribe(ctx)}. expected a boolean or an object for field [attach_data]`);
  }),
  same('attachments', emailAttachments),
  same('from', template),
  same('reply_to', templateList),
  same('priority', oneOf(emailDescribe, ['lowest', 'low', 'normal', 'high', 'highest'])),
  same('to', templateList),
  same('cc', templateList),
  same('bcc', templateList),
  same('subject', template),
  same('body', (value, ctx, key) => {
    // A plain string is the text body.
    if (typeof value === 'string') return { text: value };
    if (!isObject(value)) throw parseError(`${emailDescribe(ctx)}. expected a string or an object for field [body]`);
    const body: JsonObject = {};
    for (const [part, content] of Object.entries(value)) {
      if (part !== 'text' && part !== 'html') throw parseError(`could not parse email template. unknown field [body.${part}] field`);
      body[part] = template(content, ctx, key) as Json;
    }
    return body;
  }),
]);

const indexDescribe = actionDescribe('index');
const INDEX = actionShape('index', [
  same('index', string(indexDescribe)),
  same('doc_id', string(indexDescribe)),
  same('op_type', oneOf(indexDescribe, ['index', 'create'])),
  same('execution_time_field', string(indexDescribe)),
  durationRule('timeout'),
  same('dynamic_name_timezone', string(indexDescribe)),
  same('refresh', oneOf(indexDescribe, ['true', 'false', 'wait_for'])),
]);

// ---- slack, pagerduty, jira (x-pack/plugin/watcher: actions/{slack,pagerduty,jira}/ and
// notification/{slack,pagerduty}/) -------------------------------------------------------------

/** `account` in SlackAction.parse and JiraAction.parse: a VALUE_STRING or this error. */
const accountString = (type: string): ValueParser => (value, ctx) => {
  if (typeof value !== 'string') {
    throw parseError(`${actionDescribe(type)(ctx)}. expected [account] to be of type string, but found [${tokenName(value)}] instead`);
  }
  return value;
};

/** HttpProxy.parse reads the proxy object; its toXContent writes it back under `proxy`. */
const proxy = (type: string): ValueParser => rawObject(actionDescribe(type));

const slackMessageDescribe = () => 'could not parse slack message';
/** SlackMessage.Template.parse wraps a TextTemplate's failure in "failed to parse [<field>] field". */
const slackTemplate: ValueParser = wrapped((_ctx, key) => `could not parse slack message. failed to parse [${key}] field`, template);
/**
 * `to` and `attachments`: one value or an array of them (Template.parse), gathered in a list that
 * Builder.build turns into null when empty (so `to: []` is not written back) and toXContent writes
 * as an array whenever not null (so `to: "#soc"` comes back as `["#soc"]`).
 */
const slackList = (item: ValueParser): ValueParser => (value, ctx, key) => {
  const items = (Array.isArray(value) ? value : [value]).map((v) => item(v, ctx, key) as Json);
  return items.length > 0 ? items : undefined;
};
/** Attachment.Template.parse reads an object per attachment; the stand-in keeps its body as sent. */
const slackAttachment: ValueParser = wrapped((_ctx, key) => `could not parse slack message. failed to parse [${key}] field.`, rawObject(slackMessageDescribe));

/** SlackMessage.Template: parse and toXContent (from, to, text, icon, attachments, dynamic_attachments). */
const SLACK_MESSAGE: Shape = {
  rules: [
    same('from', slackTemplate),
    same('to', slackList(slackTemplate)),
    same('text', slackTemplate),
    same('icon', slackTemplate),
    same('attachments', slackList(slackAttachment)),
    // DynamicAttachments.parse: an object (list_path, attachment_template); kept as sent.
    same('dynamic_attachments', rawObject(slackMessageDescribe)),
  ],
  notObject: (value) => parseError(`could not parse slack message. expected an object but found [${tokenName(value)}]`),
  unexpected: (key) => parseError(`could not parse slack message. unknown field [${key}].`),
};

/** SlackAction.parse / toXContent: account, proxy, message (required), in that order. */
const SLACK: Shape = {
  rules: [
    same('account', accountString('slack')),
    same('proxy', proxy('slack')),
    same('message', wrapped((ctx) => `${actionDescribe('slack')(ctx)}. failed to parse [message] field`, (v, c) => parseShape(SLACK_MESSAGE, v, c)), {
      required: (ctx) => parseError(`${actionDescribe('slack')(ctx)}. missing required [message] field`),
    }),
  ],
  notObject: (value, ctx) => parseError(`${actionDescribe('slack')(ctx)}. expected an object but found [${tokenName(value)}]`),
  // The else branch of SlackAction.parse names the value's token, not the field.
  unexpected: (_key, value, ctx) => parseError(`${actionDescribe('slack')(ctx)}. unexpected token [${tokenName(value)}]`),
};

const pagerDutyField = (key: string) => parseError(`could not parse pager duty event template. failed to parse field [${key}]`);
/**
 * IncidentEvent.Template.parse: a TextTemplate whose ElasticsearchParseException (parse_exception)
 * is replaced by "failed to parse field" without its cause; any other exception passes through.
 */
const pagerDutyTemplate: ValueParser = (value, ctx, key) => {
  try {
    return template(value, ctx, key);
  } catch (error) {
    if (error instanceof EsHttpError && error.esCause.type === 'parse_exception') throw pagerDutyField(key);
    throw error;
  }
};
const PAGERDUTY_TEMPLATES = ['description', 'incident_key', 'client', 'client_url', 'event_type'];

/**
 * PagerDutyAction.parse is IncidentEvent.Template.parse; toXContent is Template.toXContent, which
 * writes description, incident_key, client, client_url, event_type, attach_payload, account, proxy,
 * contexts in that order. `description` is written with builder.field(name, ToXContent, params)
 * even when null, so a watch without one comes back with `description: null`.
 */
const PAGERDUTY: Shape = {
  rules: [
    // Template.toXContent writes description with builder.field(name, ToXContent, params), which
    // writes null when it is (XContentBuilder.value(ToXContent): `if (value == null) return
    // nullValue()`): a watch without one is stored with `description: null` and reads back as
    // such, which the null check in ACTION_TYPES.pagerduty then refuses, as ES does on GET.
    same('description', pagerDutyTemplate, { fallback: () => null }),
    same('incident_key', pagerDutyTemplate),
    same('client', pagerDutyTemplate),
    same('client_url', pagerDutyTemplate),
    same('event_type', pagerDutyTemplate),
    same('attach_payload', (value) => {
      if (typeof value !== 'boolean') {
        throw parseError(`could not parse pager duty event template. failed to parse field [attach_payload], expected a boolean value but found [${tokenName(value)}] instead`);
      }
      return value;
    }),
    // `account = parser.text()`: any scalar is read as its text.
    same('account', (value) => {
      // ES's catch around parser.text() names CLIENT_URL, not ACCOUNT (IncidentEvent.Template.parse).
      if (value === null || typeof value === 'object') throw pagerDutyField('client_url');
      return String(value);
    }),
    same('proxy', (value) => {
      if (!isObject(value)) throw parseError(`could not parse pager duty event template. failed to parse field [proxy]`);
      return structuredClone(value);
    }),
    // CONTEXTS or its pre-6.0 spelling CONTEXT_DEPRECATED, written back as `contexts`. Only an
    // array is read (each item by IncidentEventContext.Template.parse, kept as sent here); any
    // other value is passed over and the field stays null, so it is not written back.
    rule('contexts', Object.fromEntries(['contexts', 'context'].map((name) => [name, (value: Json) => {
      if (!Array.isArray(value)) return undefined;
      for (const item of value) if (!isObject(item)) throw pagerDutyField(name);
      return structuredClone(value);
    }]))),
  ],
  notObject: (value) => parseError(`could not parse pager duty event template. expected an object but found [${tokenName(value)}]`),
  unexpected: (key) => parseError(`could not parse pager duty event template. unexpected field [${key}]`),
};

/**
 * JiraAction.parse / toXContent: account, proxy, fields. `fields` is `parser.map()` (any object)
 * and `Collections.emptyMap()` when absent; toXContent always writes it.
 */
const JIRA: Shape = {
  rules: [
    same('account', accountString('jira')),
    same('proxy', proxy('jira')),
    same('fields', (value, ctx) => {
      if (!isObject(value)) throw parseError(`${actionDescribe('jira')(ctx)}. failed to parse [fields] field`);
      return structuredClone(value);
    }, { fallback: () => ({}) }),
  ],
  notObject: (value, ctx) => parseError(`${actionDescribe('jira')(ctx)}. expected an object but found [${tokenName(value)}]`),
  unexpected: (key, value, ctx) => parseError(`${actionDescribe('jira')(ctx)}. unexpected token [${tokenName(value)}/${key}]`),
};

export const ACTION_TYPES: Record<string, ValueParser> = {
  logging: (value, ctx) => parseShape(LOGGING, value, ctx),
  email: (value, ctx) => {
    const email = parseShape(EMAIL, value, ctx);
    // EmailAction.parse builds its Authentication only `if (user != null)`: a password without a
    // user is parsed and then dropped.
    if (email.user === undefined) delete email.password;
    return email;
  },
  index: (value, ctx) => parseShape(INDEX, value, ctx),
  webhook: (value, ctx) => parseShape(HTTP_REQUEST, value, ctx),
  slack: (value, ctx) => parseShape(SLACK, value, ctx),
  pagerduty: (value, ctx) => {
    // A null TextTemplate goes to Script.parse → ObjectParser.parse, which is not on START_OBJECT,
    // reads the next token and throws XContentParseException "[script] Expected START_OBJECT but
    // was: <that token>" — not an ElasticsearchParseException, so IncidentEvent does not wrap it.
    // PUT never stores such a body, but a watch PUT without a description is stored with
    // `description: null` (see PAGERDUTY) and every later read of it (GET, _query/watches,
    // execution) fails here.
    if (isObject(value)) {
      const entries = Object.entries(value);
      entries.forEach(([key, item], i) => {
        if (item === null && PAGERDUTY_TEMPLATES.includes(key)) {
          throw new EsHttpError(400, cause('x_content_parse_exception', `[script] Expected START_OBJECT but was: ${i < entries.length - 1 ? 'FIELD_NAME' : 'END_OBJECT'}`));
        }
      });
    }
    return parseShape(PAGERDUTY, value, ctx);
  },
  jira: (value, ctx) => parseShape(JIRA, value, ctx),
};

/** ActionWrapper: throttle, condition, transform, foreach around exactly one action type. */
function parseAction(id: string, value: Json, ctx: ParseContext): JsonObject {
  const here: ParseContext = { ...ctx, actionId: id };
  if (!isObject(value)) throw parseError(`could not parse action [${ctx.watchId}/${id}]. expected an object but found [${tokenName(value)}]`);
  const wrapper: Shape = {
    rules: [
      durationRule('throttle_period', (c, key) => `could not parse action [${c.watchId}/${id}]. failed to parse field [${key}] as time value`),
      same('condition', (v, c) => parseRegistry(CONDITIONS, v, c)),
      same('transform', (v, c) => parseRegistry(TRANSFORMS, v, c)),
      same('foreach', string(() => `could not parse action [${ctx.watchId}/${id}]`)),
      same('max_iterations', integer(() => `could not parse action [${ctx.watchId}/${id}]`)),
    ],
    notObject: () => parseError(`could not parse action [${ctx.watchId}/${id}]`),
    unexpected: () => parseError(`could not parse action [${ctx.watchId}/${id}]`),
  };
  const common: JsonObject = {};
  let typed: JsonObject | undefined;
  for (const [key, item] of Object.entries(value)) {
    if (wrapper.rules.some((r) => key in r.from)) {
      common[key] = item;
    } else if (ACTION_TYPES[key]) {
      typed = { [key]: ACTION_TYPES[key](item, here, key) as Json };
    } else {
      throw parseError(`could not parse action [${ctx.watchId}/${id}]. unknown action type [${key}]`);
    }
  }
  if (!typed) throw parseError(`could not parse watch action [${ctx.watchId}/${id}]. missing action type`);
  const out = parseShape(wrapper, common, here);
  // foreach comes with its iteration cap, default 100.
  if (out.foreach !== undefined && out.max_iterations === undefined) out.max_iterations = 100;
  if (out.foreach === undefined) delete out.max_iterations;
  return { ...out, ...typed };
}

const actions: ValueParser = (value, ctx) => {
  if (!isObject(value)) throw parseError(`could not parse actions for watch [${ctx.watchId}]. expected an object but found [${tokenName(value)}] instead`);
  const out: JsonObject = {};
  for (const [id, action] of Object.entries(value)) {
    if (id === '' || /\s/.test(id)) throw parseError(`could not parse action [${id}] for watch [${ctx.watchId}]. id contains whitespace`);
    // ActionRegistry.parseActions parses only an object value (`token == START_OBJECT && id != null`)
    // and reads past any other without an error: such an action is simply not there.
    if (!isObject(action)) continue;
    out[id] = parseAction(id, action, ctx);
  }
  return out;
};

// ---- the watch --------------------------------------------------------------------------------

export const WATCH: Shape = {
  rules: [
    same('trigger', (v, ctx) => parseRegistry(TRIGGERS, v, ctx), {
      required: (ctx) => parseError(`could not parse watch [${ctx.watchId}]. missing required field [trigger]`),
    }),
    same('input', (v, ctx) => parseRegistry(INPUTS, v, ctx), { fallback: () => ({ none: {} }) }),
    same('condition', (v, ctx) => parseRegistry(CONDITIONS, v, ctx), { fallback: () => ({ always: {} }) }),
    same('transform', (v, ctx) => parseRegistry(TRANSFORMS, v, ctx)),
    durationRule('throttle_period', (ctx, key) => `could not parse watch [${ctx.watchId}]. failed to parse time value for field [${key}]`),
    same('actions', actions, { fallback: () => ({}) }),
    same('metadata', (value, ctx) => {
      if (!isObject(value)) throw parseError(`could not parse watch [${ctx.watchId}]. expected an object for field [metadata] but found [${tokenName(value)}]`);
      return structuredClone(value);
    }),
  ],
  // The status a client sends is ignored; the server owns it.
  ignored: ['status', '_status'],
  notObject: (value, ctx) => parseError(`could not parse watch [${ctx.watchId}], unexpected token [${tokenName(value)}]`),
  unexpected: (key, _value, ctx) => parseError(`could not parse watch [${ctx.watchId}]. unexpected field [${key}]`),
};
