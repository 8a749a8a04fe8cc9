import { addCipher, encodeFixed, encryptWith, signedOf, type PaillierPrivateKey, type PaillierPublicKey } from './paillier.ts';
import { decryptMany, encryptMany, multiExpColumns, type RandomnessPool } from './paillier-bulk.ts';
import { batchOf, gradientOf, newMask, partialPredictor, VALUE_SCALE, type LocalFeatures, type TrainingConfig } from './hetero-lr.ts';
import type { WorkerPool } from './worker-pool.ts';

/**
 * The three roles of hetero-LR. Host = the platform (features from providers), guest = the institution (its
 * features and the labels, and the intercept), arbiter = the key holder (run by the operator in the platform
 * process, with its own key and message log). Per mini-batch:
 *   host  → guest   [[z_h]]                                     (encrypted under the arbiter's key)
 *   guest → host    [[4d]] = [[z_h]] ⊕ Enc(b + z_g + 2 − 4y)      (fresh randomness: the host cannot strip it)
 *   host  → arbiter [[G_h + R_h]],  guest → arbiter [[G_g + R_g]]   (G = Σ_i x_i·4d_i, R random masks)
 *   arbiter → each  G + R                                         (decrypted; only the mask owner can remove R)
 *   each  → arbiter ‖g‖²                                          (the arbiter decides convergence)
 */
export interface Party {
  weights: Float64Array;
}

export interface HostParty extends Party {
  forward(step: number): Promise<bigint[]>;
  /** The host's encrypted, masked gradient for the step (masks kept until apply). */
  gradient(step: number, residuals: readonly bigint[]): Promise<bigint[]>;
  /** Removes the masks from the arbiter's answer, updates the weights; returns ‖g_h‖². */
  apply(step: number, maskedPlain: readonly bigint[]): number;
}

export interface GuestParty extends Party {
  intercept: number;
  /** [[4d]] for the host and the guest's own masked gradient (intercept last). */
  residuals(step: number, hostPredictor: readonly bigint[]): Promise<{ residuals: bigint[]; masked: bigint[] }>;
  apply(step: number, maskedPlain: readonly bigint[]): number;
}

interface Common { pub: PaillierPublicKey; workers: WorkerPool; pool: RandomnessPool; config: TrainingConfig; samples: number }

function unmaskAndStep(pub: PaillierPublicKey, masks: bigint[], plain: readonly bigint[], size: number, w: Float64Array, cfg: TrainingConfig, penalised: (j: number) => boolean): { normSq: number; grads: number[] } {
  if (plain.length !== masks.length) throw new RangeError(`expected ${masks.length} gradient values, got ${plain.length}`);
  const grads = plain.map((v, j) => gradientOf(signedOf(pub, (((v - masks[j]) % pub.n) + pub.n) % pub.n), size, w[j], cfg.lambda, penalised(j)));
  let normSq = 0;
  grads.forEach((g, j) => {
    w[j] -= cfg.learningRate * g;
    normSq += g * g;
  });
  return { normSq, grads };
}

export function createHost(c: Common & { features: LocalFeatures; weights?: ArrayLike<number> }): HostParty {
  const { pub, features, config } = c;
  const weights = new Float64Array(features.names.length);
  if (c.weights) weights.set(c.weights);
  const masks = new Map<number, { masks: bigint[]; size: number }>();
  return {
    weights,
    async forward(step) {
      const { from, to } = batchOf(step, c.samples, config.batchSize);
      const z = partialPredictor(features, weights, from, to);
      return encryptMany(pub, Array.from(z, (v) => encodeFixed(pub, v, VALUE_SCALE)), c.pool);
    },
    async gradient(step, residuals) {
      const { from, to } = batchOf(step, c.samples, config.batchSize);
      if (residuals.length !== to - from) throw new RangeError(`expected ${to - from} residuals, got ${residuals.length}`);
      const cols = features.columns.map((col) => col.slice(from, to));
      const sums = await multiExpColumns(pub, residuals, cols, c.workers);
      const m = sums.map(() => newMask(pub, config.batchSize));
      const factors = await c.pool.take(sums.length);
      masks.set(step, { masks: m, size: to - from });
      return sums.map((s, j) => addCipher(pub, s, encryptWith(pub, m[j], factors[j])));
    },
    apply(step, plain) {
      const entry = masks.get(step);
      if (!entry) throw new RangeError(`no gradient pending for step ${step}`);
      masks.delete(step);
      return unmaskAndStep(pub, entry.masks, plain, entry.size, weights, config, () => true).normSq;
    },
  };
}

export function createGuest(c: Common & { features: LocalFeatures; labels: ArrayLike<number>; weights?: ArrayLike<number>; intercept?: number }): GuestParty {
  const { pub, features, config } = c;
  if (c.labels.length !== c.samples || features.samples !== c.samples) throw new RangeError('labels, features and samples differ in length');
  // The intercept is the guest's last coefficient, over a column of ones.
  const weights = new Float64Array(features.names.length + 1);
  if (c.weights) weights.set(c.weights);
  if (c.intercept !== undefined) weights[features.names.length] = c.intercept;
  const one = 2 ** 12;
  const masks = new Map<number, { masks: bigint[]; size: number }>();
  const guest: GuestParty = {
    weights,
    get intercept() { return weights[features.names.length]; },
    set intercept(v: number) { weights[features.names.length] = v; },
    async residuals(step, hostPredictor) {
      const { from, to } = batchOf(step, c.samples, config.batchSize);
      if (hostPredictor.length !== to - from) throw new RangeError(`expected ${to - from} host predictors, got ${hostPredictor.length}`);
      const z = partialPredictor(features, weights, from, to);
      const b = weights[features.names.length];
      const own = Array.from(z, (v, k) => encodeFixed(pub, b + v + 2 - 4 * c.labels[from + k], VALUE_SCALE));
      const factors = await c.pool.take(own.length);
      const residuals = hostPredictor.map((h, k) => addCipher(pub, h, encryptWith(pub, own[k], factors[k])));
      const cols = [...features.columns.map((col) => col.slice(from, to)), new Array<number>(to - from).fill(one)];
      const sums = await multiExpColumns(pub, residuals, cols, c.workers);
      const m = sums.map(() => newMask(pub, config.batchSize));
      const mf = await c.pool.take(sums.length);
      masks.set(step, { masks: m, size: to - from });
      return { residuals, masked: sums.map((s, j) => addCipher(pub, s, encryptWith(pub, m[j], mf[j]))) };
    },
    apply(step, plain) {
      const entry = masks.get(step);
      if (!entry) throw new RangeError(`no gradient pending for step ${step}`);
      masks.delete(step);
      const last = features.names.length;
      return unmaskAndStep(pub, entry.masks, plain, entry.size, weights, config, (j) => j !== last).normSq;
    },
  };
  return guest;
}

export interface ArbiterLogEntry { step: number; kind: 'decrypt' | 'convergence'; party: 'host' | 'guest' | 'both'; count: number; detail: Record<string, unknown> }

export interface Arbiter {
  readonly publicKey: PaillierPublicKey;
  decrypt(party: 'host' | 'guest', step: number, masked: readonly bigint[]): Promise<bigint[]>;
  converged(step: number, hostNormSq: number, guestNormSq: number): boolean;
}

/** The arbiter: decrypts only masked gradients, judges convergence, and logs every message it handles. */
export function createArbiter(c: { key: PaillierPrivateKey; workers: WorkerPool; tolerance: number; log: (e: ArbiterLogEntry) => void }): Arbiter {
  return {
    publicKey: c.key.publicKey,
    async decrypt(party, step, masked) {
      const out = await decryptMany(c.key, masked, c.workers);
      c.log({ step, kind: 'decrypt', party, count: masked.length, detail: {} });
      return out;
    },
    converged(step, hostNormSq, guestNormSq) {
      const norm = Math.sqrt(hostNormSq + guestNormSq);
      const done = norm < c.tolerance;
      c.log({ step, kind: 'convergence', party: 'both', count: 2, detail: { gradientNorm: norm, converged: done } });
      return done;
    },
  };
}
