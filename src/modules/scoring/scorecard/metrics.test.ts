import { describe, expect, it } from 'vitest';
import { auc, gini, ks, psi, stabilityIndex } from './metrics.ts';
import { seededRandom } from './random.ts';

/** P(s_bad > s_good) + ½ P(tie), by brute force over every pair. */
function pairwiseAuc(s: number[], y: number[]): number {
  let u = 0, pairs = 0;
  for (let i = 0; i < s.length; i++) for (let j = 0; j < s.length; j++) {
    if (y[i] === 1 && y[j] === 0) { pairs++; u += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0; }
  }
  return u / pairs;
}

describe('discrimination metrics', () => {
  it('computes AUC as Mann–Whitney with mid-ranks, so tied scores count one half', () => {
    expect(auc([1, 1, 1, 1], [1, 0, 1, 0])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    const r = seededRandom(3);
    const s = Array.from({ length: 400 }, () => Math.round(r.next() * 20)); // heavy ties
    const y = s.map((v) => (r.next() < v / 25 ? 1 : 0));
    expect(auc(s, y)).toBeCloseTo(pairwiseAuc(s, y), 12);
  });

  it('computes KS over distinct score values and Gini as 2·AUC − 1', () => {
    expect(ks([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(ks([1, 1, 2, 2], [0, 1, 0, 1])).toBe(0);
    expect(ks([1, 2, 2, 3], [0, 0, 1, 1])).toBeCloseTo(0.5, 12);
    expect(gini(0.75)).toBe(0.5);
  });

  it('gives PSI 0 for identical samples and a large PSI for a shifted one', () => {
    const r = seededRandom(5);
    const a = Array.from({ length: 5000 }, () => r.normal());
    expect(psi(a, a).psi).toBeCloseTo(0, 12);
    const shifted = a.map((v) => v + 1);
    expect(psi(a, shifted).psi).toBeGreaterThan(0.25);
    expect(stabilityIndex([10, 10], [10, 10])).toBe(0);
    expect(Number.isFinite(stabilityIndex([10, 0], [0, 10]))).toBe(true);
  });
});
