// Issue 11, "guard with a floor, shown early": the mass-delete policy (a floor of deletes, the
// share above it, an emptied target), the plan's `massDelete` field and warnings; renames paired
// through the last release's rules into one replace; format version 2 and reading version 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.js';
import { isMassDelete, massDeletes, MASS_DELETE_FLOOR, MASS_DELETE_SHARE } from '../../src/plan/mass-delete.js';
import { applySteps, ruleIndex } from '../../src/plan/rename.js';
import { parsePlanJson, renderPlanJson } from '../../src/plan/render-json.js';
import { renderPlanMarkdown } from '../../src/plan/render-markdown.js';
import { renderPlanText } from '../../src/plan/render-text.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';

test('the floor: at most 3 deletes are never a mass delete unless they empty the target', () => {
  assert.equal(MASS_DELETE_FLOOR, 3);
  assert.equal(MASS_DELETE_SHARE, 0.25);
  assert.equal(isMassDelete(1, 2), false, '1 of 2');
  assert.equal(isMassDelete(1, 4), false, '1 of 4');
  assert.equal(isMassDelete(3, 4), false, '3 of 4: within the floor');
  assert.equal(isMassDelete(1, 1), true, 'the last object: the target is emptied');
  assert.equal(isMassDelete(2, 2), true, 'emptied');
  assert.equal(isMassDelete(4, 16), false, '25% is not more than 25%');
  assert.equal(isMassDelete(5, 16), true, 'above the floor and above the share');
  assert.equal(isMassDelete(4, 10), true);
  assert.equal(isMassDelete(4, 100), false, 'above the floor, below the share');
  assert.equal(isMassDelete(0, 0), false);
  assert.equal(isMassDelete(0, 5), false);
});

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('the plan records per target what deploy would refuse, and warns in text and markdown', () => {
  // es: 5 of 8 watches go (mass delete); splunk: 1 of 2 searches goes (within the floor).
  const watches = names('detctl-w', 8).map((id) => watch(id));
  const searches = names('detctl - s', 2).map((n) => savedSearch(n));
  const plan = buildPlan(input({ desired: desired(...watches.slice(0, 3), searches[0]), live: [...watches, ...searches].map((o) => liveOf(o)) }));
  assert.deepEqual(plan.massDelete, [{ target: 'es', deletes: 5, managed: 8 }]);
  assert.deepEqual(massDeletes(plan.changes, plan.targets), plan.massDelete);
  const text = renderPlanText(plan, { color: false });
  assert.match(text, /^warning: deletes 5 of the 8 objects detctl manages on target "es" \(63%\): `deploy` will refuse this unless given --allow-mass-delete; check the rules path and filters$/m);
  assert.ok(text.indexOf('warning:') < text.indexOf('Plan: '), 'before the summary line');
  assert.doesNotMatch(text, /"splunk" \(/);
  const markdown = renderPlanMarkdown(plan);
  assert.match(markdown, /> \[!WARNING\]\n> deletes 5 of the 8 objects detctl manages on target "es" \(63%\): \\`deploy\\` will refuse this unless given --allow-mass-delete/);
  const small = buildPlan(input({ desired: desired(searches[0]), live: searches.map((o) => liveOf(o)) }));
  assert.deepEqual(small.massDelete, []);
  assert.doesNotMatch(renderPlanText(small, { color: false }), /warning/);
  assert.doesNotMatch(renderPlanMarkdown(small), /WARNING/);
});

// A Sigma rule's title changed: its saved search is named after the title, so the old name is
// live and the new one desired; the last release says both come from the same rule file.
const oldSearch = { ...savedSearch('detctl - Old Title', 'index=main old'), source: 'rules/sigma/r.yml' };
const newSearch = { ...savedSearch('detctl - New Title', 'index=main new'), source: 'rules/sigma/r.yml' };
const other = savedSearch('detctl - Other');
const renamed = (previous = ruleIndex([oldSearch, other])) =>
  buildPlan(input({ desired: desired(newSearch, other, watch('detctl-keep')), live: [liveOf(oldSearch), liveOf(other), liveOf(watch('detctl-keep'))], previousRules: previous }));

test('a renamed object is one replace, paired through the last release', () => {
  const plan = renamed();
  const replace = plan.changes.find((c) => c.action === 'replace')!;
  assert.deepEqual(
    plan.changes.map((c) => [c.action, c.id]),
    [['noop', 'detctl-keep'], ['replace', 'detctl - New Title'], ['noop', 'detctl - Other']],
  );
  assert.equal(replace.renamedFrom, 'detctl - Old Title');
  assert.equal(replace.live?.id, 'detctl - Old Title');
  assert.equal(replace.desired, newSearch);
  assert.equal(replace.source, 'rules/sigma/r.yml');
  assert.deepEqual(replace.fields, [{ path: 'search', before: 'index=main old', after: 'index=main new' }]);
  assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 1, delete: 0, noop: 2 });
  assert.deepEqual(plan.massDelete, [], 'a replace deletes nothing for the guard');
  // Applying it: the create of the new, then (apply's second phase) the delete of the old.
  assert.deepEqual(applySteps(replace).map((c) => [c.action, c.id, c.desired?.kind, c.live?.id]), [
    ['create', 'detctl - New Title', 'saved-search', undefined],
    ['delete', 'detctl - Old Title', undefined, 'detctl - Old Title'],
  ]);
});

test('without the history, or when the rule differs, a rename stays a create and a delete', () => {
  const none = buildPlan(input({ desired: desired(newSearch), live: [liveOf(oldSearch)] }));
  assert.deepEqual(none.changes.map((c) => c.action).sort(), ['create', 'delete']);
  const elsewhere = renamed(new Map([...ruleIndex([other]), ...ruleIndex([{ ...oldSearch, source: 'rules/sigma/gone.yml' }])]));
  assert.deepEqual(elsewhere.changes.map((c) => c.action).sort(), ['create', 'delete', 'noop', 'noop']);
  // Another target or kind never pairs: the watch from the same rule file is its own create.
  const w = { ...watch('detctl-x'), source: 'rules/sigma/r.yml' };
  const mixed = buildPlan(input({ desired: desired(w), live: [liveOf(oldSearch)], previousRules: ruleIndex([oldSearch]) }));
  assert.deepEqual(mixed.changes.map((c) => c.action).sort(), ['create', 'delete']);
});

test('a rule with several objects pairs them in id order, only when the counts match', () => {
  const w = (id: string) => ({ ...watch(id), source: 'rules/sigma/multi.yml' });
  const plan = buildPlan(input({ desired: desired(w('detctl-new'), w('detctl-new-2')), live: [liveOf(w('detctl-old')), liveOf(w('detctl-old-2'))], previousRules: ruleIndex([w('detctl-old'), w('detctl-old-2')]) }));
  assert.deepEqual(plan.changes.map((c) => [c.action, c.id, c.renamedFrom]), [
    ['replace', 'detctl-new', 'detctl-old'],
    ['replace', 'detctl-new-2', 'detctl-old-2'],
  ]);
  const uneven = buildPlan(input({ desired: desired(w('detctl-new')), live: [liveOf(w('detctl-old')), liveOf(w('detctl-old-2'))], previousRules: ruleIndex([w('detctl-old'), w('detctl-old-2')]) }));
  assert.deepEqual(uneven.changes.map((c) => c.action), ['create', 'delete', 'delete']);
});

test('a replace renders with "renamed from" in text, markdown and JSON', () => {
  const plan = renamed();
  const text = renderPlanText(plan, { color: false });
  assert.match(text, /^  -\/\+ replace saved-search detctl - New Title \(rules\/sigma\/r\.yml\), renamed from detctl - Old Title\n      ~ search:\n          @@ -1,1 \+1,1 @@\n          -index=main old\n          \+index=main new$/m);
  assert.match(text, /^Plan: 0 to create, 0 to update, 1 to replace, 0 to delete, 2 unchanged\.$/m);
  const markdown = renderPlanMarkdown(plan);
  assert.match(markdown, /^- \*\*replace\*\* saved-search `detctl - New Title` \(renamed from `detctl - Old Title`\) — `rules\/sigma\/r\.yml`$/m);
  assert.match(markdown, /^\| Target \| Type \| Create \| Update \| Replace \| Delete \| Unchanged \| Collisions \|$/m);
  assert.match(markdown, /^\| `splunk` \| splunk \| 0 \| 0 \| 1 \| 0 \| 1 \| 0 \|$/m);
  const json = renderPlanJson(plan);
  assert.deepEqual(parsePlanJson(json), plan);
  const [change] = (JSON.parse(json) as { changes: Array<Record<string, unknown>> }).changes.filter((c) => c.action === 'replace');
  assert.equal(change.renamedFrom, 'detctl - Old Title');
});

function rejects(text: string, pattern: RegExp) {
  assert.throws(
    () => parsePlanJson(text, 'PLAN.json'),
    (error: unknown) => error instanceof DiagnosticError && error.diagnostics.some((d) => pattern.test(d.message)),
  );
}

test('a saved replace must name the old object, and massDelete must match the deletes', () => {
  const plan = renamed();
  const i = plan.changes.findIndex((c) => c.action === 'replace');
  const edit = (f: (v: { changes: Array<Record<string, unknown>>; massDelete?: unknown; summary: Record<string, unknown> }) => void) => {
    const v = JSON.parse(renderPlanJson(plan));
    f(v);
    return JSON.stringify(v);
  };
  rejects(edit((v) => delete v.changes[i].renamedFrom), /a replace needs "renamedFrom"/);
  rejects(edit((v) => (v.changes[i].renamedFrom = 'detctl - Else')), /live: is not saved-search "detctl - Else"/);
  rejects(edit((v) => (v.changes[0].renamedFrom = 'x')), /a noop has no "renamedFrom"/);
  rejects(edit((v) => delete v.changes[i].live), /a replace needs "live"/);
  rejects(edit((v) => (v.massDelete = [{ target: 'splunk', deletes: 1, managed: 2 }])), /massDelete: does not match/);
  rejects(edit((v) => delete v.massDelete), /massDelete: is missing \(format version 2\)/);
  rejects(edit((v) => delete v.summary.replace), /summary\.replace: is missing/);
});

test('a version-1 plan file is still read, as the version-2 plan it is', () => {
  const watches = names('detctl-w', 5).map((id) => watch(id));
  const plan = buildPlan(input({ desired: desired(watches[0]), live: watches.map((o) => liveOf(o)) }));
  assert.deepEqual(plan.massDelete, [{ target: 'es', deletes: 4, managed: 5 }]);
  const v1 = JSON.parse(renderPlanJson(plan));
  v1.formatVersion = 1;
  delete v1.massDelete;
  delete v1.summary.replace;
  assert.deepEqual(parsePlanJson(JSON.stringify(v1)), plan);
  const withReplace = JSON.parse(renderPlanJson(renamed()));
  withReplace.formatVersion = 1;
  rejects(JSON.stringify(withReplace), /format version 1 has no "replace"/);
});
