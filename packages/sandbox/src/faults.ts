// Seeded fault injection. Each target draws from its own PRNG so that the faults one target sees
// depend only on the order of its own requests: the same seed and request sequence give the same
// faults, whatever the other target was doing meanwhile.
import type { TargetName } from './http/exchange.js';

/** 503 and 429 answer with the target's error body; reset drops the socket; timeout never answers. */
export type FaultKind = '503' | '429' | 'reset' | 'timeout';
export const FAULT_KINDS: readonly FaultKind[] = ['503', '429', 'reset', 'timeout'];

export interface FaultOptions {
  /** Probability in [0, 1] that a request gets a fault. */
  rate: number;
  seed: number;
  kinds?: readonly FaultKind[];
  targets?: readonly TargetName[];
}

/** mulberry32: tiny, fast, and good enough to spread faults; the point is reproducibility. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TARGET_SALT: Record<TargetName, number> = { elasticsearch: 0x9e3779b9, splunk: 0x85ebca6b };

export class FaultPlan {
  private readonly draws = new Map<TargetName, () => number>();
  private readonly kinds: readonly FaultKind[];

  constructor(private readonly options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`fault rate must be within [0, 1], got ${options.rate}`);
    this.kinds = options.kinds && options.kinds.length > 0 ? options.kinds : FAULT_KINDS;
  }

  /** The fault for the next request to `target`, if it gets one. */
  next(target: TargetName): FaultKind | undefined {
    if (this.options.rate === 0) return undefined;
    if (this.options.targets && !this.options.targets.includes(target)) return undefined;
    let draw = this.draws.get(target);
    if (!draw) {
      draw = mulberry32(this.options.seed ^ TARGET_SALT[target]);
      this.draws.set(target, draw);
    }
    // Two draws per request, always, so a request's outcome never shifts the ones after it.
    const hit = draw();
    const pick = draw();
    return hit < this.options.rate ? this.kinds[Math.floor(pick * this.kinds.length)] : undefined;
  }
}

export function parseFaultKinds(list: string): FaultKind[] {
  return list.split(',').map((item) => {
    const kind = item.trim();
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`unknown fault kind "${kind}" (expected ${FAULT_KINDS.join(', ')})`);
    }
    return kind as FaultKind;
  });
}
