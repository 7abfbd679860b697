// The one order strings are compared in. Code-unit comparison rather than localeCompare, so that
// output made on one machine reads the same, byte for byte, as output made on another.

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
