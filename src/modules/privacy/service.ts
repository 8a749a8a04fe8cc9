import type { Db } from '../../platform/db/index.ts';
import type { PlatformKeys } from '../../platform/keys.ts';
import type { AuditSink } from '../audit/index.ts';
import { createPsiService, type PsiService } from './psi-service.ts';
import { createTrainingService, type HostFeatures, type TrainingService } from './training-service.ts';
import { createPrivacyStore } from './store.ts';
import { createWorkerPool, type WorkerPool } from './worker-pool.ts';

/** C12 privacy computing (隐私计算): PSI jobs and federated trainings, sharing one worker pool started on first use. */
export interface PrivacyOptions {
  db: Db; keys: PlatformKeys; audit: AuditSink; clock?: () => number;
  platformIds: () => Promise<string[]>;
  hostFeatures: (usccs: string[]) => Promise<HostFeatures>;
  minKeyBits?: number;
  minSamples?: number;
  workers?: number;
  onError?: (err: unknown) => void;
}

export interface PrivacyService { psi: PsiService; trainings: TrainingService; close(): Promise<void> }

export function createPrivacyService(o: PrivacyOptions): PrivacyService {
  const store = createPrivacyStore(o.db);
  const clock = o.clock ?? Date.now;
  let pool: WorkerPool | null = null;
  // Worker threads start on the first PSI or training, not with every server (most never run one).
  const workers = () => (pool ??= createWorkerPool(o.workers));
  const onError = o.onError ?? ((err: unknown) => { process.emitWarning(`privacy job failed: ${String(err)}`); });
  return {
    psi: createPsiService({ db: o.db, keys: o.keys, audit: o.audit, clock, store, workers, platformIds: o.platformIds, onError }),
    trainings: createTrainingService({ db: o.db, keys: o.keys, audit: o.audit, clock, store, workers, hostFeatures: o.hostFeatures, minKeyBits: o.minKeyBits ?? 2048, minSamples: o.minSamples ?? 50 }),
    async close() {
      const p = pool;
      pool = null;
      if (p) await p.close();
    },
  };
}
