// After applying: the changes that failed, or whose outcome is unknown (a reset, a timeout), are
// checked against the target. Each target with such a change is listed once more (retried like
// any listing), and each change classified by what is live: an object live as desired — a create
// whose reply was lost, an update that landed on a retry whose answer timed out, a delete of
// something already gone — is not a failure; one that is absent or different is a known failure.
// When the listing itself fails, the changes keep the state their last request left them in.
import { diffFields } from '../plan/diff-fields.js';
import { encodeObjectKey, objectKey } from '../targets/object-key.js';
import { withRetry, type RetryPolicy } from '../targets/retry.js';
import type { TargetAdapter } from '../targets/target.js';
import type { ChangeResult } from './apply-plan.js';

/** Reclassifies the failed results in place by what each target lists now. */
export async function verifyFailures(results: ChangeResult[], targets: readonly TargetAdapter[], policy: RetryPolicy): Promise<void> {
  const failed = results.filter((r) => !r.ok && r.change.action !== 'noop');
  await Promise.all(
    targets.map(async (target) => {
      const mine = failed.filter((r) => r.change.target === target.name);
      if (mine.length === 0) return;
      const desired = mine.flatMap((r) => (r.change.desired ? [r.change.desired] : []));
      const listed = await withRetry(policy, () => target.list(desired));
      if (listed.error) return; // nothing more is known
      const live = new Map(listed.value!.map((o) => [encodeObjectKey(objectKey(o)), o]));
      for (const result of mine) {
        const { change } = result;
        const current = live.get(encodeObjectKey({ target: change.target, kind: change.kind, id: change.id }));
        const state =
          change.action === 'delete'
            ? current
              ? 'different'
              : 'absent'
            : !current
              ? 'absent'
              : (current.owned || change.action === 'adopt') && diffFields(current.canonical, target.canonical(change.desired!)).length === 0
                ? 'as-desired'
                : 'different';
        const asDesired = change.action === 'delete' ? state === 'absent' : state === 'as-desired';
        if (asDesired) {
          const recovered = result.error;
          delete result.error;
          delete result.state;
          delete result.completed;
          Object.assign(result, { ok: true, live: change.action === 'delete' ? 'absent' : 'as-desired', ...(recovered ? { recovered } : {}) });
        } else {
          Object.assign(result, { state: 'failed', live: state });
        }
      }
    }),
  );
}
