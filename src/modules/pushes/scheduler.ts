import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { PushService } from './service.ts';

export interface PushSchedulerOptions {
  pushes: Pick<PushService, 'runDue'>;
  /** how often to look (default every 15 minutes) */
  checkEveryMs?: number;
  firstCheckAfterMs?: number;
  onError: (err: unknown) => void;
}

/**
 * The batch job: looks every 15 minutes and builds the batches whose subscription is due (daily after 06:00 China
 * time, weekly after Monday 06:00). The due time and the watermark are in the database, so restarts and sleeping
 * machines are safe: missed periods collapse into one batch covering everything since the watermark.
 */
export function createPushScheduler(opts: PushSchedulerOptions): PeriodicJob {
  return createPeriodicJob({
    everyMs: opts.checkEveryMs ?? 15 * 60_000,
    firstAfterMs: opts.firstCheckAfterMs ?? 90_000,
    onError: opts.onError,
    run: async () => {
      try {
        await opts.pushes.runDue();
      } catch (err) {
        // An operator's run in progress is not a failure: the next look tries again.
        if ((err as { code?: string }).code !== 'PUSH_RUN_IN_PROGRESS') throw err;
      }
    },
  });
}
