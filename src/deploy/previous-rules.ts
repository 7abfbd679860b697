// What the plan needs from the last release: the rule of each object it deployed (the input with
// which the plan pairs a renamed object's delete and create into one replace, plan/rename.ts), and
// the objects it manages because they were adopted (docs/import.md, "Ownership"): a Splunk saved
// search keeps its own name, so nothing on the server says it is detctl's — the history does.
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import type { ReleaseStore } from '../history/release-store.js';
import { ruleIndex, type RuleIndex } from '../plan/rename.js';
import { encodeObjectKey, objectKey } from '../targets/object-key.js';
import type { DesiredObject } from '../targets/registry.js';
import type { TargetObject } from '../targets/target-object.js';

export interface PreviousState {
  rules: RuleIndex;
  /** The last release's objects that came from native definitions: managed since their adoption. */
  adopted: DesiredObject[];
}

const NONE: PreviousState = { rules: new Map(), adopted: [] };

/** From the environment's history store; nothing when it has no release or cannot be read (renames then show as a delete and a create). */
export async function previousState(store: Pick<ReleaseStore, 'list'>, env: string): Promise<PreviousState> {
  try {
    const last = (await store.list(env)).at(-1);
    const desired = last ? Object.values(last.targets).flatMap((t) => t.desired) : [];
    return { rules: ruleIndex(desired), adopted: desired.filter((o) => (o as TargetObject).adopt === true) };
  } catch {
    return NONE;
  }
}

/** The same for `plan`, which opens the store only for this. */
export async function previousStateOf(environment: Environment, projectDir: string): Promise<PreviousState> {
  try {
    return await previousState(await createReleaseStore(environment, projectDir), environment.name);
  } catch {
    return NONE;
  }
}

/**
 * What to list and how to plan with the adopted objects: the listing is asked for those no desired
 * object names (an adapter lists unowned objects only when asked for their identity — the file of
 * one may have been deleted, and its object must then be deleted too), and the plan counts them as
 * owned (`adopted`, encoded keys).
 */
export function adoptedInput(desired: readonly DesiredObject[], adopted: readonly DesiredObject[]): { toList: DesiredObject[]; adopted: Set<string> } {
  const wanted = new Set(desired.map((o) => encodeObjectKey(objectKey(o))));
  return {
    toList: [...desired, ...adopted.filter((o) => !wanted.has(encodeObjectKey(objectKey(o))))],
    adopted: new Set(adopted.map((o) => encodeObjectKey(objectKey(o)))),
  };
}
