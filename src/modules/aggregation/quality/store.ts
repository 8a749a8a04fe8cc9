import type { Queryable } from '../../../platform/db/index.ts';
import { uuidv7 } from '../../../platform/crypto/index.ts';

/** SQL of the quality figures: reads the aggregation tables (records, ingest_batches), owns quality_snapshots and data_usage. */

export type UsageMode = 'verification' | 'interface_call' | 'record_read';

/** One use of an item about one enterprise, as recorded by the path that served it. */
export interface UsageEntry {
  at: Date;
  /** the institution (or other organisation) that used the data */
  consumerOrgId: string;
  itemCode: string;
  /** the item's provider domain (catalog provider.category), so a provider's feedback needs no catalog lookup */
  providerCategory: string;
  uscc: string;
  mode: UsageMode;
  purpose: string | null;
  authorisationRef: string | null;
}

export interface ItemRecordCounts {
  item_code: string;
  current_records: number;
  covered_enterprises: number;
  with_personal: number;
}

export interface SnapshotRow {
  day: string;
  item_code: string;
  provider_category: string;
  registered_enterprises: number;
  covered_enterprises: number;
  current_records: number;
  coverage_bp: number | null;
  completeness_all_bp: number | null;
  completeness_optional_bp: number | null;
  timeliness: 'on_time' | 'late' | 'never' | 'not_applicable';
  age_days: number | null;
  rows_received: number;
  rows_quarantined: number;
  error_rate_bp: number | null;
  taken_at: Date;
}

export interface UsageGroupRow {
  consumer_org_id: string;
  item_code: string;
  provider_category: string;
  purpose: string | null;
  mode: UsageMode;
  uses: number;
  enterprises: number;
  last_used_at: Date;
}

/** Writes one usage entry; called inside the transaction (or on the connection) of the path that served the data. */
export async function recordUsage(q: Queryable, entry: UsageEntry): Promise<void> {
  await q.query(
    `INSERT INTO data_usage (uscc, id, at, consumer_org_id, item_code, provider_category, mode, purpose, authorisation_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [entry.uscc, uuidv7(), entry.at, entry.consumerOrgId, entry.itemCode, entry.providerCategory, entry.mode, entry.purpose, entry.authorisationRef],
  );
}

export function qualityStore(db: Queryable) {
  return {
    /**
     * Per item: current records, the registered enterprises holding at least one, and records carrying personal fields.
     * The EXISTS reads the registry table `entities` (module entities) directly: a per-USCC membership test over every
     * current record has no service function, and both tables are keyed (and distributable) by USCC, so the check
     * stays a co-located join when the tables are sharded.
     */
    async recordCounts(): Promise<ItemRecordCounts[]> {
      return db.query<ItemRecordCounts>(
        `SELECT r.item_code,
                count(*)::int AS current_records,
                count(DISTINCT r.uscc) FILTER (WHERE EXISTS (SELECT 1 FROM entities e WHERE e.uscc = r.uscc))::int AS covered_enterprises,
                count(*) FILTER (WHERE r.personal_enc IS NOT NULL)::int AS with_personal
           FROM records r
          WHERE r.valid_to IS NULL
          GROUP BY r.item_code`,
      );
    },

    /** Per item and non-personal field: how many current records hold a value (JSON null and '' count as empty). */
    async filledFields(): Promise<{ item_code: string; field: string; filled: number }[]> {
      return db.query(
        `SELECT r.item_code, kv.key AS field, count(*)::int AS filled
           FROM records r CROSS JOIN LATERAL jsonb_each(r.data) kv
          WHERE r.valid_to IS NULL AND kv.value <> 'null'::jsonb AND kv.value <> '""'::jsonb
          GROUP BY r.item_code, kv.key`,
      );
    },

    /** Per item: the newest completed batch that accepted at least one row (a row not quarantined). */
    async lastAccepted(): Promise<{ item_code: string; last_at: Date }[]> {
      return db.query(
        `SELECT item_code, max(created_at) AS last_at
           FROM ingest_batches
          WHERE status = 'completed' AND rows_total > rows_quarantined
          GROUP BY item_code`,
      );
    },

    /** Per item: rows received and quarantined in completed batches created since `since`. */
    async batchRows(since: Date): Promise<{ item_code: string; batches: number; rows_received: number; rows_quarantined: number }[]> {
      return db.query(
        `SELECT item_code, count(*)::int AS batches, coalesce(sum(rows_total), 0)::int AS rows_received,
                coalesce(sum(rows_quarantined), 0)::int AS rows_quarantined
           FROM ingest_batches
          WHERE status = 'completed' AND created_at > $1
          GROUP BY item_code`,
        [since],
      );
    },

    async upsertSnapshot(s: Omit<SnapshotRow, 'taken_at'>, takenAt: Date): Promise<void> {
      await db.query(
        `INSERT INTO quality_snapshots (day, item_code, provider_category, registered_enterprises, covered_enterprises, current_records,
                                        coverage_bp, completeness_all_bp, completeness_optional_bp, timeliness, age_days,
                                        rows_received, rows_quarantined, error_rate_bp, taken_at)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (day, item_code) DO UPDATE SET
           provider_category = EXCLUDED.provider_category, registered_enterprises = EXCLUDED.registered_enterprises,
           covered_enterprises = EXCLUDED.covered_enterprises, current_records = EXCLUDED.current_records,
           coverage_bp = EXCLUDED.coverage_bp, completeness_all_bp = EXCLUDED.completeness_all_bp,
           completeness_optional_bp = EXCLUDED.completeness_optional_bp, timeliness = EXCLUDED.timeliness,
           age_days = EXCLUDED.age_days, rows_received = EXCLUDED.rows_received, rows_quarantined = EXCLUDED.rows_quarantined,
           error_rate_bp = EXCLUDED.error_rate_bp, taken_at = EXCLUDED.taken_at`,
        [s.day, s.item_code, s.provider_category, s.registered_enterprises, s.covered_enterprises, s.current_records,
          s.coverage_bp, s.completeness_all_bp, s.completeness_optional_bp, s.timeliness, s.age_days,
          s.rows_received, s.rows_quarantined, s.error_rate_bp, takenAt],
      );
    },

    async hasSnapshot(day: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM quality_snapshots WHERE day = $1::date LIMIT 1', [day]);
      return rows.length > 0;
    },

    /** Snapshots of one item from `fromDay` on, oldest first; `day` comes back as YYYY-MM-DD text. */
    async snapshots(itemCode: string, fromDay: string): Promise<SnapshotRow[]> {
      return db.query<SnapshotRow>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, item_code, provider_category, registered_enterprises, covered_enterprises,
                current_records, coverage_bp, completeness_all_bp, completeness_optional_bp, timeliness, age_days,
                rows_received, rows_quarantined, error_rate_bp, taken_at
           FROM quality_snapshots WHERE item_code = $1 AND day >= $2::date ORDER BY day`,
        [itemCode, fromDay],
      );
    },

    /** Usage grouped by consumer, item, purpose and mode since `since`; `category` null = every provider. */
    async usage(category: string | null, since: Date): Promise<UsageGroupRow[]> {
      return db.query<UsageGroupRow>(
        `SELECT consumer_org_id, item_code, provider_category, purpose, mode, count(*)::int AS uses,
                count(DISTINCT uscc)::int AS enterprises, max(at) AS last_used_at
           FROM data_usage
          WHERE at > $1 AND ($2::text IS NULL OR provider_category = $2)
          GROUP BY consumer_org_id, item_code, provider_category, purpose, mode
          ORDER BY max(at) DESC`,
        [since, category],
      );
    },
  };
}

export type QualityStore = ReturnType<typeof qualityStore>;
