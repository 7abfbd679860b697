// Retries with exponential backoff and full jitter, for failures the target marks retryable
// (429, 502, 503, 504, resets, timeouts). Other failures are returned at once.
import { TargetError } from './target.js';

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
