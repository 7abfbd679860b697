// Desired objects + target adapters → a Plan. The only I/O is the adapters' `list`, one call per
// target, made concurrently; everything else is the pure buildPlan.
import type { DesiredObject } from '../render/objects.js';
import type { TargetAdapter } from '../targets/target.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../targets/retry.js';
import { buildPlan } from './build-plan.js';
import type { LiveObject, Plan } from './model.js';

export interface PlanEnvironmentInput {
  env: string;
  detctlVersion: string;
  desired: DesiredObject[];
  targets: TargetAdapter[];
  now?: Date;
}

/** Lists every target, retrying what is retryable (rejects naming the target that failed). */
export async function listLive(targets: TargetAdapter[], desired: DesiredObject[], retry: RetryPolicy = DEFAULT_RETRY): Promise<LiveObject[]> {
  const lists = await Promise.all(
    targets.map(async (t) => {
      const outcome = await withRetry(retry, () => t.list(desired));
      if (outcome.error) throw new Error(`listing ${t.name} (${t.url}) failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.error.message}`);
      return outcome.value!;
    }),
  );
  return lists.flat();
}

export function planFrom(input: PlanEnvironmentInput, live: LiveObject[]): Plan {
  const byName = new Map(input.targets.map((t) => [t.name, t]));
  return buildPlan({
    env: input.env,
    detctlVersion: input.detctlVersion,
    createdAt: (input.now ?? new Date()).toISOString(),
    targets: input.targets.map((t) => ({ name: t.name, type: t.type, url: t.url })),
    desired: input.desired.map((object) => ({ object, canonical: byName.get(object.target)!.canonical(object) })),
    live,
  });
}

export async function planEnvironment(input: PlanEnvironmentInput): Promise<Plan> {
  return planFrom(input, await listLive(input.targets, input.desired));
}
