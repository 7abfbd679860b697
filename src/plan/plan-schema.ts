// The saved plan's schema (zod), for reading a plan back: `deploy --plan PLAN.json` writes what
// the file says, so the file is checked as strictly as input from a user. Unknown keys are
// dropped, not refused: a version-1 reader accepts version-1 files that later detctl releases
// extend with optional fields (docs/plan-format.md). Version 1 files are read too: what version 2
// added (`replace`, `summary.replace`, `massDelete`) is optional here, and render-json.ts requires
// it of a version-2 file and fills it in for a version-1 one.
import { z } from 'zod';
import { objectKind, OBJECT_KINDS, TARGET_TYPES } from '../targets/registry.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseYaml, schemaDiagnostics } from '../yaml-tree.js';
import { READABLE_PLAN_FORMAT_VERSIONS } from './model.js';

const name = z.string().min(1);
const kind = z.enum(OBJECT_KINDS);
const canonical = z.record(z.string(), z.unknown());

/** Each kind's desired object as its provider defines it. */
const desiredObjectSchemas = OBJECT_KINDS.map((k) => objectKind(k).schema) as [ReturnType<typeof objectKind>['schema'], ...ReturnType<typeof objectKind>['schema'][]];

const live = z.object({
  target: name,
  kind,
  id: name,
  owned: z.boolean(),
  canonical,
  raw: z.unknown(),
});

const fieldChange = z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });

const change = z.object({
  action: z.enum(['create', 'update', 'replace', 'delete', 'noop', 'adopt']),
  target: name,
  kind,
  id: name,
  source: z.string().optional(),
  desired: z.discriminatedUnion('kind', desiredObjectSchemas).optional(),
  live: live.optional(),
  renamedFrom: name.optional(),
  fields: z.array(fieldChange),
});

const count = z.number().int().nonnegative();

export const planSchema = z.object({
  formatVersion: z.union(READABLE_PLAN_FORMAT_VERSIONS.map((v) => z.literal(v))),
  env: name,
  createdAt: z.string(),
  detctlVersion: z.string(),
  targets: z.array(z.object({ name, type: z.enum(TARGET_TYPES), url: z.string() })),
  changes: z.array(change),
  collisions: z.array(z.object({ target: name, kind, id: name, source: z.string(), reason: z.string() })),
  summary: z.object({ create: count, update: count, replace: count.optional(), delete: count, noop: count, adopt: count.optional() }),
  massDelete: z.array(z.object({ target: name, deletes: count, managed: count })).optional(),
  liveFingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
});

/**
 * The schema's problems with a plan file, through the one issue mapper (src/yaml-tree.ts): JSON is
 * YAML, so a named file's problems point at their line and column. The file is read as YAML only
 * here, when it is already known to be wrong.
 */
export function planSchemaDiagnostics(issues: readonly z.core.$ZodIssue[], text: string, file: string | undefined, label: string, hint: string): Diagnostic[] {
  const parsed = file === undefined ? undefined : parseYaml(text, file);
  const root = parsed && parsed.diagnostics.length === 0 && parsed.documents.length === 1 ? parsed.documents[0] : undefined;
  return schemaDiagnostics(issues, root, { code: 'plan-file-invalid', what: 'a plan', prefix: `${label}: `, hint });
}
