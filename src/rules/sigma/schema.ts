// A Sigma rule's document structure as a zod schema over the plain YAML value, reported through the
// one issue mapper (src/yaml-tree.ts). What needs more than a schema — the named detections, their
// modifiers and the condition grammar — is detection.ts and condition.ts, run on the YAML tree.
//
// Scalars are read as detctl always has: text attributes take strings and numbers (a number is kept
// as its JavaScript text), lists may be written as one scalar, and an empty key (`author:`) is as if
// absent. Attributes Sigma does not define are not checked: they are kept as custom data.
import { z } from 'zod';
import { lazy } from '../../base/lazy.js';

export const STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const RELATION_TYPES = ['derived', 'obsolete', 'merged', 'renamed', 'similar'] as const;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * UUID.test(text), by hand: acceptCommonRule checks every rule's id, and the case-insensitive
 * regex was a visible entry of a cold convert's profile (test/unit/sigma-common-form.test.ts
 * compares the two).
 */
export function isUuid(text: string): boolean {
  if (text.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) {
      return false;
    }
  }
  return true;
}

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The checked attributes, in the order their problems are reported. Problems of the attributes
 * from `name` on (LATE_KEYS) are reported only when a rule has no other problem. Built on first use
 * (base/lazy.ts): a rule of the common form never needs them (acceptCommonRule, below).
 */
export const sigmaSchemas = lazy(() => {
  // Unions with the common case (a string) first: zod tries the options in order, so a valid rule
  // costs about one check per attribute (the whole SigmaHQ set is read in about 1.5 s).
  const numberText = z.number().transform(String);
  const nullAbsent = z.null().transform(() => undefined);
  const MUST_BE_A_STRING = { error: 'must be a string' };

  /** A required text attribute: a string or a number, as text (an empty key is refused too). */
  const text = z.union([z.string(), numberText], MUST_BE_A_STRING);
  /** An optional text attribute: an empty key reads as absent. */
  const optionalText = z.union([z.string(), numberText, nullAbsent], MUST_BE_A_STRING).optional();

  /** Any scalar, as text (`id: null` is 'null', as detctl has always read it). */
  const scalarText = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform(String);

  /** A list of strings, also written as one scalar; an empty key: no entries. */
  const stringList = z
    .union([z.array(z.string()), z.null().transform((): string[] => []), scalarText.transform((v) => [v]), z.array(scalarText)], { error: 'must be a list of strings' })
    .optional();

  /** A logsource field: any non-empty scalar, as text. */
  const logsourceField = z.union([z.string(), numberText, z.boolean().transform(String), nullAbsent], MUST_BE_A_STRING).optional();

  const logsource = z.object(
    { category: logsourceField, product: logsourceField, service: logsourceField, definition: logsourceField },
    { error: 'must be a mapping (category, product, service)' },
  );

  const relatedEntry = z
    .unknown()
    .superRefine((v, ctx) => {
      if (!isMapping(v) || !isScalar(v.id) || !isScalar(v.type)) ctx.addIssue({ code: 'custom', message: "needs an 'id' and a 'type'" });
    })
    .pipe(z.object({ id: scalarText, type: scalarText.pipe(z.enum(RELATION_TYPES)) }));

  const related = z.array(relatedEntry, { error: 'must be a list of {id, type}' }).optional();

  const detection = z.unknown().superRefine((v, ctx) => {
    if (!isMapping(v) || Object.keys(v).length === 0) ctx.addIssue({ code: 'custom', message: "must be a mapping of named selections and a 'condition'" });
  });

  const rule = z.object({
    title: text,
    id: optionalText.refine((v) => v === undefined || UUID.test(v), { error: (issue) => `must be a UUID, got '${String(issue.input)}'` }),
    status: optionalText.pipe(z.enum(STATUSES).optional()),
    level: optionalText.pipe(z.enum(LEVELS).optional()),
    logsource,
    related,
    custom: z.record(z.string(), z.unknown(), { error: 'must be a mapping' }).optional(),
    detection,
    name: optionalText,
    description: optionalText,
    author: optionalText,
    date: optionalText,
    modified: optionalText,
    license: optionalText,
    references: stringList.optional(),
    tags: stringList.optional(),
    falsepositives: stringList.optional(),
    fields: stringList.optional(),
  });
  return { rule, logsource };
});

export type SigmaRuleInput = z.output<ReturnType<typeof sigmaSchemas>['rule']>;

// The schema's attributes, written out so that reading a rule needs no schema (a unit test holds
// them to the schema's keys and order: sigma-schema.test.ts).
/** The schema's attributes whose problems come first, in its order. */
export const EARLY_KEYS = ['title', 'id', 'status', 'level', 'logsource', 'related', 'custom', 'detection'];
/** The schema's attributes whose problems are reported only when a rule has no other, in its order. */
export const LATE_KEYS = new Set(['name', 'description', 'author', 'date', 'modified', 'license', 'references', 'tags', 'falsepositives', 'fields']);

/** Sigma's own attributes; anything else is kept in `custom`. */
export const KNOWN_KEYS = new Set([...EARLY_KEYS, ...LATE_KEYS, 'scope', 'taxonomy']);

// The common case without zod: a rule whose attributes all have their usual form (text as strings,
// lists as lists of strings, no `custom`) is accepted by a few direct checks, which give exactly
// what the schema's parse gives it; anything else — every rule with a problem among them — goes
// through the schema, so its messages and locations are the schema's. Why: over SigmaHQ the schema
// took ~7% of convert's CPU time, ~40 µs a rule, 0.15 s in all (docs/performance.md).

const TEXT_KEYS = ['name', 'description', 'author', 'date', 'modified', 'license'] as const;
const LIST_KEYS = ['references', 'tags', 'falsepositives', 'fields'] as const;
const LOGSOURCE_KEYS = ['category', 'product', 'service', 'definition'] as const;
const STATUS_SET = new Set<unknown>(STATUSES);
const LEVEL_SET = new Set<unknown>(LEVELS);
const RELATION_SET = new Set<unknown>(RELATION_TYPES);

const absentOrString = (v: unknown) => v === undefined || typeof v === 'string';
const absentOrStrings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

/** sigmaSchemas().rule.parse(plain) for a rule of the common form; undefined for any other (then the schema decides). `detection` is the value the schema sees for a non-empty mapping. */
export function acceptCommonRule(plain: Record<string, unknown>, detection: unknown): SigmaRuleInput | undefined {
  const { title, id, status, level, logsource, related, custom } = plain;
  if (typeof title !== 'string' || custom !== undefined || plain.detection !== detection) return undefined;
  if (!(id === undefined || (typeof id === 'string' && isUuid(id)))) return undefined;
  if (!(status === undefined || STATUS_SET.has(status)) || !(level === undefined || LEVEL_SET.has(level))) return undefined;
  if (!isMapping(logsource)) return undefined;
  const source: Record<string, string> = {};
  for (const key of LOGSOURCE_KEYS) {
    const v = logsource[key];
    if (!absentOrString(v)) return undefined;
    if (v !== undefined) source[key] = v as string;
  }
  let relations: { id: string; type: (typeof RELATION_TYPES)[number] }[] | undefined;
  if (related !== undefined) {
    if (!Array.isArray(related)) return undefined;
    relations = [];
    for (const r of related) {
      if (!isMapping(r) || typeof r.id !== 'string' || !RELATION_SET.has(r.type)) return undefined;
      relations.push({ id: r.id, type: r.type as (typeof RELATION_TYPES)[number] });
    }
  }
  // Built in the schema's order, as zod builds its output.
  const input: Record<string, unknown> = { title };
  if (id !== undefined) input.id = id;
  if (status !== undefined) input.status = status;
  if (level !== undefined) input.level = level;
  input.logsource = source;
  if (relations) input.related = relations;
  input.detection = detection;
  for (const key of TEXT_KEYS) {
    if (!absentOrString(plain[key])) return undefined;
    if (plain[key] !== undefined) input[key] = plain[key];
  }
  for (const key of LIST_KEYS) {
    if (!absentOrStrings(plain[key])) return undefined;
    if (plain[key] !== undefined) input[key] = [...(plain[key] as string[])];
  }
  return input as SigmaRuleInput;
}
