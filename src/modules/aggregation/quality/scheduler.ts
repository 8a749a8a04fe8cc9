import { createPeriodicJob } from '../../../platform/events/index.ts';
import type { QualityService } from './service.ts';

export interface QualitySchedulerOptions {
  quality: Pick<QualityService, 'hasTodaysSnapshot' | 'takeSnapshot'>;
  /** how often to look whether today's snapshot exists (default hourly) */
  checkEveryMs?: number;
  /** delay of the first look after start() (default one minute, so start-up and tests are not disturbed) */
  firstCheckAfterMs?: number;
  /** where a failed snapshot is reported (the server log); the next look tries again */
  onError: (err: unknown) => void;
}

/**
 * The daily quality snapshot in the server process: every `checkEveryMs` it takes today's snapshot unless one exists.
 * Looking often and acting once per day survives restarts and sleeping laptops; snapshots are idempotent per day anyway.
 */
export function createQualityScheduler(opts: QualitySchedulerOptions) {
  return createPeriodicJob({
    everyMs: opts.checkEveryMs ?? 3_600_000,
    firstAfterMs: opts.firstCheckAfterMs ?? 60_000,
    onError: opts.onError,
    run: async () => {
      if (!(await opts.quality.hasTodaysSnapshot())) await opts.quality.takeSnapshot();
    },
  });
}

export type QualityScheduler = ReturnType<typeof createQualityScheduler>;
