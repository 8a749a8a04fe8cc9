import { countBad, subsetRows, type Dataset } from './dataset.ts';
import { applyOneHot, fitOneHot } from './design.ts';
import { fitLogistic, linearPredictor } from './logistic.ts';
import { auc, ks } from './metrics.ts';
import { seededRandom, shuffle, type Random } from './random.ts';
import { binAll, screenCharacteristics, woeDesign, type ScreeningOptions } from './woe.ts';
import type { BinningOptions } from './binning.ts';

/**
 * Stratified K-fold: the bads and the goods are shuffled separately and dealt round-robin to the folds, so every
 * fold has the sample's bad rate (±1 row). Returns the fold of every row.
 */
export function stratifiedFolds(y: Uint8Array, folds: number, random: Random): Int32Array {
  const out = new Int32Array(y.length);
  let next = 0;
  for (const cls of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) rows.push(i);
    for (const i of shuffle(rows, random)) out[i] = next++ % folds;
  }
  return out;
}

export type Method = 'onehot' | 'woe';

export interface CrossValidationOptions {
  folds?: number;
  repeats?: number;
  seed?: number | string;
  /** onehot = raw logistic regression on the z-scored/one-hot design; woe = WOE logistic regression (default). */
  method?: Method;
  lambda?: number;
  binning?: BinningOptions;
  /** WOE only; `false` keeps every binned characteristic. */
  screening?: ScreeningOptions | false;
}

export interface Summary { mean: number; sd: number; min: number; max: number }

export interface CrossValidationResult {
  method: Method;
  folds: number;
  repeats: number;
  seed: number | string;
  /** Number of held-out folds evaluated (folds × repeats). */
  count: number;
  auc: Summary & { values: number[] };
  ks: Summary & { values: number[] };
  rows: number;
  bads: number;
}

/** A fitted model's held-out linear predictors; every transformation (scaling, binning, screening) is fitted on `train` only. */
export function fitAndPredict(train: Dataset, test: Dataset, opts: Pick<CrossValidationOptions, 'method' | 'lambda' | 'binning' | 'screening'>): Float64Array {
  if ((opts.method ?? 'woe') === 'onehot') {
    const spec = fitOneHot(train);
    const fit = fitLogistic(applyOneHot(spec, train), { lambda: opts.lambda });
    return linearPredictor(applyOneHot(spec, test), fit);
  }
  const binned = binAll(train, opts.binning);
  const kept = opts.screening === false ? binned : screenCharacteristics(binned, train, opts.screening).kept;
  const fit = fitLogistic(woeDesign(kept, train), { lambda: opts.lambda });
  return linearPredictor(woeDesign(kept, test), fit);
}

/** Repeated stratified K-fold cross-validation of AUC and KS on held-out folds. */
export function crossValidate(data: Dataset, opts: CrossValidationOptions = {}): CrossValidationResult {
  const folds = opts.folds ?? 5;
  const repeats = opts.repeats ?? 1;
  const seed = opts.seed ?? 1;
  const random = seededRandom(seed);
  const aucs: number[] = [];
  const kss: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const fold = stratifiedFolds(data.target.y, folds, random);
    for (let f = 0; f < folds; f++) {
      const trainRows: number[] = [], testRows: number[] = [];
      for (let i = 0; i < data.rows; i++) (fold[i] === f ? testRows : trainRows).push(i);
      const test = subsetRows(data, testRows);
      const z = fitAndPredict(subsetRows(data, trainRows), test, opts);
      aucs.push(auc(z, test.target.y));
      kss.push(ks(z, test.target.y));
    }
  }
  return {
    method: opts.method ?? 'woe', folds, repeats, seed, count: aucs.length,
    auc: { ...summary(aucs), values: aucs }, ks: { ...summary(kss), values: kss },
    rows: data.rows, bads: countBad(data.target.y),
  };
}

/** Mean, sample standard deviation (n − 1), min and max. */
export function summary(values: number[]): Summary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
