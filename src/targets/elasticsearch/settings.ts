// The settings of an Elasticsearch target (zod): connection, and how watches are rendered.
import { z } from 'zod';
import { duration, interval, mapping, stringList, timeout, tls, url } from '../settings-common.js';
import { ES_TIME_VALUE } from '../../base/duration.js';

/**
 * An action's throttle period: an Elasticsearch time value (TimeValue.parseTimeValue knows
 * ms, s, m, h and d — no weeks), which Watcher parses with WatcherDateTimeUtils.parseTimeValue.
 */
const throttle = duration(ES_TIME_VALUE, ' (Elasticsearch time values have no weeks)');

const esAuth = z.union([
  z.object({ apiKey: z.string().min(1) }).strict(),
  z.object({ username: z.string().min(1), password: z.string().min(1) }).strict(),
  z.object({ bearer: z.string().min(1) }).strict(),
]);

const emailAction = z
  .object({
    to: z.union([z.string(), z.array(z.string()).min(1)]),
    cc: z.union([z.string(), z.array(z.string())]).optional(),
    from: z.string().optional(),
    profile: z.string().optional(),
    subject: z.string().optional(),
    throttle: throttle.optional(),
  })
  .strict();

/** HTTP basic auth for a webhook; the password should come from `${VAR}` (it never reaches output). */
const webhookAuth = z.object({ username: z.string().min(1), password: z.string().min(1) }).strict();

const webhookFields = {
  url: url,
  method: z.enum(['post', 'put', 'POST', 'PUT']).default('post'),
  headers: z.record(z.string(), z.string()).optional(),
  throttle: throttle.optional(),
};
const webhookAction = z.object({ ...webhookFields, auth: webhookAuth.optional() }).strict();

const indexAction = z.object({ index: z.string().min(1), throttle: throttle.optional() }).strict();
const loggingAction = z
  .object({ level: z.enum(['error', 'warn', 'info', 'debug', 'trace']).default('info'), throttle: throttle.optional() })
  .strict();

export const watchActions = z
  .object({ email: emailAction.optional(), webhook: webhookAction.optional(), index: indexAction.optional(), logging: loggingAction.optional() })
  .strict();

/**
 * A rule's own actions (`custom.actions`): the environment's shape without credentials, since rule
 * files are not interpolated and live in git. A rule's webhook uses the environment's auth.
 */
export const ruleWatchActions = watchActions.extend({ webhook: z.object(webhookFields).strict().optional() });

const watchSettings = z
  .object({
    idPrefix: z.string().regex(/^[^\s]*$/, 'must not contain whitespace').default('detctl-'),
    indices: stringList.default([]),
    interval: interval.default('30m'),
    timestampField: z.string().min(1).default('@timestamp'),
    mapping: mapping.optional(),
    keywordSuffix: z.string().default(''),
    /** Sigma's case-insensitive strings as regexes with letter classes: keyword fields match with case. */
    caseInsensitive: z.boolean().default(false),
    hits: z.number().int().min(0).max(10000).default(0),
    actions: watchActions.default({}),
  })
  .strict();

export const elasticsearchTargetSchema = z
  .object({
    type: z.literal('elasticsearch'),
    url: url,
    auth: esAuth,
    tls: tls,
    timeout: timeout,
    watch: watchSettings.default(watchSettings.parse({})),
  })
  .strict();

export type ElasticsearchTarget = z.infer<typeof elasticsearchTargetSchema>;
export type WatchSettings = ElasticsearchTarget['watch'];
