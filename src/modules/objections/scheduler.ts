import { createPeriodicJob, type PeriodicJob } from '../../platform/events/index.ts';
import type { ObjectionsService } from './service.ts';

export interface ObjectionsSchedulerOptions {
  objections: Pick<ObjectionsService, 'escalateDue'>;
  /** how often to look for cases reaching day 15 (default every 5 minutes: a cheap indexed look) */
  everyMs?: number;
  onError: (err: unknown) => void;
}

/** Escalates record objections unanswered on day 15 (China time) to the operator. */
export function createObjectionsScheduler(opts: ObjectionsSchedulerOptions): PeriodicJob {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 300_000,
    firstAfterMs: opts.everyMs ?? 300_000,
    onError: opts.onError,
    run: async () => { await opts.objections.escalateDue(); },
  });
}
