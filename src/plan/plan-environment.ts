// Desired objects + what the targets listed → a Plan. Pure: the canonical form of each desired
// object comes from its target's provider, the live objects were listed before (live/).
import { providerOf, type DesiredObject } from '../targets/registry.js';
import type { Canonical, LiveObject } from '../targets/target-object.js';
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

/** A desired object with its canonical form. */
export interface DesiredCanonical {
  object: DesiredObject;
  canonical: Canonical;
}

/** `desired` (or its objects from `start` to `end`), each with its canonical form from its target's provider. */
export function withCanonical(desired: readonly DesiredObject[], targets: readonly PlanTarget[], start = 0, end = desired.length): DesiredCanonical[] {
  const typeOf = new Map(targets.map((t) => [t.name, t.type]));
  return desired.slice(start, end).map((object) => ({ object, canonical: providerOf(typeOf.get(object.target)!).canonical(object) }));
}

/** `desired`: the canonical forms when the caller computed them already (withCanonical), e.g. while the listing was under way. */
export function planFrom(input: PlanEnvironmentInput, live: LiveObject[], desired: DesiredCanonical[] = withCanonical(input.desired, input.targets)): Plan {
  return buildPlan({
    env: input.env,
    detctlVersion: input.detctlVersion,
    createdAt: (input.now ?? new Date()).toISOString(),
    targets: input.targets.map((t) => ({ name: t.name, type: t.type, url: t.url })),
    desired,
    live,
    ...(input.previousRules ? { previousRules: input.previousRules } : {}),
    ...(input.adopted ? { adopted: input.adopted } : {}),
  });
}
