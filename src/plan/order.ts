// The one order plans are listed in. Code-unit comparison rather than localeCompare, so that a
// plan made on one machine reads the same, byte for byte, as one made on another.

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ObjectKey {
  target: string;
  kind: string;
  id: string;
}

/** By target, then kind, then id. (Kinds sort `macro` < `saved-search` < `watch`.) */
export function byObjectKey(a: ObjectKey, b: ObjectKey): number {
  return byCodeUnit(a.target, b.target) || byCodeUnit(a.kind, b.kind) || byCodeUnit(a.id, b.id);
}
