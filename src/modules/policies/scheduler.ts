import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { PolicyService } from './service.ts';

export interface PolicySchedulerOptions {
  policies: Pick<PolicyService, 'sweepDisbursed'>;
  /** how often to look for newly disbursed loans (default every 30 s) */
  everyMs?: number;
  onError: (err: unknown) => void;
}

/** Notices newly disbursed platform loans eligible under live policies (a watermark sweep over the workflow's loans). */
export function createPolicyScheduler(opts: PolicySchedulerOptions): PeriodicJob {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 30_000,
    firstAfterMs: opts.everyMs ?? 30_000,
    onError: opts.onError,
    run: async () => { await opts.policies.sweepDisbursed(); },
  });
}
