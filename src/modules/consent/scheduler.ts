import { createPeriodicJob } from '../../platform/events/index.ts';
import type { ConsentService } from './service.ts';

export interface ConsentSchedulerOptions {
  consent: Pick<ConsentService, 'sweep' | 'webhooks'>;
  /** how often to sweep and send due webhooks (default every 30 seconds) */
  everyMs?: number;
  /** delay of the first sweep after start() (default one minute, so start-up and tests are not disturbed) */
  firstAfterMs?: number;
  /** where a failed sweep is reported (the server log); the next sweep tries again */
  onError: (err: unknown) => void;
}

/**
 * Persists expiries, sends the 7-day reminders and the due webhook deliveries in the server process. Expiry is already effective without it
 * (the status is computed on every read and the policy point checks the window); the sweep records it, notifies
 * both sides and writes the audit change event.
 */
export function createConsentScheduler(opts: ConsentSchedulerOptions) {
  return createPeriodicJob({
    everyMs: opts.everyMs ?? 30_000,
    firstAfterMs: opts.firstAfterMs ?? 60_000,
    onError: opts.onError,
    run: async () => {
      // Deliveries go out even when the sweep failed: they do not depend on it.
      try {
        await opts.consent.sweep();
      } catch (err) {
        opts.onError(err);
      }
      await opts.consent.webhooks.deliverDue();
    },
  });
}

export type ConsentScheduler = ReturnType<typeof createConsentScheduler>;
