// The settings of a Splunk target (zod): connection, app, and how saved searches are rendered.
import { z } from 'zod';
import { duration, mapping, timeout, tls, url } from '../settings-common.js';
import { SPLUNK_SUPPRESS_PERIOD } from '../../base/duration.js';
import { cronSchedule } from '../../base/cron.js';

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

export const splunkTargetSchema = z
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

export type SplunkTarget = z.infer<typeof splunkTargetSchema>;
export type SavedSearchSettings = SplunkTarget['savedSearch'];
