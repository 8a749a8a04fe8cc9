import type { Queryable } from '../../platform/db/index.ts';
import type { OrgKind, Role } from '../../platform/auth/roles.ts';
import type { OrganisationRow } from './store.ts';

/** An organisation as the administrative lists show it: its row, when it was made and how many people it has. */
export interface OrganisationListRow extends OrganisationRow {
  created_at: Date;
  users: number;
}

export interface AssessmentRow {
  id: string;
  org_id: string;
  status: 'passed' | 'conditional' | 'failed';
  assessed_on: string;
  valid_until: string | null;
  assessor: string;
  note: string | null;
  recorded_at: Date;
  recorded_by_name: string;
}

export interface AccountRow {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  pending: boolean;
  disabled: boolean;
  locked_until: Date | null;
  created_at: Date;
  last_login_at: Date | null;
  activation_expires_at: Date | null;
}

const ASSESSMENT_COLUMNS = `a.id, a.org_id, a.status, to_char(a.assessed_on, 'YYYY-MM-DD') AS assessed_on,
  to_char(a.valid_until, 'YYYY-MM-DD') AS valid_until, a.assessor, a.note, a.recorded_at, u.display_name AS recorded_by_name`;

const ACCOUNT_COLUMNS = `u.id, u.org_id, u.username, u.display_name, u.roles, u.password_hash = '' AS pending, u.disabled, u.locked_until,
  u.created_at, u.last_login_at, act.expires_at AS activation_expires_at`;

/** SQL of migration 0032 (assessments, activation codes) and the administrative reads of organisations and users. */
export function accountsStore(q: Queryable) {
  return {
    async organisations(kind: OrgKind): Promise<OrganisationListRow[]> {
      return q.query<OrganisationListRow>(
        `SELECT o.id, o.kind, o.name, o.uscc, o.region_code, o.category, o.created_at,
                (SELECT count(*)::int FROM users u WHERE u.org_id = o.id) AS users
           FROM organisations o WHERE o.kind = $1 ORDER BY o.created_at, o.id`,
        [kind],
      );
    },
    async organisation(id: string): Promise<OrganisationListRow | undefined> {
      const rows = await q.query<OrganisationListRow>(
        `SELECT o.id, o.kind, o.name, o.uscc, o.region_code, o.category, o.created_at,
                (SELECT count(*)::int FROM users u WHERE u.org_id = o.id) AS users
           FROM organisations o WHERE o.id = $1`,
        [id],
      );
      return rows[0];
    },
    async enterpriseByUscc(uscc: string): Promise<{ id: string; name: string; region_code: string } | undefined> {
      return (await q.query<{ id: string; name: string; region_code: string }>("SELECT id, name, region_code FROM organisations WHERE kind = 'enterprise' AND uscc = $1", [uscc]))[0];
    },
    async usccTaken(kind: OrgKind, uscc: string): Promise<boolean> {
      return (await q.query('SELECT 1 FROM organisations WHERE kind = $1 AND uscc = $2 LIMIT 1', [kind, uscc])).length > 0;
    },
    /** The newest assessment of each of the given organisations. */
    async latestAssessments(orgIds: string[]): Promise<AssessmentRow[]> {
      if (orgIds.length === 0) return [];
      return q.query<AssessmentRow>(
        `SELECT DISTINCT ON (a.org_id) ${ASSESSMENT_COLUMNS}
           FROM organisation_assessments a JOIN users u ON u.id = a.recorded_by
          WHERE a.org_id = ANY($1::uuid[]) ORDER BY a.org_id, a.recorded_at DESC, a.id DESC`,
        [orgIds],
      );
    },
    async assessments(orgId: string): Promise<AssessmentRow[]> {
      return q.query<AssessmentRow>(
        `SELECT ${ASSESSMENT_COLUMNS} FROM organisation_assessments a JOIN users u ON u.id = a.recorded_by
          WHERE a.org_id = $1 ORDER BY a.recorded_at DESC, a.id DESC`,
        [orgId],
      );
    },
    async insertAssessment(a: { id: string; orgId: string; status: string; assessedOn: string; validUntil: string | null; assessor: string; note: string | null; recordedBy: string }): Promise<void> {
      await q.query(
        `INSERT INTO organisation_assessments (id, org_id, status, assessed_on, valid_until, assessor, note, recorded_by)
         VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8)`,
        [a.id, a.orgId, a.status, a.assessedOn, a.validUntil, a.assessor, a.note, a.recordedBy],
      );
    },
    async accounts(orgId: string): Promise<AccountRow[]> {
      return q.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM users u LEFT JOIN user_activations act ON act.user_id = u.id
          WHERE u.org_id = $1 ORDER BY u.created_at, u.id`,
        [orgId],
      );
    },
    async account(id: string): Promise<AccountRow | undefined> {
      const rows = await q.query<AccountRow>(
        `SELECT ${ACCOUNT_COLUMNS} FROM users u LEFT JOIN user_activations act ON act.user_id = u.id WHERE u.id = $1`,
        [id],
      );
      return rows[0];
    },
    async insertPendingUser(u: { id: string; orgId: string; username: string; displayName: string; roles: Role[]; createdBy: string }): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO users (id, org_id, username, display_name, password_hash, roles, created_by)
         VALUES ($1, $2, $3, $4, '', $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [u.id, u.orgId, u.username, u.displayName, u.roles, u.createdBy],
      );
      return rows.length === 1;
    },
    /** A new code replaces any earlier one; the account's password and second factor are cleared until it is used. */
    async issueActivation(userId: string, codeHash: string, expiresAt: Date, issuedBy: string): Promise<void> {
      await q.query(
        `INSERT INTO user_activations (user_id, code_hash, expires_at, issued_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at,
           issued_by = EXCLUDED.issued_by, issued_at = now()`,
        [userId, codeHash, expiresAt, issuedBy],
      );
      await q.query("UPDATE users SET password_hash = '', totp_secret_enc = NULL, totp_last_step = NULL WHERE id = $1", [userId]);
    },
    /** Takes the code if it is the live one of this account: used once, whoever asks second finds nothing. */
    async claimActivation(userId: string, codeHash: string): Promise<boolean> {
      const rows = await q.query('DELETE FROM user_activations WHERE user_id = $1 AND code_hash = $2 AND expires_at > now() RETURNING user_id', [userId, codeHash]);
      return rows.length === 1;
    },
    async activate(userId: string, passwordHash: string, totpSecretEnc: string | null): Promise<void> {
      await q.query(
        `UPDATE users SET password_hash = $2, totp_secret_enc = $3, totp_last_step = NULL, failed_logins = 0, locked_until = NULL
          WHERE id = $1`,
        [userId, passwordHash, totpSecretEnc],
      );
    },
    async setDisabled(userId: string, disabled: boolean): Promise<void> {
      await q.query(
        'UPDATE users SET disabled = $2, failed_logins = CASE WHEN $2 THEN failed_logins ELSE 0 END, locked_until = CASE WHEN $2 THEN locked_until ELSE NULL END WHERE id = $1',
        [userId, disabled],
      );
    },
    /** Ends every session of the account; answers their token hashes so a process can drop its cached lookups. */
    async endSessions(userId: string): Promise<string[]> {
      return (await q.query<{ token_hash: string }>('DELETE FROM sessions WHERE user_id = $1 RETURNING token_hash', [userId])).map((r) => r.token_hash);
    },
  };
}
