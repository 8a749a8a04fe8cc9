import { badRequest } from '../../../platform/http/problem.ts';
import type { Dataset } from './dataset.ts';
import type { Design } from './logistic.ts';

/**
 * The one-hot design of a raw logistic regression: each numeric characteristic z-scored with the training mean and
 * POPULATION standard deviation (missing → 0, i.e. the mean, plus a missing-indicator column when the training data
 * had missing values); each categorical characteristic one-hot with its first level in code-unit sort order
 * dropped (the same order as Python's sorted()), missing as its own indicator, unseen levels → the dropped level.
 * Fitted on a training sample and applied unchanged to any other, so cross-validation does not leak.
 */
export type OneHotTerm =
  | { name: string; kind: 'numeric'; mean: number; sd: number; missingIndicator: boolean }
  | { name: string; kind: 'categorical'; dropped: string; levels: string[]; missingIndicator: boolean };

export interface OneHotSpec {
  terms: OneHotTerm[];
  names: string[];
}

export function fitOneHot(data: Dataset): OneHotSpec {
  const terms: OneHotTerm[] = [];
  const names: string[] = [];
  for (const c of data.columns) {
    if (c.kind === 'numeric') {
      let s = 0, m = 0, missing = 0;
      for (const v of c.values) { if (Number.isNaN(v)) missing++; else { s += v; m++; } }
      if (m === 0) continue;
      const mean = s / m;
      let ss = 0;
      for (const v of c.values) if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
      const sd = Math.sqrt(ss / m);
      if (!(sd > 0) && missing === 0) continue; // a constant column carries no information
      // sd = 0 with missing values: only the indicator column is kept.
      terms.push({ name: c.name, kind: 'numeric', mean, sd: sd > 0 ? sd : 0, missingIndicator: missing > 0 });
      if (sd > 0) names.push(c.name);
      if (missing > 0) names.push(`${c.name}=<missing>`);
    } else {
      const levels = [...new Set(c.values.filter((v): v is string => v !== null))].sort();
      const missingIndicator = c.values.some((v) => v === null);
      if (levels.length === 0 && !missingIndicator) continue;
      const [dropped, ...kept] = levels;
      terms.push({ name: c.name, kind: 'categorical', dropped: dropped ?? '', levels: kept, missingIndicator });
      for (const l of kept) names.push(`${c.name}=${l}`);
      if (missingIndicator) names.push(`${c.name}=<missing>`);
    }
  }
  return { terms, names };
}

export function applyOneHot(spec: OneHotSpec, data: Dataset): Design {
  const n = data.rows;
  const p = spec.names.length;
  const x = new Float64Array(n * p);
  const byName = new Map(data.columns.map((c) => [c.name, c]));
  let col = 0;
  for (const t of spec.terms) {
    const c = byName.get(t.name);
    if (!c || c.kind !== t.kind) throw badRequest('SCORECARD_UNKNOWN_COLUMN', { en: `the data has no ${t.kind} column ${t.name}`, zh: `数据中没有${t.kind === 'numeric' ? '数值型' : '类别型'}列 ${t.name}` });
    if (t.kind === 'numeric' && c.kind === 'numeric') {
      const hasValue = t.sd > 0;
      for (let i = 0; i < n; i++) {
        const v = c.values[i];
        const miss = Number.isNaN(v);
        if (hasValue) x[i * p + col] = miss ? 0 : (v - t.mean) / t.sd;
        if (t.missingIndicator) x[i * p + col + (hasValue ? 1 : 0)] = miss ? 1 : 0;
      }
      col += (hasValue ? 1 : 0) + (t.missingIndicator ? 1 : 0);
    } else if (t.kind === 'categorical' && c.kind === 'categorical') {
      const index = new Map(t.levels.map((l, k) => [l, k]));
      for (let i = 0; i < n; i++) {
        const v = c.values[i];
        if (v === null) { if (t.missingIndicator) x[i * p + col + t.levels.length] = 1; continue; }
        const k = index.get(v);
        if (k !== undefined) x[i * p + col + k] = 1;
      }
      col += t.levels.length + (t.missingIndicator ? 1 : 0);
    }
  }
  return { n, p, x, y: data.target.y, names: spec.names };
}
