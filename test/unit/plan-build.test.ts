// Classification (create, update, delete, no-op, collision, ignored), ordering, the live
// fingerprint and the mass-delete share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, deleteShare, planHasChanges } from '../../src/plan/build-plan.js';
import { fingerprintLive } from '../../src/plan/live-fingerprint.js';
import { DiagnosticError } from '../../src/diagnostics.js';
import { desired, input, liveOf, savedSearch, watch } from '../helpers/plan-fixtures.js';

test('each desired and live pair gets its action', () => {
  const changed = watch('detctl-b', 'EventID:1');
  const plan = buildPlan(
    input({
      desired: desired(watch('detctl-a'), changed, watch('detctl-c'), savedSearch('detctl - S')),
      live: [
        liveOf(watch('detctl-a')), // same → noop
        liveOf(watch('detctl-b', 'EventID:2')), // differs → update
        liveOf(watch('detctl-old')), // owned, not desired → delete
        liveOf(savedSearch('detctl - S'), false), // unowned with a desired name → collision
        liveOf(savedSearch('Someone else'), false), // unowned, not desired → ignored
      ],
    }),
  );
  assert.deepEqual(
    plan.changes.map((c) => [c.action, c.target, c.kind, c.id]),
    [
      ['noop', 'es', 'watch', 'detctl-a'],
      ['update', 'es', 'watch', 'detctl-b'],
      ['create', 'es', 'watch', 'detctl-c'],
      ['delete', 'es', 'watch', 'detctl-old'],
    ],
  );
  assert.deepEqual(plan.summary, { create: 1, update: 1, replace: 0, delete: 1, noop: 1 });
  assert.equal(plan.collisions.length, 1);
  const [collision] = plan.collisions;
  assert.deepEqual([collision.target, collision.kind, collision.id, collision.source], ['splunk', 'saved-search', 'detctl - S', 'rules/sigma/detctl_-_S.yml']);
  assert.match(collision.reason, /saved search "detctl - S" already exists on target "splunk" and is not owned by detctl/);
  assert.ok(!plan.changes.some((c) => c.id === 'Someone else'));
  assert.equal(planHasChanges(plan), true);
});

test('an update carries the changed fields, the desired object and the pre-image', () => {
  const next = watch('detctl-b', 'EventID:1', '1h');
  const live = liveOf(watch('detctl-b', 'EventID:1', '30m'));
  const [change] = buildPlan(input({ desired: desired(next), live: [live] })).changes;
  assert.equal(change.action, 'update');
  assert.deepEqual(change.fields, [{ path: 'trigger.schedule.interval', before: '30m', after: '1h' }]);
  assert.equal(change.desired, next);
  assert.equal(change.live, live);
  assert.equal(change.source, 'rules/sigma/detctl-b.yml');
});

test('create lists every field as new; delete every field as removed', () => {
  const plan = buildPlan(input({ desired: desired(savedSearch('detctl - New')), live: [liveOf(savedSearch('detctl - Gone'))] }));
  const create = plan.changes.find((c) => c.action === 'create')!;
  const del = plan.changes.find((c) => c.action === 'delete')!;
  assert.deepEqual(create.fields.map((f) => f.path), ['["action.email.to"]', 'cron_schedule', 'search']);
  assert.ok(create.fields.every((f) => !('before' in f) && 'after' in f));
  assert.ok(del.fields.every((f) => 'before' in f && !('after' in f)));
  assert.equal(del.desired, undefined);
  assert.equal(del.source, undefined);
});

test('a plan with only no-ops has no changes, and unowned strangers change nothing', () => {
  const a = watch('detctl-a');
  const plan = buildPlan(input({ desired: desired(a), live: [liveOf(a), liveOf(watch('theirs'), false)] }));
  assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 0, delete: 0, noop: 1 });
  assert.deepEqual(plan.collisions, []);
  assert.equal(planHasChanges(plan), false);
  assert.equal(deleteShare(plan), 0);
});

test('the order of the inputs does not change the plan', () => {
  const ds = desired(watch('detctl-b'), savedSearch('detctl - Z'), watch('detctl-a'), savedSearch('detctl - A'));
  const live = [liveOf(watch('detctl-b', 'x')), liveOf(savedSearch('detctl - Old')), liveOf(watch('detctl-q')), liveOf(savedSearch('other'), false)];
  const one = buildPlan(input({ desired: ds, live }));
  const two = buildPlan(input({ desired: [...ds].reverse(), live: [...live].reverse(), targets: [...input({}).targets].reverse() }));
  assert.deepEqual(two, one);
  assert.deepEqual(one.targets.map((t) => t.name), ['es', 'splunk']);
  assert.deepEqual(one.changes.map((c) => c.id), ['detctl-a', 'detctl-b', 'detctl-q', 'detctl - A', 'detctl - Old', 'detctl - Z']);
});

test('the live fingerprint ignores listing order and follows any live change', () => {
  const live = [liveOf(watch('detctl-a')), liveOf(watch('detctl-b')), liveOf(savedSearch('theirs'), false)];
  const fingerprint = buildPlan(input({ live })).liveFingerprint;
  assert.match(fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(buildPlan(input({ live: [...live].reverse() })).liveFingerprint, fingerprint);
  assert.equal(fingerprintLive(live), fingerprint);
  // Desired objects are not part of it: only what is live.
  assert.equal(buildPlan(input({ live, desired: desired(watch('detctl-new')) })).liveFingerprint, fingerprint);

  const edited = [liveOf(watch('detctl-a', 'EventID:9')), live[1], live[2]];
  assert.notEqual(fingerprintLive(edited), fingerprint);
  const unowned = [live[0], live[1], { ...live[2], canonical: { ...live[2].canonical, search: 'changed' } }];
  assert.notEqual(fingerprintLive(unowned), fingerprint, 'unowned objects count too');
  assert.notEqual(fingerprintLive([live[0], live[1]]), fingerprint, 'a vanished object counts');
  assert.notEqual(fingerprintLive([live[0], live[1], { ...live[2], owned: true }]), fingerprint, 'so does ownership');
  // Bookkeeping outside the canonical form (the raw response) does not.
  assert.equal(fingerprintLive([{ ...live[0], raw: { _seq_no: 99 } }, live[1], live[2]]), fingerprint);
});

test('deleteShare is deletes over owned live objects, overall or per target', () => {
  const live = [liveOf(watch('detctl-a')), liveOf(watch('detctl-b')), liveOf(watch('detctl-c')), liveOf(savedSearch('detctl - S'))];
  const plan = buildPlan(input({ desired: desired(watch('detctl-a'), watch('detctl-new')), live }));
  assert.equal(plan.summary.delete, 3);
  assert.equal(deleteShare(plan), 3 / 4);
  assert.equal(deleteShare(plan, 'es'), 2 / 3);
  assert.equal(deleteShare(plan, 'splunk'), 1);
  assert.equal(deleteShare(plan, 'nowhere'), 0);
});

test('two desired objects with one id are an error naming both rules', () => {
  const a = watch('detctl-a');
  const b = { ...watch('detctl-a'), source: 'rules/sigma/copy.yml' };
  assert.throws(
    () => buildPlan(input({ desired: desired(a, b) })),
    (error: unknown) => error instanceof DiagnosticError && /rules\/sigma\/detctl-a\.yml and rules\/sigma\/copy\.yml/.test(error.message),
  );
});
