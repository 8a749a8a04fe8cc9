import { createPeriodicJob } from '../../platform/events/index.ts';
import type { AuditLog } from './log.ts';

export interface CheckpointSchedulerOptions {
  log: Pick<AuditLog, 'needsCheckpoint' | 'checkpoint'>;
  /** how often to sign a tree head when the tree has grown (default every minute) */
  everyMs?: number;
  /** where a failed checkpoint is reported (the server log); the next tick tries again */
  onError: (err: unknown) => void;
}

/**
 * Periodic signed tree heads in the server process: every `everyMs`, a checkpoint when the tree grew since the
 * newest one. Several processes may run it; checkpoints are one per size, so they never disagree.
 */
export function createCheckpointScheduler(opts: CheckpointSchedulerOptions) {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 60_000,
    onError: opts.onError,
    run: async () => {
      if (await opts.log.needsCheckpoint()) await opts.log.checkpoint();
    },
  });
}

export type CheckpointScheduler = ReturnType<typeof createCheckpointScheduler>;
