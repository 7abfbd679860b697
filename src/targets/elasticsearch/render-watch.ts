// A Sigma rule's Lucene query into a Watcher watch: the shape of the legacy sigmac xpack-watcher
// output (shared/seeds), with everything it hard-coded taken from the environment or the rule.
import type { SigmaDocument, SigmaRule } from '../../rules/sigma/model.js';
import { contentHash } from '../../base/canonical-json.js';
import { mapStringValues } from '../../base/references.js';
import { ruleOverrides } from '../sigma-overrides.js';
import type { WatchObject } from './objects.js';
import { secretHash } from './secret-hash.js';
import type { WatchSettings } from './settings.js';
import { REDACTED } from './watch-serialisation.js';

export const MANAGED_BY = 'detctl';

const HITS_BODY = `Hits:\n{{#ctx.payload.hits.hits}}{{_source}}\n${'='.repeat(80)}\n{{/ctx.payload.hits.hits}}`;

export interface WatchContext {
  target: string;
  env: string;
  settings: WatchSettings;
  /** A settings value with values from the environment as references `${VAR}` (RenderInput.hide). */
  hide?(value: string): string;
}

/** One watch per condition of the rule; the first keeps the plain id. */
export function renderWatches(rule: SigmaRule, queries: string[], context: WatchContext): WatchObject[] {
  const { settings } = context;
  const overrides = ruleOverrides(rule);
  const interval = overrides.interval ?? rule.timeframe ?? settings.interval;
  return queries.map((query, index) =>
    watchObject(
      rule,
      {
        idSuffix: index === 0 ? '' : `-${index + 1}`,
        interval,
        search: {
          size: settings.hits,
          query: {
            bool: {
              must: [{ query_string: { query, analyze_wildcard: true } }],
              filter: { range: { [settings.timestampField]: { gte: `now-${interval}/m` } } },
            },
          },
        },
        condition: { compare: { 'ctx.payload.hits.total': { not_eq: 0 } } },
        actions: overrides.actions,
        throttle: overrides.throttle,
        active: !overrides.disabled,
        texts: { subject: `Sigma Rule '${rule.title}'`, email: HITS_BODY, logging: `Sigma Rule '${rule.title}': {{ctx.payload.hits.total}} hits` },
        metadata: { query },
      },
      context,
    ),
  );
}

/** What differs between a rule's watch and a correlation's: the search, the condition and the texts. */
export interface WatchParts {
  /** Appended to the id (a rule's second condition: `-2`). */
  idSuffix: string;
  interval: string;
  /** The search request body. */
  search: Record<string, unknown>;
  condition: Record<string, unknown>;
  /** The document's own actions (a rule's `custom.actions`), else the environment's. */
  actions?: WatchSettings['actions'];
  throttle?: string;
  active: boolean;
  texts: ActionTexts;
  /** Metadata of this kind of watch (a rule's query, a correlation's type), before the common keys. */
  metadata: Record<string, unknown>;
}

/** The texts of the actions: email subject and body, logging text (mustache templates). */
export interface ActionTexts {
  subject: string;
  email: string;
  logging: string;
}

/**
 * A watch of a Sigma document (rule or correlation): the id from its id (or title), the
 * schedule, the search input over the target's indices, the condition and actions, and the
 * ownership metadata with its hashes.
 */
export function watchObject(doc: SigmaDocument, parts: WatchParts, context: WatchContext): WatchObject {
  const { settings } = context;
  const actionSettings = parts.actions ?? settings.actions;
  const ruleId = doc.id ?? doc.title;
  // Watcher refuses an id with whitespace ("watch id contains whitespace"); a rule without an id
  // is named by its title, so its spaces become underscores.
  const id = `${settings.idPrefix}${ruleId.replace(/\s+/g, '_')}${parts.idSuffix}`;
  const body: Record<string, unknown> = {
    trigger: { schedule: { interval: parts.interval } },
    input: { search: { request: { body: parts.search, indices: settings.indices } } },
    condition: parts.condition,
    actions: renderActions(parts.texts, actionSettings, parts.throttle, settings.actions.webhook?.auth, context.hide),
  };
  // Every value from the environment the watch is sent with: the webhook password, and any text
  // that holds one (a header `X-Token: ${VAR}`). Watcher hides the first, the plan the rest.
  const secrets = [...watchSecrets(actionSettings, settings), ...textsHoldingSecrets(body, context.hide)];
  const metadata = {
    title: doc.title,
    description: doc.description ?? '',
    tags: doc.tags,
    ...parts.metadata,
    managed_by: MANAGED_BY,
    env: context.env,
    rule_id: ruleId,
    source: doc.path,
    // The secrets are sent but never shown back: their hash tells when one changed.
    ...(secrets.length > 0 ? { secrets_hash: secretHash(secrets, `${context.env}/${context.target}`) } : {}),
  };
  // The hash covers everything but itself; the plan uses it to tell edits on the server apart. It
  // is taken over the watch as recorded (secrets as references): a plain digest over a secret
  // would let a short one be guessed from the metadata; secrets_hash above is the slow one.
  // (mapStringValues copies only the parts where a string changes: most watches hold no secret.)
  const recorded = { ...body, metadata };
  const withMetadata = { ...body, metadata: { ...metadata, content_hash: contentHash(context.hide ? mapStringValues(recorded, context.hide) : recorded) } };
  return { kind: 'watch', target: context.target, id, active: parts.active, body: withMetadata, source: doc.path };
}

/** The strings of `value` that hold a value from the environment (those `hide` changes), in document order. */
function textsHoldingSecrets(value: unknown, hide?: (text: string) => string, found: string[] = []): string[] {
  if (!hide) return found;
  if (typeof value === 'string') {
    if (hide(value) !== value) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) textsHoldingSecrets(item, hide, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) textsHoldingSecrets(item, hide, found);
  }
  return found;
}

type WebhookAuth = NonNullable<WatchSettings['actions']['webhook']>['auth'];

/** The secrets a watch with these actions is sent with (a rule's webhook uses the environment's auth). */
function watchSecrets(actions: WatchSettings['actions'], settings: WatchSettings): string[] {
  const auth = actions.webhook ? (actions.webhook.auth ?? settings.actions.webhook?.auth) : undefined;
  return auth ? [auth.password] : [];
}

function renderActions(texts: ActionTexts, actions: WatchSettings['actions'], throttleOverride: string | undefined, environmentAuth: WebhookAuth, hide?: (value: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const throttle = (t?: string) => {
    const value = throttleOverride ?? t;
    return value ? { throttle_period: value } : {};
  };
  if (actions.email) {
    const e = actions.email;
    out.send_email = {
      ...throttle(e.throttle),
      email: {
        ...(e.profile ? { profile: e.profile } : {}),
        ...(e.from ? { from: e.from } : {}),
        to: e.to,
        ...(e.cc ? { cc: e.cc } : {}),
        subject: e.subject ?? texts.subject,
        body: texts.email,
        attachments: { 'data.json': { data: { format: 'json' } } },
      },
    };
  }
  if (actions.webhook) {
    const w = actions.webhook;
    const url = new URL(w.url);
    out.webhook = {
      ...throttle(w.throttle),
      webhook: {
        scheme: url.protocol.replace(':', ''),
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        method: w.method.toLowerCase(),
        path: url.pathname,
        // The query string is kept as params, as HttpRequestTemplate's `url` parsing does.
        ...(url.search ? { params: Object.fromEntries(url.searchParams) } : {}),
        headers: { 'Content-Type': 'application/json', ...(w.headers ?? {}) },
        ...authOf(w.auth ?? environmentAuth, hide),
        body: '{{#toJson}}ctx.payload{{/toJson}}',
      },
    };
  }
  if (actions.index) {
    out.index = { ...throttle(actions.index.throttle), index: { index: actions.index.index } };
  }
  if (actions.logging) {
    out.log = {
      ...throttle(actions.logging.throttle),
      logging: { level: actions.logging.level, text: texts.logging },
    };
  }
  return out;
}

/**
 * Basic auth with the password as its reference `${VAR}`; the target resolves it in the request.
 * A password that is no reference (written in the file, or too short to hide) is rendered as
 * Watcher shows it, and the target puts the settings' value in the request (withSecrets).
 */
function authOf(auth: WebhookAuth, hide: (value: string) => string = (v) => v): Record<string, unknown> {
  if (!auth) return {};
  const shown = hide(auth.password);
  return { auth: { basic: { username: auth.username, password: shown === auth.password ? REDACTED : shown } } };
}
