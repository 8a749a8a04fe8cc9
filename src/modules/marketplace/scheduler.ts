import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { MarketplaceService } from './service.ts';

export interface MarketplaceSchedulerOptions {
  marketplace: Pick<MarketplaceService, 'sweepEvaluationChanges'>;
  /** how often to look for changed evaluations (default every minute) */
  everyMs?: number;
  onError: (err: unknown) => void;
}

/** Re-matches the open demands of enterprises whose evaluation changed (a watermark sweep, once a minute). */
export function createMarketplaceScheduler(opts: MarketplaceSchedulerOptions): PeriodicJob {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 60_000,
    firstAfterMs: opts.everyMs ?? 60_000,
    onError: opts.onError,
    run: async () => { await opts.marketplace.sweepEvaluationChanges(); },
  });
}
