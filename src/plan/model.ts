// The plan is a value (as Terraform's is): every object of every target with its action and the
// field-level difference between what is live and what is desired. Renderers only read it; apply
// only carries it out. JSON-serialisable; its JSON form is versioned (docs/plan-format.md).
import type { DesiredObject, ObjectKind } from '../targets/registry.js';
import type { LiveObject } from '../targets/target-object.js';

export const PLAN_FORMAT_VERSION = 1;

export type Action = 'create' | 'update' | 'delete' | 'noop';
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
  /** The rule file the desired object comes from (create, update, noop). */
  source?: string;
  /** What will be written (create, update); for noop, what is already there, as a release records it. */
  desired?: DesiredObject;
  /** What is live now (update, delete, noop): the pre-image. */
  live?: LiveObject;
  /** Field differences: all fields for create (after only) and delete (before only). */
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
  summary: { create: number; update: number; delete: number; noop: number };
  /** Hash of every listed live object (owned or not), so a stale saved plan can be refused. */
  liveFingerprint: string;
}
