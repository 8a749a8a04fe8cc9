import { sm3 } from '../../src/platform/crypto/index.ts';

/**
 * Deterministic randomness for simulated provider records. Every record stream is seeded by SM3 of
 * (simulator seed, USCC, purpose), so an enterprise's records do not depend on which other enterprises exist,
 * on the order of requests or on restarts.
 */
export interface SimRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  between(lo: number, hi: number): number;
  /** Uniform real in [lo, hi). */
  real(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** xoshiro128** seeded with the first 16 bytes of SM3(parts joined by '|'). */
export function seededRandom(...parts: (string | number)[]): SimRandom {
  const h = sm3(parts.join('|'));
  let s0 = h.readUInt32BE(0) | 1; // never all zero
  let s1 = h.readUInt32BE(4);
  let s2 = h.readUInt32BE(8);
  let s3 = h.readUInt32BE(12);
  const rotl = (v: number, k: number) => (v << k) | (v >>> (32 - k));
  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = () => uint32() / 0x1_0000_0000;
  return {
    next,
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    real: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/** Yuan amount with two decimals from a (non-negative) real number of yuan. */
export function yuan(amount: number): string {
  return (Math.round(Math.max(0, amount) * 100) / 100).toFixed(2);
}

/** A non-negative quantity (m³, m²) with two decimals. */
export function quantity(amount: number): string {
  return (Math.round(Math.max(0, amount) * 100) / 100).toFixed(2);
}

const MS_PER_DAY = 86_400_000;

/** YYYY-MM-DD shifted by a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** YYYY-MM-DD shifted by whole months, clamped to the end of the target month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` (both YYYY-MM-DD), never negative. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return Math.max(0, (ty - fy) * 12 + (tm - fm));
}

