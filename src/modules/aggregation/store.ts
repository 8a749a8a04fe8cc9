import { MARK_COLUMNS, type MarkColumns } from './marks.ts';
import { int8ToNumber, type Db, type Queryable, type TxQueryable } from '../../platform/db/index.ts';

/** SQL for the aggregation tables only (ingest_batches, ingest_batch_chunks, records, quarantine_rows). */

export interface BatchRow {
  id: string;
  provider_org_id: string;
  provider_name: string;
  batch_key: string;
  item_code: string;
  catalog_version: number;
  format: 'csv' | 'json' | 'ndjson';
  encoding: string | null;
  source: 'api' | 'portal' | 'cli' | 'resubmission';
  status: 'processing' | 'completed' | 'failed';
  content_sm3: string | null;
  rows_total: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_quarantined: number;
  rows_resolved: number;
  error: { code: string; zh: string; en: string } | null;
  resubmission_of: string | null;
  submitted_by: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface CurrentVersion {
  i: number;
  version: number;
  content_mac: string;
}

export interface RecordRow {
  uscc: string;
  item_code: string;
  record_key: string;
  version: number;
  data: Record<string, unknown>;
  personal_enc: string | null;
  valid_from: Date;
  valid_to: Date | null;
  batch_id: string | null;
  provider_org_id: string | null;
  origin: 'provider' | 'self_report';
}

/** COPY order of a record row: the version last, since it is the one value known only inside the transaction. */
export const RECORD_COLUMNS = ['uscc', 'item_code', 'record_key', 'data', 'personal_enc', 'content_mac', 'valid_from', 'batch_id', 'provider_org_id', 'origin', 'version'] as const;
export const QUARANTINE_COLUMNS = ['batch_id', 'row_number', 'values_enc', 'problems'] as const;

/** A record version with its record's marks (objection flag, end of publicity: marks.ts). */
export type MarkedRecordRow = RecordRow & MarkColumns;
/** A current record as publishedOf answers it: timestamps as JSON text. */
export type PublishedRecordJson = Omit<RecordRow, 'valid_from' | 'valid_to' | 'uscc'> & { valid_from: string; valid_to: string | null }
  & Pick<MarkColumns, 'objection_id' | 'objection_state'> & { objection_filed_at: string | null };
const MARKED_SELECT = `SELECT r.*, ${MARK_COLUMNS} FROM records r
  LEFT JOIN record_marks m ON m.uscc = r.uscc AND m.item_code = r.item_code AND m.record_key = r.record_key`;

/** An enterprise's current published records of some items, and how many of its records are withheld, per reason. */
export interface PublishedOf { records: PublishedRecordJson[]; withheld: Record<string, number> | null }

/**
 * `PublishedOf` as one JSON value — also a part of another module's one-statement read (the credit report) —
 * for the placeholders holding the USCC and the item codes (text[]).
 */
export const publishedOfJsonSql = (uscc: string, items: string) => `json_build_object(
  'records', coalesce((SELECT json_agg(json_build_object('item_code', r.item_code, 'record_key', r.record_key, 'version', r.version,
      'valid_from', r.valid_from, 'valid_to', r.valid_to, 'data', r.data, 'personal_enc', r.personal_enc, 'batch_id', r.batch_id,
      'provider_org_id', r.provider_org_id, 'origin', r.origin, 'objection_id', m.objection_id, 'objection_state', m.objection_state,
      'objection_filed_at', m.objection_filed_at) ORDER BY r.item_code, r.record_key)
    FROM records r LEFT JOIN record_marks m ON m.uscc = r.uscc AND m.item_code = r.item_code AND m.record_key = r.record_key
    WHERE r.uscc = ${uscc} AND r.item_code = ANY(${items}::text[]) AND r.valid_to IS NULL AND m.withheld_reason IS NULL), '[]'::json),
  'withheld', (SELECT json_object_agg(w.reason, w.n) FROM (SELECT withheld_reason AS reason, count(*)::int AS n FROM record_marks
    WHERE uscc = ${uscc} AND withheld_reason IS NOT NULL GROUP BY 1) w))`;

const BATCH_SELECT = `SELECT b.*, o.name AS provider_name FROM ingest_batches b JOIN organisations o ON o.id = b.provider_org_id`;

export function aggregationStore(db: Db) {
  return {
    async batchByKey(providerOrgId: string, batchKey: string): Promise<BatchRow | undefined> {
      const [row] = await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.provider_org_id = $1 AND b.batch_key = $2`, [providerOrgId, batchKey]);
      return row;
    },

    async batch(id: string): Promise<BatchRow | undefined> {
      const [row] = await db.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1`, [id]);
      return row;
    },

    async listBatches(filter: { providerOrgId?: string; item?: string; status?: string; after?: [string, string]; limit: number }): Promise<BatchRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      if (filter.providerOrgId) add('b.provider_org_id = ?', filter.providerOrgId);
      if (filter.item) add('b.item_code = ?', filter.item);
      if (filter.status) add('b.status = ?', filter.status);
      if (filter.after) {
        params.push(filter.after[0], filter.after[1]);
        where.push(`(b.created_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(filter.limit);
      return db.query<BatchRow>(
        `${BATCH_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`,
        params,
      );
    },

    async createBatch(b: {
      id: string; providerOrgId: string; batchKey: string; item: string; catalogVersion: number; format: string; encoding: string | null;
      source: string; contentSm3: string; rowsTotal: number; resubmissionOf: string | null; submittedBy: string | null; createdAt: Date;
    }): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO ingest_batches (id, provider_org_id, batch_key, item_code, catalog_version, format, encoding, source, status, content_sm3, rows_total, resubmission_of, submitted_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'processing', $9, $10, $11, $12, $13)
         ON CONFLICT (provider_org_id, batch_key) DO NOTHING RETURNING id`,
        [b.id, b.providerOrgId, b.batchKey, b.item, b.catalogVersion, b.format, b.encoding, b.source, b.contentSm3, b.rowsTotal, b.resubmissionOf, b.submittedBy, b.createdAt],
      );
      return rows.length === 1;
    },

    /** A failed attempt is kept for the status page; a resend under the same batch id replaces it. */
    async recordFailure(b: { id: string; providerOrgId: string; batchKey: string; item: string; catalogVersion: number; format: string; source: string; submittedBy: string | null; error: unknown; at: Date }) {
      await db.query(
        `INSERT INTO ingest_batches (id, provider_org_id, batch_key, item_code, catalog_version, format, source, status, error, submitted_by, created_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'failed', $8, $9, $10, $10)
         ON CONFLICT (provider_org_id, batch_key) DO UPDATE SET status = 'failed', error = EXCLUDED.error, completed_at = EXCLUDED.completed_at
         WHERE ingest_batches.status = 'failed'`,
        [b.id, b.providerOrgId, b.batchKey, b.item, b.catalogVersion, b.format, b.source, JSON.stringify(b.error), b.submittedBy, b.at],
      );
    },

    async deleteFailed(batchId: string) {
      await db.query(`DELETE FROM ingest_batches WHERE id = $1 AND status = 'failed'`, [batchId]);
    },

    async committedChunks(batchId: string): Promise<number> {
      const [r] = await db.query<{ n: number }>('SELECT count(*) AS n FROM ingest_batch_chunks WHERE batch_id = $1', [batchId]);
      return r.n;
    },

    async currentVersions(q: Queryable, item: string, usccs: string[], keys: string[]): Promise<CurrentVersion[]> {
      return q.query<CurrentVersion>(
        `SELECT k.i::int AS i, r.version, r.content_mac
           FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) WITH ORDINALITY AS k(uscc, record_key, i)
           JOIN LATERAL (
             SELECT version, content_mac FROM records r
              WHERE r.uscc = k.uscc AND r.item_code = $3 AND r.record_key = k.record_key AND r.valid_to IS NULL
              ORDER BY version DESC LIMIT 1
           ) r ON true`,
        // JSON text, not array parameters: one native stringify instead of escaping every element (P1).
        [JSON.stringify(usccs), JSON.stringify(keys), item],
      );
    },

    /**
     * The current versions as `currentVersions`, read outside any write transaction together with the item's
     * generation in the same snapshot (one statement), so a writer can tell later whether they are still exact.
     */
    async currentVersionsAhead(item: string, usccs: string[], keys: string[]): Promise<{ generation: number; current: CurrentVersion[] }> {
      const rows = await db.query<{ generation: string; i: number | null; version: number | null; content_mac: string | null }>(
        `WITH g AS (SELECT coalesce(max(generation), 0)::text AS generation FROM record_item_generations WHERE item_code = $3)
         SELECT g.generation, c.i, c.version, c.content_mac
           FROM g LEFT JOIN (
             SELECT k.i::int AS i, r.version, r.content_mac
               FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json)) WITH ORDINALITY AS k(uscc, record_key, i)
               JOIN LATERAL (
                 SELECT version, content_mac FROM records r
                  WHERE r.uscc = k.uscc AND r.item_code = $3 AND r.record_key = k.record_key AND r.valid_to IS NULL
                  ORDER BY version DESC LIMIT 1
               ) r ON true
           ) c ON true`,
        [JSON.stringify(usccs), JSON.stringify(keys), item],
      );
      return {
        generation: int8ToNumber(rows[0].generation),
        current: rows.filter((r) => r.i !== null).map((r) => ({ i: r.i!, version: r.version!, content_mac: r.content_mac! })),
      };
    },

    /**
     * Raises the item's generation; the row stays locked until the transaction ends (one writer per item).
     * `flushLater`: the transaction's commit need not wait for its WAL flush (synchronous_commit off, set in the
     * same round trip), because the caller commits durably afterwards and that flush covers this one too.
     */
    async raiseGeneration(q: TxQueryable, item: string, flushLater = false): Promise<number> {
      const [r] = await q.query<{ generation: string }>(
        `WITH commit_mode AS (SELECT set_config('synchronous_commit', coalesce($2, current_setting('synchronous_commit')), true))
         INSERT INTO record_item_generations (item_code, generation) SELECT $1, 1 FROM commit_mode
         ON CONFLICT (item_code) DO UPDATE SET generation = record_item_generations.generation + 1
         RETURNING generation::text`,
        [item, flushLater ? 'off' : null],
      );
      return int8ToNumber(r.generation);
    },

    async closeVersions(q: Queryable, item: string, usccs: string[], keys: string[], versions: number[], at: Date) {
      if (usccs.length === 0) return;
      await q.query(
        `UPDATE records r SET valid_to = $5
           FROM unnest($1::text[], $2::text[], $3::int[]) AS k(uscc, record_key, version)
          WHERE r.uscc = k.uscc AND r.item_code = $4 AND r.record_key = k.record_key AND r.version = k.version AND r.valid_to IS NULL`,
        [usccs, keys, versions, item, at],
      );
    },

    async commitChunk(q: TxQueryable, c: { batchId: string; seq: number; rows: number; digest: string; inserted: number; updated: number; unchanged: number; quarantined: number }) {
      await q.query(
        `INSERT INTO ingest_batch_chunks (batch_id, seq, rows, digest, inserted, updated, unchanged, quarantined) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.batchId, c.seq, c.rows, c.digest, c.inserted, c.updated, c.unchanged, c.quarantined],
      );
    },

    /** Totals from the committed chunks, so a resumed batch reports the same figures as an uninterrupted one. */
    async completeBatch(batchId: string, at: Date): Promise<void> {
      await db.query(
        `UPDATE ingest_batches b SET status = 'completed', completed_at = $2,
            rows_inserted = c.inserted, rows_updated = c.updated, rows_unchanged = c.unchanged, rows_quarantined = c.quarantined
           FROM (SELECT coalesce(sum(inserted), 0)::int AS inserted, coalesce(sum(updated), 0)::int AS updated,
                        coalesce(sum(unchanged), 0)::int AS unchanged, coalesce(sum(quarantined), 0)::int AS quarantined
                   FROM ingest_batch_chunks WHERE batch_id = $1) c
          WHERE b.id = $1`,
        [batchId, at],
      );
    },

    async progress(batchId: string): Promise<{ rows: number; inserted: number; updated: number; unchanged: number; quarantined: number }> {
      const [r] = await db.query<{ rows: number; inserted: number; updated: number; unchanged: number; quarantined: number }>(
        `SELECT coalesce(sum(rows), 0)::int AS rows, coalesce(sum(inserted), 0)::int AS inserted, coalesce(sum(updated), 0)::int AS updated,
                coalesce(sum(unchanged), 0)::int AS unchanged, coalesce(sum(quarantined), 0)::int AS quarantined
           FROM ingest_batch_chunks WHERE batch_id = $1`,
        [batchId],
      );
      return r;
    },

    async quarantine(batchId: string, filter: { status?: 'open' | 'resolved'; afterRow?: number; limit: number }) {
      const params: unknown[] = [batchId, filter.afterRow ?? 0, filter.limit];
      let extra = '';
      if (filter.status) {
        params.push(filter.status);
        extra = ` AND status = $${params.length}`;
      }
      return db.query<{ row_number: number; values_enc: string; problems: { field: string | null; code: string; zh: string; en: string }[]; status: 'open' | 'resolved'; resolved_by: string | null }>(
        `SELECT row_number, values_enc, problems, status, resolved_by FROM quarantine_rows
          WHERE batch_id = $1 AND row_number > $2${extra} ORDER BY row_number LIMIT $3`,
        params,
      );
    },

    async quarantineRows(batchId: string, rowNumbers: number[]) {
      return db.query<{ row_number: number; status: string }>(
        'SELECT row_number, status FROM quarantine_rows WHERE batch_id = $1 AND row_number = ANY($2::int[])',
        [batchId, rowNumbers],
      );
    },

    /** Marks original rows fixed by a resubmission and updates the original batch's resolved count. */
    async resolveQuarantine(originalBatchId: string, fixingBatchId: string, rowNumbers: number[]): Promise<number> {
      if (rowNumbers.length === 0) return 0;
      return db.tx(async (q) => {
        const done = await q.query(
          `UPDATE quarantine_rows SET status = 'resolved', resolved_by = $2
            WHERE batch_id = $1 AND row_number = ANY($3::int[]) AND status = 'open' RETURNING row_number`,
          [originalBatchId, fixingBatchId, rowNumbers],
        );
        await q.query(`UPDATE ingest_batches SET rows_resolved = rows_resolved + $2 WHERE id = $1`, [originalBatchId, done.length]);
        return done.length;
      });
    },

    async resubmissionCount(originalBatchId: string): Promise<number> {
      const [r] = await db.query<{ n: number }>('SELECT count(*) AS n FROM ingest_batches WHERE resubmission_of = $1', [originalBatchId]);
      return r.n;
    },

    /** Versions of an enterprise's item as they stood at `asOf` (now when null), each with its record's marks. */
    async records(uscc: string, item: string, asOf: Date | null, includeWithheld = false): Promise<MarkedRecordRow[]> {
      const withheld = includeWithheld ? '' : ' AND m.withheld_reason IS NULL';
      if (asOf === null) {
        return db.query<MarkedRecordRow>(
          `${MARKED_SELECT} WHERE r.uscc = $1 AND r.item_code = $2 AND r.valid_to IS NULL${withheld} ORDER BY r.record_key, r.version`,
          [uscc, item],
        );
      }
      return db.query<MarkedRecordRow>(
        `${MARKED_SELECT} WHERE r.uscc = $1 AND r.item_code = $2 AND r.valid_from <= $3 AND (r.valid_to IS NULL OR r.valid_to > $3)${withheld}
          ORDER BY r.record_key, r.version`,
        [uscc, item, asOf],
      );
    },

    /**
     * Current, still published records of one item whose date field is on or before `onOrBefore` (YYYY-MM-DD), in
     * (uscc, key) order after `after`: the candidates of the publicity-expiry sweep (credit repair, C11).
     */
    async publishedDatedOnOrBefore(item: string, dateField: string, onOrBefore: string, after: [string, string] | null, limit: number): Promise<MarkedRecordRow[]> {
      return db.query<MarkedRecordRow>(
        `${MARKED_SELECT} WHERE r.item_code = $1 AND r.valid_to IS NULL AND m.withheld_reason IS NULL
           AND r.data->>$2 IS NOT NULL AND r.data->>$2 <= $3
           AND ($4::text IS NULL OR (r.uscc, r.record_key) > ($4::text, $5::text))
         ORDER BY r.uscc, r.record_key LIMIT $6`,
        [item, dateField, onOrBefore, after?.[0] ?? null, after?.[1] ?? null, limit],
      );
    },

    /**
     * The current published records of several items of one enterprise and the count of its withheld records per
     * reason, in one statement answering one row of JSON (reports: one round trip, one native JSON parse).
     */
    async publishedOf(uscc: string, items: readonly string[]): Promise<PublishedOf> {
      const [row] = await db.query<{ published: PublishedOf }>(`SELECT ${publishedOfJsonSql('$1', '$2')} AS published`, [uscc, items]);
      return row.published;
    },

    /** Every version (withheld ones too: history is the internal view), each with its record's marks. */
    async history(uscc: string, item: string, recordKey: string | undefined): Promise<MarkedRecordRow[]> {
      const params: unknown[] = [uscc, item];
      let extra = '';
      if (recordKey !== undefined) {
        params.push(recordKey);
        extra = ' AND r.record_key = $3';
      }
      return db.query<MarkedRecordRow>(`${MARKED_SELECT} WHERE r.uscc = $1 AND r.item_code = $2${extra} ORDER BY r.record_key, r.version`, params);
    },
  };
}

export type AggregationStore = ReturnType<typeof aggregationStore>;
