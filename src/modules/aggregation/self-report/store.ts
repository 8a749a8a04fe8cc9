import type { Db, Queryable } from '../../../platform/db/index.ts';
import type { CommitmentReceipt } from './commitment-receipt.ts';

export interface CommitmentRow {
  uscc: string;
  id: string;
  org_id: string;
  user_id: string;
  text_version: string;
  text_sm3: string;
  signed_at: Date;
  receipt: CommitmentReceipt;
  revoked_at: Date | null;
}

export interface SubmissionRow {
  item_code: string;
  record_key: string;
  version: number;
  commitment_id: string;
  user_id: string;
  submitted_at: Date;
}

/** SQL for the self-report tables only (credit_commitments, self_report_submissions). */
export function selfReportStore(db: Db) {
  return {
    /** The enterprise's newest commitment that is not revoked (whatever its text version). */
    async latestCommitment(uscc: string, q: Queryable = db): Promise<CommitmentRow | undefined> {
      return (await q.query<CommitmentRow>(
        `SELECT * FROM credit_commitments WHERE uscc = $1 AND revoked_at IS NULL ORDER BY signed_at DESC, id DESC LIMIT 1`, [uscc],
      ))[0];
    },

    async insertCommitment(row: Omit<CommitmentRow, 'revoked_at'>, q: Queryable = db): Promise<void> {
      await q.query(
        `INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.uscc, row.id, row.org_id, row.user_id, row.text_version, row.text_sm3, row.signed_at.toISOString(), JSON.stringify(row.receipt)],
      );
    },

    async insertSubmission(q: Queryable, uscc: string, row: SubmissionRow): Promise<void> {
      await q.query(
        `INSERT INTO self_report_submissions (uscc, item_code, record_key, version, commitment_id, user_id, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [uscc, row.item_code, row.record_key, row.version, row.commitment_id, row.user_id, row.submitted_at.toISOString()],
      );
    },

    async submissions(uscc: string, itemCodes: readonly string[]): Promise<SubmissionRow[]> {
      return db.query<SubmissionRow>(
        `SELECT item_code, record_key, version, commitment_id, user_id, submitted_at FROM self_report_submissions
         WHERE uscc = $1 AND item_code = ANY($2::text[])`, [uscc, [...itemCodes]],
      );
    },

  };
}

export type SelfReportStore = ReturnType<typeof selfReportStore>;
