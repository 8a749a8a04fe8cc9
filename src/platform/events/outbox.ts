import type { Db, Queryable, TxQueryable } from '../db/index.ts';

/**
 * Transactional outbox (STYLE.md "events/jobs"): a module appends an event in the same transaction as the change
 * it announces, so an event exists exactly when the change committed. Consumers read the outbox in id order and
 * keep their position in outbox_consumers, updated in the same transaction as their own effects.
 */
export interface OutboxEvent<P = unknown> {
  id: number;
  topic: string;
  payload: P;
  createdAt: Date;
}

/**
 * Writers take one transaction-scoped lock before inserting, so ids become visible in commit order and a consumer
 * reading "id > last" never skips an event committed later with a smaller id. Append as the last statement of
 * a transaction: the lock is held only until its commit.
 */
const OUTBOX_LOCK = 7_231_001;

export async function appendEvent(q: Queryable, topic: string, payload: unknown): Promise<void> {
  // One round trip: the CTE yields its row only once the lock is held, and the id is drawn for that row after.
  await q.query(
    'WITH locked AS (SELECT pg_advisory_xact_lock($1)) INSERT INTO outbox_events (topic, payload) SELECT $2, $3 FROM locked',
    [OUTBOX_LOCK, topic, JSON.stringify(payload)],
  );
}

export interface ConsumerOptions<P> {
  /** Stable name; the position is kept under it. */
  name: string;
  topics: readonly string[];
  /** Runs inside the consumer's transaction: effects written through `q` commit together with the new position. */
  handle: (events: OutboxEvent<P>[], q: TxQueryable) => Promise<void>;
  batchSize?: number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface EventConsumer {
  /** Handles what is waiting now; returns how many events it handled. */
  pollOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createEventConsumer<P = unknown>(db: Db, opts: ConsumerOptions<P>): EventConsumer {
  const batchSize = opts.batchSize ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  async function pollOnce(): Promise<number> {
    return db.tx(async (q) => {
      await q.query('INSERT INTO outbox_consumers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [opts.name]);
      // SKIP LOCKED: when two server processes run the same consumer, one handles the batch and the other skips.
      const [pos] = await q.query<{ last_id: number }>('SELECT last_id FROM outbox_consumers WHERE name = $1 FOR UPDATE SKIP LOCKED', [opts.name]);
      if (!pos) return 0;
      const rows = await q.query<{ id: number; topic: string; payload: P; created_at: Date }>(
        'SELECT id, topic, payload, created_at FROM outbox_events WHERE id > $1 AND topic = ANY($2) ORDER BY id LIMIT $3',
        [pos.last_id, opts.topics, batchSize],
      );
      if (rows.length === 0) return 0;
      await opts.handle(rows.map((r) => ({ id: r.id, topic: r.topic, payload: r.payload, createdAt: r.created_at })), q);
      await q.query('UPDATE outbox_consumers SET last_id = $2, updated_at = now() WHERE name = $1', [opts.name, rows[rows.length - 1].id]);
      return rows.length;
    });
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = (async () => {
        try {
          while ((await pollOnce()) === batchSize && !stopped) { /* drain a backlog before sleeping */ }
        } catch (err) {
          opts.onError?.(err);
        }
        schedule();
      })();
    }, opts.intervalMs ?? 1000);
    timer.unref();
  }

  return {
    pollOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
