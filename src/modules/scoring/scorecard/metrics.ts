/**
 * Discrimination and stability measures. Scores are "higher = riskier" (linear predictor or probability of bad);
 * y[i] = 1 marks a bad.
 */

/** Scores of bads and of goods, each sorted ascending (native typed-array sort). */
function split(score: ArrayLike<number>, y: ArrayLike<number>): { bad: Float64Array; good: Float64Array } {
  let nb = 0;
  for (let i = 0; i < y.length; i++) nb += y[i] ? 1 : 0;
  const bad = new Float64Array(nb);
  const good = new Float64Array(y.length - nb);
  for (let i = 0, b = 0, g = 0; i < y.length; i++) {
    if (y[i]) bad[b++] = score[i]; else good[g++] = score[i];
  }
  return { bad: bad.sort(), good: good.sort() };
}

/**
 * Area under the ROC curve = P(score_bad > score_good) + ½·P(tie): the Mann–Whitney U statistic with mid-ranks,
 * computed by merging the sorted scores of the two classes.
 */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const { bad, good } = split(score, y);
  if (bad.length === 0 || good.length === 0) return NaN;
  let below = 0; // goods strictly below the current bad score
  let u = 0;
  for (let i = 0; i < bad.length;) {
    const s = bad[i];
    let j = i;
    while (j < bad.length && bad[j] === s) j++;
    while (below < good.length && good[below] < s) below++;
    let tie = below;
    while (tie < good.length && good[tie] === s) tie++;
    u += (j - i) * (below + 0.5 * (tie - below));
    i = j;
  }
  return u / (bad.length * good.length);
}

/** Kolmogorov–Smirnov: the largest gap between the cumulative score distributions of bads and goods (ties kept together). */
export function ks(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const { bad, good } = split(score, y);
  if (bad.length === 0 || good.length === 0) return NaN;
  let i = 0, j = 0, best = 0;
  while (i < bad.length || j < good.length) {
    const s = Math.min(i < bad.length ? bad[i] : Infinity, j < good.length ? good[j] : Infinity);
    while (i < bad.length && bad[i] === s) i++;
    while (j < good.length && good[j] === s) j++;
    best = Math.max(best, Math.abs(i / bad.length - j / good.length));
  }
  return best;
}

export const gini = (areaUnderCurve: number): number => 2 * areaUnderCurve - 1;

export interface Discrimination {
  auc: number;
  ks: number;
  gini: number;
}

export function discrimination(score: ArrayLike<number>, y: ArrayLike<number>): Discrimination {
  const a = auc(score, y);
  return { auc: a, ks: ks(score, y), gini: gini(a) };
}

/** Share smoothing for stability indices: (count + 0.5) / (total + 0.5·bins), so an empty bin does not give ±∞. */
export function stabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  const k = expected.length;
  let te = 0, ta = 0;
  for (let i = 0; i < k; i++) { te += expected[i]; ta += actual[i]; }
  let s = 0;
  for (let i = 0; i < k; i++) {
    const e = (expected[i] + 0.5) / (te + 0.5 * k);
    const a = (actual[i] + 0.5) / (ta + 0.5 * k);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/**
 * Population stability index of a score between an expected (development) and an actual sample; bins are the
 * equal-frequency quantiles of the expected sample (default 10), values above the last edge fall in the last bin.
 */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, bins = 10): { psi: number; edges: number[]; expected: number[]; actual: number[] } {
  const sorted = Float64Array.from(expected).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((b / bins) * sorted.length) - 1)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  const count = (xs: ArrayLike<number>) => {
    const c = new Array<number>(edges.length + 1).fill(0);
    for (let i = 0; i < xs.length; i++) c[binOf(edges, xs[i])]++;
    return c;
  };
  const e = count(expected), a = count(actual);
  return { psi: stabilityIndex(e, a), edges, expected: e, actual: a };
}

/** Index of the first edge ≥ v (bins are (edge[k−1], edge[k]]), or edges.length. */
export function binOf(edges: ArrayLike<number>, v: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}
