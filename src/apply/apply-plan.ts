// Carries a plan out — it never recomputes intent. Creates and updates first, deletes last, each
// phase with bounded concurrency; every request retried per the policy (each step of a
// multi-request write on its own); every failure kept with the server's message, then checked
// against the target (verify-results.ts): a change found live as desired is not a failure.
// Noops are never written (a needless PUT resets a watch's throttle state).
import pLimit from 'p-limit';
import type { Plan, PlannedChange } from '../plan/model.js';
import { applySteps } from '../plan/rename.js';
import { byObjectKey } from '../targets/object-key.js';
import type { TargetAdapter, WriteSteps } from '../targets/target.js';
import { TargetError } from '../targets/target.js';
import { withRetry, DEFAULT_RETRY, StepError, stepRetries, type RetryPolicy } from '../targets/retry.js';
import { verifyFailures } from './verify-results.js';

export interface ApplyOptions {
  concurrency: number;
  retry?: RetryPolicy;
  onProgress?: (done: number, total: number, change: PlannedChange) => void;
  /** Check failed changes against the target after applying (default true). */
  verify?: boolean;
}

export interface ChangeResult {
  change: PlannedChange;
  ok: boolean;
  /** Requests sent for the change; for a failure, those of the step that failed. */
  attempts: number;
  error?: string;
  /**
   * For a failure, the object's final state: `failed` — known not to be as desired (the server
   * refused, or the check after apply found it absent or different); `unknown` — the last request
   * got no answer (a reset or a timeout) and the check could not tell.
   */
  state?: 'failed' | 'unknown';
  /** The steps of a multi-request write that succeeded (Splunk: create, update, acl), when one failed. */
  completed?: string[];
  /** What the check after apply found live, for a failure it looked at. */
  live?: 'as-desired' | 'absent' | 'different';
  /** A change whose requests failed but which the check found live as desired: the last error, for the record. */
  recovered?: string;
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
      const result = target ? await attempt(target, change, policy) : { change, ok: false, attempts: 0, error: `no target '${change.target}' in this environment`, state: 'failed' as const };
      results.push(result);
      options.onProgress?.(++done, total, change);
      return result;
    });

  await Promise.all(writes.map(run));
  await Promise.all(deletes.map(run));
  if (options.verify !== false) await verifyFailures(results, targets, policy);

  const ok = (action: string) => results.filter((r) => r.ok && r.change.action === action).length;
  return {
    results: sortResults(results),
    summary: { created: ok('create'), updated: ok('update'), deleted: ok('delete'), unchanged: plan.summary.noop, failed: results.filter((r) => !r.ok).length },
  };
}

/**
 * One change, its requests retried: an adapter that sends them through `steps` gets each retried
 * on its own and its failure is final (a StepError); one that does not is retried as a whole.
 */
async function attempt(target: TargetAdapter, change: PlannedChange, policy: RetryPolicy): Promise<ChangeResult> {
  const steps = stepRetries(policy);
  const outcome = await withRetry(policy, () => execute(target, change, steps));
  const stepwise = steps.attempts > 0;
  if (!outcome.error) return { change, ok: true, attempts: stepwise ? steps.attempts : outcome.attempts };
  const error = outcome.error;
  if (error instanceof StepError) {
    const completed = error.completed.length > 0 ? { completed: [...error.completed] } : {};
    const state = error.answered ? 'failed' : 'unknown';
    const done = error.completed.length > 0 ? ` (${error.completed.join(', ')} done; ${error.step} ${error.answered ? 'not done' : 'outcome unknown'})` : '';
    return { change, ok: false, attempts: error.attempts, error: error.message + done, state, ...completed };
  }
  return { change, ok: false, attempts: outcome.attempts, error: error.message, state: error.status === undefined && error.retryable ? 'unknown' : 'failed' };
}

async function execute(target: TargetAdapter, change: PlannedChange, steps: WriteSteps): Promise<void> {
  switch (change.action) {
    case 'create':
      // Adapters make create idempotent, so a retry after a lost reply is safe.
      return target.create(change.desired!, steps);
    case 'update':
      return target.update(change.desired!, change.live!, steps);
    case 'delete':
      try {
        return await target.delete(change.live!, steps);
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
