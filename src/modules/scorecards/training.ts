import {
  assignBins, columnOf, crossValidate, psi, scoreDataset, stabilityIndex, trainScorecard,
  type CrossValidationResult, type Dataset, type ScorecardModel, type Scaling,
} from '../scoring/index.ts';
import { datasetOf, type CharacteristicSet } from './characteristics.ts';
import type { Development, Monitoring } from './store.ts';

/** What an operator may set on a training job (the rest of the engine's defaults stay). */
export interface EngineOptions {
  folds: number;
  repeats: number;
  seed: number;
  lambda?: number;
  preBins?: number;
  minBinShare?: number;
  scaling: Scaling;
}

export const DEFAULT_ENGINE: EngineOptions = { folds: 5, repeats: 1, seed: 1, scaling: { baseScore: 600, baseOdds: 50, pdo: 20 } };

/** Training scores kept as the PSI baseline at most (a stride sample beyond). */
const MAX_BASELINE_SCORES = 20_000;

function binCounts(model: ScorecardModel, data: Dataset): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const c of model.characteristics) {
    const counts = new Array<number>(c.bins.length + 1).fill(0);
    for (const b of assignBins(c, columnOf(data, c.name))) counts[b < 0 ? c.bins.length : b]++;
    out[c.name] = counts;
  }
  return out;
}

/** Bins, screens and fits on the labelled snapshots; the model's scores and bin counts become the stability baseline. */
export function fitScorecard(set: CharacteristicSet, rows: readonly Record<string, unknown>[], bad: Uint8Array, o: EngineOptions, meta: { name: string; dataset: string; now: Date }) {
  const data = datasetOf(set, rows, bad);
  const binning = { ...(o.preBins ? { preBins: o.preBins } : {}), ...(o.minBinShare !== undefined ? { minBinShare: o.minBinShare } : {}) };
  const model = trainScorecard(data, { name: meta.name, dataset: meta.dataset, lambda: o.lambda, binning, scaling: o.scaling, now: meta.now });
  const scores = Array.from(scoreDataset(model, data).score);
  const stride = Math.max(1, Math.ceil(scores.length / MAX_BASELINE_SCORES));
  const development: Development = { scores: scores.filter((_, i) => i % stride === 0), counts: binCounts(model, data) };
  return { data, model, development, binning };
}

/** Repeated stratified K-fold of the whole procedure (binning and screening refitted in each fold). */
export function crossValidateScorecard(data: Dataset, o: EngineOptions, binning: Record<string, number>): CrossValidationResult {
  return crossValidate(data, { folds: o.folds, repeats: o.repeats, seed: o.seed, method: 'woe', lambda: o.lambda, binning });
}

/** PSI of the score and CSI per characteristic between the training sample and a sample of current enterprises. */
export function stabilityAgainst(set: CharacteristicSet, model: ScorecardModel, development: Development, current: readonly Record<string, unknown>[], at: Date): Monitoring {
  const data = datasetOf(set, current);
  const actualScores = scoreDataset(model, data).score;
  const actualCounts = binCounts(model, data);
  return {
    at: at.toISOString(),
    enterprises: current.length,
    psi: current.length && development.scores.length ? psi(development.scores, actualScores, 10).psi : 0,
    csi: model.characteristics.map((c) => ({ characteristic: c.name, csi: stabilityIndex(development.counts[c.name] ?? [], actualCounts[c.name]) })),
  };
}
