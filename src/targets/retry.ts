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

export async function withRetry<T>(policy: RetryPolicy, operation: (attempt: number) => Promise<T>): Promise<{ value?: T; error?: TargetError; attempts: number }> {
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await operation(attempt), attempts: attempt };
    } catch (error) {
      const failure = error instanceof TargetError ? error : new TargetError((error as Error).message ?? String(error), undefined, false);
      if (!failure.retryable || attempt >= policy.attempts) return { error: failure, attempts: attempt };
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.floor(random() * ceiling));
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
  ) {
    super(failure.message, failure.status, false);
    this.name = 'StepError';
  }

  /**
   * Whether the server answered the failed step with an error (so the step was not carried out),
   * rather than resetting the connection or never answering (so it may have been).
   */
  get answered(): boolean {
    return this.failure.status !== undefined;
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
export function stepRetries(policy: RetryPolicy): StepRetries {
  const completed: string[] = [];
  let attempts = 0;
  return {
    get attempts() {
      return attempts;
    },
    completed,
    async run<T>(step: string, request: () => Promise<T>): Promise<T> {
      const outcome = await withRetry(policy, request);
      attempts += outcome.attempts;
      if (outcome.error) throw new StepError(step, outcome.error, outcome.attempts, [...completed]);
      completed.push(step);
      return outcome.value as T;
    },
  };
}
