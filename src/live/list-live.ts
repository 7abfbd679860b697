// The live state: every target's objects, listed concurrently (one `list` call per target), each
// retried on what is retryable. The only I/O before a plan; the plan itself is pure (plan/).
import { awaitedLater, type DesiredList, type TargetAdapter } from '../targets/target.js';
import type { LiveObject } from '../targets/target-object.js';
import { DEFAULT_RETRY, withRetry, type FailedAttempt, type RetryPolicy } from '../targets/retry.js';

/** Progress of a listing, for status lines and --verbose (all optional). */
export interface ListHooks {
  /** Once aborted, a failed listing is not retried. */
  signal?: AbortSignal;
  /** A target's listing starts. */
  listing?(target: string): void;
  /** A target's listing attempt failed (retried when `failure.delayMs` is set). */
  failed?(target: string, failure: FailedAttempt): void;
  /** A target's objects are listed. */
  listed?(target: string, count: number): void;
}

/**
 * Lists every target, retrying what is retryable (rejects naming the target that failed).
 * `desired` may still be loading (TargetAdapter.list): each target's first requests go out at
 * once. When it rejects, the listing rejects too, and nothing is retried.
 */
export async function listLive(targets: TargetAdapter[], desired: DesiredList, retry: RetryPolicy = DEFAULT_RETRY, hooks: ListHooks = {}): Promise<LiveObject[]> {
  awaitedLater(desired);
  const lists = await Promise.all(
    targets.map(async (t) => {
      hooks.listing?.(t.name);
      const outcome = await withRetry(retry, () => t.list(desired), { signal: hooks.signal, onFailure: (f) => hooks.failed?.(t.name, f) });
      if (outcome.error) throw new Error(`listing ${t.name} (${t.url}) failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.error.message}`);
      hooks.listed?.(t.name, outcome.value!.length);
      return outcome.value!;
    }),
  );
  return lists.flat();
}
