// The live state: every target's objects, listed concurrently (one `list` call per target), each
// retried on what is retryable. The only I/O before a plan; the plan itself is pure (plan/).
import type { TargetAdapter } from '../targets/target.js';
import type { LiveObject, TargetObject } from '../targets/target-object.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../targets/retry.js';

/** Lists every target, retrying what is retryable (rejects naming the target that failed). */
export async function listLive(targets: TargetAdapter[], desired: readonly TargetObject[], retry: RetryPolicy = DEFAULT_RETRY): Promise<LiveObject[]> {
  const lists = await Promise.all(
    targets.map(async (t) => {
      const outcome = await withRetry(retry, () => t.list(desired));
      if (outcome.error) throw new Error(`listing ${t.name} (${t.url}) failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.error.message}`);
      return outcome.value!;
    }),
  );
  return lists.flat();
}
