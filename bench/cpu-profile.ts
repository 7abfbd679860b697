// The top entries of a V8 CPU profile (`node --cpu-prof`), by self time: what the bench prints
// after a profiled run, so the biggest costs are on record beside the figures.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `[label, self ms]`, largest first; functions are named by name and file (the bundle's are its source modules' names). */
export function topSelfTime(file: string, count: number): [string, number][] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const micros = new Map<number, number>();
  profile.samples.forEach((id, i) => micros.set(id, (micros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    const label = `${functionName || '(anonymous)'} ${url ? url.split('/').slice(-1)[0] : ''}`.trim();
    self.set(label, (self.get(label) ?? 0) + (micros.get(node.id) ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/**
 * CPU ms of the samples with a frame `matches` on their stack (each sample counted once): e.g.
 * how long a profiled run spent in Node's own module loader (`Module._load`), which compiles
 * what is required from node_modules from source, outside bin/detctl.cjs's code cache.
 */
export function inclusiveTime(file: string, matches: (frame: { functionName: string; url: string }) => boolean): number {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile & { nodes: (ProfileNode & { children?: number[] })[] };
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inside = new Map<number, boolean>();
  const isInside = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    let known = inside.get(id);
    if (known === undefined) {
      known = matches(byId.get(id)!.callFrame) || isInside(parent.get(id));
      inside.set(id, known);
    }
    return known;
  };
  let micros = 0;
  profile.samples.forEach((id, i) => {
    if (isInside(id)) micros += profile.timeDeltas[i] ?? 0;
  });
  return micros / 1000;
}
