import { describe, expect, it } from 'vitest';
import { createUuidv7Generator, isUuidv7, randomToken, uuidv7, uuidv7Timestamp } from './ids.ts';

describe('uuidv7 (RFC 9562 §5.7)', () => {
  it('sets version 7, variant 10 and the millisecond timestamp', () => {
    const at = Date.UTC(2026, 10, 23, 2, 0, 0, 123);
    const id = createUuidv7Generator(() => at)();
    expect(isUuidv7(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(uuidv7Timestamp(id).getTime()).toBe(at);
  });

  it('stays strictly increasing for many ids within one millisecond', () => {
    const next = createUuidv7Generator(() => 1_790_000_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    const sorted = [...ids].sort();
    expect(ids).toEqual(sorted);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('moves the timestamp forward rather than reuse it when the per-millisecond counter runs out', () => {
    const at = 1_790_000_000_000;
    const next = createUuidv7Generator(() => at);
    const ids = Array.from({ length: 5_000 }, () => next());
    expect(uuidv7Timestamp(ids.at(-1) ?? '').getTime()).toBeGreaterThan(at);
  });

  it('never goes backwards when the clock does', () => {
    let now = 1_790_000_000_000;
    const next = createUuidv7Generator(() => now);
    const before = next();
    now -= 60_000;
    const after = next();
    expect(after > before).toBe(true);
  });

  it('gives increasing ids from the process-wide generator', () => {
    const a = uuidv7();
    const b = uuidv7();
    expect(b > a).toBe(true);
  });

  it('refuses a clock outside the 48-bit timestamp range', () => {
    expect(() => createUuidv7Generator(() => -1)()).toThrow(RangeError);
  });
});

describe('randomToken', () => {
  it('returns unpadded base64url of the requested entropy', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('refuses fewer than 128 bits', () => {
    expect(() => randomToken(8)).toThrow(RangeError);
  });
});
