/** Faults a test or a demo injects into the simulated provider (POST /_sim/faults, loopback only). */
export interface Faults {
  /** Every provider route, health included, answers 503. */
  outage: boolean;
  /** Delay before each provider answer, in milliseconds. */
  latencyMs: number;
  /** Probability (0..1) that a data call answers 503. */
  failureRate: number;
  /** The next N data calls answer 503 (deterministic; for retry tests). */
  failNext: number;
}

export const NO_FAULTS: Faults = { outage: false, latencyMs: 0, failureRate: 0, failNext: 0 };

export type FaultDecision = 'outage' | 'failure' | 'pass';

export class FaultState {
  #faults: Faults = { ...NO_FAULTS };

  get current(): Faults {
    return { ...this.#faults };
  }

  /** Merges the given settings into the current ones; returns the result. */
  set(change: Partial<Faults>): Faults {
    const next = { ...this.#faults, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
    if (typeof next.latencyMs !== 'number' || !Number.isFinite(next.latencyMs) || next.latencyMs < 0 || next.latencyMs > 600_000) {
      throw new RangeError('latencyMs must be between 0 and 600000');
    }
    if (typeof next.failureRate !== 'number' || !(next.failureRate >= 0 && next.failureRate <= 1)) throw new RangeError('failureRate must be between 0 and 1');
    if (!Number.isInteger(next.failNext) || next.failNext < 0) throw new RangeError('failNext must be a non-negative integer');
    this.#faults = next;
    return this.current;
  }

  reset(): Faults {
    this.#faults = { ...NO_FAULTS };
    return this.current;
  }

  /** What happens to one call; a data call consumes one of `failNext`. */
  decide(dataCall: boolean, random: () => number = Math.random): FaultDecision {
    if (this.#faults.outage) return 'outage';
    if (!dataCall) return 'pass';
    if (this.#faults.failNext > 0) {
      this.#faults.failNext -= 1;
      return 'failure';
    }
    return this.#faults.failureRate > 0 && random() < this.#faults.failureRate ? 'failure' : 'pass';
  }
}
