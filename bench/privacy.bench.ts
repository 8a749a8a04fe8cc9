import { availableParallelism } from 'node:os';
import type { BenchResult } from './support.ts';
import { createWorkerPool, type WorkerPool } from '../src/modules/privacy/worker-pool.ts';
import { newPsiSecret, pointKeys, randomPermutation, hashToGroup, exponentiate, secretKeyObject } from '../src/modules/privacy/psi-group.ts';
import { createFactorTable, decrypt, encryptWith, generateKeyPair, randomFactor, randomFactorFromTable } from '../src/modules/privacy/paillier.ts';
import { createRandomnessPool } from '../src/modules/privacy/paillier-bulk.ts';
import { prepareFeatures, stepsPerEpoch, type TrainingConfig } from '../src/modules/privacy/hetero-lr.ts';
import { createArbiter, createGuest, createHost } from '../src/modules/privacy/hetero-parties.ts';
import { generateVerticalData } from '../src/modules/privacy/federated-data.ts';

/**
 * P8 (issue 9): ECDH-PSI with 100,000 ids per side (goal ≤ 3 min) and one hetero-LR epoch on 10,000 samples ×
 * 20 features (10 platform, 10 institution) with 2048-bit Paillier (goal ≤ 60 s), on this machine. Both parties
 * run in this process sharing one worker pool (the two cores), the protocol's messages as the modules build them;
 * HTTP and the database are left out (their share is measured by the API tests, not here).
 */
const PSI_IDS = Number(process.env.P8_PSI_IDS ?? 100_000);
const LR_SAMPLES = Number(process.env.P8_LR_SAMPLES ?? 10_000);
const LR_BATCH = Number(process.env.P8_LR_BATCH ?? 2_500);
const KEY_BITS = 2048;
/** python-paillier 2048-bit per-operation times, ms (github.com/Di-Chai/he-benchmark, README-New.md). */
const REFERENCE_MS = { encrypt: 19.65, decrypt: 5.92 };

async function benchPsi(workers: WorkerPool) {
  const chunk = 10_000;
  const platformIds = Array.from({ length: PSI_IDS }, (_, i) => `P${String(i).padStart(9, '0')}`);
  // Half the institution's customers are on the platform.
  const customers = Array.from({ length: PSI_IDS }, (_, i) => (i % 2 ? `P${String(i).padStart(9, '0')}` : `C${String(i).padStart(9, '0')}`));
  const a = newPsiSecret();
  const b = newPsiSecret();
  const inChunks = async (items: string[] | Buffer, fn: (part: string[] | Buffer) => Promise<Uint8Array>) => {
    const parts: Promise<Uint8Array>[] = [];
    const n = Array.isArray(items) ? items.length : items.length / 32;
    for (let k = 0; k < n; k += chunk) parts.push(fn(Array.isArray(items) ? items.slice(k, k + chunk) : items.subarray(k * 32, (k + chunk) * 32)));
    return Buffer.concat(await Promise.all(parts));
  };
  const t0 = performance.now();
  const order = Array.from(randomPermutation(customers.length), (i) => customers[i]);
  const platformOrder = Array.from(randomPermutation(platformIds.length), (i) => platformIds[i]);
  const B = await inChunks(order, (p) => workers.run('psi.hashAndBlind', { secret: b, ids: p as string[] }));
  const A = await inChunks(platformOrder, (p) => workers.run('psi.hashAndBlind', { secret: a, ids: p as string[] }));
  const BA = await inChunks(B, (p) => workers.run('psi.blindAll', { secret: a, points: p as Buffer }));
  const AB = await inChunks(A, (p) => workers.run('psi.blindAll', { secret: b, points: p as Buffer }));
  const abSet = new Set(pointKeys(AB));
  const baKeys = pointKeys(BA);
  const instSide = order.filter((_, i) => abSet.has(baKeys[i]));
  const baSet = new Set(baKeys);
  const abKeys = pointKeys(AB);
  const platSide = platformOrder.filter((_, i) => baSet.has(abKeys[i]));
  const seconds = (performance.now() - t0) / 1000;
  if (instSide.length !== PSI_IDS / 2 || platSide.length !== PSI_IDS / 2) throw new Error(`PSI found ${instSide.length}/${platSide.length}, expected ${PSI_IDS / 2}`);

  // Single-thread per-operation figures.
  const key = secretKeyObject(a);
  let t = performance.now();
  const pts = Array.from({ length: 2000 }, (_, i) => hashToGroup(`X${i}`));
  const h2cPerS = 2000 / ((performance.now() - t) / 1000);
  t = performance.now();
  for (const p of pts) exponentiate(key, p);
  const mulPerS = 2000 / ((performance.now() - t) / 1000);
  return {
    ids_per_side: PSI_IDS, intersection: instSide.length, seconds: Math.round(seconds * 10) / 10,
    hash_to_group_per_s_1thread: Math.round(h2cPerS), ec_mults_per_s_1thread: Math.round(mulPerS),
    ec_ops_total: 4 * PSI_IDS, hash_to_group_total: 2 * PSI_IDS,
  };
}

async function benchHeteroLr(workers: WorkerPool) {
  const data = generateVerticalData({ samples: LR_SAMPLES, hostFeatures: 10, guestFeatures: 10, seed: 8 });
  let t = performance.now();
  const key = generateKeyPair(KEY_BITS);
  const keygenS = (performance.now() - t) / 1000;
  const pub = key.publicKey;
  const cfg: TrainingConfig = { batchSize: LR_BATCH, learningRate: 0.5, lambda: 1e-4, maxIterations: 1000, tolerance: 1e-9, keyBits: KEY_BITS };
  const steps = stepsPerEpoch(LR_SAMPLES, LR_BATCH);
  const hostPool = createRandomnessPool(pub, workers);
  const guestPool = createRandomnessPool(pub, workers);
  // Offline phase: the randomness factors an epoch consumes (one per sample each side, plus the masks).
  t = performance.now();
  await Promise.all([hostPool.prefill(LR_SAMPLES + 10 * steps), guestPool.prefill(LR_SAMPLES + 11 * steps)]);
  const offlineS = (performance.now() - t) / 1000;
  const hf = prepareFeatures(data.hostNames, data.host);
  const gf = prepareFeatures(data.guestNames, data.guest);
  const host = createHost({ pub, workers, pool: hostPool, config: cfg, samples: LR_SAMPLES, features: hf });
  const guest = createGuest({ pub, workers, pool: guestPool, config: cfg, samples: LR_SAMPLES, features: gf, labels: data.labels });
  const arbiter = createArbiter({ key, workers, tolerance: cfg.tolerance, log: () => undefined });
  const phase = { forward: 0, guest: 0, hostGradient: 0, arbiter: 0 };
  t = performance.now();
  for (let step = 0; step < steps; step++) {
    let p = performance.now();
    const zh = await host.forward(step);
    phase.forward += performance.now() - p; p = performance.now();
    const { residuals, masked } = await guest.residuals(step, zh);
    phase.guest += performance.now() - p; p = performance.now();
    const hm = await host.gradient(step, residuals);
    phase.hostGradient += performance.now() - p; p = performance.now();
    const [hp, gp] = await Promise.all([arbiter.decrypt('host', step, hm), arbiter.decrypt('guest', step, masked)]);
    arbiter.converged(step, host.apply(step, hp), guest.apply(step, gp));
    phase.arbiter += performance.now() - p;
  }
  const onlineS = (performance.now() - t) / 1000;

  // Single-thread per-operation figures at 2048 bits.
  const factors = Array.from({ length: 20 }, () => { return 0n; });
  t = performance.now();
  for (let i = 0; i < factors.length; i++) factors[i] = randomFactor(pub);
  const factorsPerS = factors.length / ((performance.now() - t) / 1000);
  t = performance.now();
  const table = createFactorTable(pub);
  const tableBuildS = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < 200; i++) randomFactorFromTable(table);
  const tableFactorsPerS = 200 / ((performance.now() - t) / 1000);
  t = performance.now();
  const cts = Array.from({ length: 2000 }, (_, i) => encryptWith(pub, BigInt(i * 7919), factors[i % factors.length]));
  const encPerS = 2000 / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < 50; i++) decrypt(key, cts[i]);
  const decPerS = 50 / ((performance.now() - t) / 1000);
  const r = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    samples: LR_SAMPLES, features: '10 platform + 10 institution', key_bits: KEY_BITS, batch_size: LR_BATCH, steps_per_epoch: steps,
    epoch_online_seconds: r(onlineS), epoch_offline_randomness_seconds: r(offlineS), epoch_total_seconds: r(onlineS + offlineS), keygen_seconds: r(keygenS, 2),
    phases_seconds: Object.fromEntries(Object.entries(phase).map(([k, v]) => [k, r(v / 1000)])),
    encryptions_per_s_with_precomputed_factor_1thread: Math.round(encPerS), randomness_factors_per_s_1thread: r(factorsPerS),
    randomness_factors_per_s_fixed_base_table_1thread: r(tableFactorsPerS), fixed_base_table_build_seconds: r(tableBuildS, 2),
    decryptions_per_s_crt_1thread: r(decPerS), workers: workers.size,
    // Against the published python-paillier figures (REFERENCE below): a whole encryption here is a table factor plus
    // the multiplication; "speedup" = reference time / ours, one thread each.
    encryption_ms_1thread: r(1000 / tableFactorsPerS + 1000 / encPerS, 2), decryption_ms_1thread: r(1000 / decPerS, 2),
    encryption_speedup_vs_reference: r(REFERENCE_MS.encrypt / (1000 / tableFactorsPerS + 1000 / encPerS)),
    decryption_speedup_vs_reference: r(REFERENCE_MS.decrypt / (1000 / decPerS)),
  };
}

export async function benchPrivacy(): Promise<BenchResult> {
  const workers = createWorkerPool(Math.max(2, Math.min(4, availableParallelism())));
  try {
    const psi = await benchPsi(workers);
    const lr = await benchHeteroLr(workers);
    const pass = psi.seconds <= 180 && lr.epoch_total_seconds <= 60;
    return {
      id: 'P8', title: 'PSI 100,000 ids per side; one hetero-LR epoch 10,000 × 20 with 2048-bit Paillier',
      target: 'PSI ≤ 180 s; epoch ≤ 60 s (offline randomness included)', pass,
      seconds: psi.seconds, psi, hetero_lr: lr,
      reference: 'python-paillier (the base of FATE’s fate_paillier), 2048-bit, Intel 6-core 3.7 GHz: encrypt 19.65 ms, decrypt 5.92 ms per operation — github.com/Di-Chai/he-benchmark README-New.md; no published FATE hetero-LR epoch time for this shape was found',
    };
  } finally {
    await workers.close();
  }
}
