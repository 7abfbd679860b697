// A release: what one deploy (or rollback) wrote, so any earlier rule set can be restored.
// Plain JSON; holds desired objects as sent and the pre-images of what was changed or deleted —
// never credentials (objects carry none, and stores refuse text containing a secret).
import { randomBytes } from 'node:crypto';
import type { DesiredObject } from '../targets/registry.js';
import type { LiveObject } from '../targets/target-object.js';

export const RELEASE_FORMAT_VERSION = 1;

export interface ReleaseTarget {
  /** The full desired state of the target at this release, as sent. */
  desired: DesiredObject[];
  /** What was live before this release changed or deleted it. */
  preImages: LiveObject[];
  /**
   * The objects this release adopted (their pre-images are in `preImages`): a rollback to a release
   * before the adoption gives each back as it was instead of deleting it (docs/import.md).
   */
  adopted?: { kind: string; id: string }[];
}

export interface Release {
  formatVersion: typeof RELEASE_FORMAT_VERSION;
  /** Sortable: UTC time, then a random suffix. */
  id: string;
  env: string;
  createdAt: string;
  git?: { commit: string; dirty: boolean };
  detctlVersion: string;
  status: 'complete' | 'partial';
  /**
   * The changes whose object is not known to be live as desired (checked against the target after
   * applying): `failed` — absent or different, or refused; `unknown` — the last request got no
   * answer and the target could not be checked. Absent in releases written before this was kept.
   */
  failures: { target: string; kind: string; id: string; action: string; error: string; state?: 'failed' | 'unknown'; completed?: string[] }[];
  summary: { created: number; updated: number; deleted: number; unchanged: number; failed: number; adopted?: number };
  rollbackOf?: string;
  /**
   * The deploy was interrupted (SIGINT, SIGTERM, closed stdout) before it made every change. Its
   * `desired` then lists only objects known to be live as listed (unchanged, or written); the
   * changes it never made are here, and those in flight when it stopped waiting are `failures`.
   */
  interrupted?: { notApplied: { target: string; kind: string; id: string; action: string }[] };
  targets: Record<string, ReleaseTarget>;
}

export function releaseId(now: Date, random: () => Buffer = () => randomBytes(3)): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z');
  return `${stamp}-${random().toString('hex')}`;
}
