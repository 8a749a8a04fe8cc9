/** SQL for the credit_reports table only (migrations/0023_reports.sql): what verification needs, never the content. */
import type { Queryable } from '../../platform/db/index.ts';
import type { ReportVersionT } from './schemas.ts';

export interface ReportRow {
  number: string;
  uscc: string;
  version: ReportVersionT;
  format: 'json' | 'pdf';
  requester_org_id: string;
  requester_kind: string;
  content_sm3: string;
  file_sm3: string | null;
  generated_at: Date;
  audit_index: number;
}

// bigint comes back as a string on `pg` and a number on PGlite: cast in SQL (STYLE.md).
const SELECT = `SELECT number, uscc, version, format, requester_org_id, requester_kind, content_sm3, file_sm3, generated_at,
  audit_index::float8 AS audit_index FROM credit_reports`;

export function reportStore(db: Queryable) {
  return {
    /** Stores generations, several in one statement (one commit) when they come together. */
    async insert(rows: readonly ReportRow[]): Promise<void> {
      if (rows.length === 0) return;
      const params: unknown[] = [];
      const values = rows.map((r) => {
        const at = params.length;
        params.push(r.number, r.uscc, r.version, r.format, r.requester_org_id, r.requester_kind, r.content_sm3, r.file_sm3, r.generated_at, r.audit_index);
        return `(${Array.from({ length: 10 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      await db.query(
        `INSERT INTO credit_reports (number, uscc, version, format, requester_org_id, requester_kind, content_sm3, file_sm3, generated_at, audit_index)
         VALUES ${values.join(', ')}`,
        params,
      );
    },

    async byNumber(number: string): Promise<ReportRow | undefined> {
      return (await db.query<ReportRow>(`${SELECT} WHERE number = $1`, [number]))[0];
    },

    /** Reports an organisation asked for (institutions, operators), newest first. */
    async byRequester(orgId: string, limit: number): Promise<ReportRow[]> {
      return db.query<ReportRow>(`${SELECT} WHERE requester_org_id = $1 ORDER BY generated_at DESC LIMIT $2`, [orgId, limit]);
    },

    /** Reports about one enterprise (its own view: who had a report made and when), newest first. */
    async aboutEnterprise(uscc: string, limit: number): Promise<ReportRow[]> {
      return db.query<ReportRow>(`${SELECT} WHERE uscc = $1 ORDER BY generated_at DESC LIMIT $2`, [uscc, limit]);
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;

/**
 * Writes generations in batches: a generation waits for the statement that stores it (its number verifies as soon as
 * its answer leaves), and generations arriving while one statement runs share the next one — one commit for many
 * under load instead of one each (P3).
 */
export function reportWriter(store: ReportStore, maxBatch = 200) {
  let queue: { row: ReportRow; done: (err?: unknown) => void }[] = [];
  let running = false;

  async function drain() {
    running = true;
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await store.insert(batch.map((b) => b.row));
        for (const b of batch) b.done();
      } catch (err) {
        // one bad row must not fail the others: each stored alone, each told its own outcome
        if (batch.length === 1) batch[0].done(err);
        else await Promise.all(batch.map((b) => store.insert([b.row]).then(() => b.done(), (e: unknown) => b.done(e))));
      }
    }
    running = false;
  }

  return {
    write(row: ReportRow): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
        if (!running) void drain();
      });
    },
  };
}
