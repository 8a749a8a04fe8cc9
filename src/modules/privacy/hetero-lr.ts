import { randomBits } from './bigint.ts';
import type { PaillierPublicKey } from './paillier.ts';

/**
 * Shared rules of vertical federated logistic regression (hetero-LR, as in FATE): the fixed-point scales, the
 * batches, the gradient each party recovers, and the Taylor approximation of the logistic loss.
 *
 * FATE's guest computes the residual from the second-order Taylor expansion of log(1 + e^{−y'z}) at z = 0
 * (y' = ±1): d = ¼·z − ½·y' — in our 0/1 labels d = ¼·z + ½ − y. It is linear in z, so it can be computed under
 * additively homomorphic encryption. We carry 4d = z + 2 − 4y (integers after scaling) and divide by 4 in the clear.
 */
export interface TrainingConfig {
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the coefficients (not the intercept), as in scoring/logistic.ts */
  lambda: number;
  /** stop after this many mini-batch steps */
  maxIterations: number;
  /** the arbiter stops the training once ‖∇‖₂ (both parties' parts) falls below this */
  tolerance: number;
  keyBits: number;
}

/** Features are quantised to 2^−12 and linear predictors carried at 2^−24 (plaintext space is 2048 bits). */
export const FEATURE_SCALE = 12;
export const VALUE_SCALE = 24;
/** Standardised features are clipped here so every product stays inside the mask's statistical margin. */
export const FEATURE_CLIP = 15;
/** Statistical hiding of the masks: the mask is this many bits wider than any gradient sum. */
export const MASK_MARGIN_BITS = 80;

export const stepsPerEpoch = (samples: number, batchSize: number): number => Math.ceil(samples / batchSize);

/** Sample indices [from, to) of the batch a step uses; batches follow the sorted intersection, epoch after epoch. */
export function batchOf(step: number, samples: number, batchSize: number): { from: number; to: number; epoch: number; batch: number } {
  const per = stepsPerEpoch(samples, batchSize);
  const batch = step % per;
  const from = batch * batchSize;
  return { from, to: Math.min(samples, from + batchSize), epoch: Math.floor(step / per), batch };
}

/**
 * A party's local feature matrix: standardised on the intersection (its own statistics, never shared), clipped,
 * quantised to 2^−FEATURE_SCALE. Column-major integers (what the multi-exponentiation takes) and the real values.
 */
export interface LocalFeatures {
  names: string[];
  samples: number;
  means: number[];
  stds: number[];
  /** columns[j][i] = round(x_ij · 2^FEATURE_SCALE) */
  columns: number[][];
}

export function prepareFeatures(names: string[], rows: readonly (readonly number[])[]): LocalFeatures {
  const n = rows.length;
  const p = names.length;
  const means = new Array<number>(p).fill(0);
  const stds = new Array<number>(p).fill(0);
  for (const r of rows) {
    if (r.length !== p) throw new RangeError('every row must have one value per feature');
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(r[j])) throw new RangeError(`feature ${names[j]} has a missing or non-finite value`);
      means[j] += r[j] / n;
    }
  }
  for (const r of rows) for (let j = 0; j < p; j++) stds[j] += (r[j] - means[j]) ** 2 / n;
  for (let j = 0; j < p; j++) stds[j] = Math.sqrt(stds[j]) || 1;
  const scale = 2 ** FEATURE_SCALE;
  const columns = names.map((_, j) => rows.map((r) => {
    const z = Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, (r[j] - means[j]) / stds[j]));
    return Math.round(z * scale);
  }));
  return { names, samples: n, means, stds, columns };
}

/** Σ_j w_j x_ij over the quantised features of rows [from, to). */
export function partialPredictor(f: LocalFeatures, w: ArrayLike<number>, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  const scale = 2 ** FEATURE_SCALE;
  f.columns.forEach((col, j) => {
    const wj = w[j] / scale;
    for (let i = from; i < to; i++) out[i - from] += wj * col[i];
  });
  return out;
}

/** Bits of the largest possible |Σ_i X_ij·D_i| in a batch, for the mask width. */
export function gradientBoundBits(batchSize: number): number {
  return FEATURE_SCALE + Math.ceil(Math.log2(FEATURE_CLIP + 1)) + VALUE_SCALE + 10 + Math.ceil(Math.log2(batchSize + 1));
}

/** A fresh mask for one encrypted gradient component; refuses keys too small for the margin. */
export function newMask(pub: PaillierPublicKey, batchSize: number): bigint {
  const bits = gradientBoundBits(batchSize) + MASK_MARGIN_BITS;
  if (bits + 2 >= pub.bits) throw new RangeError(`a ${pub.bits}-bit key is too small for batches of ${batchSize}`);
  return randomBits(bits);
}

/** The real gradient component from the unmasked integer sum G = Σ X·D of a batch of `size` rows. */
export function gradientOf(sum: bigint, size: number, weight: number, lambda: number, penalised: boolean): number {
  return Number(sum) / (2 ** (FEATURE_SCALE + VALUE_SCALE) * 4 * size) + (penalised ? lambda * weight : 0);
}
