/**
 * SQL for the push_* tables, the window of `aggregation.records.changed` events a batch covers (the platform outbox,
 * src/platform/events) and the in-app notification rows it writes (consent exports no notifier; whitelist does the same).
 */
import type { Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';

export type Frequency = 'daily' | 'weekly';
export type BatchTrigger = 'scheduled' | 'on_demand';

export interface SubscriptionRow {
  institution_org_id: string; region_prefixes: string[]; industry_prefixes: string[]; items: string[]; frequency: Frequency;
  watermark: number; next_due_at: Date; updated_by: string; created_at: Date; updated_at: Date;
}

export interface BatchRow {
  id: string; institution_org_id: string; trigger: BatchTrigger; period: string; frequency: Frequency; status: 'building' | 'ready';
  from_event: number; to_event: number; region_prefixes: string[]; industry_prefixes: string[]; items: string[];
  entry_count: number; counts: Record<string, number>; created_at: Date; ready_at: Date | null;
}

export interface EntryRow {
  uscc: string; item_code: string; record_key: string; version: number; entity_name: string; region_code: string; industry_code: string;
  change: 'inserted' | 'updated'; valid_from: Date; data: Record<string, string | number | boolean | null>; masked: string[];
}

export interface ChangedEvent { id: number; payload: { item: string; changes: [string, string, number][] } }

// bigint ids come back as strings on `pg`: cast in SQL (STYLE.md "normalise driver differences").
const SUBSCRIPTION = `SELECT institution_org_id, region_prefixes, industry_prefixes, items, frequency, watermark::float8 AS watermark,
  next_due_at, updated_by, created_at, updated_at FROM push_subscriptions`;
const BATCH = `SELECT id, institution_org_id, trigger, period, frequency, status, from_event::float8 AS from_event, to_event::float8 AS to_event,
  region_prefixes, industry_prefixes, items, entry_count, counts, created_at, ready_at FROM push_batches`;

export function createPushStore(db: Queryable) {
  return {
    /** The newest outbox id: every id at or below it is committed (writers take the outbox lock, outbox.ts). */
    async highMark(q: Queryable = db): Promise<number> {
      const [r] = await q.query<{ n: number }>('SELECT coalesce(max(id), 0)::float8 AS n FROM outbox_events');
      return r.n;
    },
    async eventsPage(topic: string, from: number, to: number, items: string[], limit: number): Promise<ChangedEvent[]> {
      const rows = await db.query<{ id: number; payload: ChangedEvent['payload'] }>(
        `SELECT id::float8 AS id, payload FROM outbox_events WHERE topic = $1 AND id > $2 AND id <= $3 AND payload->>'item' = ANY($4::text[])
          ORDER BY id LIMIT $5`, [topic, from, to, items, limit]);
      return rows;
    },
    async subscription(orgId: string, q: Queryable = db): Promise<SubscriptionRow | null> {
      const [r] = await q.query<SubscriptionRow>(`${SUBSCRIPTION} WHERE institution_org_id = $1`, [orgId]);
      return r ?? null;
    },
    async subscriptions(): Promise<SubscriptionRow[]> {
      return db.query<SubscriptionRow>(`${SUBSCRIPTION} ORDER BY institution_org_id`);
    },
    async dueSubscriptions(at: Date): Promise<SubscriptionRow[]> {
      return db.query<SubscriptionRow>(`${SUBSCRIPTION} WHERE next_due_at <= $1 ORDER BY next_due_at, institution_org_id`, [at]);
    },
    /** Creates or changes a subscription; a new one starts at the current high mark (no backfill of older changes). */
    async putSubscription(q: Queryable, s: {
      orgId: string; regionPrefixes: string[]; industryPrefixes: string[]; items: string[]; frequency: Frequency; nextDueAt: Date;
      updatedBy: string; at: Date; resetDue: boolean;
    }) {
      await q.query(`INSERT INTO push_subscriptions (institution_org_id, region_prefixes, industry_prefixes, items, frequency, watermark, next_due_at,
          updated_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, (SELECT coalesce(max(id), 0) FROM outbox_events), $6, $7, $8, $8)
        ON CONFLICT (institution_org_id) DO UPDATE SET region_prefixes = EXCLUDED.region_prefixes, industry_prefixes = EXCLUDED.industry_prefixes,
          items = EXCLUDED.items, frequency = EXCLUDED.frequency, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at,
          next_due_at = CASE WHEN $9 THEN EXCLUDED.next_due_at ELSE push_subscriptions.next_due_at END`,
      [s.orgId, s.regionPrefixes, s.industryPrefixes, s.items, s.frequency, s.nextDueAt, s.updatedBy, s.at, s.resetDue]);
    },
    async deleteSubscription(orgId: string): Promise<boolean> {
      const rows = await db.query('DELETE FROM push_subscriptions WHERE institution_org_id = $1 RETURNING 1', [orgId]);
      return rows.length > 0;
    },
    async setNextDue(orgId: string, at: Date) {
      await db.query('UPDATE push_subscriptions SET next_due_at = $2 WHERE institution_org_id = $1', [orgId, at]);
    },
    async scheduledBatchFor(orgId: string, period: string): Promise<BatchRow | null> {
      const [r] = await db.query<BatchRow>(`${BATCH} WHERE institution_org_id = $1 AND period = $2 AND trigger = 'scheduled' AND status = 'ready'`, [orgId, period]);
      return r ?? null;
    },
    /**
     * Drops what a crashed build left (entries go with it; the watermark never moved for it): builds of the institution
     * started before `staleBefore`, so a build still running in another process is left alone.
     */
    async discardStale(orgId: string, staleBefore: Date) {
      await db.query("DELETE FROM push_batches WHERE institution_org_id = $1 AND status = 'building' AND created_at < $2", [orgId, staleBefore]);
    },
    async discard(batchId: string) {
      await db.query("DELETE FROM push_batches WHERE id = $1 AND status = 'building'", [batchId]);
    },
    async insertBatch(b: Omit<BatchRow, 'status' | 'entry_count' | 'counts' | 'ready_at'>) {
      await db.query(`INSERT INTO push_batches (id, institution_org_id, trigger, period, frequency, status, from_event, to_event, region_prefixes,
          industry_prefixes, items, created_at) VALUES ($1, $2, $3, $4, $5, 'building', $6, $7, $8, $9, $10, $11)`,
      [b.id, b.institution_org_id, b.trigger, b.period, b.frequency, b.from_event, b.to_event, b.region_prefixes, b.industry_prefixes, b.items, b.created_at]);
    },
    /** One page of entries; a later version of the same record in the window replaces an earlier one. */
    async insertEntries(batchId: string, rows: EntryRow[]) {
      if (rows.length === 0) return;
      await db.query(`INSERT INTO push_batch_entries (batch_id, uscc, item_code, record_key, version, entity_name, region_code, industry_code, change,
          valid_from, data, masked)
        SELECT $1::uuid, e.uscc, e.item_code, e.record_key, e.version, e.entity_name, e.region_code, e.industry_code, e.change, e.valid_from,
          e.data, ARRAY(SELECT jsonb_array_elements_text(e.masked))
        FROM jsonb_to_recordset($2::jsonb) AS e(uscc text, item_code text, record_key text, version int, entity_name text, region_code text,
          industry_code text, change text, valid_from timestamptz, data jsonb, masked jsonb)
        ON CONFLICT (batch_id, uscc, item_code, record_key) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, masked = EXCLUDED.masked,
          change = EXCLUDED.change, valid_from = EXCLUDED.valid_from WHERE push_batch_entries.version < EXCLUDED.version`,
      [batchId, JSON.stringify(rows.map((r) => ({ ...r, valid_from: r.valid_from.toISOString() })))]);
    },
    /**
     * Makes the batch ready and moves the subscription's watermark from `from` to `to`, in the caller's transaction.
     * Not ok when the watermark is no longer `from` (another process built the same window, or the subscription
     * ended) or the batch is gone: the caller must roll the transaction back.
     */
    async complete(q: Queryable, b: { id: string; orgId: string; from: number; to: number; at: Date; nextDueAt: Date | null }): Promise<{ ok: boolean; count: number; counts: Record<string, number> }> {
      const moved = await q.query(`UPDATE push_subscriptions SET watermark = $3, next_due_at = coalesce($4, next_due_at)
        WHERE institution_org_id = $1 AND watermark = $2 RETURNING 1`, [b.orgId, b.from, b.to, b.nextDueAt]);
      if (moved.length === 0) return { ok: false, count: 0, counts: {} };
      const building = await q.query("SELECT 1 FROM push_batches WHERE id = $1 AND status = 'building' FOR UPDATE", [b.id]);
      if (building.length === 0) return { ok: false, count: 0, counts: {} };
      const [c] = await q.query<{ n: number; counts: Record<string, number> | null }>(`SELECT count(*)::int AS n,
          (SELECT jsonb_object_agg(item_code, n) FROM (SELECT item_code, count(*)::int AS n FROM push_batch_entries WHERE batch_id = $1 GROUP BY item_code) x) AS counts
        FROM push_batch_entries WHERE batch_id = $1`, [b.id]);
      await q.query("UPDATE push_batches SET status = 'ready', entry_count = $2, counts = $3, ready_at = $4 WHERE id = $1",
        [b.id, c.n, JSON.stringify(c.counts ?? {}), b.at]);
      return { ok: true, count: c.n, counts: c.counts ?? {} };
    },
    async batch(id: string): Promise<BatchRow | null> {
      const [r] = await db.query<BatchRow>(`${BATCH} WHERE id = $1`, [id]);
      return r ?? null;
    },
    async batches(orgId: string, before: { at: Date; id: string } | null, limit: number): Promise<BatchRow[]> {
      return db.query<BatchRow>(`${BATCH} WHERE institution_org_id = $1 AND status = 'ready'
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`, [orgId, before?.at ?? null, before?.id ?? null, limit]);
    },
    async entries(batchId: string, f: { item?: string; after: [string, string, string] | null; limit: number }): Promise<EntryRow[]> {
      return db.query<EntryRow>(`SELECT uscc, item_code, record_key, version, entity_name, region_code, industry_code, change, valid_from, data, masked
        FROM push_batch_entries WHERE batch_id = $1 AND ($2::text IS NULL OR item_code = $2)
          AND ($3::text IS NULL OR (uscc, item_code, record_key) > ($3::text, $4::text, $5::text))
        ORDER BY uscc, item_code, record_key LIMIT $6`,
      [batchId, f.item ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.after?.[2] ?? null, f.limit]);
    },
    async notify(q: Queryable, orgId: string, kind: string, payload: Record<string, unknown>, at: Date) {
      await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)',
        [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
    },
  };
}

export type PushStore = ReturnType<typeof createPushStore>;
