// Interruption of a run: SIGINT, SIGTERM, or stdout closed by its reader (EPIPE). The process
// entry (process-main.ts) installs the handlers and calls `interrupt`; a deploy or rollback
// `guard`s the part that holds the lock, during which an interruption is graceful: the use case
// gets `signal` (stop starting changes, let the requests in flight finish, record, unlock) and,
// on a second Ctrl-C or when the grace runs out, `abandon` (stop waiting for them). Outside a
// guard the process simply exits with the code below.

export type InterruptReason = 'SIGINT' | 'SIGTERM' | 'EPIPE';

/** 128 + the signal's number, as a shell reports a process a signal ended; EPIPE as SIGPIPE (13). */
export const INTERRUPT_EXIT_CODE: Record<InterruptReason, number> = { SIGINT: 130, SIGTERM: 143, EPIPE: 141 };

export const INTERRUPT_DESCRIPTION: Record<InterruptReason, string> = { SIGINT: 'Interrupted (SIGINT)', SIGTERM: 'Terminated (SIGTERM)', EPIPE: 'Output closed (EPIPE)' };

export class Interruption {
  private readonly stopping = new AbortController();
  private readonly abandoning = new AbortController();
  private guards = 0;
  /** The first interruption received. */
  reason?: InterruptReason;

  /** Aborted by the first interruption during a guard. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Aborted by a second SIGINT or SIGTERM during a guard, or by `abandonNow`. */
  get abandon(): AbortSignal {
    return this.abandoning.signal;
  }

  /** Makes interruptions graceful until the returned function is called. */
  guard(): () => void {
    this.guards++;
    let released = false;
    return () => {
      if (!released) this.guards--;
      released = true;
    };
  }

  /**
   * Records an interruption and says what the caller is to do: `exit` now (no guard), or nothing
   * more (`stop`, `abandon`: the guarded work ends by itself; `ignore`: a repeated EPIPE).
   */
  interrupt(reason: InterruptReason): 'exit' | 'stop' | 'abandon' | 'ignore' {
    if (this.guards === 0) {
      this.reason ??= reason;
      return 'exit';
    }
    if (!this.reason) {
      this.reason = reason;
      this.stopping.abort(reason);
      return 'stop';
    }
    if (reason === 'EPIPE' || this.abandoning.signal.aborted) return 'ignore';
    this.abandonNow();
    return 'abandon';
  }

  /** Stops waiting for the requests in flight. */
  abandonNow(): void {
    if (!this.stopping.signal.aborted) this.stopping.abort(this.reason);
    if (!this.abandoning.signal.aborted) this.abandoning.abort(this.reason);
  }

  /** The exit code of the interruption received, if any. */
  get exitCode(): number | undefined {
    return this.reason ? INTERRUPT_EXIT_CODE[this.reason] : undefined;
  }
}
