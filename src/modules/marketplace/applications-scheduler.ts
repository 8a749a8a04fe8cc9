import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { ApplicationsService } from './applications-service.ts';

export interface ApplicationsSchedulerOptions {
  applications: Pick<ApplicationsService, 'escalateOverdue'>;
  /** how often to look for overdue applications (default every 5 minutes) */
  everyMs?: number;
  onError: (err: unknown) => void;
}

/** Escalates submitted applications not accepted within the SLA (a cheap indexed look, every 5 minutes). */
export function createApplicationsScheduler(opts: ApplicationsSchedulerOptions): PeriodicJob {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 300_000,
    firstAfterMs: opts.everyMs ?? 300_000,
    onError: opts.onError,
    run: async () => { await opts.applications.escalateOverdue(); },
  });
}
