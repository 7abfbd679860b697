// A plan read target by target, the way both renderers present it.
import type { Collision, Plan, PlannedChange, PlanTarget } from './model.js';
import { summarise } from './build-plan.js';
import { byCodeUnit } from '../base/code-unit-order.js';

export interface TargetGroup {
  name: string;
  /** Absent only for a target named by a change but missing from `plan.targets` (a hand-made plan). */
  target?: PlanTarget;
  /** Creates, updates, replaces and deletes, in plan order. */
  changes: PlannedChange[];
  unchanged: PlannedChange[];
  collisions: Collision[];
  summary: Plan['summary'];
}

/** One group per target: those the plan lists, in its order, then any others a change names. */
export function groupByTarget(plan: Plan): TargetGroup[] {
  const names = plan.targets.map((t) => t.name);
  const others = [...plan.changes, ...plan.collisions].map((c) => c.target).filter((n) => !names.includes(n));
  names.push(...[...new Set(others)].sort(byCodeUnit));
  return names.map((name) => {
    const all = plan.changes.filter((c) => c.target === name);
    const target = plan.targets.find((t) => t.name === name);
    return {
      name,
      ...(target ? { target } : {}),
      changes: all.filter((c) => c.action !== 'noop'),
      unchanged: all.filter((c) => c.action === 'noop'),
      collisions: plan.collisions.filter((c) => c.target === name),
      summary: summarise(all),
    };
  });
}

/** The last line of every rendering, as Terraform ends its plan. */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const replace = s.replace > 0 ? ` ${s.replace} to replace,` : '';
  const adopt = s.adopt ? ` ${s.adopt} to adopt,` : '';
  return `Plan:${adopt} ${s.create} to create, ${s.update} to update,${replace} ${s.delete} to delete, ${s.noop} unchanged.`;
}
