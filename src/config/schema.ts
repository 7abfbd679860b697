// The environment file's schema (zod). Parsing gives typed settings with defaults; each issue's
// path is mapped back to the YAML key it came from by load-environment.ts.
import { z } from 'zod';
import { MAPPING_NAMES } from '../compile/mappings/apply-mapping.js';
import { cronSchedule } from '../base/cron.js';
import { ES_TIME_VALUE, REQUEST_TIMEOUT, SPLUNK_SUPPRESS_PERIOD, WATCHER_INTERVAL, type DurationSyntax } from '../base/duration.js';

/** A string in one of the duration syntaxes of src/base/duration.ts. */
const duration = (syntax: DurationSyntax, note = '') => z.string().regex(syntax.pattern, `must be a duration like ${syntax.examples}${note}`);

const interval = duration(WATCHER_INTERVAL);
/**
 * An action's throttle period: an Elasticsearch time value (TimeValue.parseTimeValue knows
 * ms, s, m, h and d — no weeks), which Watcher parses with WatcherDateTimeUtils.parseTimeValue.
 */
const throttle = duration(ES_TIME_VALUE, ' (Elasticsearch time values have no weeks)');
const mapping = z.enum(MAPPING_NAMES as [string, ...string[]], { message: `must be one of ${MAPPING_NAMES.join(', ')}` });
const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const url = z.string().url('must be a URL like https://host:port');

const tls = z
  .object({ ca: z.string().optional(), insecure: z.boolean().optional() })
  .strict()
  .default({});

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
    hits: z.number().int().min(0).max(10000).default(0),
    actions: watchActions.default({}),
  })
  .strict();

const drilldown = z
  .object({
    name: z.string().min(1),
    search: z.string().min(1),
    earliest_offset: z.string().optional(),
    latest_offset: z.string().optional(),
  })
  .strict();

const splunkEmail = z
  .object({ to: z.union([z.string(), z.array(z.string()).min(1)]), subject: z.string().optional() })
  .strict();

const savedSearchSettings = z
  .object({
    namePrefix: z.string().default('detctl - '),
    cron: cronSchedule().default('*/30 * * * *'),
    earliest: z.string().default('-30m@m'),
    latest: z.string().default('now'),
    mapping: mapping.optional(),
    suppress: duration(SPLUNK_SUPPRESS_PERIOD).optional(),
    actions: z.object({ email: splunkEmail.optional() }).strict().default({}),
    drilldowns: z.array(drilldown).default([]),
  })
  .strict();

const escuSettings = z
  .object({
    namePrefix: z.string().default('ESCU - '),
    macros: z.string().optional(),
    deployments: z.string().optional(),
    /** Deploy ESCU searches enabled (true) or disabled (false); by default as each detection says. */
    enabled: z.boolean().optional(),
  })
  .strict();

/** How long one request may take before it counts as a (retryable) timeout. */
const timeout = duration(REQUEST_TIMEOUT).default('30s');

const elasticsearchTarget = z
  .object({
    type: z.literal('elasticsearch'),
    url: url,
    auth: esAuth,
    tls: tls,
    timeout: timeout,
    watch: watchSettings.default(watchSettings.parse({})),
  })
  .strict();

const splunkTarget = z
  .object({
    type: z.literal('splunk'),
    url: url,
    timeout: timeout,
    auth: z.union([z.object({ token: z.string().min(1) }).strict(), z.object({ username: z.string().min(1), password: z.string().min(1) }).strict()]),
    tls: tls,
    app: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a Splunk app name (letters, digits, _ . -)'),
    owner: z.string().default('nobody'),
    savedSearch: savedSearchSettings.default(savedSearchSettings.parse({})),
    escu: escuSettings.default(escuSettings.parse({})),
  })
  .strict();

export const TARGET_TYPES = ['elasticsearch', 'splunk'] as const;

export const environmentSchema = z
  .object({
    rules: stringList.default(['rules/']),
    select: z
      .object({
        status: stringList.optional(),
        level: stringList.optional(),
        tags: stringList.optional(),
        paths: stringList.optional(),
      })
      .strict()
      .optional(),
    history: z
      .union([
        z.object({ store: z.literal('local'), path: z.string().optional() }).strict(),
        z.object({ store: z.literal('elasticsearch'), target: z.string(), index: z.string().default('.detctl-history') }).strict(),
      ])
      .default({ store: 'local' }),
    targets: z.record(z.string(), z.discriminatedUnion('type', [elasticsearchTarget, splunkTarget])).refine((t) => Object.keys(t).length > 0, 'needs at least one target'),
  })
  .strict();

export type EnvironmentSettings = z.infer<typeof environmentSchema>;
export type TargetSettings = EnvironmentSettings['targets'][string];
export type ElasticsearchTarget = Extract<TargetSettings, { type: 'elasticsearch' }>;
export type SplunkTarget = Extract<TargetSettings, { type: 'splunk' }>;
export type WatchSettings = ElasticsearchTarget['watch'];
export type SavedSearchSettings = SplunkTarget['savedSearch'];
