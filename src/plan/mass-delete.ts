// The mass-delete guard's policy, one pure function of the plan's changes, so that `plan` can say
// beforehand what `deploy` will refuse (docs/deploy.md, "The mass-delete guard").
//
// The guard is there for the mistake that empties a target: a mistyped or empty rules path, a
// filter that selects nothing. Those delete most of a target's objects at once. A share alone is
// a poor test on a small target, where every single delete is a large share (1 of 2 is 50%), so
// the share only counts above a floor of deletes; and emptying a target always counts.
import type { MassDelete, PlannedChange, PlanTarget } from './model.js';

/** Above this share of a target's managed objects, deletes need `--allow-mass-delete`... */
export const MASS_DELETE_SHARE = 0.25;
/** ...unless there are at most this many of them (a routine change retiring a rule or two). */
export const MASS_DELETE_FLOOR = 3;

/**
 * Whether deleting `deletes` of a target's `managed` objects is a mass delete: it empties the
 * target, or it deletes more than MASS_DELETE_FLOOR objects and more than MASS_DELETE_SHARE of them.
 */
export function isMassDelete(deletes: number, managed: number): boolean {
  if (deletes <= 0 || managed <= 0) return false;
  if (deletes >= managed) return true;
  return deletes > MASS_DELETE_FLOOR && deletes / managed > MASS_DELETE_SHARE;
}

/** The targets of a plan whose deletes are a mass delete, by target name in the order given. */
export function massDeletes(changes: readonly PlannedChange[], targets: readonly Pick<PlanTarget, 'name'>[]): MassDelete[] {
  const out: MassDelete[] = [];
  for (const { name } of targets) {
    const own = changes.filter((c) => c.target === name);
    const managed = own.filter((c) => c.action !== 'create' && c.action !== 'adopt').length;
    const deletes = own.filter((c) => c.action === 'delete').length;
    if (isMassDelete(deletes, managed)) out.push({ target: name, deletes, managed });
  }
  return out;
}

/** The warning `plan` prints (text and markdown) for one target, naming the flag `deploy` needs. */
export function massDeleteWarning(m: MassDelete): string {
  const share = Math.round((m.deletes / m.managed) * 100);
  return `deletes ${m.deletes} of the ${m.managed} objects detctl manages on target "${m.target}" (${share}%): \`deploy\` will refuse this unless given --allow-mass-delete; check the rules path and filters`;
}
