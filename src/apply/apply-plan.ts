// Carries a plan out — it never recomputes intent. Creates and updates first, deletes last, each
// phase with bounded concurrency; every operation retried per the policy; every failure kept with
// the server's message. Noops are never written (a needless PUT resets a watch's throttle state).
import pLimit from 'p-limit';
import type { Plan, PlannedChange } from '../plan/model.js';
import { applySteps } from '../plan/rename.js';
import { byObjectKey } from '../targets/object-key.js';
import type { TargetAdapter } from '../targets/target.js';
import { TargetError } from '../targets/target.js';
import { withRetry, DEFAULT_RETRY, type RetryPolicy } from '../targets/retry.js';

export interface ApplyOptions {
  concurrency: number;
  retry?: RetryPolicy;
  onProgress?: (done: number, total: number, change: PlannedChange) => void;
}

export interface ChangeResult {
  change: PlannedChange;
  ok: boolean;
  attempts: number;
  error?: string;
}

export interface ApplyResult {
  results: ChangeResult[];
  summary: { created: number; updated: number; deleted: number; unchanged: number; failed: number };
}

export async function applyPlan(plan: Plan, targets: TargetAdapter[], options: ApplyOptions): Promise<ApplyResult> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  // A replace is a create of the new object and a delete of the old: it joins each phase.
  const steps = plan.changes.flatMap(applySteps);
  const writes = steps.filter((c) => c.action === 'create' || c.action === 'update');
  const deletes = steps.filter((c) => c.action === 'delete');
  const total = writes.length + deletes.length;
  // The bound is per target: each server sees at most `concurrency` requests of ours at once.
  const limits = new Map(targets.map((t) => [t.name, pLimit(Math.max(1, options.concurrency))]));
  const fallback = pLimit(1);
  const policy = options.retry ?? DEFAULT_RETRY;
  const results: ChangeResult[] = [];
  let done = 0;

  const run = (change: PlannedChange) =>
    (limits.get(change.target) ?? fallback)(async () => {
      const target = byName.get(change.target);
      const outcome = target
        ? await withRetry(policy, () => execute(target, change))
        : { error: new TargetError(`no target '${change.target}' in this environment`, undefined, false), attempts: 0 };
      const result: ChangeResult = { change, ok: !outcome.error, attempts: outcome.attempts, ...(outcome.error ? { error: outcome.error.message } : {}) };
      results.push(result);
      options.onProgress?.(++done, total, change);
      return result;
    });

  await Promise.all(writes.map(run));
  await Promise.all(deletes.map(run));

  const ok = (action: string) => results.filter((r) => r.ok && r.change.action === action).length;
  return {
    results: sortResults(results),
    summary: { created: ok('create'), updated: ok('update'), deleted: ok('delete'), unchanged: plan.summary.noop, failed: results.filter((r) => !r.ok).length },
  };
}

async function execute(target: TargetAdapter, change: PlannedChange): Promise<void> {
  switch (change.action) {
    case 'create':
      // Adapters make create idempotent, so a retry after a lost reply is safe.
      return target.create(change.desired!);
    case 'update':
      return target.update(change.desired!, change.live!);
    case 'delete':
      try {
        return await target.delete(change.live!);
      } catch (error) {
        if (error instanceof TargetError && error.status === 404) return; // already gone
        throw error;
      }
    case 'noop':
      return;
  }
}

function sortResults(results: ChangeResult[]): ChangeResult[] {
  return [...results].sort((a, b) => byObjectKey(a.change, b.change));
}
