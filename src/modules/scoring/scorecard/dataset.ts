import { badRequest } from '../../../platform/http/problem.ts';

/** A numeric characteristic; NaN marks a missing value. */
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}

/** A categorical characteristic; null marks a missing value. */
export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  values: (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn;

/** Characteristics and a binary outcome: y[i] = 1 when row i is "bad" (defaulted). */
export interface Dataset {
  rows: number;
  columns: Column[];
  target: { name: string; bad: string; good: string; y: Uint8Array };
}

/** The rows `index` of a dataset, in that order (used for folds; shares nothing mutable with the source). */
export function subsetRows(data: Dataset, index: ArrayLike<number>): Dataset {
  const n = index.length;
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = data.target.y[index[i]];
  const columns = data.columns.map((c): Column => {
    if (c.kind === 'numeric') {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[index[i]];
      return { name: c.name, kind: 'numeric', values: v };
    }
    const v = new Array<string | null>(n);
    for (let i = 0; i < n; i++) v[i] = c.values[index[i]];
    return { name: c.name, kind: 'categorical', values: v };
  });
  return { rows: n, columns, target: { ...data.target, y } };
}

export function columnOf(data: Dataset, name: string): Column {
  const c = data.columns.find((x) => x.name === name);
  if (!c) throw badRequest('SCORECARD_UNKNOWN_COLUMN', { en: `no column ${name} in the data`, zh: `数据中没有列 ${name}` });
  return c;
}

export function countBad(y: Uint8Array): number {
  let b = 0;
  for (let i = 0; i < y.length; i++) b += y[i];
  return b;
}
