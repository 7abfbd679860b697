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
