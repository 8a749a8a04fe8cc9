import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { auc, fitLogistic } from '../scoring/index.ts';
import { generateKeyPair } from './paillier.ts';
import { createRandomnessPool } from './paillier-bulk.ts';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';
import { FEATURE_SCALE, prepareFeatures, stepsPerEpoch, type LocalFeatures, type TrainingConfig } from './hetero-lr.ts';
import { createArbiter, createGuest, createHost, type ArbiterLogEntry } from './hetero-parties.ts';
import { generateVerticalData } from './federated-data.ts';

let workers: WorkerPool;
beforeAll(() => { workers = createWorkerPool(2); });
afterAll(async () => workers.close());

/** The joined, quantised design the parties train on, for the central references. */
function joined(h: LocalFeatures, g: LocalFeatures) {
  const n = h.samples;
  const p = h.names.length + g.names.length;
  const x = new Float64Array(n * p);
  const cols = [...h.columns, ...g.columns];
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = cols[j][i] / 2 ** FEATURE_SCALE;
  return { n, p, x };
}

/** Minimiser of FATE's Taylor-approximated loss: (X̃ᵀX̃/4n + λI′)w = X̃ᵀ(y − ½)/n. */
function centralTaylor(d: { n: number; p: number; x: Float64Array }, y: ArrayLike<number>, lambda: number): number[] {
  const q = d.p + 1;
  const a = Matrix.zeros(q, q);
  const b = Matrix.zeros(q, 1);
  for (let i = 0; i < d.n; i++) {
    const row = [...d.x.subarray(i * d.p, (i + 1) * d.p), 1];
    for (let r = 0; r < q; r++) {
      b.set(r, 0, b.get(r, 0) + row[r] * (y[i] - 0.5) / d.n);
      for (let s = 0; s < q; s++) a.set(r, s, a.get(r, s) + row[r] * row[s] / (4 * d.n));
    }
  }
  for (let r = 0; r < d.p; r++) a.set(r, r, a.get(r, r) + lambda);
  return solve(a, b).to1DArray();
}

async function train(samples: number, keyBits: number, config: Partial<TrainingConfig>) {
  const data = generateVerticalData({ samples, hostFeatures: 3, guestFeatures: 2, seed: 7 });
  const cfg: TrainingConfig = { batchSize: samples, learningRate: 3, lambda: 1e-4, maxIterations: 200, tolerance: 1e-7, keyBits, ...config };
  const key = generateKeyPair(keyBits);
  const pub = key.publicKey;
  const hf = prepareFeatures(data.hostNames, data.host);
  const gf = prepareFeatures(data.guestNames, data.guest);
  const log: ArbiterLogEntry[] = [];
  const hostPool = createRandomnessPool(pub, workers);
  const guestPool = createRandomnessPool(pub, workers);
  const host = createHost({ pub, workers, pool: hostPool, config: cfg, samples, features: hf });
  const guest = createGuest({ pub, workers, pool: guestPool, config: cfg, samples, features: gf, labels: data.labels });
  const arbiter = createArbiter({ key, workers, tolerance: cfg.tolerance, log: (e) => log.push(e) });
  let steps = 0;
  for (let step = 0; step < cfg.maxIterations; step++) {
    const zh = await host.forward(step);
    const { residuals, masked } = await guest.residuals(step, zh);
    const hostMasked = await host.gradient(step, residuals);
    const hn = host.apply(step, await arbiter.decrypt('host', step, hostMasked));
    const gn = guest.apply(step, await arbiter.decrypt('guest', step, masked));
    steps = step + 1;
    if (arbiter.converged(step, hn, gn)) break;
  }
  return { data, hf, gf, host, guest, log, steps, cfg };
}

describe('hetero-LR (Paillier, Taylor residuals, arbiter)', () => {
  it('reaches the central minimiser of the same loss, and the central logistic regression within tolerance', async () => {
    const { data, hf, gf, host, guest, log, steps, cfg } = await train(400, 512, {});
    const d = joined(hf, gf);
    const taylor = centralTaylor(d, data.labels, cfg.lambda);
    const federated = [...host.weights, ...guest.weights];
    // The protocol itself loses nothing: the federated model is the central minimiser of the same loss.
    federated.forEach((w, j) => expect(w).toBeCloseTo(taylor[j], 4));
    expect(steps).toBeLessThan(cfg.maxIterations);
    // Against an exact logistic regression on the joined data (the Taylor loss is FATE's approximation).
    const exact = fitLogistic({ n: d.n, p: d.p, x: d.x, y: Uint8Array.from(data.labels), names: [] }, { lambda: cfg.lambda });
    const exactW = [...exact.coefficients, exact.intercept];
    federated.forEach((w, j) => expect(Math.abs(w - exactW[j])).toBeLessThan(0.06));
    const score = (w: number[]) => Array.from({ length: d.n }, (_, i) => {
      let z = w[d.p];
      for (let j = 0; j < d.p; j++) z += w[j] * d.x[i * d.p + j];
      return z;
    });
    expect(Math.abs(auc(score(federated), data.labels) - auc(score(exactW), data.labels))).toBeLessThan(0.005);
    expect(log.filter((e) => e.kind === 'decrypt')).toHaveLength(2 * steps);
  }, 180_000);

  it('sends the guest nothing of the host in clear, and the host nothing of the guest', async () => {
    const cfg: TrainingConfig = { batchSize: 60, learningRate: 1, lambda: 1e-4, maxIterations: 3, tolerance: 0, keyBits: 512 };
    const data = generateVerticalData({ samples: 60, hostFeatures: 3, guestFeatures: 2, seed: 11 });
    const key = generateKeyPair(512);
    const pub = key.publicKey;
    const host = createHost({ pub, workers, pool: createRandomnessPool(pub, workers), config: cfg, samples: 60, features: prepareFeatures(data.hostNames, data.host) });
    const guest = createGuest({ pub, workers, pool: createRandomnessPool(pub, workers), config: cfg, samples: 60, features: prepareFeatures(data.guestNames, data.guest), labels: data.labels });
    const arbiter = createArbiter({ key, workers, tolerance: 0, log: () => undefined });
    const toGuest: string[] = [];
    const toHost: string[] = [];
    for (let step = 0; step < 3; step++) {
      const zh = await host.forward(step);
      toGuest.push(JSON.stringify(zh.map(String)));
      const { residuals, masked } = await guest.residuals(step, zh);
      toHost.push(JSON.stringify(residuals.map(String)), JSON.stringify(masked.map(String)));
      const gp = await arbiter.decrypt('guest', step, masked);
      toGuest.push(JSON.stringify(gp.map(String)));
      host.apply(step, await arbiter.decrypt('host', step, await host.gradient(step, residuals)));
      guest.apply(step, gp);
    }
    const sentToGuest = toGuest.join('\n');
    for (const row of data.host) for (const v of row) expect(sentToGuest).not.toContain(String(v));
    const sentToHost = toHost.join('\n');
    for (const row of data.guest) for (const v of row) expect(sentToHost).not.toContain(String(v));
    expect(sentToHost).not.toContain(data.labels.join(''));
    expect(sentToHost).not.toContain(data.labels.join(','));
    // The arbiter's answer to the guest is G + R: far from any gradient the guest could read off.
    const g = JSON.parse(toGuest[1]) as string[];
    for (const v of g) expect(BigInt(v) > 1n << 100n).toBe(true);
  }, 60_000);

  it('trains in mini-batches, one step per batch', async () => {
    const { steps, log } = await train(120, 512, { batchSize: 50, maxIterations: 6, learningRate: 1 });
    expect(stepsPerEpoch(120, 50)).toBe(3);
    expect(steps).toBe(6);
    expect(log.filter((e) => e.kind === 'convergence')).toHaveLength(6);
  });
});
