/**
 * The live products laid out column-wise in typed arrays for the scan of `ProductIndex.match` (SPEC §5.2 P4): one
 * pass over 10,000 products touches a few contiguous arrays instead of three objects per product, which is what
 * bounded the scan (memory, not arithmetic). Amounts stay integers: fen split into high and low 31-bit halves, compared
 * lexicographically — exact, no float.
 */
import type { ProfileKey, RuleTable } from './fast-rules.ts';

/** Per-product fit points fixed by the product (see matching.ts `indexed`), for one mode (with a demand / profile only). */
export interface FixedPoints {
  programmeHit: number; programmeMiss: number; rate: number; amount: number; term: number; guarantee: number; gradeNeutral: number;
  /** grade-margin points by margin (0 … gradeMarginFullAt) */
  grade: number[];
}

export interface ColumnSource {
  ruleIds: Int32Array;
  programmeMask: number;
  guaranteeMask: number;
  minGradeRank: number | undefined;
  fixed: [FixedPoints, FixedPoints];
  product: { amountMinFen: bigint; amountMaxFen: bigint; termMinMonths: number; termMaxMonths: number };
}

const HALF = 2n ** 31n;
const FIELDS = 7;

export interface Columns {
  n: number;
  ruleStart: Int32Array;
  ruleIds: Int32Array;
  programmeMask: Int32Array;
  guaranteeMask: Int32Array;
  /** -1 = no grade threshold */
  minGrade: Int32Array;
  termMin: Int32Array;
  termMax: Int32Array;
  minHi: Int32Array; minLo: Int32Array; maxHi: Int32Array; maxLo: Int32Array;
  stride: number;
  /** [mode 0 (demand), mode 1 (profile)]: programmeHit, programmeMiss, rate, amount, term, guarantee, gradeNeutral, grade[…] */
  points: [Int32Array, Int32Array];
}

export function buildColumns(list: readonly ColumnSource[], gradeSteps: number): Columns {
  const n = list.length;
  const stride = FIELDS + gradeSteps + 1;
  const total = list.reduce((s, x) => s + x.ruleIds.length, 0);
  const c: Columns = {
    n, ruleStart: new Int32Array(n + 1), ruleIds: new Int32Array(total), programmeMask: new Int32Array(n), guaranteeMask: new Int32Array(n),
    minGrade: new Int32Array(n), termMin: new Int32Array(n), termMax: new Int32Array(n),
    minHi: new Int32Array(n), minLo: new Int32Array(n), maxHi: new Int32Array(n), maxLo: new Int32Array(n),
    stride, points: [new Int32Array(n * stride), new Int32Array(n * stride)],
  };
  let at = 0;
  list.forEach((x, i) => {
    c.ruleStart[i] = at;
    c.ruleIds.set(x.ruleIds, at);
    at += x.ruleIds.length;
    c.programmeMask[i] = x.programmeMask;
    c.guaranteeMask[i] = x.guaranteeMask;
    c.minGrade[i] = x.minGradeRank ?? -1;
    c.termMin[i] = x.product.termMinMonths;
    c.termMax[i] = x.product.termMaxMonths;
    c.minHi[i] = Number(x.product.amountMinFen / HALF);
    c.minLo[i] = Number(x.product.amountMinFen % HALF);
    c.maxHi[i] = Number(x.product.amountMaxFen / HALF);
    c.maxLo[i] = Number(x.product.amountMaxFen % HALF);
    for (const mode of [0, 1] as const) {
      const f = x.fixed[mode];
      const row = [f.programmeHit, f.programmeMiss, f.rate, f.amount, f.term, f.guarantee, f.gradeNeutral, ...f.grade];
      c.points[mode].set(row.slice(0, stride), i * stride);
    }
  });
  c.ruleStart[n] = at;
  return c;
}

export interface ScanDemand {
  hi: number;
  lo: number;
  termMonths: number;
  guaranteeMask: number;
}

export function scanDemand(amountFen: bigint, termMonths: number, guaranteeMask: number): ScanDemand {
  return { hi: Number(amountFen / HALF), lo: Number(amountFen % HALF), termMonths, guaranteeMask };
}

/** Bounded best-k list of [index, fit, failed] kept sorted: fewer failures, then higher fit, then lower index. */
class TopK {
  readonly idx: number[] = [];
  readonly fit: number[] = [];
  readonly failed: number[] = [];
  constructor(readonly k: number) {}
  /** whether (failed, fit) could still enter */
  admits(failed: number, fit: number): boolean {
    const n = this.idx.length;
    if (n < this.k) return true;
    const f = this.failed[n - 1];
    return failed < f || (failed === f && fit > this.fit[n - 1]);
  }
  add(i: number, fit: number, failed: number): void {
    if (this.k <= 0 || !this.admits(failed, fit)) return;
    let at = this.idx.length;
    while (at > 0 && (failed < this.failed[at - 1] || (failed === this.failed[at - 1] && fit > this.fit[at - 1]))) at--;
    this.idx.splice(at, 0, i);
    this.fit.splice(at, 0, fit);
    this.failed.splice(at, 0, failed);
    if (this.idx.length > this.k) { this.idx.pop(); this.fit.pop(); this.failed.pop(); }
  }
}

/**
 * One pass: the eligible products with the best fit (ties: earlier index) and the near misses (fewest failed rules,
 * then best fit), as indexes into the list the columns were built from. `only` restricts the scan to some indexes.
 */
export function scan(c: Columns, table: RuleTable, key: ProfileKey, d: ScanDemand | null, o: { top: number; near: number; maxFailed: number; only?: (i: number) => boolean }): { best: number[]; near: number[] } {
  const best = new TopK(o.top);
  const near = new TopK(o.near);
  table.begin();
  const mode = d ? 0 : 1;
  const pts = c.points[mode];
  const stride = c.stride;
  const gradeMax = stride - FIELDS - 1;
  for (let i = 0; i < c.n; i++) {
    if (o.only !== undefined && !o.only(i)) continue;
    const failed = table.failuresIn(c.ruleIds, c.ruleStart[i], c.ruleStart[i + 1], key, o.maxFailed);
    if (failed > o.maxFailed || (failed > 0 && o.near === 0)) continue;
    const b = i * stride;
    let fit = pts[b + 2] + ((c.programmeMask[i] & key.tagBits) !== 0 ? pts[b] : pts[b + 1]);
    const mg = c.minGrade[i];
    if (mg < 0 || key.gradeRank === 99) fit += pts[b + 6];
    else {
      const margin = mg - key.gradeRank;
      fit += pts[b + FIELDS + (margin <= 0 ? 0 : margin >= gradeMax ? gradeMax : margin)];
    }
    if (d !== null) {
      const geMin = d.hi > c.minHi[i] || (d.hi === c.minHi[i] && d.lo >= c.minLo[i]);
      const leMax = d.hi < c.maxHi[i] || (d.hi === c.maxHi[i] && d.lo <= c.maxLo[i]);
      if (geMin && leMax) fit += pts[b + 3];
      if (d.termMonths >= c.termMin[i] && d.termMonths <= c.termMax[i]) fit += pts[b + 4];
      if ((c.guaranteeMask[i] & d.guaranteeMask) !== 0) fit += pts[b + 5];
    }
    if (fit > 10_000) fit = 10_000;
    if (failed === 0) best.add(i, fit, 0);
    else near.add(i, fit, failed);
  }
  return { best: best.idx, near: near.idx };
}
