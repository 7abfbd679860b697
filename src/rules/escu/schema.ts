// The shapes contentctl v5 accepts, as zod schemas over the plain YAML value. contentctl's models
// forbid extra keys, so every object here is strict: a misspelt key is an error, not silently
// ignored. Checks that need more than one key (drilldown rules, the filter macro, rba fields in
// the search) live in load-escu-detection.ts, where they can point at the right line.
// Integers, booleans and dates are read as contentctl's pydantic models read them (lax.ts): a quoted
// `version: '7'` is 7, a `version: 'abc'` is an error in both.
import { z } from 'zod';
import { lazy } from '../../base/lazy.js';
import { ESCU_THROTTLING_PERIOD } from '../../base/duration.js';
import { cronSchedule } from '../../base/cron.js';
import { laxBool, laxDate, laxInt } from './lax.js';
import { DEPLOYMENT_TYPES, DETECTION_STATUSES, DETECTION_TYPES, PRODUCTS, RISK_OBJECT_TYPES, SECURITY_DOMAINS, THREAT_OBJECT_TYPES } from './model.js';

/** The schemas, built on first use (base/lazy.ts: zod is loaded only by runs that use it). */
export const escuSchemas = lazy(() => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  const uuid = z.string().regex(UUID, 'must be a UUID like 7d4c618e-4716-11ec-951c-3e22fbd008af');
  const isoDate = laxDate();
  const text = z.string().min(1);
  /** A list that may also be written as an empty key (`references:`), which reads as null. */
  const list = <T extends z.ZodType>(item: T) =>
    z
      .array(item)
      .nullish()
      .transform((v) => v ?? []);

  const drilldown = z
    .object({
      name: z.string().min(5),
      search: text,
      // Required keys whose value may be null: contentctl makes authors say so explicitly.
      earliest_offset: text.nullable(),
      latest_offset: text.nullable(),
    })
    .strict();

  const riskObject = z
    .object({
      field: text,
      type: z.enum(RISK_OBJECT_TYPES),
      // rba.py: `RiskScoreValue_Type = Annotated[int, Field(ge=1, le=100)]`
      score: laxInt(z.number().min(1).max(100)),
    })
    .strict();

  const threatObject = z.object({ field: text, type: z.enum(THREAT_OBJECT_TYPES) }).strict();

  const rba = z
    .object({
      message: text,
      risk_objects: z.array(riskObject).min(1),
      threat_objects: list(threatObject),
    })
    .strict();

  /** The newer shape's `finding:` (seen in detctl's seed document): a title and one risk entity. */
  const finding = z.object({ title: text, entity: riskObject }).strict();

  const throttling = z
    .object({
      fields: z.array(z.string().regex(/^\S+$/, 'must be a field name without spaces')).min(1),
      period: z.string().regex(ESCU_THROTTLING_PERIOD.pattern, `must be a number of seconds, minutes or hours like ${ESCU_THROTTLING_PERIOD.examples}`),
    })
    .strict();

  const tags = z
    .object({
      analytic_story: z.array(text).min(1),
      asset_type: text,
      product: z.array(z.enum(PRODUCTS)).min(1),
      security_domain: z.enum(SECURITY_DOMAINS),
      mitre_attack_id: list(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'must be a MITRE ATT&CK technique id like T1021 or T1021.006')),
      cve: list(z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'must be a CVE id like CVE-2023-29059')),
      atomic_guid: list(uuid),
      manual_test: text.optional(),
      group: list(text),
      throttling: throttling.optional(),
      // Allowed by contentctl, rendered by nothing.
      mappings: z.unknown().optional(),
      research_site_url: z.string().optional(),
      event_schema: z.unknown().optional(),
      category: z.string().optional(),
    })
    .strict();

  const attackData = z
    .object({
      data: text,
      source: text,
      sourcetype: text,
      custom_index: text.optional(),
      host: text.optional(),
    })
    .strict();

  const test = z
    .object({
      name: text,
      attack_data: z.array(attackData).min(1),
      test_type: text.optional(),
    })
    .strict();

  const scheduling = z
    .object({
      cron_schedule: cronSchedule(),
      earliest_time: text,
      latest_time: text,
      schedule_window: text.optional(),
    })
    .strict();

  const alertAction = z
    .object({
      notable: z.object({ rule_description: text, rule_title: text, nes_fields: z.array(text) }).strict().optional(),
      rba: z.object({ enabled: laxBool() }).strict().optional(),
      email: z.object({ subject: text, to: text, message: text }).strict().optional(),
      slack: z.object({ channel: text, message: text }).strict().optional(),
      phantom: z
        .object({ cam_workers: text, label: text, phantom_server: text, sensitivity: text, severity: text })
        .strict()
        .optional(),
    })
    .strict();

  /** A detection's inline `deployment:`: the settings, without the file's own identity. */
  const inlineDeploymentSchema = z
    .object({
      name: text.optional(),
      id: uuid.optional(),
      date: isoDate.optional(),
      author: text.optional(),
      description: text.optional(),
      scheduling,
      alert_action: alertAction.optional(),
      type: z.enum(DEPLOYMENT_TYPES).optional(),
    })
    .strict();

  const deploymentFileSchema = inlineDeploymentSchema.extend({
    name: text,
    id: uuid,
    date: isoDate,
    author: text,
    description: text,
    type: z.enum(DEPLOYMENT_TYPES),
  });

  const macroFileSchema = z
    .object({
      name: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'must be a macro name (letters, digits, _ . : -)'),
      definition: text,
      description: z.string(),
      arguments: list(z.string().regex(/^[A-Za-z0-9_]+$/, 'must be an argument name (letters, digits, _)')),
      // contentctl's common object keys; unused in macros.conf.
      id: uuid.optional(),
      date: isoDate.optional(),
      author: text.optional(),
      version: laxInt(z.number().min(0)).optional(),
    })
    .strict();

  const detectionSchema = z
    .object({
      name: z.string().min(1).max(67),
      id: uuid,
      // `version: NonNegativeInt` (SecurityContentObject_Abstract): 0 is allowed there too.
      version: laxInt(z.number().min(0)),
      // v5 has `date`; the newer shape has `creation_date` and `modification_date` instead.
      date: isoDate.optional(),
      creation_date: isoDate.optional(),
      modification_date: isoDate.optional(),
      author: text,
      status: z.enum(DETECTION_STATUSES),
      type: z.enum(DETECTION_TYPES),
      description: text.max(10000),
      data_source: list(text),
      search: text,
      how_to_implement: z.string().min(4),
      known_false_positives: z.string().min(4),
      references: list(z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')),
      drilldown_searches: list(drilldown),
      rba: rba.optional(),
      finding: finding.optional(),
      tags,
      tests: list(test),
      enabled_by_default: laxBool().optional(),
      deployment: inlineDeploymentSchema.optional(),
      explanation: text.optional(),
    })
    .strict();

  return { inlineDeploymentSchema, deploymentFileSchema, macroFileSchema, detectionSchema };
});

type Schemas = ReturnType<typeof escuSchemas>;
export type DetectionInput = z.output<Schemas['detectionSchema']>;
export type DeploymentInput = z.output<Schemas['inlineDeploymentSchema']>;
export type MacroInput = z.output<Schemas['macroFileSchema']>;
