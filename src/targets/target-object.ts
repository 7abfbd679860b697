// What every target's objects have in common, desired and live. The object types themselves
// (watch, saved search, macro…) belong to their provider's folder; plans, apply and releases only
// see these shapes and the key (object-key.ts). Plain JSON data, so plans and releases hold them as
// they are.

/** A desired object as any provider renders it: a kind of its provider, the target it goes to. */
export interface TargetObject {
  kind: string;
  /** Target name from the environment file. */
  target: string;
  /** The rule file it came from, for messages. */
  source: string;
  /**
   * Rendered from a native definition (docs/import.md): it names an object that may already
   * exist on the server, made by hand. An object of that identity detctl does not own is then
   * adopted (plan action `adopt`: ownership added in place) rather than a collision.
   */
  adopt?: true;
}

/** A managed value in the canonical form both sides are normalised to (plain JSON). */
export type Canonical = Record<string, unknown>;

/** A live object as a target lists it. */
export interface LiveObject {
  target: string;
  kind: string;
  /** The object's identity on its target (watch id, saved-search or macro name). */
  id: string;
  /** Whether detctl owns it (ownership tags / app + name prefix, see DESIGN.md). */
  owned: boolean;
  /** Not owned here, but marked as detctl's by another environment: never adopted (docs/import.md). */
  managedElsewhere?: true;
  /** The managed fields, normalised (what the diff compares). */
  canonical: Canonical;
  /** What the server returned for the object, as needed to restore it exactly (pre-image). */
  raw: unknown;
}
