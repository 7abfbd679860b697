// A Sigma correlation document's structure as a zod schema over the plain YAML value, reported
// through the one issue mapper (src/yaml-tree.ts) like a rule's. Follows pySigma
// SigmaCorrelationRule.from_dict / SigmaCorrelationCondition.from_dict / SigmaCorrelationTimespan
// (sigma/correlations.py): `rules` and `group-by` may be one string, `generate` defaults to false,
// a timespan is a positive count and one of s m h d w M y, a condition has exactly one operator.
//
// Knowing differences from pySigma: the "extended" temporal condition (a boolean expression over
// rule names, instead of a threshold) is refused, and `rules` is always required.
import { z } from 'zod';
import { lazy } from '../../base/lazy.js';
import { SIGMA_TIMESPAN } from '../../base/duration.js';
import { CONDITION_OPERATORS, CORRELATION_TYPES } from './correlation-model.js';
import { LEVELS, STATUSES, UUID } from './schema.js';

/** A correlation document's schema, built on first use (base/lazy.ts: zod is loaded only by runs that use it). */
export const correlationDocumentSchema = lazy(() => {
  const MUST_BE_A_STRING = { error: 'must be a string' };
  const text = z.union([z.string(), z.number().transform(String)], MUST_BE_A_STRING);
  const optionalText = z.union([z.string(), z.number().transform(String), z.null().transform(() => undefined)], MUST_BE_A_STRING).optional();
  const stringList = z.union([z.string().transform((v) => [v]), z.array(text), z.null().transform((): string[] => [])], { error: 'must be a list of strings' }).optional();
  const fieldName = z.string({ error: 'must be a field name' }).min(1, { error: 'must be a field name' });

  const threshold = z.number({ error: 'must be a number' }).refine(Number.isFinite, { error: 'must be a finite number' });

  const PERCENTILE = { error: 'must be a whole number from 0 to 100' };
  const thresholdCondition = z
    .object({
      gt: threshold.optional(),
      gte: threshold.optional(),
      lt: threshold.optional(),
      lte: threshold.optional(),
      eq: threshold.optional(),
      neq: threshold.optional(),
      field: fieldName.optional(),
      percentile: z.number(PERCENTILE).int(PERCENTILE).min(0, PERCENTILE).max(100, PERCENTILE).optional(),
    })
    .strict()
    .refine((c) => CONDITION_OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
      error: `needs exactly one of ${CONDITION_OPERATORS.join(', ')} (e.g. 'gte: 10')`,
    });

  const condition = z
    .unknown()
    .superRefine((v, ctx) => {
      if (typeof v === 'string') ctx.addIssue({ code: 'custom', message: 'extended conditions (a boolean expression over rule names) are not supported; give a threshold like gte: 2' });
      else if (v === null || typeof v !== 'object' || Array.isArray(v)) ctx.addIssue({ code: 'custom', message: "must be a mapping like 'gte: 10'" });
    })
    .pipe(thresholdCondition);

  const block = z
    .object({
      type: z.enum(CORRELATION_TYPES, { error: (issue) => `'${String(issue.input)}' is not a correlation type; one of ${CORRELATION_TYPES.join(', ')}` }),
      rules: z.union([z.string().transform((v) => [v]), z.array(text).min(1, { error: 'names no rule' })], { error: 'must be a rule id or name, or a list of them' }),
      'group-by': stringList,
      timespan: z.string({ error: 'must be a time span like 15m or 1h' }).regex(SIGMA_TIMESPAN.pattern, { error: (issue) => `'${String(issue.input)}' is not a time span: a positive whole number and one of s, m, h, d, w, M (month) or y, like 15m or 1h` }),
      condition: condition.optional(),
      aliases: z.record(z.string(), z.record(z.string(), fieldName, { error: 'must map each rule (id or name) to its field' }), { error: 'must map each alias to a mapping of rule: field' }).optional(),
      generate: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .strict();

  const document = z.object({
    title: text,
    // As a rule's (schema.ts): a correlation's id names its watch and saved search, like a rule's.
    id: optionalText.refine((v) => v === undefined || UUID.test(v), { error: (issue) => `must be a UUID, got '${String(issue.input)}'` }),
    name: optionalText,
    status: optionalText.pipe(z.enum(STATUSES).optional()),
    description: optionalText,
    author: optionalText,
    date: optionalText,
    modified: optionalText,
    level: optionalText.pipe(z.enum(LEVELS).optional()),
    references: stringList,
    tags: stringList,
    falsepositives: stringList,
    fields: stringList,
    correlation: block,
  });
  return document;
});

export type CorrelationDocumentInput = z.output<ReturnType<typeof correlationDocumentSchema>>;
