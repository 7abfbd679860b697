// How Elasticsearch re-serialises a watch, as data: every default the server adds, every value it
// coerces, every key it renames and every secret it hides when `GET _watcher/watch/{id}` or
// `_watcher/_query/watches` writes the stored watch back out (both go through WatchParser and
// `Watch.toXContent`, contract §A4). Each row names the Elasticsearch source it was read from
// (x-pack/plugin/watcher and x-pack/plugin/core, main branch). The normaliser (normalise-watch.ts)
// applies these rows to the desired and the live watch alike; docs/deploy.md lists them.
//
// The sandbox's Watcher (packages/sandbox/src/elasticsearch/watcher) is a second, independent reading of
// the same classes and never imports this file: the round-trip tests compare the two.

/** Where a row applies: object keys from the watch's root, `*` for any key (an action id…). */
export type WatchPath = readonly string[];

export type Coercion =
  /** The key is written even when absent from the PUT: the parser starts from this value. */
  | { kind: 'default'; value: unknown }
  /** A time value (`"15m"`) or millis is written back as `<key>_in_millis` (humanReadableField). */
  | { kind: 'millis' }
  /** A single value (a string, a template object…) is accepted and written back as a one-element array. */
  | { kind: 'list' }
  /** An empty array is gathered into a list that is null when empty, so it is not written back. */
  | { kind: 'omit-empty' }
  /** A second spelling of a key, written back under `to` (e.g. a pre-6.0 name kept for BWC). */
  | { kind: 'rename'; to: string }
  /** A comma-separated string is split into an array (Strings.delimitedListToStringArray). */
  | { kind: 'split-list' }
  /** A string is accepted and written back inside an object, under `field`. */
  | { kind: 'wrap'; field: string }
  /** An enum parsed case-insensitively and written back by its lower-case name. */
  | { kind: 'lowercase' }
  /** A bare number is a count of seconds, written back as `"<n>s"`. */
  | { kind: 'seconds' }
  /** A script: a string is `{source}`; the default language is filled in. */
  | { kind: 'script'; lang: string }
  /** A password: GET shows `::es_redacted::` (or `::es_encrypted::…` with encryption on). */
  | { kind: 'secret'; secret: WatchSecret };

/** The secrets a watch can carry; each is read from the environment (see render/watch.ts). */
export type WatchSecret = 'webhook-password' | 'email-password';

export interface SerialisationRow {
  /** A stable name (tests and docs refer to rows by it). */
  id: string;
  at: WatchPath;
  key: string;
  coercion: Coercion;
  /** Where in Elasticsearch's source this behaviour is. */
  source: string;
}

export const REDACTED = '::es_redacted::';

const ACTION = ['actions', '*'] as const;

export const WATCH_SERIALISATION: readonly SerialisationRow[] = [
  // ---- the watch -------------------------------------------------------------------------------
  { id: 'watch.input', at: [], key: 'input', coercion: { kind: 'default', value: { none: {} } }, source: 'WatchParser.parse: input defaults to NoneInput; Watch.toXContent always writes input' },
  { id: 'watch.condition', at: [], key: 'condition', coercion: { kind: 'default', value: { always: {} } }, source: 'WatchParser.parse: condition defaults to InternalAlwaysCondition; Watch.toXContent always writes condition' },
  { id: 'watch.actions', at: [], key: 'actions', coercion: { kind: 'default', value: {} }, source: 'WatchParser.parse: actions default to an empty list; Watch.toXContent always writes actions' },
  { id: 'watch.throttle_period', at: [], key: 'throttle_period', coercion: { kind: 'millis' }, source: 'WatchParser.parse reads throttle_period (WatcherDateTimeUtils.parseTimeValue); Watch.toXContent: humanReadableField(throttle_period_in_millis, throttle_period)' },

  // ---- triggers --------------------------------------------------------------------------------
  { id: 'schedule.interval', at: ['trigger', 'schedule'], key: 'interval', coercion: { kind: 'seconds' }, source: 'IntervalSchedule.Parser: a VALUE_NUMBER is new Interval(n, Unit.SECONDS); Interval.toString() writes duration + suffix' },

  // ---- the search input and its request --------------------------------------------------------
  { id: 'search.timeout', at: ['input', 'search'], key: 'timeout', coercion: { kind: 'millis' }, source: 'SearchInput.parse reads timeout as a time value; toXContent: humanReadableField(timeout_in_millis, timeout)' },
  { id: 'request.search_type', at: ['input', 'search', 'request'], key: 'search_type', coercion: { kind: 'default', value: 'query_then_fetch' }, source: 'SearchInput.parse passes DEFAULT_SEARCH_TYPE (QUERY_THEN_FETCH) to WatcherSearchTemplateRequest.fromXContent; toXContent writes searchType.toString().toLowerCase()' },
  { id: 'request.search_type.case', at: ['input', 'search', 'request'], key: 'search_type', coercion: { kind: 'lowercase' }, source: 'WatcherSearchTemplateRequest.fromXContent: SearchType.fromString(text.toLowerCase()); toXContent writes it lower-case' },
  { id: 'request.indices', at: ['input', 'search', 'request'], key: 'indices', coercion: { kind: 'split-list' }, source: 'WatcherSearchTemplateRequest.fromXContent: a string is Strings.delimitedListToStringArray(text, ",", " \\t"); toXContent writes an array' },
  { id: 'request.indices.default', at: ['input', 'search', 'request'], key: 'indices', coercion: { kind: 'default', value: [] }, source: 'WatcherSearchTemplateRequest.fromXContent starts from an empty list; toXContent writes indices whenever not null' },
  { id: 'request.rest_total_hits_as_int', at: ['input', 'search', 'request'], key: 'rest_total_hits_as_int', coercion: { kind: 'default', value: true }, source: 'WatcherSearchTemplateRequest.fromXContent: totalHitsAsInt = true; toXContent always writes rest_total_hits_as_int' },

  // ---- conditions and transforms ---------------------------------------------------------------
  { id: 'condition.script', at: ['condition'], key: 'script', coercion: { kind: 'script', lang: 'painless' }, source: 'Script.parse: a string is an inline script, lang defaults to DEFAULT_SCRIPT_LANG (painless); Script.toXContent writes {source, lang}' },
  { id: 'transform.script', at: ['transform'], key: 'script', coercion: { kind: 'script', lang: 'painless' }, source: 'Script.parse / Script.toXContent, as for the script condition' },
  { id: 'array_compare.path', at: ['condition', 'array_compare', '*'], key: 'path', coercion: { kind: 'default', value: '' }, source: 'ArrayCompareCondition.parse: if (path == null) path = ""; toXContent always writes path' },
  { id: 'array_compare.quantifier', at: ['condition', 'array_compare', '*', '*'], key: 'quantifier', coercion: { kind: 'default', value: 'some' }, source: 'ArrayCompareCondition.parse: quantifier defaults to Quantifier.SOME; toXContent always writes quantifier' },

  // ---- every action ----------------------------------------------------------------------------
  { id: 'action.throttle_period', at: ACTION, key: 'throttle_period', coercion: { kind: 'millis' }, source: 'ActionWrapper.parse reads throttle_period (WatcherDateTimeUtils.parseTimeValue); toXContent: humanReadableField(throttle_period_in_millis, throttle_period)' },
  { id: 'action.condition.script', at: [...ACTION, 'condition'], key: 'script', coercion: { kind: 'script', lang: 'painless' }, source: 'ActionWrapper.parse: the condition registry, as for the watch condition' },

  // ---- email -----------------------------------------------------------------------------------
  { id: 'email.profile', at: [...ACTION, 'email'], key: 'profile', coercion: { kind: 'default', value: 'standard' }, source: 'EmailAction.parse: Profile profile = Profile.STANDARD; toXContent writes profile.name().toLowerCase(Locale.ROOT) whenever profile != null' },
  { id: 'email.profile.case', at: [...ACTION, 'email'], key: 'profile', coercion: { kind: 'lowercase' }, source: 'EmailAction.parse: Profile.resolve(text) is case-insensitive; toXContent writes the lower-case name' },
  { id: 'email.to', at: [...ACTION, 'email'], key: 'to', coercion: { kind: 'list' }, source: 'EmailTemplate.Parser.handle: a single TextTemplate is accepted for to; xContentBody always writes an array' },
  { id: 'email.cc', at: [...ACTION, 'email'], key: 'cc', coercion: { kind: 'list' }, source: 'EmailTemplate.Parser.handle / xContentBody, as for to' },
  { id: 'email.bcc', at: [...ACTION, 'email'], key: 'bcc', coercion: { kind: 'list' }, source: 'EmailTemplate.Parser.handle / xContentBody, as for to' },
  { id: 'email.reply_to', at: [...ACTION, 'email'], key: 'reply_to', coercion: { kind: 'list' }, source: 'EmailTemplate.Parser.handle / xContentBody, as for to' },
  { id: 'email.body', at: [...ACTION, 'email'], key: 'body', coercion: { kind: 'wrap', field: 'text' }, source: 'EmailTemplate.Parser.handle: a VALUE_STRING body is the text body; xContentBody writes body: {text, html}' },
  { id: 'email.password', at: [...ACTION, 'email'], key: 'password', coercion: { kind: 'secret', secret: 'email-password' }, source: 'EmailAction.toXContent: WatcherParams.hideSecrets → WatcherXContentParser.REDACTED_PASSWORD unless the value is encrypted' },
  { id: 'email.attachment.data.format', at: [...ACTION, 'email', 'attachments', '*', 'data'], key: 'format', coercion: { kind: 'default', value: 'yaml' }, source: 'DataAttachmentParser.parse starts from DataAttachment.YAML; attachment.DataAttachment.toXContent always writes format' },

  // ---- webhook (an HTTP request template) ------------------------------------------------------
  { id: 'webhook.scheme', at: [...ACTION, 'webhook'], key: 'scheme', coercion: { kind: 'default', value: 'http' }, source: 'HttpRequestTemplate: scheme != null ? scheme : Scheme.HTTP; toXContent always writes scheme.value()' },
  { id: 'webhook.scheme.case', at: [...ACTION, 'webhook'], key: 'scheme', coercion: { kind: 'lowercase' }, source: 'Scheme.parse: valueOf(value.toUpperCase()); Scheme.value() is lower-case' },
  { id: 'webhook.method', at: [...ACTION, 'webhook'], key: 'method', coercion: { kind: 'default', value: 'get' }, source: 'HttpRequestTemplate: method != null ? method : HttpMethod.GET; toXContent always writes method.value()' },
  { id: 'webhook.method.case', at: [...ACTION, 'webhook'], key: 'method', coercion: { kind: 'lowercase' }, source: 'HttpMethod.parse: valueOf(value.toUpperCase()); HttpMethod.value() is lower-case' },
  { id: 'webhook.params', at: [...ACTION, 'webhook'], key: 'params', coercion: { kind: 'default', value: {} }, source: 'HttpRequestTemplate: params != null ? params : emptyMap(); toXContent writes params whenever not null' },
  { id: 'webhook.headers', at: [...ACTION, 'webhook'], key: 'headers', coercion: { kind: 'default', value: {} }, source: 'HttpRequestTemplate: headers != null ? headers : emptyMap(); toXContent writes headers whenever not null' },
  { id: 'webhook.connection_timeout', at: [...ACTION, 'webhook'], key: 'connection_timeout', coercion: { kind: 'millis' }, source: 'HttpRequestTemplate.Parser: connection_timeout as a time value; toXContent: humanReadableField(connection_timeout_in_millis, connection_timeout)' },
  { id: 'webhook.read_timeout', at: [...ACTION, 'webhook'], key: 'read_timeout', coercion: { kind: 'millis' }, source: 'HttpRequestTemplate.Parser: read_timeout as a time value; toXContent: humanReadableField(read_timeout_in_millis, read_timeout)' },
  { id: 'webhook.auth.password', at: [...ACTION, 'webhook', 'auth', 'basic'], key: 'password', coercion: { kind: 'secret', secret: 'webhook-password' }, source: 'BasicAuth.toXContent: WatcherParams.hideSecrets → WatcherXContentParser.REDACTED_PASSWORD unless the value is encrypted' },

  // ---- index and logging -----------------------------------------------------------------------
  { id: 'index.timeout', at: [...ACTION, 'index'], key: 'timeout', coercion: { kind: 'millis' }, source: 'IndexAction.parse: timeout (TIMEOUT_HUMAN) as a time value; toXContent: humanReadableField(timeout_in_millis, timeout)' },
  { id: 'logging.level', at: [...ACTION, 'logging'], key: 'level', coercion: { kind: 'default', value: 'info' }, source: 'LoggingAction: level != null ? level : LoggingLevel.INFO; toXContent always writes level.value()' },
  { id: 'logging.level.case', at: [...ACTION, 'logging'], key: 'level', coercion: { kind: 'lowercase' }, source: 'LoggingAction.parse: LoggingLevel.valueOf(text.toUpperCase()); LoggingLevel.value() is lower-case' },

  // ---- slack, pagerduty, jira ------------------------------------------------------------------
  { id: 'slack.message.to', at: [...ACTION, 'slack', 'message'], key: 'to', coercion: { kind: 'list' }, source: 'SlackMessage.Template.parse: to is one TextTemplate or an array of them; Template.toXContent writes to as an array' },
  { id: 'slack.message.to.empty', at: [...ACTION, 'slack', 'message'], key: 'to', coercion: { kind: 'omit-empty' }, source: 'SlackMessage.Template.Builder.build: to is null when the list is empty; Template.toXContent writes to only if (to != null)' },
  { id: 'slack.message.attachments', at: [...ACTION, 'slack', 'message'], key: 'attachments', coercion: { kind: 'list' }, source: 'SlackMessage.Template.parse: attachments is one Attachment.Template or an array of them; Template.toXContent writes an array' },
  { id: 'slack.message.attachments.empty', at: [...ACTION, 'slack', 'message'], key: 'attachments', coercion: { kind: 'omit-empty' }, source: 'SlackMessage.Template.Builder.build: attachments is null when the list is empty; Template.toXContent writes attachments only if (attachments != null)' },
  { id: 'pagerduty.context', at: [...ACTION, 'pagerduty'], key: 'context', coercion: { kind: 'rename', to: 'contexts' }, source: 'IncidentEvent.Template.parse: CONTEXTS or CONTEXT_DEPRECATED fill contexts; Template.toXContent writes contexts' },
  { id: 'jira.fields', at: [...ACTION, 'jira'], key: 'fields', coercion: { kind: 'default', value: {} }, source: 'JiraAction.parse: if (fields == null) fields = Collections.emptyMap(); toXContent always writes fields' },
];

/** The order Watch.toXContent writes a watch's keys in (for display; comparison ignores order). */
export const WATCH_KEY_ORDER = ['trigger', 'input', 'condition', 'transform', 'throttle_period_in_millis', 'actions', 'metadata'] as const;
