// One adapter per live system, behind one small interface: list what is there (normalised),
// create, update, delete. Adapters know nothing of plans or their rendering.
import type { DesiredObject } from '../render/objects.js';
import type { Canonical, LiveObject } from '../plan/model.js';

export interface TargetAdapter {
  readonly name: string;
  readonly type: 'elasticsearch' | 'splunk';
  /** The server URL without credentials, for messages and plans. */
  readonly url: string;
  /** The canonical form of a desired object: what the diff compares with a live object's. */
  canonical(object: DesiredObject): Canonical;
  /** The objects this environment owns, plus any unowned objects whose ids the desired ones use. */
  list(desired: DesiredObject[]): Promise<LiveObject[]>;
  create(object: DesiredObject): Promise<void>;
  update(object: DesiredObject, live: LiveObject): Promise<void>;
  delete(live: LiveObject): Promise<void>;
}

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
