// List the live state and plan against it in one call (bench, scripts): live/ then plan/.
import { listLive } from '../live/list-live.js';
import type { Plan } from '../plan/model.js';
import { planFrom, type PlanEnvironmentInput } from '../plan/plan-environment.js';
import type { TargetAdapter } from '../targets/target.js';

export async function planEnvironment(input: PlanEnvironmentInput & { targets: TargetAdapter[] }): Promise<Plan> {
  return planFrom(input, await listLive(input.targets, input.desired));
}
