/**
 * Circuit breaker per provider (M. Nygard, "Release It!"): closed → open after `failures` consecutive failed
 * calls → after `openMs` one trial call is let through (half-open) → closed when it succeeds, open again when
 * it fails. While open, callers fail at once instead of each waiting for a timeout.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  failures: number;
  openMs: number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** When an open breaker lets the next trial through (ISO 8601), else null. */
  retryAt: string | null;
}

/** What `acquire` hands out: a normal call, the single half-open trial, or nothing (fail fast). */
export type Permit = 'call' | 'trial' | null;

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trialInFlight = false;
  #trialStartedAt = 0;

  constructor(
    private readonly options: BreakerOptions,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(options.failures) || options.failures < 1) throw new RangeError('breaker.failures must be a positive integer');
    if (!(options.openMs >= 0)) throw new RangeError('breaker.openMs must be non-negative');
  }

  acquire(): Permit {
    if (this.#state === 'closed') return 'call';
    if (this.#state === 'open' && this.clock() - this.#openedAt >= this.options.openMs) {
      this.#state = 'half_open';
      this.#trialInFlight = false;
    }
    // A trial that never reported back (its caller crashed) must not keep the breaker half-open forever.
    const trialLost = this.#trialInFlight && this.clock() - this.#trialStartedAt >= this.options.openMs;
    if (this.#state === 'half_open' && (!this.#trialInFlight || trialLost)) {
      this.#trialInFlight = true;
      this.#trialStartedAt = this.clock();
      return 'trial';
    }
    return null;
  }

  /** The provider answered (even with a refusal): it is reachable. */
  success(): void {
    this.#state = 'closed';
    this.#failures = 0;
    this.#trialInFlight = false;
  }

  failure(): void {
    this.#failures += 1;
    this.#trialInFlight = false;
    if (this.#state === 'half_open' || this.#failures >= this.options.failures) {
      this.#state = 'open';
      this.#openedAt = this.clock();
    }
  }

  /** Gives back a permit whose call never reached the provider (a fault on our side): no verdict either way. */
  release(): void {
    this.#trialInFlight = false;
  }

  /** Milliseconds until an open breaker admits a trial; 0 when not open. */
  retryInMs(): number {
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.options.openMs - this.clock()) : 0;
  }

  snapshot(): BreakerSnapshot {
    const open = this.#state === 'open';
    return {
      state: this.#state,
      consecutiveFailures: this.#failures,
      retryAt: open ? new Date(this.#openedAt + this.options.openMs).toISOString() : null,
    };
  }
}
