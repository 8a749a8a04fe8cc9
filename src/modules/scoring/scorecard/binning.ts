import { badRequest } from '../../../platform/http/problem.ts';
import type { CategoricalColumn, Column, NumericColumn } from './dataset.ts';
import { binOf } from './metrics.ts';

/**
 * Binning of one characteristic with weight of evidence (WOE) and information value (IV).
 *
 * WOE convention: WOE_k = ln(%bad_k / %good_k) — positive = riskier than average — so a logistic regression of bad
 * on WOE columns has coefficients near +1. Shares are smoothed: %bad_k = (bad_k + ε)/(B + K·ε), likewise for goods,
 * with ε = 0.5 (Haldane–Anscombe) over the K bins, so a bin without bads or goods gets a finite WOE; with
 * realistic bin sizes the effect is below the third decimal. IV = Σ_k (%bad_k − %good_k)·WOE_k.
 */
export interface Bin {
  /** Human-readable description: "(-inf, 12]", "(12, 24]", "A11, A12", "<missing>". */
  label: string;
  /** Numeric bins: the inclusive upper edge, null for the last (+∞, kept JSON-safe); absent on categorical and missing bins. */
  upper?: number | null;
  /** Categorical bins: the levels it holds. */
  levels?: string[];
  /** The special bin of missing values (and, for categorical characteristics, levels unseen in training). */
  missing?: boolean;
  count: number;
  bads: number;
  woe: number;
}

export type Trend = 'auto' | 'increasing' | 'decreasing' | 'none';

export interface Binning {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Ordered bins; a missing bin, if any, is last. */
  bins: Bin[];
  iv: number;
  missingRate: number;
  /** Direction of bad rate over the numeric bins after merging. */
  trend: 'increasing' | 'decreasing' | 'none';
}

export interface BinningOptions {
  /** Equal-frequency pre-bins before merging (default 20). */
  preBins?: number;
  /** Monotonic trend of bad rate to merge numeric bins to; auto = sign of the correlation with the outcome (default). */
  trend?: Trend;
  /** Minimum share of all rows in each (non-missing) bin; smaller bins merge into the neighbour closest in bad rate (default 0.05). */
  minBinShare?: number;
  /** Smoothing constant ε of the WOE shares (default 0.5). */
  smoothing?: number;
}

interface Cell { count: number; bads: number; upper?: number; levels?: string[] }

const rate = (c: Cell) => c.bads / c.count;

function mergeInto(a: Cell, b: Cell): Cell {
  return { count: a.count + b.count, bads: a.bads + b.bads, upper: b.upper, levels: a.levels && b.levels ? [...a.levels, ...b.levels] : undefined };
}

/** Pool adjacent violators: merges neighbours until the bad rate is strictly monotone in the given direction. */
function poolAdjacentViolators(cells: Cell[], increasing: boolean): Cell[] {
  const out: Cell[] = [];
  for (const c of cells) {
    out.push(c);
    while (out.length > 1) {
      const a = out[out.length - 2], b = out[out.length - 1];
      const ok = increasing ? rate(a) < rate(b) : rate(a) > rate(b);
      if (ok) break;
      out.splice(out.length - 2, 2, mergeInto(a, b));
    }
  }
  return out;
}

/** Merges the smallest too-small cell into the neighbour with the closer bad rate until every cell is big enough. */
function enforceMinimum(cells: Cell[], minCount: number): Cell[] {
  const out = [...cells];
  while (out.length > 1) {
    let k = -1;
    for (let i = 0; i < out.length; i++) if (out[i].count < minCount && (k < 0 || out[i].count < out[k].count)) k = i;
    if (k < 0) break;
    const left = k > 0 ? k - 1 : -1, right = k < out.length - 1 ? k + 1 : -1;
    const j = left < 0 ? right : right < 0 ? left : Math.abs(rate(out[left]) - rate(out[k])) <= Math.abs(rate(out[right]) - rate(out[k])) ? left : right;
    const [a, b] = j < k ? [j, k] : [k, j];
    out.splice(a, 2, mergeInto(out[a], out[b]));
  }
  return out;
}

function withWoe(name: string, kind: Binning['kind'], cells: (Cell & { label: string; missing?: boolean })[], total: number, trend: Binning['trend'], smoothing: number): Binning {
  let B = 0;
  for (const c of cells) B += c.bads;
  const G = total - B;
  const K = cells.length;
  let iv = 0;
  let missing = 0;
  const bins: Bin[] = cells.map((c) => {
    const pb = (c.bads + smoothing) / (B + K * smoothing);
    const pg = (c.count - c.bads + smoothing) / (G + K * smoothing);
    const woe = Math.log(pb / pg);
    iv += (pb - pg) * woe;
    if (c.missing) missing += c.count;
    const bin: Bin = { label: c.label, count: c.count, bads: c.bads, woe };
    if (c.upper !== undefined) bin.upper = c.upper === Infinity ? null : c.upper;
    if (c.levels) bin.levels = c.levels;
    if (c.missing) bin.missing = true;
    return bin;
  });
  return { name, kind, bins, iv, missingRate: total ? missing / total : 0, trend };
}

const fmt = (v: number) => (v === Infinity ? '+inf' : v === -Infinity ? '-inf' : String(Number(v.toPrecision(6))));

export function binNumeric(column: NumericColumn, y: Uint8Array, opts: BinningOptions = {}): Binning {
  const preBins = opts.preBins ?? 20;
  const minShare = opts.minBinShare ?? 0.05;
  const n = column.values.length;
  const present: number[] = [];
  let missBads = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(column.values[i])) missBads += y[i]; else present.push(i);
  }
  const m = present.length;
  const sorted = Float64Array.from(present, (i) => column.values[i]).sort(); // native numeric sort, no comparator
  const edges: number[] = [];
  for (let b = 1; b < preBins; b++) {
    const v = sorted[Math.ceil((b / preBins) * m) - 1];
    if (m > 0 && v < sorted[m - 1] && (edges.length === 0 || v > edges[edges.length - 1])) edges.push(v);
  }
  edges.push(Infinity);
  let cells: Cell[] = edges.map((upper) => ({ count: 0, bads: 0, upper }));
  for (const i of present) {
    const c = cells[binOf(edges, column.values[i])];
    c.count++;
    c.bads += y[i];
  }
  cells = cells.filter((c) => c.count > 0);
  let trend: Binning['trend'] = 'none';
  if ((opts.trend ?? 'auto') !== 'none' && m > 1) {
    trend = opts.trend === 'increasing' || opts.trend === 'decreasing' ? opts.trend : correlationSign(column.values, y, present) >= 0 ? 'increasing' : 'decreasing';
    cells = poolAdjacentViolators(cells, trend === 'increasing');
  }
  cells = enforceMinimum(cells, minShare * n);
  let lower = -Infinity;
  const labelled: (Cell & { label: string; missing?: boolean })[] = cells.map((c) => {
    const label = `(${fmt(lower)}, ${fmt(c.upper!)}]`;
    lower = c.upper!;
    return { ...c, label };
  });
  if (m < n) labelled.push({ count: n - m, bads: missBads, label: '<missing>', missing: true });
  return withWoe(column.name, 'numeric', labelled, n, cells.length > 1 ? trend : 'none', opts.smoothing ?? 0.5);
}

export function binCategorical(column: CategoricalColumn, y: Uint8Array, opts: BinningOptions = {}): Binning {
  const minShare = opts.minBinShare ?? 0.05;
  const n = column.values.length;
  const byLevel = new Map<string, Cell>();
  let missCount = 0, missBads = 0;
  for (let i = 0; i < n; i++) {
    const v = column.values[i];
    if (v === null) { missCount++; missBads += y[i]; continue; }
    let c = byLevel.get(v);
    if (!c) byLevel.set(v, (c = { count: 0, bads: 0, levels: [v] }));
    c.count++;
    c.bads += y[i];
  }
  const ordered = [...byLevel.values()].sort((a, b) => rate(a) - rate(b) || (a.levels![0] < b.levels![0] ? -1 : 1));
  const cells = enforceMinimum(ordered, minShare * n);
  const labelled: (Cell & { label: string; missing?: boolean })[] = cells.map((c) => ({ ...c, label: c.levels!.join(', ') }));
  if (missCount > 0) labelled.push({ count: missCount, bads: missBads, levels: [], label: '<missing>', missing: true });
  return withWoe(column.name, 'categorical', labelled, n, 'none', opts.smoothing ?? 0.5);
}

export function binColumn(column: Column, y: Uint8Array, opts: BinningOptions = {}): Binning {
  return column.kind === 'numeric' ? binNumeric(column, y, opts) : binCategorical(column, y, opts);
}

function correlationSign(values: Float64Array, y: Uint8Array, rows: number[]): number {
  let sx = 0, sy = 0;
  for (const i of rows) { sx += values[i]; sy += y[i]; }
  const mx = sx / rows.length, my = sy / rows.length;
  let cov = 0;
  for (const i of rows) cov += (values[i] - mx) * (y[i] - my);
  return Math.sign(cov);
}

/**
 * The bin of every value of a column under a binning; −1 where no bin applies (a missing value or unseen level
 * when training had no missing bin) — such rows get WOE 0, the population average.
 */
export function assignBins(binning: Binning, column: Column): Int32Array {
  const n = column.values.length;
  const out = new Int32Array(n);
  const missingBin = binning.bins.findIndex((b) => b.missing);
  if (binning.kind === 'numeric') {
    if (column.kind !== 'numeric') throw badRequest('SCORECARD_COLUMN_KIND_MISMATCH', { en: `${binning.name} was binned as numeric but the data has it as categorical`, zh: `${binning.name} 按数值型分箱，但数据中为类别型` });
    const regular = binning.bins.filter((b) => !b.missing);
    const edges = regular.map((b) => b.upper ?? Infinity);
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      out[i] = Number.isNaN(v) ? missingBin : Math.min(binOf(edges, v), regular.length - 1);
    }
    return out;
  }
  const index = new Map<string, number>();
  binning.bins.forEach((b, k) => { for (const l of b.levels ?? []) index.set(l, k); });
  for (let i = 0; i < n; i++) {
    const v = column.values[i];
    out[i] = v === null ? missingBin : index.get(String(v)) ?? missingBin;
  }
  return out;
}

/** The WOE of a bin index from assignBins (0 for −1). */
export const woeOf = (binning: Binning, bin: number): number => (bin < 0 ? 0 : binning.bins[bin].woe);
