import type { Queryable } from '../../platform/db/index.ts';
import type { OrgKind, Role } from '../../platform/auth/roles.ts';

export interface OrganisationRow {
  id: string;
  kind: OrgKind;
  name: string;
  uscc: string | null;
  region_code: string;
  category: string | null;
}

export interface UserRow {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  totp_secret_enc: string | null;
  totp_last_step: number | null;
  real_name_verified: boolean;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
}

export interface ApiKeyRow {
  key_id: string;
  org_id: string;
  label: string;
  alg: 'hmac-sm3' | 'ed25519' | 'sm2';
  secret_enc: string | null;
  public_key: string | null;
  roles: Role[];
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** What a request needs to know of its session: who, in which organisation, with which roles (read on every request). */
export interface SessionJoinRow extends Pick<UserRow, 'id' | 'username' | 'display_name' | 'org_id' | 'roles'> {
  mfa_passed: boolean;
  expires_at: Date;
  org_kind: OrgKind;
  org_name: string;
  uscc: string | null;
}

/** SQL for the identity tables only. */
export function identityStore(q: Queryable) {
  return {
    async insertOrganisation(o: OrganisationRow): Promise<void> {
      await q.query(
        'INSERT INTO organisations (id, kind, name, uscc, region_code, category) VALUES ($1,$2,$3,$4,$5,$6)',
        [o.id, o.kind, o.name, o.uscc, o.region_code, o.category],
      );
    },
    async organisation(id: string): Promise<OrganisationRow | undefined> {
      const rows = await q.query<OrganisationRow>('SELECT id, kind, name, uscc, region_code, category FROM organisations WHERE id = $1', [id]);
      return rows[0];
    },
    async realNameVerified(userId: string): Promise<boolean> {
      const rows = await q.query<{ real_name_verified: boolean }>('SELECT real_name_verified FROM users WHERE id = $1 AND NOT disabled', [userId]);
      return rows[0]?.real_name_verified === true;
    },
    async organisationsOf(kind: OrgKind, category: string | null): Promise<OrganisationRow[]> {
      return q.query<OrganisationRow>(
        'SELECT id, kind, name, uscc, region_code, category FROM organisations WHERE kind = $1 AND ($2::text IS NULL OR category = $2) ORDER BY created_at, id',
        [kind, category],
      );
    },
    async enterpriseHasAccounts(uscc: string): Promise<boolean> {
      const rows = await q.query(
        "SELECT 1 FROM users u JOIN organisations o ON o.id = u.org_id WHERE o.kind = 'enterprise' AND o.uscc = $1 LIMIT 1",
        [uscc],
      );
      return rows.length > 0;
    },
    /** C14: enterprises registered on the platform in [from, to), per USCC and China-time month (statistics). */
    async enterpriseRegistrations(from: Date, to: Date): Promise<{ uscc: string; month: string; n: number }[]> {
      return q.query<{ uscc: string; month: string; n: number }>(
        `SELECT uscc, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n FROM organisations
          WHERE kind = 'enterprise' AND uscc IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY 1, 2`,
        [from, to],
      );
    },
    async countOrganisations(): Promise<Record<OrgKind, number>> {
      const rows = await q.query<{ kind: OrgKind; n: number }>('SELECT kind, count(*) AS n FROM organisations GROUP BY kind');
      const out = { enterprise: 0, institution: 0, provider: 0, operator: 0, node: 0 };
      for (const r of rows) out[r.kind] = r.n;
      return out;
    },
    async insertUser(u: Omit<UserRow, 'failed_logins' | 'locked_until' | 'disabled' | 'totp_last_step'>): Promise<void> {
      await q.query(
        `INSERT INTO users (id, org_id, username, display_name, password_hash, roles, totp_secret_enc, real_name_verified)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [u.id, u.org_id, u.username, u.display_name, u.password_hash, u.roles, u.totp_secret_enc, u.real_name_verified],
      );
    },
    async userByUsername(username: string): Promise<UserRow | undefined> {
      const rows = await q.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
      return rows[0];
    },
    async recordLoginFailure(userId: string, maxFailures: number, lockMinutes: number): Promise<{ failed_logins: number; locked_until: Date | null }> {
      const rows = await q.query<{ failed_logins: number; locked_until: Date | null }>(
        `UPDATE users SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3::int) ELSE locked_until END
         WHERE id = $1 RETURNING failed_logins, locked_until`,
        [userId, maxFailures, lockMinutes],
      );
      return rows[0];
    },
    async recordLoginSuccess(userId: string): Promise<void> {
      await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1', [userId]);
    },
    /** Records the TOTP step used, refusing a step at or before the last one (RFC 6238 §5.2: one use per code). */
    async claimTotpStep(userId: string, step: number): Promise<boolean> {
      const rows = await q.query(
        'UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
        [userId, step],
      );
      return rows.length === 1;
    },
    async insertSession(s: { tokenHash: string; userId: string; mfaPassed: boolean; ttlMinutes: number; ip: string; userAgent: string | null }): Promise<void> {
      await q.query(
        `INSERT INTO sessions (token_hash, user_id, mfa_passed, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, now() + make_interval(mins => $4::int), $5, $6)`,
        [s.tokenHash, s.userId, s.mfaPassed, s.ttlMinutes, s.ip, s.userAgent],
      );
    },
    async sessionWithUser(tokenHash: string): Promise<SessionJoinRow | undefined> {
      const rows = await q.query<SessionJoinRow>(
        `SELECT u.id, u.username, u.display_name, u.org_id, u.roles, s.mfa_passed, s.expires_at, o.kind AS org_kind, o.name AS org_name, o.uscc
           FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
        [tokenHash],
        { prepare: true },
      );
      return rows[0];
    },
    async markSessionMfaPassed(tokenHash: string): Promise<void> {
      await q.query('UPDATE sessions SET mfa_passed = true WHERE token_hash = $1', [tokenHash]);
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async purgeExpired(): Promise<void> {
      await q.query('DELETE FROM sessions WHERE expires_at < now()');
      await q.query('DELETE FROM request_nonces WHERE expires_at < now()');
      await q.query("DELETE FROM registration_attempts WHERE at < now() - interval '1 day'");
    },
    async insertApiKey(k: Omit<ApiKeyRow, 'created_at' | 'revoked_at' | 'last_used_at'>): Promise<void> {
      await q.query(
        'INSERT INTO api_keys (key_id, org_id, label, alg, secret_enc, public_key, roles) VALUES ($1,$2,$3,$4,$5,$6,$7)',
        [k.key_id, k.org_id, k.label, k.alg, k.secret_enc, k.public_key, k.roles],
      );
    },
    async apiKeyWithOrg(keyId: string): Promise<(ApiKeyRow & { org_kind: OrgKind; org_name: string; uscc: string | null }) | undefined> {
      const rows = await q.query<ApiKeyRow & { org_kind: OrgKind; org_name: string; uscc: string | null }>(
        `SELECT k.*, o.kind AS org_kind, o.name AS org_name, o.uscc
           FROM api_keys k JOIN organisations o ON o.id = k.org_id WHERE k.key_id = $1`,
        [keyId],
      );
      return rows[0];
    },
    async apiKeysOfOrg(orgId: string): Promise<ApiKeyRow[]> {
      return q.query<ApiKeyRow>('SELECT * FROM api_keys WHERE org_id = $1 ORDER BY created_at', [orgId]);
    },
    async touchApiKey(keyId: string): Promise<void> {
      await q.query('UPDATE api_keys SET last_used_at = now() WHERE key_id = $1', [keyId]);
    },
    async revokeApiKey(keyId: string, orgId: string): Promise<boolean> {
      const rows = await q.query('UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND org_id = $2 AND revoked_at IS NULL RETURNING key_id', [keyId, orgId]);
      return rows.length === 1;
    },
    /** Atomic replay guard: of two concurrent inserts of the same pair exactly one succeeds. */
    async rememberNonce(keyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO request_nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE request_nonces.expires_at < now()
         RETURNING key_id`,
        [keyId, nonce, expiresAt],
      );
      return rows.length === 1;
    },
  };
}

export type IdentityStore = ReturnType<typeof identityStore>;
