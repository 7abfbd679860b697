// Retries with exponential backoff and full jitter, for failures the target marks retryable
// (429, 502, 503, 504, resets, timeouts). Other failures are returned at once.
import { TargetError, type WriteSteps } from './target.js';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** For tests: a seeded source of randomness and a clock that need not really wait. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failed attempt, as the retry hooks see it. */
export interface FailedAttempt {
  /** The attempt that failed (1-based) and how many the policy allows. */
  attempt: number;
  attempts: number;
  error: TargetError;
  /** Whether the failure was a request timeout. */
  timeout: boolean;
  /** The wait before the next attempt; undefined when there is none (not retryable, out of attempts, or stopped). */
  delayMs?: number;
}

/** What a caller may watch and stop while an operation is retried. */
export interface RetryHooks {
  /** Once aborted, no further attempt starts (the one in flight finishes); waiting for one ends at once. */
  signal?: AbortSignal;
  /** Every failed attempt, retried or not (status lines, --verbose). */
  onFailure?(failure: FailedAttempt): void;
}

/** Whether a failure is a request timeout (the adapters say "timed out" or ETIMEDOUT). */
export function isTimeout(error: TargetError): boolean {
  return /timed out|ETIMEDOUT|ESOCKETTIMEDOUT/i.test(error.message);
}

/** The short reason of a failure for a status line: the HTTP status, "timeout", a socket code, or the message. */
export function shortReason(error: TargetError): string {
  if (error.status !== undefined) return String(error.status);
  if (isTimeout(error)) return 'timeout';
  const code = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(error.message);
  if (code) return code[1];
  if (/socket hang up/i.test(error.message)) return 'reset';
  return error.message.length > 40 ? `${error.message.slice(0, 39)}…` : error.message;
}

/** Whether a failure leaves the request's outcome unknown: no answer (a reset or a timeout). */
export const unanswered = (error: TargetError) => error.status === undefined && error.retryable;

/**
 * `uncertain`: some failed attempt got no answer, so even when the last one was refused, an earlier
 * one may have been carried out (a create that timed out, then a 503 on its retry).
 */
export async function withRetry<T>(policy: RetryPolicy, operation: (attempt: number) => Promise<T>, hooks: RetryHooks = {}): Promise<{ value?: T; error?: TargetError; attempts: number; uncertain?: boolean }> {
  const random = policy.random ?? Math.random;
  const { signal } = hooks;
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await operation(attempt), attempts: attempt };
    } catch (error) {
      const failure = error instanceof TargetError ? error : new TargetError((error as Error).message ?? String(error), undefined, false);
      const last = !failure.retryable || attempt >= policy.attempts || signal?.aborted === true;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = last ? undefined : Math.floor(random() * ceiling);
      hooks.onFailure?.({ attempt, attempts: policy.attempts, error: failure, timeout: isTimeout(failure), delayMs });
      if (unanswered(failure)) uncertain = true;
      if (delayMs === undefined) return { error: failure, attempts: attempt, uncertain };
      await abortableSleep(policy.sleep, delayMs, signal);
      if (signal?.aborted) return { error: failure, attempts: attempt, uncertain };
    }
  }
}

/**
 * The final failure of one step of a write (each step retried on its own): which step, after how
 * many attempts, and which steps had succeeded before it. Not retryable: the step's retries are
 * spent, and retrying the whole write would repeat the steps that succeeded.
 */
export class StepError extends TargetError {
  constructor(
    readonly step: string,
    readonly failure: TargetError,
    readonly attempts: number,
    /** The steps that succeeded before this one, in order. */
    readonly completed: readonly string[],
    /** Whether an earlier attempt of the step got no answer (it may have been carried out). */
    readonly uncertain = false,
  ) {
    super(failure.message, failure.status, false);
    this.name = 'StepError';
  }

  /**
   * Whether the server answered the failed step with an error, and every earlier attempt too (so
   * the step was not carried out),   * rather than resetting the connection or never answering (so it may have been).
   */
  get answered(): boolean {
    return this.failure.status !== undefined && !this.uncertain;
  }
}

/** Per-step retries for one write, and what they did. */
export interface StepRetries extends WriteSteps {
  /** Requests sent, over every step. */
  readonly attempts: number;
  /** The steps that succeeded, in order. */
  readonly completed: readonly string[];
}

/** Runs each step of a write with its own retries under `policy`; a step that finally fails rejects with a StepError. */
export function stepRetries(policy: RetryPolicy, hooks: RetryHooks = {}): StepRetries {
  const completed: string[] = [];
  let attempts = 0;
  return {
    get attempts() {
      return attempts;
    },
    completed,
    async run<T>(step: string, request: () => Promise<T>): Promise<T> {
      const outcome = await withRetry(policy, request, hooks);
      attempts += outcome.attempts;
      if (outcome.error) throw new StepError(step, outcome.error, outcome.attempts, [...completed], outcome.uncertain === true);
      completed.push(step);
      return outcome.value as T;
    },
  };
}

/** Waits `ms` (with the policy's clock if it has one), or less when the signal aborts first. */
function abortableSleep(sleep: ((ms: number) => Promise<void>) | undefined, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return (sleep ?? realSleep)(ms);
  return new Promise<void>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      signal.removeEventListener('abort', done);
      if (timer) clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    if (sleep) sleep(ms).then(done, done);
    else timer = setTimeout(done, ms);
  });
}
