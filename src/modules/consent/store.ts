import type { Db, Queryable } from '../../platform/db/index.ts';
import type { ArtefactT, AuthorisationStatus, LimitPeriod, UseMode } from './schemas.ts';

export interface AuthorisationRow {
  id: string;
  enterprise_uscc: string;
  enterprise_org_id: string | null;
  enterprise_name: string;
  institution_org_id: string;
  institution_name: string;
  purpose: string;
  items: string[];
  mode: UseMode;
  valid_from: Date;
  valid_to: Date;
  frequency_count: number;
  frequency_period: LimitPeriod;
  retention_days: number;
  status: AuthorisationStatus;
  channel: 'online' | 'written';
  requested_by: string | null;
  granted_by: string | null;
  note: string | null;
  document_sm3: string | null;
  document_name: string | null;
  document_type: string | null;
  document_bytes: number | null;
  artefact: ArtefactT | null;
  usage_count: number;
  last_used_at: Date | null;
  expiry_reminded_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  status: AuthorisationStatus;
  actor_user_id: string | null;
  actor_role: string;
  reason: string | null;
  at: Date;
}

export interface NotificationRow {
  id: string;
  kind: string;
  payload: { zh: string; en: string; authorisationId?: string };
  read_at: Date | null;
  created_at: Date;
}

// The document bytes stay in the table; reads carry only their length.
const COLUMNS = `id, enterprise_uscc, enterprise_org_id, enterprise_name, institution_org_id, institution_name, purpose, items, mode,
  valid_from, valid_to, frequency_count, frequency_period, retention_days, status, channel, requested_by, granted_by, note,
  document_sm3, document_name, document_type, octet_length(document)::int AS document_bytes, artefact, usage_count,
  last_used_at, expiry_reminded_at, created_at, updated_at`;

export type NewAuthorisation = Omit<AuthorisationRow, 'document_bytes' | 'usage_count' | 'last_used_at' | 'expiry_reminded_at'> & { document: Buffer | null };

/** SQL for the consent tables only (authorisations, authorisation_events, authorisation_usage, notifications). */
export function consentStore(db: Db) {
  return {
    async insert(row: NewAuthorisation, q: Queryable = db): Promise<void> {
      await q.query(
        `INSERT INTO authorisations (id, enterprise_uscc, enterprise_org_id, enterprise_name, institution_org_id, institution_name,
           purpose, items, mode, valid_from, valid_to, frequency_count, frequency_period, retention_days, status, channel,
           requested_by, granted_by, note, document_sm3, document_name, document_type, document, artefact, signature, alg, key_id,
           created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29)`,
        [row.id, row.enterprise_uscc, row.enterprise_org_id, row.enterprise_name, row.institution_org_id, row.institution_name,
          row.purpose, row.items, row.mode, row.valid_from.toISOString(), row.valid_to.toISOString(), row.frequency_count,
          row.frequency_period, row.retention_days, row.status, row.channel, row.requested_by, row.granted_by, row.note,
          row.document_sm3, row.document_name, row.document_type, row.document, row.artefact ? JSON.stringify(row.artefact) : null,
          row.artefact?.signature ?? null, row.artefact?.alg ?? null, row.artefact?.keyId ?? null,
          row.created_at.toISOString(), row.updated_at.toISOString()],
      );
    },

    async byId(id: string, q: Queryable = db, lock = false): Promise<AuthorisationRow | undefined> {
      return (await q.query<AuthorisationRow>(`SELECT ${COLUMNS} FROM authorisations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
    },

    /**
     * C14 statistics: authorisations granted (valid from) in [from, to) per enterprise, institution and China-time month.
     * Granted means it became ACTIVE once: still active, paused, revoked or expired since; pending and declined never were.
     */
    async grantFacts(from: Date, to: Date): Promise<{ uscc: string; institution_org_id: string; month: string; n: number }[]> {
      return db.query(
        `SELECT enterprise_uscc AS uscc, institution_org_id, to_char(valid_from AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n
           FROM authorisations WHERE status IN ('ACTIVE', 'PAUSED', 'REVOKED', 'EXPIRED') AND valid_from >= $1 AND valid_from < $2
          GROUP BY 1, 2, 3`,
        [from, to],
      );
    },

    async list(filter: { uscc?: string; institutionOrgId?: string }, limit = 500): Promise<AuthorisationRow[]> {
      return db.query<AuthorisationRow>(
        `SELECT ${COLUMNS} FROM authorisations
         WHERE ($1::text IS NULL OR enterprise_uscc = $1) AND ($2::uuid IS NULL OR institution_org_id = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [filter.uscc ?? null, filter.institutionOrgId ?? null, limit],
      );
    },

    async setStatus(q: Queryable, id: string, status: AuthorisationStatus, at: Date, extra: { validFrom?: Date; grantedBy?: string; artefact?: ArtefactT } = {}): Promise<void> {
      await q.query(
        `UPDATE authorisations SET status = $2, updated_at = $3,
           valid_from = COALESCE($4::timestamptz, valid_from), granted_by = COALESCE($5::uuid, granted_by),
           artefact = COALESCE($6::jsonb, artefact), signature = COALESCE($7, signature), alg = COALESCE($8, alg), key_id = COALESCE($9, key_id)
         WHERE id = $1`,
        [id, status, at.toISOString(), extra.validFrom?.toISOString() ?? null, extra.grantedBy ?? null,
          extra.artefact ? JSON.stringify(extra.artefact) : null, extra.artefact?.signature ?? null, extra.artefact?.alg ?? null, extra.artefact?.keyId ?? null],
      );
    },

    async insertEvent(q: Queryable, e: EventRow & { id: string; authorisation_id: string }): Promise<void> {
      await q.query(
        'INSERT INTO authorisation_events (id, authorisation_id, status, actor_user_id, actor_role, reason, at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
        [e.id, e.authorisation_id, e.status, e.actor_user_id, e.actor_role, e.reason, e.at.toISOString()],
      );
    },

    async events(id: string): Promise<EventRow[]> {
      return db.query<EventRow>('SELECT status, actor_user_id, actor_role, reason, at FROM authorisation_events WHERE authorisation_id = $1 ORDER BY at, id', [id]);
    },

    /** Live candidates for one access, locked until the deciding transaction ends (frequency counters). */
    async liveFor(q: Queryable, uscc: string, institutionOrgId: string, at: Date): Promise<AuthorisationRow[]> {
      return q.query<AuthorisationRow>(
        `SELECT ${COLUMNS} FROM authorisations
         WHERE enterprise_uscc = $1 AND institution_org_id = $2 AND status = 'ACTIVE' AND valid_from <= $3 AND valid_to > $3
         ORDER BY created_at, id FOR UPDATE`,
        [uscc, institutionOrgId, at.toISOString()],
      );
    },

    /** C12 clean room: the live "model" authorisations of one institution, locked until the run's transaction ends. */
    async liveModel(q: Queryable, institutionOrgId: string, at: Date): Promise<AuthorisationRow[]> {
      return q.query<AuthorisationRow>(
        `SELECT ${COLUMNS} FROM authorisations
         WHERE institution_org_id = $1 AND mode = 'model' AND status = 'ACTIVE' AND valid_from <= $2 AND valid_to > $2
         ORDER BY enterprise_uscc, created_at, id FOR UPDATE`,
        [institutionOrgId, at.toISOString()],
      );
    },

    /** Uses of many authorisations in their periods at once (clean-room runs over thousands of enterprises). */
    async usesMany(q: Queryable, keys: readonly { id: string; periodKey: string }[]): Promise<Map<string, number>> {
      if (keys.length === 0) return new Map();
      const rows = await q.query<{ authorisation_id: string; uses: number }>(
        `SELECT u.authorisation_id, u.uses FROM authorisation_usage u
         JOIN jsonb_to_recordset($1::jsonb) AS k(id uuid, period_key text) ON u.authorisation_id = k.id AND u.period_key = k.period_key`,
        [JSON.stringify(keys.map((k) => ({ id: k.id, period_key: k.periodKey })))],
      );
      return new Map(rows.map((r) => [r.authorisation_id, r.uses]));
    },

    /** One use each of many authorisations (recordUse in two statements for the lot). */
    async recordUses(q: Queryable, keys: readonly { id: string; periodKey: string }[], at: Date): Promise<void> {
      if (keys.length === 0) return;
      const json = JSON.stringify(keys.map((k) => ({ id: k.id, period_key: k.periodKey })));
      await q.query(
        `INSERT INTO authorisation_usage (authorisation_id, period_key, uses)
         SELECT k.id, k.period_key, 1 FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, period_key text)
         ON CONFLICT (authorisation_id, period_key) DO UPDATE SET uses = authorisation_usage.uses + 1`,
        [json],
      );
      await q.query(
        `UPDATE authorisations a SET usage_count = usage_count + 1, last_used_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, period_key text) WHERE a.id = k.id`,
        [json, at.toISOString()],
      );
    },

    async uses(q: Queryable, id: string, periodKey: string): Promise<number> {
      const rows = await q.query<{ uses: number }>('SELECT uses FROM authorisation_usage WHERE authorisation_id = $1 AND period_key = $2', [id, periodKey]);
      return rows[0]?.uses ?? 0;
    },

    async recordUse(q: Queryable, id: string, periodKey: string, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO authorisation_usage (authorisation_id, period_key, uses) VALUES ($1, $2, 1)
         ON CONFLICT (authorisation_id, period_key) DO UPDATE SET uses = authorisation_usage.uses + 1`,
        [id, periodKey],
      );
      await q.query('UPDATE authorisations SET usage_count = usage_count + 1, last_used_at = $2 WHERE id = $1', [id, at.toISOString()]);
    },

    /** Open authorisations whose window has closed (the expiry sweep), locked. */
    async lapsed(q: Queryable, at: Date, limit = 500): Promise<AuthorisationRow[]> {
      return q.query<AuthorisationRow>(
        `SELECT ${COLUMNS} FROM authorisations WHERE status IN ('PENDING', 'ACTIVE', 'PAUSED') AND valid_to <= $1
         ORDER BY valid_to, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [at.toISOString(), limit],
      );
    },

    /** Active authorisations ending before `until` that have not been reminded yet, locked. */
    async expiringUnreminded(q: Queryable, at: Date, until: Date, limit = 500): Promise<AuthorisationRow[]> {
      return q.query<AuthorisationRow>(
        `SELECT ${COLUMNS} FROM authorisations
         WHERE status = 'ACTIVE' AND expiry_reminded_at IS NULL AND valid_to > $1 AND valid_to <= $2
         ORDER BY valid_to, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [at.toISOString(), until.toISOString(), limit],
      );
    },

    async markReminded(q: Queryable, id: string, at: Date): Promise<void> {
      await q.query('UPDATE authorisations SET expiry_reminded_at = $2 WHERE id = $1', [id, at.toISOString()]);
    },

    async insertNotification(q: Queryable, n: { id: string; orgId: string; userId: string | null; kind: string; payload: NotificationRow['payload']; at: Date }): Promise<void> {
      await q.query(
        'INSERT INTO notifications (id, recipient_org_id, recipient_user_id, kind, payload, created_at) VALUES ($1,$2,$3,$4,$5,$6)',
        [n.id, n.orgId, n.userId, n.kind, JSON.stringify(n.payload), n.at.toISOString()],
      );
    },

    async notifications(orgId: string, userId: string, limit = 200): Promise<NotificationRow[]> {
      return db.query<NotificationRow>(
        `SELECT id, kind, payload, read_at, created_at FROM notifications
         WHERE recipient_org_id = $1 AND (recipient_user_id IS NULL OR recipient_user_id = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [orgId, userId, limit],
      );
    },

    /** Marks one of the organisation's notifications read; false when it is not theirs. */
    async markRead(id: string, orgId: string, userId: string, at: Date): Promise<NotificationRow | undefined> {
      return (await db.query<NotificationRow>(
        `UPDATE notifications SET read_at = COALESCE(read_at, $4)
         WHERE id = $1 AND recipient_org_id = $2 AND (recipient_user_id IS NULL OR recipient_user_id = $3)
         RETURNING id, kind, payload, read_at, created_at`,
        [id, orgId, userId, at.toISOString()],
      ))[0];
    },
  };
}

export type ConsentStore = ReturnType<typeof consentStore>;
