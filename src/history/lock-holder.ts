// Who is taking a lock, and until when it counts.
import { hostname, userInfo } from 'node:os';
import type { LockHolder } from './release-store.js';

export const LOCK_TTL_MS = 30 * 60 * 1000;

export function lockHolder(command: string, now = new Date(), ttlMs = LOCK_TTL_MS): LockHolder {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return { host: hostname(), user, pid: process.pid, acquiredAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString(), command };
}

export function expired(holder: LockHolder, now = new Date()): boolean {
  return Date.parse(holder.expiresAt) <= now.getTime();
}
