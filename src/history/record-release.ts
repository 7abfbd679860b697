// The release a deploy writes: the full desired state per target and the pre-images of what it
// changed or deleted, with the outcome of every change. Its failures are the changes apply could
// not show to be live as desired (apply checks failed changes against the target): a change whose
// requests failed but whose object the check found live as desired is applied, not failed.
import type { ApplyResult } from '../apply/apply-plan.js';
import type { Plan } from '../plan/model.js';
import { encodeObjectKey, objectKey } from '../targets/object-key.js';
import type { DesiredObject } from '../targets/registry.js';
import { RELEASE_FORMAT_VERSION, releaseId, type Release } from './release.js';

export interface ReleaseInput {
  plan: Plan;
  desired: DesiredObject[];
  result: ApplyResult;
  detctlVersion: string;
  git?: { commit: string; dirty: boolean };
  rollbackOf?: string;
  now?: Date;
}

export function makeRelease(input: ReleaseInput): Release {
  const now = input.now ?? new Date();
  const targets: Release['targets'] = {};
  const interrupted = input.result.interrupted;
  // An interrupted release lists only what is known to be live as desired: no object whose
  // create or update was never made or whose outcome is unknown.
  const notLive = new Set(
    interrupted ? [...interrupted.notStarted, ...input.result.results.filter((r) => !r.ok).map((r) => r.change)].filter((c) => c.action !== 'delete').map((c) => encodeObjectKey(c)) : [],
  );
  const listed = (o: DesiredObject) => !notLive.has(encodeObjectKey(objectKey(o)));
  for (const t of input.plan.targets) targets[t.name] = { desired: input.desired.filter((o) => o.target === t.name && listed(o)), preImages: [] };
  for (const r of input.result.results) {
    // Also the pre-image of a change that may have touched the object although it failed.
    const touched = r.ok || r.completed !== undefined || r.state === 'unknown';
    if (touched && (r.change.action === 'update' || r.change.action === 'delete' || r.change.action === 'adopt') && r.change.live) targets[r.change.target]?.preImages.push(r.change.live);
    const target = targets[r.change.target];
    if (touched && r.change.action === 'adopt' && target) target.adopted = [...(target.adopted ?? []), { kind: r.change.kind, id: r.change.id }];
  }
  const failures = input.result.results
    .filter((r) => !r.ok)
    .map((r) => ({ target: r.change.target, kind: r.change.kind, id: r.change.id, action: r.change.action, error: r.error ?? 'failed', state: r.state ?? 'failed', ...(r.completed ? { completed: r.completed } : {}) }));
  return {
    formatVersion: RELEASE_FORMAT_VERSION,
    id: releaseId(now),
    env: input.plan.env,
    createdAt: now.toISOString(),
    ...(input.git ? { git: input.git } : {}),
    detctlVersion: input.detctlVersion,
    status: failures.length > 0 || interrupted ? 'partial' : 'complete',
    failures,
    summary: input.result.summary,
    ...(input.rollbackOf ? { rollbackOf: input.rollbackOf } : {}),
    ...(interrupted ? { interrupted: { notApplied: interrupted.notStarted.map((c) => ({ target: c.target, kind: c.kind, id: c.id, action: c.action })) } } : {}),
    targets,
  };
}
