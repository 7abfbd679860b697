// The saved plan: JSON out, validated back in, clear refusals of what is not a version-1 or -2
// plan, and version-1 files read as the version-2 plans they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parsePlanJson, renderPlanJson } from '../../src/plan/render-json.js';
import { PLAN_FORMAT_VERSION } from '../../src/plan/model.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';

const plan = buildPlan(
  input({
    desired: desired(watch('detctl-a', 'x'), watch('detctl-new'), savedSearch('detctl - S'), savedSearch('detctl - Taken')),
    live: [liveOf(watch('detctl-a', 'y')), liveOf(watch('detctl-old')), liveOf(savedSearch('detctl - S')), liveOf(savedSearch('detctl - Taken'), false)],
  }),
);
const json = renderPlanJson(plan);

function rejects(text: string, pattern: RegExp, code = 'plan-file-invalid') {
  assert.throws(
    () => parsePlanJson(text, 'PLAN.json'),
    (error: unknown) => error instanceof DiagnosticError && error.diagnostics.some((d) => d.code === code && pattern.test(d.message)),
  );
}

type Step = string | number;

/** The saved plan with the value at `path` replaced (or, for `undefined`, removed). */
function edited(path: Step[], replacement: unknown): string {
  const root: unknown = JSON.parse(json);
  let node = root as Record<Step, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<Step, unknown>;
  const last = path[path.length - 1];
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return JSON.stringify(root);
}

test('two-space JSON with a trailing newline, and back to the same plan', () => {
  assert.ok(json.startsWith('{\n  "formatVersion": 2,\n'));
  assert.ok(json.endsWith('}\n'));
  assert.equal(renderPlanJson(plan), json, 'deterministic');
  assert.deepEqual(parsePlanJson(json), plan);
  assert.deepEqual(plan.summary, { create: 1, update: 1, replace: 0, delete: 1, noop: 1 });
  assert.deepEqual(plan.massDelete, []);
});

test('a plan of another formatVersion is refused, saying which', () => {
  rejects(edited(['formatVersion'], 3), /PLAN\.json has formatVersion 3, but this detctl reads format versions 1 and 2 only/, 'plan-format-version');
  rejects(edited(['formatVersion'], '1'), /formatVersion "1"/, 'plan-format-version');
  rejects(edited(['formatVersion'], undefined), /has no formatVersion/);
  assert.equal(PLAN_FORMAT_VERSION, 2);
});

test('malformed files are refused with the path of the problem', () => {
  rejects('{"formatVersion": 1,', /PLAN\.json is not valid JSON/);
  rejects('[1]', /does not hold a JSON object/);
  rejects(edited(['changes', 0, 'action'], 'rename'), /changes\[0\]\.action/);
  rejects(edited(['liveFingerprint'], undefined), /liveFingerprint/);
  rejects(edited(['changes', 1, 'desired', 'kind'], 'dashboard'), /changes\[1\]\.desired/);
});

test('a change without what apply needs, or not its own object, is refused', () => {
  const index = (action: string) => plan.changes.findIndex((c) => c.action === action);
  rejects(edited(['changes', index('create'), 'desired'], undefined), /a create needs "desired"/);
  rejects(edited(['changes', index('delete'), 'live'], undefined), /a delete needs "live"/);
  rejects(edited(['changes', index('update'), 'desired', 'id'], 'detctl-other'), /desired: is not watch "detctl-a"/);
  rejects(edited(['changes', index('update'), 'live', 'owned'], false), /does not own/);
  rejects(edited(['summary', 'delete'], 0), /summary\.delete: is 0, but the plan has 1/);
});

test('unknown keys from a later release are ignored', () => {
  const later = parsePlanJson(edited(['reviewer'], 'someone'));
  assert.deepEqual(later, plan);
});
