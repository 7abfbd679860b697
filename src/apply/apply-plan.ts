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
import { withRetry, DEFAULT_RETRY, StepError, stepRetries, unanswered, type FailedAttempt, type RetryHooks, type RetryPolicy } from '../targets/retry.js';
import { verifyFailures } from './verify-results.js';

export interface ApplyOptions {
  concurrency: number;
  retry?: RetryPolicy;
  onProgress?: (done: number, total: number, change: PlannedChange) => void;
  /** Check failed changes against the target after applying (default true). */
  verify?: boolean;
  /** Every failed attempt of a change, retried or not (status lines, --verbose). */
  onFailure?: (change: PlannedChange, failure: FailedAttempt) => void;
  /**
   * Stop: once aborted, no change starts and no failed one is retried; the requests in flight
   * finish (each bounded by its target's request timeout).
   */
  signal?: AbortSignal;
  /** Stop waiting: once aborted, the requests in flight are abandoned and count as unknown. */
  abandon?: AbortSignal;
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
  /** `adopted` only when the plan adopted objects. */
  summary: { created: number; updated: number; deleted: number; unchanged: number; failed: number; adopted?: number };
  /**
   * Set when `signal` stopped the apply before every change was made: the changes never started
   * (not in `results`), and how many were abandoned in flight (in `results`, failed, outcome unknown).
   */
  interrupted?: { notStarted: PlannedChange[]; abandoned: number };
}

/** The error of a change whose request was in flight when the apply was abandoned. */
export const ABANDONED = 'interrupted while in flight: outcome unknown';

export async function applyPlan(plan: Plan, targets: TargetAdapter[], options: ApplyOptions): Promise<ApplyResult> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  // A replace is a create of the new object and a delete of the old: it joins each phase.
  const steps = plan.changes.flatMap(applySteps);
  const writes = steps.filter((c) => c.action === 'create' || c.action === 'update' || c.action === 'adopt');
  const deletes = steps.filter((c) => c.action === 'delete');
  const total = writes.length + deletes.length;
  // The bound is per target: each server sees at most `concurrency` requests of ours at once.
  const limits = new Map(targets.map((t) => [t.name, pLimit(Math.max(1, options.concurrency))]));
  const fallback = pLimit(1);
  const policy = options.retry ?? DEFAULT_RETRY;
  const results: ChangeResult[] = [];
  let done = 0;
  const { signal, abandon } = options;
  const stopped = () => signal?.aborted === true || abandon?.aborted === true;
  /** Changes whose requests are in flight, with the attempt under way. */
  const inFlight = new Map<PlannedChange, number>();
  let abandoned = false;
  let abandonedCount = 0;

  const run = (change: PlannedChange) =>
    (limits.get(change.target) ?? fallback)(async () => {
      if (stopped()) return; // never started: reported in `interrupted.notStarted`
      const target = byName.get(change.target);
      inFlight.set(change, 1);
      const hooks: RetryHooks = { signal: anySignal(signal, abandon), onFailure: (f) => options.onFailure?.(change, f) };
      const result = target
        ? await attempt(target, change, policy, hooks, (n) => inFlight.set(change, n))
        : { change, ok: false, attempts: 0, error: `no target '${change.target}' in this environment`, state: 'failed' as const };
      inFlight.delete(change);
      if (abandoned) return; // already counted as unknown
      results.push(result);
      options.onProgress?.(++done, total, change);
    });

  const phase = async (changes: PlannedChange[]) => {
    if (changes.length === 0 || stopped()) return;
    if (await settledOrAbandoned(Promise.all(changes.map(run)), abandon)) return;
    abandoned = true;
    abandonedCount = inFlight.size;
    for (const [change, attempts] of inFlight) results.push({ change, ok: false, attempts, error: ABANDONED, state: 'unknown' });
  };
  await phase(writes);
  if (!abandoned) await phase(deletes);
  // The check after apply lists the targets again: not once the apply was told to stop.
  if (options.verify !== false && !stopped()) await verifyFailures(results, targets, policy);

  const ok = (action: string) => results.filter((r) => r.ok && r.change.action === action).length;
  const made = new Set(results.map((r) => r.change));
  const notStarted = [...writes, ...deletes].filter((c) => !made.has(c));
  return {
    results: sortResults(results),
    summary: { created: ok('create'), updated: ok('update'), deleted: ok('delete'), unchanged: plan.summary.noop, failed: results.filter((r) => !r.ok).length, ...(ok('adopt') > 0 ? { adopted: ok('adopt') } : {}) },
    ...(notStarted.length > 0 || abandoned ? { interrupted: { notStarted: [...notStarted].sort(byObjectKey), abandoned: abandonedCount } } : {}),
  };
}

/**
 * One change, its requests retried: an adapter that sends them through `steps` gets each retried
 * on its own and its failure is final (a StepError); one that does not is retried as a whole.
 */
async function attempt(target: TargetAdapter, change: PlannedChange, policy: RetryPolicy, hooks: RetryHooks, onAttempt: (attempt: number) => void): Promise<ChangeResult> {
  const steps = stepRetries(policy, hooks);
  const outcome = await withRetry(
    policy,
    (n) => {
      onAttempt(n);
      return execute(target, change, steps);
    },
    hooks,
  );
  const stepwise = steps.attempts > 0;
  if (!outcome.error) return { change, ok: true, attempts: stepwise ? steps.attempts : outcome.attempts };
  const error = outcome.error;
  if (error instanceof StepError) {
    const completed = error.completed.length > 0 ? { completed: [...error.completed] } : {};
    const state = error.answered ? 'failed' : 'unknown';
    const done = error.completed.length > 0 ? ` (${error.completed.join(', ')} done; ${error.step} ${error.answered ? 'not done' : 'outcome unknown'})` : '';
    return { change, ok: false, attempts: error.attempts, error: error.message + done, state, ...completed };
  }
  return { change, ok: false, attempts: outcome.attempts, error: error.message, state: unanswered(error) || outcome.uncertain ? 'unknown' : 'failed' };
}

/** Resolves true when `work` settles, false when `abandon` aborts first. */
function settledOrAbandoned(work: Promise<unknown>, abandon: AbortSignal | undefined): Promise<boolean> {
  if (!abandon) return work.then(() => true);
  if (abandon.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    const onAbort = () => resolve(false);
    abandon.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => {
        abandon.removeEventListener('abort', onAbort);
        resolve(true);
      },
      (error: unknown) => {
        abandon.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A signal that aborts when either does (AbortSignal.any is Node 20.3+). */
function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a || !b) return a ?? b;
  return AbortSignal.any([a, b]);
}

async function execute(target: TargetAdapter, change: PlannedChange, steps: WriteSteps): Promise<void> {
  switch (change.action) {
    case 'create':
      // Adapters make create idempotent, so a retry after a lost reply is safe.
      return target.create(change.desired!, steps);
    case 'update':
    // An adopt is one write in place, as an update (docs/import.md): never a delete and a create.
    // When nothing differs — the object's ownership is kept in the release history (a Splunk saved
    // search), not on the object — there is nothing to write, and the object stays byte for byte.
    case 'adopt':
      if (change.fields.length === 0) return;
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
