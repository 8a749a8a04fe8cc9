import { assignBins, binColumn, woeOf, type Binning, type BinningOptions } from './binning.ts';
import { columnOf, type Dataset } from './dataset.ts';
import type { Design } from './logistic.ts';

/** Bins every characteristic of a (training) dataset. */
export function binAll(data: Dataset, opts: BinningOptions = {}): Binning[] {
  return data.columns.map((c) => binColumn(c, data.target.y, opts));
}

/** The WOE design: one column per binned characteristic holding the WOE of the row's bin. */
export function woeDesign(binnings: Binning[], data: Dataset): Design {
  const n = data.rows;
  const p = binnings.length;
  const x = new Float64Array(n * p);
  binnings.forEach((b, j) => {
    const bins = assignBins(b, columnOf(data, b.name));
    for (let i = 0; i < n; i++) x[i * p + j] = woeOf(b, bins[i]);
  });
  return { n, p, x, y: data.target.y, names: binnings.map((b) => b.name) };
}

export interface ScreeningOptions {
  /** Drop characteristics with IV below this (default 0.02, "not predictive" in Siddiqi's scale). */
  minIv?: number;
  /** Drop characteristics missing in more than this share of rows (default 0.95). */
  maxMissingRate?: number;
  /** Of two characteristics whose WOE columns correlate above this in absolute value, drop the lower-IV one (default 0.75). */
  maxCorrelation?: number;
}

export interface ScreeningResult {
  kept: Binning[];
  dropped: { name: string; reason: 'low_iv' | 'missing_rate' | 'correlated'; detail: string }[];
}

/** Variable screening on IV, missing rate and pairwise WOE correlation, in that order; strongest IV first. */
export function screenCharacteristics(binnings: Binning[], data: Dataset, opts: ScreeningOptions = {}): ScreeningResult {
  const minIv = opts.minIv ?? 0.02;
  const maxMissing = opts.maxMissingRate ?? 0.95;
  const maxCorr = opts.maxCorrelation ?? 0.75;
  const dropped: ScreeningResult['dropped'] = [];
  const candidates: Binning[] = [];
  for (const b of [...binnings].sort((a, c) => c.iv - a.iv)) {
    if (b.missingRate > maxMissing) dropped.push({ name: b.name, reason: 'missing_rate', detail: `missing rate ${b.missingRate.toFixed(3)} > ${maxMissing}` });
    else if (b.iv < minIv) dropped.push({ name: b.name, reason: 'low_iv', detail: `IV ${b.iv.toFixed(4)} < ${minIv}` });
    else candidates.push(b);
  }
  const design = woeDesign(candidates, data);
  const cols = candidates.map((_, j) => standardised(design, j));
  const kept: number[] = [];
  candidates.forEach((b, j) => {
    for (const k of kept) {
      const r = dot(cols[j], cols[k]) / design.n;
      if (Math.abs(r) > maxCorr) {
        dropped.push({ name: b.name, reason: 'correlated', detail: `|r| = ${Math.abs(r).toFixed(3)} with ${candidates[k].name} (IV ${candidates[k].iv.toFixed(4)} ≥ ${b.iv.toFixed(4)})` });
        return;
      }
    }
    kept.push(j);
  });
  return { kept: kept.map((j) => candidates[j]), dropped };
}

function standardised(d: Design, j: number): Float64Array {
  const v = new Float64Array(d.n);
  let s = 0;
  for (let i = 0; i < d.n; i++) { v[i] = d.x[i * d.p + j]; s += v[i]; }
  const m = s / d.n;
  let ss = 0;
  for (let i = 0; i < d.n; i++) { v[i] -= m; ss += v[i] * v[i]; }
  const sd = Math.sqrt(ss / d.n) || 1;
  for (let i = 0; i < d.n; i++) v[i] /= sd;
  return v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
