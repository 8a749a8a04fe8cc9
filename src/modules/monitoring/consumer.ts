import type { Db } from '../../platform/db/index.ts';
import { createEventConsumer, createPeriodicJob } from '../../platform/events/index.ts';
import { RECORDS_CHANGED, type RecordsChanged } from '../aggregation/index.ts';
import type { RuleSet } from './rules.ts';
import type { MonitoringService } from './service.ts';

export interface MonitoringConsumerOptions {
  db: Db;
  monitoring: Pick<MonitoringService, 'activeRules' | 'queueChanges' | 'screenInbox' | 'checkGrades' | 'sweepLevels'>;
  /** pause between polls (default 2 s: an alert must reach the lender within a minute of the record arriving) */
  intervalMs?: number;
  /** how often the default-level sweep runs (default 30 s) */
  levelsEveryMs?: number;
  clock?: () => number;
  onError?: (err: unknown) => void;
}

/** The consumer's name in outbox_consumers. */
export const CONSUMER_NAME = 'monitoring.records-changed';
const EVENTS_PER_POLL = 50;
const SCREEN_PER_TURN = 200;

/**
 * Screening as records arrive (SPEC C10 "within one minute"): every 2 s the aggregation outbox is read; in the
 * consumer's transaction the changed versions of watched items of borrowers are queued (monitoring_inbox) together
 * with the new position, so an event is neither lost nor queued twice. The queue is screened after the commit (the
 * screening reads records and loans through their modules, outside that transaction), then grade drops are checked;
 * the level sweep runs every 30 s. Other topics (e.g. 'aggregation.records.marked') are not subscribed.
 */
export function createMonitoringConsumer(opts: MonitoringConsumerOptions) {
  const { monitoring } = opts;
  const clock = opts.clock ?? Date.now;
  let rules: RuleSet | null = null;
  let lastLevels = 0;
  const outbox = createEventConsumer<RecordsChanged>(opts.db, {
    name: CONSUMER_NAME,
    topics: [RECORDS_CHANGED],
    batchSize: EVENTS_PER_POLL,
    async handle(events, q) {
      if (rules) await monitoring.queueChanges(q, events, rules);
    },
  });

  /** One turn: events waiting now, the queue, grade drops, and the level sweep when due; answers how many events. */
  async function pollOnce(): Promise<{ events: number; alerts: number; levels: number }> {
    rules = await monitoring.activeRules();
    let events = 0;
    for (let n = EVENTS_PER_POLL; n === EVENTS_PER_POLL;) {
      n = await outbox.pollOnce();
      events += n;
    }
    let alerts = 0;
    for (let more = true; more;) {
      const r = await monitoring.screenInbox(SCREEN_PER_TURN);
      alerts += r.alerts;
      more = r.screened === SCREEN_PER_TURN;
    }
    alerts += await monitoring.checkGrades();
    let levels = 0;
    if (clock() - lastLevels >= (opts.levelsEveryMs ?? 30_000)) {
      lastLevels = clock();
      levels = await monitoring.sweepLevels();
    }
    return { events, alerts, levels };
  }

  const job = createPeriodicJob({ everyMs: opts.intervalMs ?? 2000, onError: (err) => opts.onError?.(err), run: async () => { await pollOnce(); } });
  return { pollOnce, start: job.start, stop: job.stop };
}

export type MonitoringConsumer = ReturnType<typeof createMonitoringConsumer>;
