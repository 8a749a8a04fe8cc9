import { sm3Hex } from '../../../platform/crypto/index.ts';
import { cipherFromWire, cipherToWire, publicKeyFromWire, type PublicKeyWire } from '../paillier.ts';
import { createRandomnessPool } from '../paillier-bulk.ts';
import { batchOf, prepareFeatures, stepsPerEpoch, type TrainingConfig } from '../hetero-lr.ts';
import { createGuest } from '../hetero-parties.ts';
import { createWorkerPool, type WorkerPool } from '../worker-pool.ts';
import type { PlatformTransport } from './transport.ts';

/**
 * The institution's side of hetero-LR (the guest): its features and labels stay here; it sends the platform only
 * ciphertexts under the arbiter's key, its masked gradient and its gradient norm². It keeps its coefficients and the
 * intercept; the platform keeps its own.
 */
export interface TrainingView {
  id: string; status: string; progress: number; step: number; stepsPerEpoch: number; samples: number;
  config: TrainingConfig & { guestFeatures: number }; publicKey: PublicKeyWire; hostFeatures: string[]; summary: Record<string, unknown>;
}

export interface GuestData {
  /** the intersection, as runPsi returned it */
  ids: string[];
  names: string[];
  /** features per id, in `names` order */
  rows: Map<string, number[]>;
  /** 1 = bad (default, overdue), 0 = good */
  labels: Map<string, number>;
}

export interface TrainOptions {
  psiJobId: string;
  batchSize?: number; learningRate?: number; lambda?: number; maxIterations?: number; tolerance?: number; keyBits?: number;
  workers?: WorkerPool;
  onProgress?: (t: TrainingView, step: number) => void;
}

export interface GuestModel {
  trainingId: string; names: string[]; means: number[]; stds: number[];
  /** coefficients on standardised features, and the intercept */
  weights: number[]; intercept: number; training: TrainingView;
}

export async function runTraining(t: PlatformTransport, data: GuestData, o: TrainOptions): Promise<GuestModel> {
  const ids = [...data.ids].sort();
  const rows = ids.map((id) => {
    const r = data.rows.get(id);
    if (!r) throw new Error(`no features for ${id}`);
    return r;
  });
  const labels = ids.map((id) => {
    const y = data.labels.get(id);
    if (y !== 0 && y !== 1) throw new Error(`label of ${id} must be 0 or 1`);
    return y;
  });
  const created = await t.request<{ training: TrainingView; intersectionSm3: string }>('POST', '/privacy/trainings', {
    psiJobId: o.psiJobId, guestFeatures: data.names.length,
    ...(o.batchSize ? { batchSize: o.batchSize } : {}), ...(o.learningRate ? { learningRate: o.learningRate } : {}),
    ...(o.lambda !== undefined ? { lambda: o.lambda } : {}), ...(o.maxIterations ? { maxIterations: o.maxIterations } : {}),
    ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}), ...(o.keyBits ? { keyBits: o.keyBits } : {}),
  });
  // Both sides must order the same samples the same way; the digest checks it without sending an id.
  if (created.intersectionSm3 !== sm3Hex(ids.join('\n'))) throw new Error('the platform’s intersection differs from ours; run the PSI again');
  let training = created.training;
  const workers = o.workers ?? createWorkerPool();
  try {
    const pub = publicKeyFromWire(training.publicKey);
    const features = prepareFeatures(data.names, rows);
    const guest = createGuest({ pub, workers, pool: createRandomnessPool(pub, workers), config: training.config, samples: training.samples, features, labels });
    for (let step = training.step; training.status === 'running'; step++) {
      const { to, from } = batchOf(step, training.samples, training.config.batchSize);
      const fwd = await t.request<{ ciphertexts: string[] }>('POST', `/privacy/trainings/${training.id}/forward`, { step });
      if (fwd.ciphertexts.length !== to - from) throw new Error('the platform sent a batch of the wrong size');
      const { residuals, masked } = await guest.residuals(step, fwd.ciphertexts.map((c) => cipherFromWire(pub, c)));
      const back = await t.request<{ maskedGradient: string[] }>('POST', `/privacy/trainings/${training.id}/backward`, {
        step, residuals: residuals.map((c) => cipherToWire(pub, c)), maskedGradient: masked.map((c) => cipherToWire(pub, c)),
      });
      const normSq = guest.apply(step, back.maskedGradient.map((v) => BigInt(v)));
      training = await t.request<TrainingView>('POST', `/privacy/trainings/${training.id}/report`, { step, gradientNormSq: normSq });
      o.onProgress?.(training, step);
    }
    return {
      trainingId: training.id, names: data.names, means: features.means, stds: features.stds,
      weights: Array.from(guest.weights.subarray(0, data.names.length)), intercept: guest.intercept, training,
    };
  } finally {
    if (!o.workers) await workers.close();
  }
}

export const epochsOf = (t: TrainingView): number => t.step / stepsPerEpoch(t.samples, t.config.batchSize);
