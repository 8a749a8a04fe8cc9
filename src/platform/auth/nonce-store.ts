/**
 * Replay protection for signed machine requests: each (key id, nonce) pair is accepted once while its request
 * timestamp is still within the allowed clock skew. After `expiresAt` the timestamp check alone rejects a
 * replay, so the pair can be forgotten.
 */
export interface NonceStore {
  /**
   * Records the pair and answers `true`, or answers `false` if it was already recorded and has not expired.
   * Must be atomic: of two concurrent calls with the same pair, exactly one gets `true`.
   */
  remember(keyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}

export class NonceStoreFullError extends Error {
  override readonly name = 'NonceStoreFullError';
  readonly code = 'NONCE_STORE_FULL';
}

export interface MemoryNonceStoreOptions {
  /** Most pairs held at once. Default 200 000 (~300 signed requests a second for a 300 s skew window, ×2). */
  maxEntries?: number;
  /** Milliseconds since the epoch; inject the same clock the verifier uses in tests. */
  clock?: () => number;
}

/**
 * In-process store for a single node and for tests. Atomic because `remember` does all its work synchronously
 * before its promise resolves.
 *
 * When full of unexpired pairs it refuses with `NONCE_STORE_FULL` (the HTTP layer answers 503) instead of
 * evicting: an evicted pair could be replayed while its timestamp is still fresh. Only requests whose signature
 * already verified reach the store, so filling it needs a valid key.
 */
export class MemoryNonceStore implements NonceStore {
  readonly #entries = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: MemoryNonceStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 200_000;
    this.#clock = options.clock ?? Date.now;
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  remember(keyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const now = this.#clock();
    // Key id and nonce are both restricted to visible ASCII, so NUL cannot occur inside either.
    const key = `${keyId}\u0000${nonce}`;
    const seenUntil = this.#entries.get(key);
    if (seenUntil !== undefined && seenUntil >= now) return Promise.resolve(false);
    this.#entries.delete(key);

    this.#purgeOldest(now, 8);
    if (this.#entries.size >= this.#maxEntries) this.#purgeAll(now);
    if (this.#entries.size >= this.#maxEntries) {
      return Promise.reject(new NonceStoreFullError(`nonce store holds ${this.#maxEntries} unexpired nonces`));
    }
    this.#entries.set(key, expiresAt.getTime());
    return Promise.resolve(true);
  }

  /**
   * Drops up to `limit` expired pairs from the insertion-ordered front. Expiry times arrive almost in order
   * (request time + a fixed skew), so this keeps the map near its live size at O(1) cost per call.
   */
  #purgeOldest(now: number, limit: number): void {
    let dropped = 0;
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt >= now || dropped >= limit) return;
      this.#entries.delete(key);
      dropped += 1;
    }
  }

  #purgeAll(now: number): void {
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt < now) this.#entries.delete(key);
    }
  }
}
