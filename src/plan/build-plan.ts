// Desired objects against live ones: the plan. Matching is by (target, kind, id); ownership
// decides what detctl may touch — an owned object is updated or deleted, an unowned one is never
// changed: if a desired object wants its id that is a collision, otherwise it is left alone.
import type { DesiredObject } from '../render/objects.js';
import { DiagnosticError, diagnostic, type Diagnostic } from '../diagnostics.js';
import { diffFields } from './diff-fields.js';
import { fingerprintLive } from './live-fingerprint.js';
import { byCodeUnit, byObjectKey } from './order.js';
import {
  PLAN_FORMAT_VERSION,
  type Canonical,
  type Collision,
  type LiveObject,
  type ObjectKind,
  type Plan,
  type PlannedChange,
  type PlanTarget,
} from './model.js';

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
}

/** The id a desired object is matched by: a watch's id, a saved search's or macro's name. */
export function desiredId(object: DesiredObject): string {
  return object.kind === 'watch' ? object.id : object.name;
}

/**
 * Throws a DiagnosticError when two desired objects, or two live ones, share a (target, kind, id):
 * the first is a rendering mistake (two rules, one name), the second a target adapter's.
 */
export function buildPlan(input: PlanInput): Plan {
  const desired = indexUnique(
    input.desired.map((d) => ({ key: keyOf(d.object.target, d.object.kind, desiredId(d.object)), value: d })),
    (key, [a, b]) => `two rules render ${describe(key)}: ${a.object.source} and ${b.object.source}`,
  );
  const live = indexUnique(
    input.live.map((o) => ({ key: keyOf(o.target, o.kind, o.id), value: o })),
    (key) => `the target listed ${describe(key)} twice`,
  );

  const changes: PlannedChange[] = [];
  const collisions: Collision[] = [];
  for (const [key, { object, canonical }] of desired) {
    const current = live.get(key);
    const identity = { target: object.target, kind: object.kind, id: desiredId(object) };
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
    changes.push({ action: 'delete', target: current.target, kind: current.kind, id: current.id, live: current, fields: diffFields(current.canonical, undefined) });
  }
  changes.sort(byObjectKey);
  collisions.sort(byObjectKey);

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    env: input.env,
    createdAt: input.createdAt,
    detctlVersion: input.detctlVersion,
    targets: [...input.targets].sort((a, b) => byCodeUnit(a.name, b.name)),
    changes,
    collisions,
    summary: summarise(changes),
    liveFingerprint: fingerprintLive(input.live),
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
  // Every owned live object is exactly one update, no-op or delete; collisions are unowned.
  const owned = changes.filter((c) => c.action !== 'create').length;
  const deletes = changes.filter((c) => c.action === 'delete').length;
  return owned === 0 ? 0 : deletes / owned;
}

export function summarise(changes: readonly PlannedChange[]): Plan['summary'] {
  const summary = { create: 0, update: 0, delete: 0, noop: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

interface Identity {
  target: string;
  kind: ObjectKind;
  id: string;
}

const KIND_NAME: Record<ObjectKind, string> = { watch: 'watch', 'saved-search': 'saved search', macro: 'macro' };
const RENAME_HINT: Record<ObjectKind, string> = {
  watch: "change the target's watch.idPrefix",
  'saved-search': "change the target's savedSearch.namePrefix",
  macro: 'rename the macro',
};

function collisionReason({ target, kind, id }: Identity): string {
  return (
    `${KIND_NAME[kind]} "${id}" already exists on target "${target}" and is not owned by detctl, ` +
    `so detctl will not overwrite it; remove or rename the existing ${KIND_NAME[kind]}, or ${RENAME_HINT[kind]}`
  );
}

type Key = string;

function keyOf(target: string, kind: ObjectKind, id: string): Key {
  return JSON.stringify([target, kind, id]);
}

function describe(key: Key): string {
  const [target, kind, id] = JSON.parse(key) as [string, ObjectKind, string];
  return `${KIND_NAME[kind]} "${id}" on target "${target}"`;
}

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
