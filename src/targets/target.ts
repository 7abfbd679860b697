// One adapter per live system, behind one small interface: list what is there (normalised),
// create, update, delete. Adapters know nothing of plans or their rendering. A provider
// (provider.ts) creates its target's adapter.
import type { Canonical, LiveObject, TargetObject } from './target-object.js';

/** The desired objects a listing is for: known already, or still being loaded. */
export type DesiredList = readonly TargetObject[] | PromiseLike<readonly TargetObject[]>;

/**
 * `desired`, its rejection marked as handled: a listing awaits it only after its first requests,
 * and a rejection meanwhile must not count as unhandled (the listing still rejects with it).
 */
export function awaitedLater(desired: DesiredList): DesiredList {
  if (!Array.isArray(desired)) Promise.resolve(desired).then(undefined, () => undefined);
  return desired;
}

export interface TargetAdapter {
  readonly name: string;
  /** The provider's type (registry.ts). */
  readonly type: string;
  /** The server URL without credentials, for messages and plans. */
  readonly url: string;
  /** The canonical form of a desired object: what the diff compares with a live object's (its provider's `canonical`). */
  canonical(object: TargetObject): Canonical;
  /**
   * The objects this environment owns, plus any unowned objects whose ids the desired ones use.
   * `desired` may still be coming (`plan` lists while the rules load, docs/deploy.md "Order of
   * work"): the requests that do not depend on it go out at once, the rest once it is there. When
   * it rejects, so does the listing (with its reason).
   */
  list(desired: DesiredList): Promise<LiveObject[]>;
  /**
   * Every object of the kinds it can import that detctl owns in no environment (`detctl import`),
   * listed a page at a time as `list` is: never one request per object.
   */
  listUnowned?(): Promise<LiveObject[]>;
  /**
   * Writes. `steps`, when given, runs each request of the write on its own, retried (apply passes
   * one): a write of several requests (Splunk: create, update on 409, ACL) sends every request
   * through it, so a later request's failure never repeats the earlier ones. A write that does
   * not use it is retried as a whole by apply.
   */
  create(object: TargetObject, steps?: WriteSteps): Promise<void>;
  update(object: TargetObject, live: LiveObject, steps?: WriteSteps): Promise<void>;
  delete(live: LiveObject, steps?: WriteSteps): Promise<void>;
}

/** Runs one named request (step) of a write; rejects with a TargetError when it finally fails. */
export interface WriteSteps {
  run<T>(step: string, request: () => Promise<T>): Promise<T>;
}

/** Each request sent once: for adapters called without apply's retries (tests, tools). */
export const SINGLE_ATTEMPT: WriteSteps = { run: (_step, request) => request() };

/** A failed request: the server's own message, and whether trying again may help. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** HTTP statuses worth retrying (DESIGN.md: 429, 502, 503, 504), besides resets and timeouts. */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET', 'ECONNABORTED']);

/** The URL as shown to people: no credentials in it. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}
