// Desired objects against live ones: the plan. Matching is by (target, kind, id); ownership
// decides what detctl may touch — an owned object is updated or deleted, an unowned one is never
// changed: if a desired object wants its id that is a collision, otherwise it is left alone.
import { byCodeUnit } from '../base/code-unit-order.js';
import { DiagnosticError, diagnostic, type Diagnostic } from '../diagnostics.js';
import { byObjectKey, decodeObjectKey, describeObject, encodeObjectKey, objectKey, type ObjectKey } from '../targets/object-key.js';
import { objectKind, type DesiredObject, type ObjectKind } from '../targets/registry.js';
import type { Canonical, LiveObject, TargetObject } from '../targets/target-object.js';
import { diffFields } from './diff-fields.js';
import { fingerprintLive } from './live-fingerprint.js';
import { massDeletes } from './mass-delete.js';
import { pairRenames, type RuleIndex } from './rename.js';
import { PLAN_FORMAT_VERSION, type Collision, type Plan, type PlannedChange, type PlanTarget } from './model.js';

export interface PlanInput {
  env: string;
  detctlVersion: string;
  /** ISO 8601 time, passed in so that planning stays a pure function. */
  createdAt: string;
  targets: PlanTarget[];
  /** Each desired object with its canonical form (the target adapter's `canonical(object)`). */
  desired: Array<{ object: DesiredObject; canonical: Canonical }>;
  /** Everything the targets listed, owned or not. */
  live: LiveObject[];
  /**
   * The rule of each object the last release deployed (rename.ts `ruleIndex`), so that a renamed
   * object is one replace rather than a delete and a create. Absent: no renames are paired.
   */
  previousRules?: RuleIndex;
  /**
   * Encoded keys (encodeObjectKey) of the objects detctl adopted and still manages by the
   * environment's release history rather than by a mark on the object (a Splunk saved search
   * keeps its own name: docs/import.md, "Ownership"): listed unowned, they count as owned.
   */
  adopted?: ReadonlySet<string>;
}

/**
 * Throws a DiagnosticError when two desired objects, or two live ones, share a (target, kind, id):
 * the first is a rendering mistake (two rules, one name), the second a target adapter's.
 */
export function buildPlan(input: PlanInput): Plan {
  const desired = indexUnique(
    input.desired.map((d) => ({ key: encodeObjectKey(objectKey(d.object)), value: d })),
    (key, [a, b]) => `two rules render ${describeObject(decodeObjectKey(key))}: ${a.object.source} and ${b.object.source}`,
  );
  const adopted = input.adopted ?? new Set<string>();
  let fingerprint: string | undefined;
  const live = indexUnique(
    input.live.map((o) => {
      const key = encodeObjectKey(objectKey(o));
      return { key, value: !o.owned && adopted.has(key) ? { ...o, owned: true } : o };
    }),
    (key) => `the target listed ${describeObject(decodeObjectKey(key))} twice`,
  );

  const changes: PlannedChange[] = [];
  const collisions: Collision[] = [];
  for (const [key, { object, canonical }] of desired) {
    const current = live.get(key);
    const identity = { ...objectKey(object), kind: object.kind };
    // Not one another environment manages: that is its watch, a collision here as any other.
    if (current && !current.owned && (object as TargetObject).adopt && !current.managedElsewhere) {
      // Named by a native definition: taken over in place, ownership added (docs/import.md).
      changes.push({ action: 'adopt', ...identity, source: object.source, desired: object, live: current, fields: diffFields(current.canonical, canonical) });
      continue;
    }
    if (current && !current.owned) {
      collisions.push({ ...identity, source: object.source, reason: collisionReason(identity) });
      continue;
    }
    const fields = diffFields(current?.canonical, canonical);
    const action = !current ? 'create' : fields.length > 0 ? 'update' : 'noop';
    // A no-op keeps its desired object too: a release records the full desired set, and
    // `deploy --plan` must be able to write it from the plan alone.
    changes.push({ action, ...identity, source: object.source, desired: object, ...(current ? { live: current } : {}), fields });
  }
  for (const [key, current] of live) {
    if (desired.has(key) || !current.owned) continue;
    // A target lists only kinds its provider renders, so the live kind is one of ObjectKind.
    changes.push({ action: 'delete', target: current.target, kind: current.kind as ObjectKind, id: current.id, live: current, fields: diffFields(current.canonical, undefined) });
  }
  const paired = pairRenames(changes, input.previousRules ?? new Map(), (c) => desired.get(encodeObjectKey(c))!.canonical);
  paired.sort(byObjectKey);
  collisions.sort(byObjectKey);
  const targets = [...input.targets].sort((a, b) => byCodeUnit(a.name, b.name));

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    env: input.env,
    createdAt: input.createdAt,
    detctlVersion: input.detctlVersion,
    targets,
    changes: paired,
    collisions,
    summary: summarise(paired),
    massDelete: massDeletes(paired, targets),
    // Computed when first read (a saved or JSON plan, `deploy` checking a saved plan), once: it
    // hashes the canonical JSON of every live object (~60 ms of a 5,000-object plan), and a text
    // or markdown plan never shows it. An enumerable getter, so JSON.stringify and spreads see it.
    get liveFingerprint(): string {
      fingerprint ??= fingerprintLive(input.live);
      return fingerprint;
    },
  };
}

/** Whether applying the plan would write anything (collisions are errors, not changes). */
export function planHasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'noop');
}

/**
 * Deletes as a share of the owned live objects (0 when there are none), for the mass-delete
 * guard: an empty or mistyped rules path shows up as a share near 1. With `target`, for that
 * target alone, since one target can be emptied while others are untouched.
 */
export function deleteShare(plan: Plan, target?: string): number {
  const changes = target === undefined ? plan.changes : plan.changes.filter((c) => c.target === target);
  // Every owned live object is exactly one update, replace, no-op or delete; collisions are unowned.
  const owned = changes.filter((c) => c.action !== 'create' && c.action !== 'adopt').length;
  const deletes = changes.filter((c) => c.action === 'delete').length;
  return owned === 0 ? 0 : deletes / owned;
}

export function summarise(changes: readonly PlannedChange[]): Plan['summary'] {
  const summary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  let adopt = 0;
  for (const change of changes) {
    if (change.action === 'adopt') adopt += 1;
    else summary[change.action] += 1;
  }
  return adopt > 0 ? { ...summary, adopt } : summary;
}

/** Why a desired object may not take the place of an unowned one, and what to do about it. */
function collisionReason(key: ObjectKey): string {
  const { label, renameHint } = objectKind(key.kind);
  return (
    `${label} "${key.id}" already exists on target "${key.target}" and is not owned by detctl, ` +
    `so detctl will not overwrite it; remove or rename the existing ${label}, or ${renameHint}`
  );
}

type Key = string;

function indexUnique<T>(entries: Array<{ key: Key; value: T }>, duplicate: (key: Key, pair: [T, T]) => string): Map<Key, T> {
  const index = new Map<Key, T>();
  const problems: Diagnostic[] = [];
  for (const { key, value } of entries) {
    const first = index.get(key);
    if (first === undefined) index.set(key, value);
    else problems.push(diagnostic('plan-duplicate-object', duplicate(key, [first, value]), undefined, 'each object must have its own id or name'));
  }
  if (problems.length > 0) throw new DiagnosticError(problems);
  return index;
}
