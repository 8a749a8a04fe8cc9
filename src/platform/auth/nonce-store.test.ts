import { describe, expect, it } from 'vitest';
import { MemoryNonceStore, NonceStoreFullError } from './nonce-store.ts';

describe('MemoryNonceStore', () => {
  it('accepts a nonce once and refuses it while it has not expired', async () => {
    const now = 1_790_000_000_000;
    const store = new MemoryNonceStore({ clock: () => now });
    const expiresAt = new Date(now + 300_000);
    expect(await store.remember('k1', 'nonce-aaaaaaaaaaaa', expiresAt)).toBe(true);
    expect(await store.remember('k1', 'nonce-aaaaaaaaaaaa', expiresAt)).toBe(false);
  });

  it('keeps nonces of different keys apart', async () => {
    const store = new MemoryNonceStore({ clock: () => 0 });
    expect(await store.remember('k1', 'same-nonce-0000000', new Date(1000))).toBe(true);
    expect(await store.remember('k2', 'same-nonce-0000000', new Date(1000))).toBe(true);
  });

  it('forgets a nonce after it expires', async () => {
    let now = 0;
    const store = new MemoryNonceStore({ clock: () => now });
    expect(await store.remember('k', 'nonce-bbbbbbbbbbbb', new Date(1000))).toBe(true);
    now = 1001;
    expect(await store.remember('k', 'nonce-bbbbbbbbbbbb', new Date(2000))).toBe(true);
  });

  it('purges expired entries so its size tracks the live window', async () => {
    let now = 0;
    const store = new MemoryNonceStore({ clock: () => now, maxEntries: 100 });
    for (let i = 0; i < 100; i += 1) await store.remember('k', `old-nonce-${i}-padding`, new Date(10));
    now = 11;
    for (let i = 0; i < 100; i += 1) await store.remember('k', `new-nonce-${i}-padding`, new Date(1000));
    expect(store.size).toBe(100);
  });

  it('refuses with NONCE_STORE_FULL rather than evict a live nonce', async () => {
    const store = new MemoryNonceStore({ clock: () => 0, maxEntries: 2 });
    await store.remember('k', 'nonce-1-aaaaaaaaaa', new Date(1000));
    await store.remember('k', 'nonce-2-aaaaaaaaaa', new Date(1000));
    await expect(store.remember('k', 'nonce-3-aaaaaaaaaa', new Date(1000))).rejects.toBeInstanceOf(NonceStoreFullError);
    expect(await store.remember('k', 'nonce-1-aaaaaaaaaa', new Date(1000))).toBe(false);
  });

  it('lets exactly one of two concurrent calls with the same nonce through', async () => {
    const store = new MemoryNonceStore();
    const expiresAt = new Date(Date.now() + 60_000);
    const results = await Promise.all([
      store.remember('k', 'nonce-concurrent-01', expiresAt),
      store.remember('k', 'nonce-concurrent-01', expiresAt),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
