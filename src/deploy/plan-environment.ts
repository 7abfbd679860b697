// List the live state and plan against it in one call (bench, scripts): live/ then plan/. And the
// desired side of a plan computed while the listing is under way.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { listLive } from '../live/list-live.js';
import type { Plan, PlanTarget } from '../plan/model.js';
import { planFrom, withCanonical, type DesiredCanonical, type PlanEnvironmentInput } from '../plan/plan-environment.js';
import type { DesiredObject } from '../targets/registry.js';
import type { TargetAdapter } from '../targets/target.js';

/** Objects normalised between two turns of the event loop. */
const SLICE = 250;

export async function planEnvironment(input: PlanEnvironmentInput & { targets: TargetAdapter[] }): Promise<Plan> {
  const listing = listLive(input.targets, input.desired);
  listing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const desired = await canonicalWhileListing(input.desired, input.targets);
  return planFrom(input, await listing, desired);
}

/**
 * The desired objects' canonical forms (withCanonical), a slice at a time with a turn of the
 * event loop between slices: started right after the listing's requests, it runs while the
 * servers answer (the requests go out and the replies are read between slices), instead of after
 * the listing. Only CPU work; the plan is the same as planFrom computing them itself.
 */
export async function canonicalWhileListing(desired: readonly DesiredObject[], targets: readonly PlanTarget[]): Promise<DesiredCanonical[]> {
  const out: DesiredCanonical[] = [];
  for (let start = 0; start < desired.length; start += SLICE) {
    await nextTurn();
    out.push(...withCanonical(desired, targets, start, start + SLICE));
  }
  return out;
}
