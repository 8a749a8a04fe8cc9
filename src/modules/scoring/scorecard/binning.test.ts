import { describe, expect, it } from 'vitest';
import { assignBins, binCategorical, binNumeric } from './binning.ts';
import type { CategoricalColumn, Dataset, NumericColumn } from './dataset.ts';
import { seededRandom } from './random.ts';
import { screenCharacteristics } from './woe.ts';

const r = seededRandom(11);
const n = 4000;
const x = Float64Array.from({ length: n }, () => r.normal());
// Bad rate rising with x, plus noise that makes raw pre-bins non-monotone; 5% missing with a high bad rate.
const y = Uint8Array.from(x, (v) => (r.next() < 1 / (1 + Math.exp(-(v - 1.2))) ? 1 : 0));
for (let i = 0; i < n; i += 20) { x[i] = NaN; y[i] = r.next() < 0.6 ? 1 : 0; }
const numeric: NumericColumn = { name: 'x', kind: 'numeric', values: x };

const badRates = (b: ReturnType<typeof binNumeric>) => b.bins.filter((k) => !k.missing).map((k) => k.bads / k.count);

describe('binning', () => {
  it('merges equal-frequency pre-bins to a monotonic bad rate, detecting the direction from the correlation', () => {
    const b = binNumeric(numeric, y, { preBins: 20 });
    expect(b.trend).toBe('increasing');
    const rates = badRates(b);
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeGreaterThan(rates[k - 1]);
    const woe = b.bins.filter((k) => !k.missing).map((k) => k.woe);
    for (let k = 1; k < woe.length; k++) expect(woe[k]).toBeGreaterThan(woe[k - 1]);
    expect(b.bins.at(-2)!.upper).toBeNull(); // +∞, JSON-safe
  });

  it('honours a requested trend and the minimum bin share', () => {
    const dec = binNumeric(numeric, y, { trend: 'decreasing' });
    const rates = badRates(dec);
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeLessThan(rates[k - 1]);
    const wide = binNumeric(numeric, y, { minBinShare: 0.2, trend: 'none' });
    for (const bin of wide.bins.filter((k) => !k.missing)) expect(bin.count).toBeGreaterThanOrEqual(0.2 * n);
  });

  it('keeps missing values in a special bin and assigns values to bins by inclusive upper edges', () => {
    const b = binNumeric(numeric, y);
    const miss = b.bins.at(-1)!;
    expect(miss).toMatchObject({ missing: true, label: '<missing>', count: 200 });
    expect(b.missingRate).toBeCloseTo(0.05, 10);
    expect(miss.woe).toBeGreaterThan(0);
    const edge = b.bins[0].upper!;
    const probe: NumericColumn = { name: 'x', kind: 'numeric', values: Float64Array.of(edge, edge + 1e-9, NaN, 1e9) };
    expect([...assignBins(b, probe)]).toEqual([0, 1, b.bins.length - 1, b.bins.length - 2]);
  });

  it('computes WOE as ln(%bad/%good) with ε = 0.5 smoothing and IV as Σ(%bad − %good)·WOE', () => {
    const b = binNumeric(numeric, y);
    const B = y.reduce((s, v) => s + v, 0), G = n - B, K = b.bins.length;
    let iv = 0;
    for (const bin of b.bins) {
      const pb = (bin.bads + 0.5) / (B + 0.5 * K), pg = (bin.count - bin.bads + 0.5) / (G + 0.5 * K);
      expect(bin.woe).toBeCloseTo(Math.log(pb / pg), 12);
      iv += (pb - pg) * Math.log(pb / pg);
    }
    expect(b.iv).toBeCloseTo(iv, 12);
  });

  it('bins categorical levels by bad rate, merging rare levels and giving empty classes a finite WOE', () => {
    const levels = ['A', 'B', 'C', 'D', 'rare1', 'rare2'];
    const values: (string | null)[] = [];
    const yy: number[] = [];
    const add = (level: string | null, count: number, bads: number) => { for (let i = 0; i < count; i++) { values.push(level); yy.push(i < bads ? 1 : 0); } };
    add('A', 400, 40); add('B', 300, 90); add('C', 200, 100); add('D', 80, 0); add('rare1', 10, 9); add('rare2', 5, 0); add(null, 5, 5);
    const col: CategoricalColumn = { name: 'c', kind: 'categorical', values };
    const b = binCategorical(col, Uint8Array.from(yy), { minBinShare: 0.05 });
    const regular = b.bins.filter((k) => !k.missing);
    for (const bin of regular) expect(bin.count).toBeGreaterThanOrEqual(0.05 * values.length);
    expect(regular.flatMap((k) => k.levels).sort()).toEqual(levels.sort());
    expect(regular.find((k) => k.levels!.includes('rare2'))!.levels).toContain('D'); // 0% bad next to 0% bad
    for (let k = 1; k < regular.length; k++) expect(regular[k].bads / regular[k].count).toBeGreaterThanOrEqual(regular[k - 1].bads / regular[k - 1].count);
    expect(b.bins.at(-1)).toMatchObject({ missing: true, count: 5, bads: 5 });
    expect(Number.isFinite(b.bins.at(-1)!.woe)).toBe(true);
    const probe: CategoricalColumn = { name: 'c', kind: 'categorical', values: ['C', 'never seen', null] };
    const k = assignBins(b, probe);
    expect(b.bins[k[0]].levels).toContain('C');
    expect(k[1]).toBe(b.bins.length - 1);
    expect(k[2]).toBe(b.bins.length - 1);
  });

  it('screens out low-IV, mostly missing and correlated characteristics, keeping the higher-IV one of a pair', () => {
    const twin = Float64Array.from(x, (v) => (Number.isNaN(v) ? v : v * 2 + 0.001 * r.normal()));
    const noise = Float64Array.from(x, () => r.normal());
    const sparse = Float64Array.from(x, (v, i) => (i % 50 === 0 ? v : NaN));
    const data: Dataset = {
      rows: n,
      columns: [numeric, { name: 'twin', kind: 'numeric', values: twin }, { name: 'noise', kind: 'numeric', values: noise }, { name: 'sparse', kind: 'numeric', values: sparse }],
      target: { name: 'y', bad: '1', good: '0', y },
    };
    const binned = data.columns.map((c) => binNumeric(c as NumericColumn, y));
    const s = screenCharacteristics(binned, data, { minIv: 0.02, maxMissingRate: 0.9, maxCorrelation: 0.75 });
    expect(s.kept.map((b) => b.name)).toHaveLength(1);
    const reasons = Object.fromEntries(s.dropped.map((d) => [d.name, d.reason]));
    expect(reasons.noise).toBe('low_iv');
    expect(reasons.sparse).toBe('missing_rate');
    expect(Object.values(reasons).filter((v) => v === 'correlated')).toHaveLength(1);
  });
});
