// The plan as a file (`plan --out`, `--format json`) and back (`deploy --plan`). The JSON is the
// Plan value itself; docs/plan-format.md describes it and what its formatVersion promises.
import { DiagnosticError, diagnostic, fail, type Diagnostic } from '../diagnostics.js';
import { objectKey } from '../targets/object-key.js';
import { summarise } from './build-plan.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlannedChange } from './model.js';
import { planSchema, planSchemaDiagnostics } from './plan-schema.js';

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

const HINT = 'make the plan again with `detctl plan --env ENV --out FILE`';

/**
 * A saved plan, validated: its formatVersion, its shape, and that each change carries what apply
 * needs (create: desired; update, noop: desired and live; delete: live) for the object it names.
 * `file` only labels the messages. Throws a DiagnosticError.
 */
export function parsePlanJson(text: string, file?: string): Plan {
  const label = file ? `plan file ${file}` : 'the plan file';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail('plan-file-invalid', `${label} is not valid JSON: ${(error as Error).message}`, undefined, HINT);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail('plan-file-invalid', `${label} does not hold a JSON object, so it is not a detctl plan`, undefined, HINT);
  }
  if (!('formatVersion' in value)) {
    fail('plan-file-invalid', `${label} has no formatVersion, so it is not a detctl plan`, undefined, HINT);
  }
  if (value.formatVersion !== PLAN_FORMAT_VERSION) {
    fail(
      'plan-format-version',
      `${label} has formatVersion ${JSON.stringify(value.formatVersion)}, but this detctl reads format version ${PLAN_FORMAT_VERSION} only`,
      undefined,
      HINT,
    );
  }

  const parsed = planSchema.safeParse(value);
  if (!parsed.success) throw new DiagnosticError(planSchemaDiagnostics(parsed.error.issues, text, file, label, HINT));
  // Each desired object was checked against its kind's schema, which its provider gives (plan-schema.ts).
  const plan = parsed.data as Plan;
  const problems = consistencyProblems(plan).map(([path, message]) => invalid(label, path, message));
  if (problems.length > 0) throw new DiagnosticError(problems);
  return plan;
}

function invalid(label: string, path: string, message: string): Diagnostic {
  return diagnostic('plan-file-invalid', `${label}: ${path || '(top level)'}: ${message}`, undefined, HINT);
}

/** What the schema cannot say: each change has the objects its action needs, and they are its own. */
function consistencyProblems(plan: Plan): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  plan.changes.forEach((change, i) => {
    const at = `changes[${i}]`;
    const needs = NEEDS[change.action];
    for (const part of ['desired', 'live'] as const) {
      if (needs[part] && !change[part]) problems.push([at, `a ${change.action} needs "${part}"`]);
      if (!needs[part] && change[part]) problems.push([at, `a ${change.action} has no "${part}"`]);
    }
    const { desired, live } = change;
    if (desired && (desired.target !== change.target || desired.kind !== change.kind || objectKey(desired).id !== change.id)) {
      problems.push([`${at}.desired`, `is not ${change.kind} "${change.id}" on target "${change.target}"`]);
    }
    if (live && (live.target !== change.target || live.kind !== change.kind || live.id !== change.id)) {
      problems.push([`${at}.live`, `is not ${change.kind} "${change.id}" on target "${change.target}"`]);
    }
    if (live && !live.owned) problems.push([`${at}.live.owned`, 'detctl never changes an object it does not own']);
  });
  const counted = summarise(plan.changes);
  for (const action of ['create', 'update', 'delete', 'noop'] as const) {
    if (plan.summary[action] !== counted[action]) {
      problems.push([`summary.${action}`, `is ${plan.summary[action]}, but the plan has ${counted[action]} such changes`]);
    }
  }
  return problems;
}

const NEEDS: Record<PlannedChange['action'], { desired: boolean; live: boolean }> = {
  create: { desired: true, live: false },
  update: { desired: true, live: true },
  noop: { desired: true, live: true },
  delete: { desired: false, live: true },
};
