import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { WhitelistService } from './service.ts';

export interface WhitelistSchedulerOptions {
  whitelist: Pick<WhitelistService, 'completedRunFor' | 'runWhitelist'>;
  /** how often to look (default every hour) */
  checkEveryMs?: number;
  firstCheckAfterMs?: number;
  clock?: () => number;
  onError: (err: unknown) => void;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** The period ('YYYY-MM') a monthly run is due for at `ms`, or null before day 1 02:00 Asia/Shanghai of the month. */
export function duePeriod(ms: number): string | null {
  const d = new Date(ms + CST_OFFSET_MS);
  if (d.getUTCDate() === 1 && d.getUTCHours() < 2) return null;
  return d.toISOString().slice(0, 7);
}

/**
 * The monthly white-list: looks once an hour and runs once per month, after day 1 02:00 China time, when no monthly
 * run of the period completed yet (restarts and sleeping machines are safe).
 */
export function createWhitelistScheduler(opts: WhitelistSchedulerOptions): PeriodicJob {
  const clock = opts.clock ?? Date.now;
  return createPeriodicJob({
    everyMs: opts.checkEveryMs ?? 3_600_000,
    firstAfterMs: opts.firstCheckAfterMs ?? 120_000,
    onError: opts.onError,
    run: async () => {
      const period = duePeriod(clock());
      if (!period || await opts.whitelist.completedRunFor(period, 'monthly')) return;
      try {
        await opts.whitelist.runWhitelist({ trigger: 'monthly', period });
      } catch (err) {
        // An operator's run in progress is not a failure: the next look tries again.
        if ((err as { code?: string }).code !== 'WHITELIST_RUN_IN_PROGRESS') throw err;
      }
    },
  });
}
