// Desired objects + what the targets listed → a Plan. Pure: the canonical form of each desired
// object comes from its target's provider, the live objects were listed before (live/).
import { providerOf, type DesiredObject } from '../targets/registry.js';
import type { LiveObject } from '../targets/target-object.js';
import { buildPlan } from './build-plan.js';
import type { Plan, PlanTarget } from './model.js';
import type { RuleIndex } from './rename.js';

export interface PlanEnvironmentInput {
  env: string;
  detctlVersion: string;
  desired: DesiredObject[];
  /** The environment's targets (name, type, URL without credentials). */
  targets: readonly PlanTarget[];
  now?: Date;
  /** The rule of each object of the last release (rename.ts `ruleIndex`): pairs renames into replaces. */
  previousRules?: RuleIndex;
  /** Objects adopted by the environment's release history (build-plan.ts PlanInput.adopted). */
  adopted?: ReadonlySet<string>;
}

export function planFrom(input: PlanEnvironmentInput, live: LiveObject[]): Plan {
  const typeOf = new Map(input.targets.map((t) => [t.name, t.type]));
  return buildPlan({
    env: input.env,
    detctlVersion: input.detctlVersion,
    createdAt: (input.now ?? new Date()).toISOString(),
    targets: input.targets.map((t) => ({ name: t.name, type: t.type, url: t.url })),
    desired: input.desired.map((object) => ({ object, canonical: providerOf(typeOf.get(object.target)!).canonical(object) })),
    live,
    ...(input.previousRules ? { previousRules: input.previousRules } : {}),
    ...(input.adopted ? { adopted: input.adopted } : {}),
  });
}
