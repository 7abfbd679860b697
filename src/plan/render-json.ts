// The plan as a file (`plan --out`, `--format json`) and back (`deploy --plan`). The JSON is the
// Plan value itself; docs/plan-format.md describes it and what its formatVersion promises.
import { DiagnosticError, diagnostic, fail, type Diagnostic } from '../diagnostics.js';
import { canonicalJson } from '../base/canonical-json.js';
import { objectKey } from '../targets/object-key.js';
import { summarise } from './build-plan.js';
import { massDeletes } from './mass-delete.js';
import { PLAN_FORMAT_VERSION, READABLE_PLAN_FORMAT_VERSIONS, type Plan, type PlannedChange } from './model.js';
import { planSchema, planSchemaDiagnostics } from './plan-schema.js';

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

const HINT = 'make the plan again with `detctl plan --env ENV --out FILE`';

/**
 * A saved plan, validated: its formatVersion, its shape, and that each change carries what apply
 * needs (create: desired; update, replace, noop: desired and live; delete: live) for the object it
 * names. A version-1 plan is read as the version-2 plan it is (no replaces; `summary.replace` 0,
 * `massDelete` computed). `file` only labels the messages. Throws a DiagnosticError.
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
  if (!(READABLE_PLAN_FORMAT_VERSIONS as readonly unknown[]).includes(value.formatVersion)) {
    fail(
      'plan-format-version',
      `${label} has formatVersion ${JSON.stringify(value.formatVersion)}, but this detctl reads format versions ${READABLE_PLAN_FORMAT_VERSIONS.join(' and ')} only`,
      undefined,
      HINT,
    );
  }

  const parsed = planSchema.safeParse(value);
  if (!parsed.success) throw new DiagnosticError(planSchemaDiagnostics(parsed.error.issues, text, file, label, HINT));
  // Each desired object was checked against its kind's schema, which its provider gives (plan-schema.ts).
  const read = parsed.data as Omit<Plan, 'formatVersion' | 'summary' | 'massDelete'> & {
    formatVersion: 1 | 2;
    summary: Omit<Plan['summary'], 'replace'> & { replace?: number };
    massDelete?: Plan['massDelete'];
  };
  const problems = [...versionProblems(read), ...consistencyProblems(read)].map(([path, message]) => invalid(label, path, message));
  if (problems.length > 0) throw new DiagnosticError(problems);
  return {
    ...read,
    formatVersion: PLAN_FORMAT_VERSION,
    summary: { ...read.summary, replace: read.summary.replace ?? 0 },
    massDelete: read.massDelete ?? massDeletes(read.changes, read.targets),
  };
}

/** What version 2 added: required in a version-2 file, absent from a version-1 one. */
function versionProblems(plan: { formatVersion: 1 | 2; summary: { replace?: number }; massDelete?: unknown; changes: PlannedChange[] }): Array<[string, string]> {
  if (plan.formatVersion === 2) {
    return [
      ...(plan.summary.replace === undefined ? [['summary.replace', 'is missing (format version 2)'] as [string, string]] : []),
      ...(plan.massDelete === undefined ? [['massDelete', 'is missing (format version 2)'] as [string, string]] : []),
    ];
  }
  const problems: Array<[string, string]> = [];
  plan.changes.forEach((c, i) => {
    if (c.action === 'replace') problems.push([`changes[${i}].action`, 'format version 1 has no "replace"']);
  });
  return problems;
}

function invalid(label: string, path: string, message: string): Diagnostic {
  return diagnostic('plan-file-invalid', `${label}: ${path || '(top level)'}: ${message}`, undefined, HINT);
}

/** What the schema cannot say: each change has the objects its action needs, and they are its own. */
function consistencyProblems(plan: Pick<Plan, 'changes' | 'targets'> & { summary: Omit<Plan['summary'], 'replace'> & { replace?: number }; massDelete?: Plan['massDelete'] }): Array<[string, string]> {
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
    // A replace's live object is the old one, named by renamedFrom.
    const liveId = change.action === 'replace' ? change.renamedFrom : change.id;
    if (change.action === 'replace' && change.renamedFrom === undefined) problems.push([at, 'a replace needs "renamedFrom"']);
    if (change.action !== 'replace' && change.renamedFrom !== undefined) problems.push([at, `a ${change.action} has no "renamedFrom"`]);
    if (change.action === 'replace' && change.renamedFrom === change.id) problems.push([`${at}.renamedFrom`, 'is the id of the new object']);
    if (live && liveId !== undefined && (live.target !== change.target || live.kind !== change.kind || live.id !== liveId)) {
      problems.push([`${at}.live`, `is not ${change.kind} "${liveId}" on target "${change.target}"`]);
    }
    // An adopt is the one change of an unowned object: the one a native definition names.
    if (live && !live.owned && change.action !== 'adopt') problems.push([`${at}.live.owned`, 'detctl never changes an object it does not own']);
    if (change.action === 'adopt' && desired && !(desired as { adopt?: true }).adopt) problems.push([`${at}.desired.adopt`, 'an adopt writes a native definition\'s object only']);
  });
  const counted = summarise(plan.changes);
  for (const action of ['create', 'update', 'replace', 'delete', 'noop', 'adopt'] as const) {
    if ((plan.summary[action] ?? 0) !== (counted[action] ?? 0)) {
      problems.push([`summary.${action}`, `is ${plan.summary[action] ?? 0}, but the plan has ${counted[action] ?? 0} such changes`]);
    }
  }
  if (plan.massDelete !== undefined && canonicalJson(plan.massDelete) !== canonicalJson(massDeletes(plan.changes, plan.targets))) {
    problems.push(['massDelete', "does not match the plan's deletes"]);
  }
  return problems;
}

const NEEDS: Record<PlannedChange['action'], { desired: boolean; live: boolean }> = {
  create: { desired: true, live: false },
  update: { desired: true, live: true },
  replace: { desired: true, live: true },
  noop: { desired: true, live: true },
  delete: { desired: false, live: true },
  adopt: { desired: true, live: true },
};
