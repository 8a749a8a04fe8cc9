import type { Db } from '../../platform/db/index.ts';
import { createEventConsumer, createPeriodicJob } from '../../platform/events/index.ts';
import { RECORDS_CHANGED, RECORDS_MARKED, type RecordsChanged, type RecordsMarked } from '../aggregation/index.ts';
import type { EvaluationService } from './service.ts';

export interface EvaluationConsumerOptions {
  db: Db;
  evaluation: Pick<EvaluationService, 'evaluateUsccs' | 'sweepCommitments' | 'auditIncremental'>;
  /** pause between polls when nothing is waiting (default 1 s) */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** The consumer's name in outbox_consumers (its position in the outbox). */
export const CONSUMER_NAME = 'evaluation.records-changed';
/** Events per transaction: each names up to a chunk (5,000) of record versions. */
const EVENTS_PER_POLL = 20;

/**
 * Incremental evaluation: re-evaluates only the enterprises named in `aggregation.records.changed` events, in
 * the consumer's transaction (scores and the outbox position commit together, so an event is never lost or
 * applied twice), and the enterprises whose credit commitment was signed or revoked since the last sweep.
 */
export function createEvaluationConsumer(opts: EvaluationConsumerOptions) {
  const { evaluation } = opts;
  let evaluated = 0;
  const outbox = createEventConsumer<RecordsChanged | RecordsMarked>(opts.db, {
    name: CONSUMER_NAME,
    // a record's publicity ending (credit repair, expiry, deletion after an objection) changes what counts (C11)
    topics: [RECORDS_CHANGED, RECORDS_MARKED],
    batchSize: EVENTS_PER_POLL,
    async handle(events, q) {
      const usccs = events.flatMap((e) => 'changes' in e.payload ? e.payload.changes.map(([uscc]) => uscc)
        : e.payload.mark === 'withheld' || e.payload.mark === 'released' ? [e.payload.uscc] : []);
      evaluated = await evaluation.evaluateUsccs(q, usccs);
    },
  });

  /** Handles what is waiting now: one batch of events and the commitment sweep; returns how many events. */
  async function pollOnce(): Promise<number> {
    evaluated = 0;
    const events = await outbox.pollOnce();
    const fromEvents = evaluated;
    const fromCommitments = await evaluation.sweepCommitments();
    // Appended after the transactions commit: the audit log writes through the same database.
    if (fromEvents + fromCommitments > 0) await evaluation.auditIncremental({ events, enterprises: fromEvents, commitments: fromCommitments });
    return events;
  }

  // Drains a backlog before sleeping; one run at a time, stopped with the server (platform periodic job).
  const job = createPeriodicJob({
    everyMs: opts.intervalMs ?? 1000,
    onError: (err) => opts.onError?.(err),
    run: async () => {
      while ((await pollOnce()) === EVENTS_PER_POLL) { /* more is waiting */ }
    },
  });

  return { pollOnce, start: job.start, stop: job.stop };
}

export type EvaluationConsumer = ReturnType<typeof createEvaluationConsumer>;
