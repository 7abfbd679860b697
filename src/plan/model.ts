// The plan is a value (as Terraform's is): every object of every target with its action and the
// field-level difference between what is live and what is desired. Renderers only read it; apply
// only carries it out. JSON-serialisable; its JSON form is versioned (docs/plan-format.md).
import type { DesiredObject, ObjectKind } from '../targets/registry.js';
import type { LiveObject } from '../targets/target-object.js';

export const PLAN_FORMAT_VERSION = 2;
/** Versions a reader still accepts: version 1 is version 2 without `replace` and `massDelete`. */
export const READABLE_PLAN_FORMAT_VERSIONS = [1, 2] as const;

/**
 * `replace`: a renamed object — create the new (`id`, `desired`), then delete the old (`renamedFrom`, `live`).
 * `adopt`: an object detctl does not own, named by a native definition (docs/import.md) — written
 * in place (one update) with ownership added; never deleted and created again.
 */
export type Action = 'create' | 'update' | 'replace' | 'delete' | 'noop' | 'adopt';
/** One changed field, by dotted path into the canonical form (e.g. `trigger.schedule.interval`; notation: plan/field-path.ts). */
export interface FieldChange {
  path: string;
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field is removed. */
  after?: unknown;
}

export interface PlannedChange {
  action: Action;
  target: string;
  kind: ObjectKind;
  id: string;
  /** The rule file the desired object comes from (create, update, replace, noop). */
  source?: string;
  /** What will be written (create, update, replace, adopt); for noop, what is already there, as a release records it. */
  desired?: DesiredObject;
  /** What is live now (update, delete, noop, adopt): the pre-image; for replace, the old object's. */
  live?: LiveObject;
  /** Replace only: the id of the live object the desired one takes the place of (same target, kind and rule). */
  renamedFrom?: string;
  /** Field differences: all fields for create (after only) and delete (before only); old against new for replace. */
  fields: FieldChange[];
}

/** A desired object whose id or name is taken by an object detctl does not own. */
export interface Collision {
  target: string;
  kind: ObjectKind;
  id: string;
  source: string;
  reason: string;
}

/** A target whose deletes `deploy` refuses without `--allow-mass-delete` (policy: mass-delete.ts). */
export interface MassDelete {
  target: string;
  /** Objects the plan deletes on the target (a replace deletes none: its object lives on, renamed). */
  deletes: number;
  /** Objects of the target detctl manages now (every change but a create has one live object). */
  managed: number;
}

export interface PlanTarget {
  name: string;
  /** A provider's type (targets/registry.ts). */
  type: string;
  /** URL without credentials. */
  url: string;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  env: string;
  createdAt: string;
  detctlVersion: string;
  targets: PlanTarget[];
  /** Sorted by target, kind, id. Deletes are part of the list; apply orders them last. */
  changes: PlannedChange[];
  collisions: Collision[];
  /** `adopt` only when the plan adopts objects (plans without adoptions read as before). */
  summary: { create: number; update: number; replace: number; delete: number; noop: number; adopt?: number };
  /** The targets `deploy` would refuse to change without `--allow-mass-delete`; empty when none. */
  massDelete: MassDelete[];
  /** Hash of every listed live object (owned or not), so a stale saved plan can be refused. */
  liveFingerprint: string;
}
