// The rule of each object the last release deployed: the input with which the plan pairs a
// renamed object's delete and create into one replace (plan/rename.ts).
import type { Environment } from '../config/load-environment.js';
import { createReleaseStore } from '../history/create-store.js';
import type { ReleaseStore } from '../history/release-store.js';
import { ruleIndex, type RuleIndex } from '../plan/rename.js';

/** From the environment's history store; none when it has no release or cannot be read (renames then show as a delete and a create). */
export async function previousRules(store: Pick<ReleaseStore, 'list'>, env: string): Promise<RuleIndex> {
  try {
    const last = (await store.list(env)).at(-1);
    return ruleIndex(last ? Object.values(last.targets).flatMap((t) => t.desired) : []);
  } catch {
    return new Map();
  }
}

/** The same for `plan`, which opens the store only for this. */
export async function previousRulesOf(environment: Environment, projectDir: string): Promise<RuleIndex> {
  try {
    return await previousRules(await createReleaseStore(environment, projectDir), environment.name);
  } catch {
    return new Map();
  }
}
