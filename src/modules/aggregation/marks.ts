import type { Db, Queryable } from '../../platform/db/index.ts';
import { appendEvent } from '../../platform/events/index.ts';

/**
 * Marks on records by natural key (record_marks): an objection in progress (异议处理中) and the end of a record's
 * publicity (repaired, expired, deleted after an objection). The objections and credit-repair capabilities set
 * them; every read of records through this module shows the objection flag and leaves withheld records out unless
 * asked for them (internal views: the provider's, the audit's, the objection handler's).
 */

/** Announced in the transaction that changes a mark: evaluation re-evaluates the enterprise, pushes and reports follow. */
export const RECORDS_MARKED = 'aggregation.records.marked';

export interface RecordRef {
  uscc: string;
  item: string;
  key: string;
}

export type ObjectionState = 'open' | 'escalated';
export type WithheldReason = 'repaired' | 'expired' | 'deleted';

export interface ObjectionMark {
  id: string;
  state: ObjectionState;
  filedAt: string;
}

export interface WithheldMark {
  reason: WithheldReason;
  at: string;
  /** the repair application or objection that decided it */
  ref: string | null;
}

export interface RecordsMarked extends RecordRef {
  mark: 'objection' | 'objection_cleared' | 'withheld' | 'released';
}

/** The mark columns as the record reads select them (LEFT JOIN record_marks m). */
export const MARK_COLUMNS = `m.objection_id, m.objection_state, m.objection_filed_at, m.withheld_reason, m.withheld_at, m.withheld_ref`;

export interface MarkColumns {
  objection_id: string | null;
  objection_state: ObjectionState | null;
  objection_filed_at: Date | null;
  withheld_reason: WithheldReason | null;
  withheld_at: Date | null;
  withheld_ref: string | null;
}

export function objectionOf(row: MarkColumns): ObjectionMark | null {
  return row.objection_id && row.objection_state && row.objection_filed_at
    ? { id: row.objection_id, state: row.objection_state, filedAt: row.objection_filed_at.toISOString() }
    : null;
}

export function withheldOf(row: MarkColumns): WithheldMark | null {
  return row.withheld_reason && row.withheld_at ? { reason: row.withheld_reason, at: row.withheld_at.toISOString(), ref: row.withheld_ref } : null;
}

const UPSERT_HEAD = `INSERT INTO record_marks AS m (uscc, item_code, record_key, objection_id, objection_state, objection_filed_at,
  withheld_reason, withheld_at, withheld_ref, updated_at)`;

export function createRecordMarks(db: Db) {
  async function announce(q: Queryable, ref: RecordRef, mark: RecordsMarked['mark']) {
    await appendEvent(q, RECORDS_MARKED, { ...ref, mark } satisfies RecordsMarked);
  }

  return {
    /** Flags the record under objection (or moves an open objection to escalated); in the caller's transaction. */
    async flagObjection(q: Queryable, ref: RecordRef, objection: { id: string; state: ObjectionState; filedAt: Date }, at: Date): Promise<void> {
      await q.query(
        `${UPSERT_HEAD} VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, $7)
         ON CONFLICT (uscc, item_code, record_key) DO UPDATE SET objection_id = EXCLUDED.objection_id,
           objection_state = EXCLUDED.objection_state, objection_filed_at = EXCLUDED.objection_filed_at, updated_at = EXCLUDED.updated_at`,
        [ref.uscc, ref.item, ref.key, objection.id, objection.state, objection.filedAt, at],
      );
      await announce(q, ref, 'objection');
    },

    /** Removes the flag of this objection (it was decided); a flag of another objection is left alone. */
    async clearObjection(q: Queryable, ref: RecordRef, objectionId: string, at: Date): Promise<boolean> {
      const done = await q.query(
        `UPDATE record_marks SET objection_id = NULL, objection_state = NULL, objection_filed_at = NULL, updated_at = $5
          WHERE uscc = $1 AND item_code = $2 AND record_key = $3 AND objection_id = $4 RETURNING uscc`,
        [ref.uscc, ref.item, ref.key, objectionId, at],
      );
      if (done.length) await announce(q, ref, 'objection_cleared');
      return done.length > 0;
    },

    /** Ends the record's publicity; it stays withheld whatever version a later import writes. */
    async withhold(q: Queryable, ref: RecordRef, withheld: { reason: WithheldReason; ref: string | null }, at: Date): Promise<void> {
      await q.query(
        `${UPSERT_HEAD} VALUES ($1, $2, $3, NULL, NULL, NULL, $4, $5, $6, $5)
         ON CONFLICT (uscc, item_code, record_key) DO UPDATE SET withheld_reason = EXCLUDED.withheld_reason,
           withheld_at = EXCLUDED.withheld_at, withheld_ref = EXCLUDED.withheld_ref, updated_at = EXCLUDED.updated_at`,
        [ref.uscc, ref.item, ref.key, withheld.reason, at, withheld.ref],
      );
      await announce(q, ref, 'withheld');
    },

    /** Publishes a withheld record again (a repair decision revoked on review); rare, audited by the caller. */
    async release(q: Queryable, ref: RecordRef, at: Date): Promise<boolean> {
      const done = await q.query(
        `UPDATE record_marks SET withheld_reason = NULL, withheld_at = NULL, withheld_ref = NULL, updated_at = $4
          WHERE uscc = $1 AND item_code = $2 AND record_key = $3 AND withheld_reason IS NOT NULL RETURNING uscc`,
        [ref.uscc, ref.item, ref.key, at],
      );
      if (done.length) await announce(q, ref, 'released');
      return done.length > 0;
    },

    /** The marks of one record (none: both null). */
    async of(ref: RecordRef, q: Queryable = db): Promise<{ objection: ObjectionMark | null; withheld: WithheldMark | null }> {
      const [row] = await q.query<MarkColumns>(
        `SELECT ${MARK_COLUMNS} FROM record_marks m WHERE m.uscc = $1 AND m.item_code = $2 AND m.record_key = $3`,
        [ref.uscc, ref.item, ref.key],
      );
      return row ? { objection: objectionOf(row), withheld: withheldOf(row) } : { objection: null, withheld: null };
    },

    /** How many of an enterprise's records are no longer published, per reason (reports state the count). */
    async withheldCounts(uscc: string): Promise<Record<WithheldReason, number>> {
      const rows = await db.query<{ reason: WithheldReason; n: number }>(
        `SELECT withheld_reason AS reason, count(*)::int AS n FROM record_marks WHERE uscc = $1 AND withheld_reason IS NOT NULL GROUP BY 1`,
        [uscc],
      );
      const counts: Record<WithheldReason, number> = { repaired: 0, expired: 0, deleted: 0 };
      for (const r of rows) counts[r.reason] = Number(r.n);
      return counts;
    },

    /**
     * The marks of many records at once, keyed `uscc\u001fitem\u001fkey` (records without marks are absent): batch
     * pushes read their entries' flags when they are read, so a flag set after the batch was built still shows.
     */
    async marksFor(refs: RecordRef[]): Promise<Map<string, { objection: ObjectionMark | null; withheld: WithheldMark | null }>> {
      const out = new Map<string, { objection: ObjectionMark | null; withheld: WithheldMark | null }>();
      if (refs.length === 0) return out;
      const rows = await db.query<MarkColumns & { uscc: string; item_code: string; record_key: string }>(
        `SELECT m.uscc, m.item_code, m.record_key, ${MARK_COLUMNS} FROM record_marks m
          JOIN jsonb_to_recordset($1::jsonb) AS k(uscc text, item text, key text) ON m.uscc = k.uscc AND m.item_code = k.item AND m.record_key = k.key`,
        [JSON.stringify(refs.map((r) => ({ uscc: r.uscc, item: r.item, key: r.key })))],
      );
      for (const r of rows) out.set(markKey({ uscc: r.uscc, item: r.item_code, key: r.record_key }), { objection: objectionOf(r), withheld: withheldOf(r) });
      return out;
    },

    /** Every record of an enterprise under objection now (reports list them even for items they do not show). */
    async objectionsOf(uscc: string): Promise<(RecordRef & { objection: ObjectionMark })[]> {
      const rows = await db.query<MarkColumns & { uscc: string; item_code: string; record_key: string }>(
        `SELECT m.uscc, m.item_code, m.record_key, ${MARK_COLUMNS} FROM record_marks m WHERE m.uscc = $1 AND m.objection_id IS NOT NULL
          ORDER BY m.objection_filed_at`,
        [uscc],
      );
      return rows.map((r) => ({ uscc: r.uscc, item: r.item_code, key: r.record_key, objection: objectionOf(r)! }));
    },
  };
}

export type RecordMarks = ReturnType<typeof createRecordMarks>;

/** The key `marksFor` answers by. */
export const markKey = (ref: RecordRef) => `${ref.uscc}\u001f${ref.item}\u001f${ref.key}`;
