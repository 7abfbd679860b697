// The deploy use case, shared by `deploy` and `rollback`: take the environment's lock, list the
// live state, plan (or check a saved plan is still current), apply the policies (collisions, mass
// delete), confirm, apply, and record a release. Returns what happened as a value; the CLI only
// prints it. Hooks let the caller show progress and ask for confirmation while the lock is held.
// The context's signals interrupt it (the CLI aborts them on SIGINT, SIGTERM or a closed stdout):
// no change starts after `signal`, what was made is recorded, and the lock is always released.
import { applyPlan, type ApplyResult } from '../apply/apply-plan.js';
import { containsSecret, hideValues, missingReferences } from '../base/references.js';
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import { gitInfo } from '../history/git-info.js';
import { lockHolder } from '../history/lock-holder.js';
import { makeRelease } from '../history/record-release.js';
import type { Lock, ReleaseStore } from '../history/release-store.js';
import type { Release } from '../history/release.js';
import { listLive } from '../live/list-live.js';
import { planHasChanges } from '../plan/build-plan.js';
import { fingerprintLive } from '../plan/live-fingerprint.js';
import { massDeletes } from '../plan/mass-delete.js';
import type { Plan, PlannedChange } from '../plan/model.js';
import { planFrom } from '../plan/plan-environment.js';
import { canonicalWhileListing } from './plan-environment.js';
import { parsePlanJson } from '../plan/render-json.js';
import type { DesiredObject } from '../targets/registry.js';
import { DEFAULT_RETRY, type FailedAttempt, type RetryPolicy } from '../targets/retry.js';
import type { TargetAdapter } from '../targets/target.js';
import type { LiveObject } from '../targets/target-object.js';
import { VERSION } from '../version.js';
import { adoptedInput, previousState } from './previous-rules.js';

// The mass-delete policy is the plan's (plan/mass-delete.ts), so that `plan` warns of what this refuses.
export { MASS_DELETE_FLOOR, MASS_DELETE_SHARE } from '../plan/mass-delete.js';

export interface DeployContext {
  environment: Environment;
  targets: TargetAdapter[];
  /** The project folder: history store, git commit. */
  projectDir: string;
  /** Retries of listing and of each change (tests pass one that does not wait). */
  retry?: RetryPolicy;
  /**
   * Interrupts the deploy: before applying, it stops at once (nothing written); while applying,
   * no further change starts and nothing is retried, the requests in flight finish, and the
   * release records what was made (`interrupted`).
   */
  signal?: AbortSignal;
  /** Stops waiting for the requests in flight too (a second Ctrl-C): they are recorded as unknown. */
  abandon?: AbortSignal;
}

export interface DeployRequest {
  /** The desired state: the rules' objects (deploy) or an earlier release's (rollback). */
  desired: DesiredObject[];
  command: 'deploy' | 'rollback';
  rollbackOf?: string;
  /** Plan and report only; takes no lock and changes nothing. */
  dryRun?: boolean;
  forceUnlock?: boolean;
  allowMassDelete?: boolean;
  /** Changes in flight at once, per target. */
  concurrency: number;
  /** A plan saved with `plan --out` to carry out instead of planning afresh; read once the lock is held. */
  savedPlan?: { file: string; read(): string };
}

export interface DeployHooks {
  /** `forceUnlock` removed a lock. */
  lockCleared?(): void;
  /** A target's listing starts. */
  listing?(target: string): void;
  /** A target's listing attempt failed (retried when `failure.delayMs` is set). */
  listFailed?(target: string, failure: FailedAttempt): void;
  /** A target's objects were listed. */
  targetListed?(target: string, count: number): void;
  /** The live state was listed. */
  listed?(live: LiveObject[], elapsedMs: number): void;
  /** The plan about to be carried out (before any policy or confirmation). */
  planned?(plan: Plan): void;
  /** Whether to go ahead; false stops with `cancelled` (the caller says why). */
  confirm(plan: Plan): Promise<boolean>;
  progress?(done: number, total: number): void;
  /** An attempt at a change failed (retried when `failure.delayMs` is set). */
  changeFailed?(change: PlannedChange, failure: FailedAttempt): void;
  /** Apply finished (before the release is saved). */
  applied?(): void;
}

export type DeployOutcome =
  | { status: 'error'; message: string }
  | { status: 'wrong-environment'; file: string; planEnv: string }
  | { status: 'stale-plan'; file: string; planEnv: string }
  | { status: 'no-changes'; plan: Plan }
  | { status: 'collisions'; plan: Plan }
  | { status: 'mass-delete'; plan: Plan; targets: { name: string; share: number }[] }
  | { status: 'dry-run'; plan: Plan }
  | { status: 'cancelled'; plan: Plan }
  | { status: 'applied'; plan: Plan; result: ApplyResult; release?: Release }
  /** `signal` stopped it: before applying (no plan or no result: nothing written), or while applying. */
  | { status: 'interrupted'; plan?: Plan; result?: ApplyResult; release?: Release };

/** Whether an outcome means success (exit 0). */
export function deploySucceeded(outcome: DeployOutcome): boolean {
  if (outcome.status === 'interrupted') return false;
  if (outcome.status === 'applied') return outcome.result.summary.failed === 0;
  return outcome.status === 'no-changes' || outcome.status === 'dry-run';
}

export async function deploy(context: DeployContext, request: DeployRequest, hooks: DeployHooks): Promise<DeployOutcome> {
  const env = context.environment.name;
  // Every check that can refuse a deploy runs before the first write (and this one before the lock).
  const missing = unresolvable(request.desired, context);
  if (missing) return { status: 'error', message: missing };
  if (context.signal?.aborted) return { status: 'interrupted' };
  let store: ReleaseStore;
  try {
    store = await createReleaseStore(context.environment, context.projectDir);
    if (request.forceUnlock && (await store.forceUnlock(env))) hooks.lockCleared?.();
  } catch (error) {
    return { status: 'error', message: `history store: ${(error as Error).message}` };
  }
  // A dry run reads only; it neither takes nor needs the lock.
  let lock: Lock | undefined;
  if (!request.dryRun) {
    try {
      lock = await store.lock(env, lockHolder(request.command));
    } catch (error) {
      return { status: 'error', message: (error as Error).message };
    }
  }
  try {
    return await deployLocked(context, request, hooks, store);
  } catch (error) {
    if (error instanceof Interrupted || context.signal?.aborted) return { status: 'interrupted', ...(error instanceof Interrupted ? { plan: error.plan } : {}) };
    return { status: 'error', message: (error as Error).message };
  } finally {
    await lock?.release();
  }
}

async function deployLocked(context: DeployContext, request: DeployRequest, hooks: DeployHooks, store: ReleaseStore): Promise<DeployOutcome> {
  const secrets = context.environment.secrets;
  // The last release: its rules pair renames, its adopted objects are listed and count as owned.
  const previous = await previousState(store, context.environment.name);
  const adoption = adoptedInput(request.desired, previous.adopted);
  const started = performance.now();
  const listing = listLive(context.targets, adoption.toList, context.retry, {
    signal: context.signal,
    listing: (target) => hooks.listing?.(target),
    failed: (target, failure) => hooks.listFailed?.(target, failure),
    listed: (target, count) => hooks.targetListed?.(target, count),
  }).then((live) => ({ live, elapsedMs: performance.now() - started }));
  listing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  // While the targets answer, the desired objects' canonical forms (a saved plan has its own).
  const desired = request.savedPlan ? undefined : await canonicalWhileListing(request.desired, context.targets);
  // Listing writes nothing: an interruption need not wait for it.
  const { live, elapsedMs } = await unlessAborted(listing, context.signal);
  hooks.listed?.(live, elapsedMs);
  const input = { env: context.environment.name, detctlVersion: VERSION, desired: request.desired, targets: context.targets };
  let plan: Plan;
  if (!request.savedPlan) plan = planFrom({ ...input, previousRules: previous.rules, adopted: adoption.adopted }, live, desired);
  else {
    const { file } = request.savedPlan;
    plan = parsePlanJson(request.savedPlan.read(), file);
    if (plan.env !== context.environment.name) return { status: 'wrong-environment', file, planEnv: plan.env };
    if (plan.liveFingerprint !== fingerprintLive(live)) return { status: 'stale-plan', file, planEnv: plan.env };
  }
  hooks.planned?.(plan);
  if (plan.collisions.length === 0 && !planHasChanges(plan)) return { status: 'no-changes', plan };
  if (plan.collisions.length > 0) return { status: 'collisions', plan };
  // Evaluated afresh from the changes, a saved plan's own `massDelete` notwithstanding.
  const massive = massDeletes(plan.changes, plan.targets);
  if (massive.length > 0 && !request.allowMassDelete) return { status: 'mass-delete', plan, targets: massive.map((m) => ({ name: m.target, share: m.deletes / m.managed })) };
  if (request.dryRun) return { status: 'dry-run', plan };
  if (request.savedPlan) {
    const missing = unresolvable(plan.changes.flatMap((c) => (c.desired ? [c.desired] : [])), context);
    if (missing) return { status: 'error', message: missing };
  }
  // Pre-flight: the release will hold the plan, the desired state and pre-images from the plan;
  // all hold references, never values (listing and rendering replace them), so this never fires.
  if (containsSecret(JSON.stringify([plan, request.desired]), secrets)) throw new Error('the release record would contain a secret; nothing applied');
  if (!(await unlessAborted(hooks.confirm(plan), context.signal, plan))) return { status: 'cancelled', plan };
  if (context.signal?.aborted) throw new Interrupted(plan);

  const result = await applyPlan(plan, context.targets, {
    concurrency: request.concurrency,
    retry: context.retry ?? DEFAULT_RETRY,
    onProgress: (done, total) => hooks.progress?.(done, total),
    onFailure: (change, failure) => hooks.changeFailed?.(change, failure),
    signal: context.signal,
    abandon: context.abandon,
  });
  hooks.applied?.();
  const status = result.interrupted ? 'interrupted' : 'applied';
  if (result.results.length === 0) return { status, plan, result };
  // A server's error text could still echo a value: it is recorded as its reference too.
  const release = hideValues(makeRelease({ plan, desired: request.desired, result, detctlVersion: VERSION, git: gitInfo(context.projectDir), rollbackOf: request.rollbackOf }), secrets);
  await store.save(release);
  return { status, plan, result, release };
}

/** Thrown when the context's signal stops the deploy before it applies anything. */
class Interrupted extends Error {
  constructor(readonly plan?: Plan) {
    super('interrupted');
  }
}

/** The work's value, or Interrupted as soon as the signal aborts (the work is left to settle on its own). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, plan?: Plan): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new Interrupted(plan));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      reject(new Interrupted(plan));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Why the objects cannot be written: references to the environment's variables that have no value. */
function unresolvable(objects: readonly unknown[], context: DeployContext): string | undefined {
  const names = missingReferences(objects, context.environment.secrets);
  if (names.length === 0) return undefined;
  return `environment variable${names.length === 1 ? '' : 's'} ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set, and desired objects reference ${names.length === 1 ? 'it' : 'them'}; nothing was changed`;
}
