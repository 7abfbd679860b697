// Apply: each step of a multi-request write retried on its own, and failed changes checked against
// the target afterwards, so that the release lists as failed only what is not live as desired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { makeRelease } from '../../src/history/record-release.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import type { SavedSearchObject } from '../../src/targets/splunk/objects.js';
import { SINGLE_ATTEMPT, TargetError, type TargetAdapter, type WriteSteps } from '../../src/targets/target.js';
import type { Canonical, LiveObject, TargetObject } from '../../src/targets/target-object.js';
import { canonicalOf, desired, input, liveOf, savedSearch } from '../helpers/plan-fixtures.js';

/** What a request meets: `503` refused; `lost` carried out, but the reply never arrives. */
type Fault = '503' | 'lost';

/** A Splunk-like target in memory: create then ACL, each request a step; faults scripted per object and step. */
class FakeTarget implements TargetAdapter {
  readonly name = 'splunk';
  readonly type = 'splunk';
  readonly url = 'https://splunk.example.net:8089';
  readonly objects = new Map<string, { canonical: Canonical; acl: boolean }>();
  readonly sent: string[] = [];
  listFails = false;

  constructor(private readonly faults: Record<string, Fault[]> = {}) {}

  canonical(object: TargetObject): Canonical {
    return canonicalOf(object as SavedSearchObject);
  }

  async list(): Promise<LiveObject[]> {
    if (this.listFails) throw new TargetError('Splunk 401 unauthorised', 401, false);
    return [...this.objects].map(([id, o]) => ({ target: this.name, kind: 'saved-search', id, owned: true, canonical: o.acl ? o.canonical : { ...o.canonical, acl: 'sharing=user' }, raw: {} }));
  }

  private async request(id: string, step: string, effect: () => void): Promise<void> {
    this.sent.push(`${step} ${id}`);
    const fault = this.faults[`${step} ${id}`]?.shift();
    if (fault === '503') throw new TargetError('Splunk 503 busy', 503, true);
    effect();
    if (fault === 'lost') throw new TargetError('Splunk connection failed: request timed out', undefined, true);
  }

  async create(object: TargetObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    const o = object as SavedSearchObject;
    await steps.run('create', () => this.request(o.name, 'create', () => this.objects.set(o.name, { canonical: this.canonical(o), acl: false })));
    await steps.run('acl', () => this.request(o.name, 'acl', () => (this.objects.get(o.name)!.acl = true)));
  }

  async update(object: TargetObject, _live: LiveObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    const o = object as SavedSearchObject;
    await steps.run('update', () => this.request(o.name, 'update', () => (this.objects.get(o.name)!.canonical = this.canonical(o))));
  }

  async delete(live: LiveObject, steps: WriteSteps = SINGLE_ATTEMPT): Promise<void> {
    await steps.run('delete', () => this.request(live.id, 'delete', () => this.objects.delete(live.id)));
  }
}

const policy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 5000, sleep: async () => undefined };

function scenario(faults: Record<string, Fault[]>) {
  const target = new FakeTarget(faults);
  const old = { ...savedSearch('Updated'), content: { ...savedSearch('Updated').content, search: 'old' } };
  const gone = savedSearch('Gone');
  for (const o of [old, gone]) target.objects.set(o.name, { canonical: canonicalOf(o), acl: true });
  const want = [savedSearch('Acl fails'), savedSearch('Never created'), savedSearch('Retried create'), savedSearch('Updated')];
  const plan = buildPlan(input({ desired: desired(...want), live: [liveOf(old), liveOf(gone)] }));
  return { target, plan, want };
}

test('each step is retried on its own; a failure says which step, and what had been done', async () => {
  const { target, plan } = scenario({ 'acl Acl fails': ['503', '503', '503'], 'create Never created': ['503', '503', '503'], 'create Retried create': ['503'] });
  const result = await applyPlan(plan, [target], { concurrency: 1, retry: policy });
  const by = (id: string) => result.results.find((r) => r.change.id === id)!;
  // The create that succeeded was sent once, though its ACL was tried three times.
  assert.equal(target.sent.filter((s) => s === 'create Acl fails').length, 1);
  assert.equal(target.sent.filter((s) => s === 'acl Acl fails').length, 3);
  assert.deepEqual(
    { ok: by('Acl fails').ok, state: by('Acl fails').state, completed: by('Acl fails').completed, live: by('Acl fails').live, attempts: by('Acl fails').attempts, error: by('Acl fails').error },
    { ok: false, state: 'failed', completed: ['create'], live: 'different', attempts: 3, error: 'Splunk 503 busy (create done; acl not done)' },
  );
  assert.deepEqual({ ok: by('Never created').ok, state: by('Never created').state, live: by('Never created').live, completed: by('Never created').completed }, { ok: false, state: 'failed', live: 'absent', completed: undefined });
  assert.deepEqual({ ok: by('Retried create').ok, attempts: by('Retried create').attempts }, { ok: true, attempts: 3 });
  assert.deepEqual(result.summary, { created: 1, updated: 1, deleted: 1, unchanged: 0, failed: 2 });
});

test('a change whose replies were lost but which is live as desired is not a failure; the release lists only what is not', async () => {
  const { target, plan } = scenario({ 'update Updated': ['lost', 'lost', 'lost'], 'delete Gone': ['lost', 'lost', 'lost'], 'create Never created': ['503', '503', '503'] });
  const result = await applyPlan(plan, [target], { concurrency: 2, retry: policy });
  const updated = result.results.find((r) => r.change.id === 'Updated')!;
  assert.deepEqual({ ok: updated.ok, live: updated.live, recovered: updated.recovered, state: updated.state }, { ok: true, live: 'as-desired', recovered: 'Splunk connection failed: request timed out', state: undefined });
  assert.equal(result.results.find((r) => r.change.id === 'Gone')!.ok, true);
  const release = makeRelease({ plan, desired: plan.changes.flatMap((c) => (c.desired ? [c.desired] : [])), result, detctlVersion: '0.1.0' });
  assert.equal(release.status, 'partial');
  assert.deepEqual(release.failures.map((f) => [f.id, f.action, f.state]), [['Never created', 'create', 'failed']]);
  // Applied, though its reply was lost: its pre-image is kept for rollback.
  assert.deepEqual(release.targets.splunk.preImages.map((l) => l.id).sort(), ['Gone', 'Updated']);
});

test('when the check cannot list the target, a change whose reply was lost stays unknown', async () => {
  const { target, plan } = scenario({ 'update Updated': ['lost', 'lost', 'lost'] });
  target.listFails = true;
  const result = await applyPlan(plan, [target], { concurrency: 1, retry: policy });
  const updated = result.results.find((r) => r.change.id === 'Updated')!;
  assert.deepEqual({ ok: updated.ok, state: updated.state }, { ok: false, state: 'unknown' });
  const release = makeRelease({ plan, desired: [], result, detctlVersion: '0.1.0' });
  assert.deepEqual(release.failures.map((f) => [f.id, f.state]), [['Updated', 'unknown']]);
  assert.deepEqual(release.targets.splunk.preImages.map((l) => l.id).sort(), ['Gone', 'Updated']);
});

test('a release with every change live as desired is complete', async () => {
  const { target, plan } = scenario({ 'update Updated': ['lost', 'lost', 'lost'] });
  const result = await applyPlan(plan, [target], { concurrency: 1, retry: policy });
  const release = makeRelease({ plan, desired: [], result, detctlVersion: '0.1.0' });
  assert.deepEqual([release.status, release.failures, result.summary.failed], ['complete', [], 0]);
});
