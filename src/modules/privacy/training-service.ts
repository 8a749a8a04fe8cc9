import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import { sm3Hex, uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, notFound } from '../../platform/http/index.ts';
import type { AuditSink } from '../audit/index.ts';
import { fromB64, toB64 } from './bigint.ts';
import { cipherFromWire, cipherToWire, generateKeyPair, publicKeyFromWire, publicKeyToWire, type PaillierPrivateKey, type PaillierPublicKey } from './paillier.ts';
import { createRandomnessPool, type RandomnessPool } from './paillier-bulk.ts';
import { batchOf, prepareFeatures, stepsPerEpoch, type LocalFeatures, type TrainingConfig } from './hetero-lr.ts';
import { createArbiter, createHost, type Arbiter } from './hetero-parties.ts';
import type { Requester } from './psi-service.ts';
import type { HostState, PrivacyStore, TrainingRow } from './store.ts';
import type { WorkerPool } from './worker-pool.ts';

/**
 * C12 vertical federated logistic regression, platform side: the host (features from providers for the enterprises
 * of a finished PSI job) and the arbiter (its own Paillier key, field-encrypted under its own AAD, and its own message
 * log). The guest is the institution's CLI (institution/); every step is one forward and one backward request.
 */
export interface HostFeatures { names: string[]; rows: number[][] }

export interface TrainingDeps {
  db: Db; keys: PlatformKeys; audit: AuditSink; clock: () => number; store: PrivacyStore; workers: () => WorkerPool;
  /** Provider features of the enterprises, in the order given (evaluation features, or a fixture in tests). */
  hostFeatures: (usccs: string[]) => Promise<HostFeatures>;
  /** Smallest Paillier modulus accepted (2048 in production; tests lower it). */
  minKeyBits: number;
  /** Smallest intersection a training may run on, so a model is not fitted to a handful of named enterprises. */
  minSamples: number;
}

export interface TrainingInput { psiJobId: string; guestFeatures: number; batchSize: number; learningRate: number; lambda: number; maxIterations: number; tolerance: number; keyBits: number }

const NOT_FOUND = () => notFound('TRAINING_NOT_FOUND', { zh: '没有这个联邦训练任务', en: 'No such federated training' });
const arbiterAad = (id: string) => `privacy_trainings.arbiter_key:${id}`;

interface Live { features: LocalFeatures; pub: PaillierPublicKey; key: PaillierPrivateKey; pool: RandomnessPool; arbiter: Arbiter; pendingLog: Parameters<Parameters<typeof createArbiter>[0]['log']>[0][] }

export function createTrainingService(d: TrainingDeps) {
  const { db, store, keys } = d;
  const now = () => new Date(d.clock());
  const live = new Map<string, Live>();
  const locks = new Map<string, Promise<unknown>>();

  /** One request at a time per training (in this process): steps are strictly sequential. */
  function serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    locks.set(id, next.catch(() => undefined));
    return next;
  }

  async function own(orgId: string | null, id: string): Promise<TrainingRow> {
    const t = await store.training(id);
    if (!t || (orgId !== null && t.institution_org_id !== orgId)) throw NOT_FOUND();
    return t;
  }

  async function loadFeatures(psiJobId: string): Promise<{ usccs: string[]; features: LocalFeatures }> {
    const usccs = await store.intersection(psiJobId);
    const host = await d.hostFeatures(usccs);
    return { usccs, features: prepareFeatures(host.names, host.rows) };
  }

  /** The in-memory parts of a training, rebuilt from the database after a restart. */
  async function liveOf(t: TrainingRow): Promise<Live> {
    let l = live.get(t.id);
    if (!l) {
      const { features } = await loadFeatures(t.psi_job_id);
      const pub = publicKeyFromWire(t.public_key);
      const parts = JSON.parse(keys.cipher.decrypt(t.arbiter_key_enc, arbiterAad(t.id))) as { p: string; q: string };
      const key: PaillierPrivateKey = { publicKey: pub, p: fromB64(parts.p), q: fromB64(parts.q) };
      const pendingLog: Live['pendingLog'] = [];
      const arbiter = createArbiter({ key, workers: d.workers(), tolerance: t.config.tolerance, log: (e) => pendingLog.push(e) });
      l = { features, pub, key, pool: createRandomnessPool(pub, d.workers()), arbiter, pendingLog };
      live.set(t.id, l);
    }
    return l;
  }

  const configOf = (t: TrainingRow): TrainingConfig => t.config as unknown as TrainingConfig;

  function hostOf(t: TrainingRow, l: Live) {
    return createHost({ pub: l.pub, workers: d.workers(), pool: l.pool, config: configOf(t), samples: t.samples, features: l.features, weights: t.host_state.weights });
  }

  async function flushArbiterLog(id: string, l: Live) {
    for (const e of l.pendingLog.splice(0)) await store.appendArbiterLog(db, id, { ...e, at: now() });
  }

  function checkStep(t: TrainingRow, step: number) {
    if (t.status !== 'running') throw conflict('TRAINING_NOT_RUNNING', { zh: `训练已结束（${t.status}）`, en: `The training has ended (${t.status})` });
    if (step !== t.step) throw conflict('TRAINING_STEP_MISMATCH', { zh: `平台期待第 ${t.step} 步`, en: `The platform expects step ${t.step}` }, { expectedStep: t.step });
    if (t.step >= (t.config.maxIterations ?? 0)) throw conflict('TRAINING_AWAITS_REPORT', { zh: '已到最大步数，请先报告收敛', en: 'The last step is done; report it first' });
  }

  function ciphers(pub: PaillierPublicKey, list: string[], expected: number, what: string): bigint[] {
    if (list.length !== expected) throw badRequest('TRAINING_MESSAGE_SIZE', { zh: `${what}应有 ${expected} 个密文`, en: `${what} must hold ${expected} ciphertexts` });
    try {
      return list.map((c) => cipherFromWire(pub, c));
    } catch (err) {
      throw badRequest('TRAINING_CIPHERTEXT_INVALID', { zh: `${what}含无效密文`, en: `${what} holds an invalid ciphertext: ${(err as Error).message}` });
    }
  }

  return {
    async create(orgId: string, requester: Requester, input: TrainingInput): Promise<{ training: TrainingRow; intersectionSm3: string }> {
      const job = await store.job(input.psiJobId);
      if (!job || job.institution_org_id !== orgId) throw notFound('PSI_JOB_NOT_FOUND', { zh: '没有这个隐私求交任务', en: 'No such private set intersection job' });
      if (job.status !== 'finished') throw conflict('PSI_JOB_STATE', { zh: '求交尚未完成，不能开始训练', en: 'The intersection is not finished; training cannot start' });
      if (input.keyBits < d.minKeyBits) throw badRequest('TRAINING_KEY_TOO_SMALL', { zh: `Paillier 密钥至少 ${d.minKeyBits} 位`, en: `Paillier keys must have at least ${d.minKeyBits} bits` });
      const { usccs, features } = await loadFeatures(job.id);
      if (usccs.length < d.minSamples) {
        throw conflict('TRAINING_TOO_FEW_SAMPLES', { zh: `交集只有 ${usccs.length} 家企业，至少需要 ${d.minSamples} 家`, en: `The intersection holds ${usccs.length} enterprises; at least ${d.minSamples} are needed` });
      }
      const id = uuidv7();
      const key = generateKeyPair(input.keyBits);
      const config: TrainingConfig = { batchSize: Math.min(input.batchSize, usccs.length), learningRate: input.learningRate, lambda: input.lambda, maxIterations: input.maxIterations, tolerance: input.tolerance, keyBits: input.keyBits };
      const hostState: HostState = { names: features.names, means: features.means, stds: features.stds, weights: features.names.map(() => 0), lastNormSq: null };
      const intersectionSm3 = sm3Hex(usccs.join('\n'));
      await db.tx(async (q) => {
        await store.insertTraining(q, {
          id, orgId, psiJobId: job.id, config: { ...config, guestFeatures: input.guestFeatures }, samples: usccs.length, hostState,
          publicKey: publicKeyToWire(key.publicKey), arbiterKeyEnc: keys.cipher.encrypt(JSON.stringify({ p: toB64(key.p), q: toB64(key.q) }), arbiterAad(id)),
          createdBy: requester.name, at: now(),
        });
        await store.appendArbiterLog(q, id, { step: 0, kind: 'key', party: 'arbiter', count: 1, detail: { bits: input.keyBits, nSm3: sm3Hex(key.publicKey.n.toString(16)) }, at: now() });
        await store.updateTrainingSummary(q, id, { samples: usccs.length, hostFeatures: features.names.length, guestFeatures: input.guestFeatures, iterations: 0 }, now());
      });
      // Each enterprise's provider features enter the computation (never leave in clear): one access entry each, so the
      // enterprise sees it in its access history (joint modelling needs no authorisation: seed 001 §(六)).
      await Promise.all(usccs.map((subject) => d.audit.append({
        kind: 'access', action: 'privacy.training.features', actor: requester.actor, subject, outcome: 'allowed', destination: 'federated_training',
        target: { type: 'training', id }, details: { features: features.names.length },
      })));
      await d.audit.append({
        kind: 'change', action: 'privacy.training.created', actor: requester.actor, outcome: 'ok', target: { type: 'training', id },
        details: { psiJobId: job.id, samples: usccs.length, hostFeatures: features.names.length, guestFeatures: input.guestFeatures, keyBits: input.keyBits, intersectionSm3 },
      });
      return { training: (await store.training(id))!, intersectionSm3 };
    },

    get: (orgId: string | null, id: string) => own(orgId, id),
    list: store.trainings,
    arbiterLog: async (orgId: string | null, id: string) => { await own(orgId, id); return store.arbiterLog(id); },

    /** Host → guest: [[z_h]] of the step's batch under the arbiter's key. */
    forward(orgId: string, id: string, step: number): Promise<string[]> {
      return serial(id, async () => {
        const t = await own(orgId, id);
        checkStep(t, step);
        const l = await liveOf(t);
        const zh = await hostOf(t, l).forward(step);
        return zh.map((c) => cipherToWire(l.pub, c));
      });
    },

    /**
     * Guest → host: [[4d]] and the guest's masked gradient. The host computes and masks its gradient, the arbiter
     * decrypts both masked gradients, the host unmasks and steps; the guest gets its G + R back to unmask.
     */
    backward(orgId: string, id: string, step: number, residuals: string[], guestMasked: string[], requester: Requester): Promise<string[]> {
      return serial(id, async () => {
        const t = await own(orgId, id);
        if (t.last_backward?.step === step && t.step === step + 1) return t.last_backward.guestPlain;
        checkStep(t, step);
        const l = await liveOf(t);
        const cfg = configOf(t);
        const { from, to } = batchOf(step, t.samples, cfg.batchSize);
        const res = ciphers(l.pub, residuals, to - from, 'residuals');
        const gm = ciphers(l.pub, guestMasked, (t.config.guestFeatures ?? 0) + 1, 'maskedGradient');
        const host = hostOf(t, l);
        const hostMasked = await host.gradient(step, res);
        const hostNormSq = host.apply(step, await l.arbiter.decrypt('host', step, hostMasked));
        const guestPlain = (await l.arbiter.decrypt('guest', step, gm)).map((v) => v.toString());
        const state: HostState = { ...t.host_state, weights: Array.from(host.weights), lastNormSq: hostNormSq };
        await store.saveStep(db, id, { step: step + 1, hostState: state, lastBackward: { step, guestPlain }, progress: (step + 1) / cfg.maxIterations, at: now() });
        await flushArbiterLog(id, l);
        if (batchOf(step, t.samples, cfg.batchSize).batch === stepsPerEpoch(t.samples, cfg.batchSize) - 1) {
          await d.audit.append({
            kind: 'change', action: 'privacy.training.epoch', actor: requester.actor, outcome: 'ok', target: { type: 'training', id },
            details: { step, epoch: batchOf(step, t.samples, cfg.batchSize).epoch, residuals: res.length, residualsSm3: sm3Hex(residuals.join('')) },
          });
        }
        return guestPlain;
      });
    },

    /** Guest → arbiter: ‖g_g‖² of the step just taken; the arbiter decides whether the training has converged. */
    report(orgId: string, id: string, step: number, guestNormSq: number, requester: Requester): Promise<TrainingRow> {
      return serial(id, async () => {
        const t = await own(orgId, id);
        if (t.status !== 'running') return t;
        if (step !== t.step - 1 || t.host_state.lastNormSq === null) {
          throw conflict('TRAINING_STEP_MISMATCH', { zh: `平台期待第 ${t.step - 1} 步的收敛报告`, en: `The platform expects the report of step ${t.step - 1}` }, { expectedStep: t.step - 1 });
        }
        const l = await liveOf(t);
        const cfg = configOf(t);
        const converged = l.arbiter.converged(step, t.host_state.lastNormSq, guestNormSq);
        await flushArbiterLog(id, l);
        const gradientNorm = Math.sqrt(t.host_state.lastNormSq + guestNormSq);
        const done = converged || t.step >= cfg.maxIterations;
        const summary = { iterations: t.step, epochs: Math.ceil(t.step / stepsPerEpoch(t.samples, cfg.batchSize)), gradientNorm, converged };
        await store.finishTraining(db, id, { status: done ? (converged ? 'converged' : 'finished') : 'running', summary, progress: done ? 1 : t.step / cfg.maxIterations, at: now() });
        if (done) {
          live.delete(id);
          await d.audit.append({ kind: 'change', action: 'privacy.training.finished', actor: requester.actor, outcome: 'ok', target: { type: 'training', id }, details: summary });
        }
        return (await store.training(id))!;
      });
    },

    /** The platform's part of the model as a clean-room logistic spec (raw-scale coefficients). */
    async model(orgId: string | null, id: string) {
      const t = await own(orgId, id);
      if (t.status !== 'converged' && t.status !== 'finished') throw conflict('TRAINING_NOT_FINISHED', { zh: '训练尚未结束', en: 'The training has not finished' });
      const { names, means, stds, weights } = t.host_state;
      return {
        format: 'xinrong.logistic-spec/v1' as const,
        kind: 'logistic' as const,
        source: { trainingId: t.id, psiJobId: t.psi_job_id, role: 'host' as const },
        // Standardised x' = (x − mean)/std, so w'·x' = (w'/std)·x − w'·mean/std.
        terms: names.map((feature, j) => ({ feature, coefficient: weights[j] / stds[j], standardisedCoefficient: weights[j], mean: means[j], std: stds[j] })),
        offset: -names.reduce((s, _, j) => s + weights[j] * means[j] / stds[j], 0),
        note: 'Host part only: the institution keeps its own coefficients and the intercept; score = offset + Σ coefficient·x + (institution part).',
      };
    },
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
