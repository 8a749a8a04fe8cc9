import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { RepairService } from './service.ts';

export interface RepairSchedulerOptions {
  repair: Pick<RepairService, 'expireDue' | 'rules'>;
  onError: (err: unknown) => void;
}

/**
 * Ends the publicity of penalties whose longest period has passed. Periods end on whole days (China time), so looking
 * hourly (publicity-periods-v1.json expirySweep) withholds a record within an hour of its last day ending.
 */
export function createRepairScheduler(opts: RepairSchedulerOptions): PeriodicJob {
  const everyMs = opts.repair.rules.expirySweep.everyMinutes * 60_000;
  return createPeriodicJob({ everyMs, firstAfterMs: 60_000, onError: opts.onError, run: async () => { await opts.repair.expireDue(); } });
}
