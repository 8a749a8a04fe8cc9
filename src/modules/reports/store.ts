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
    async insert(r: ReportRow): Promise<void> {
      await db.query(
        `INSERT INTO credit_reports (number, uscc, version, format, requester_org_id, requester_kind, content_sm3, file_sm3, generated_at, audit_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.number, r.uscc, r.version, r.format, r.requester_org_id, r.requester_kind, r.content_sm3, r.file_sm3, r.generated_at, r.audit_index],
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
