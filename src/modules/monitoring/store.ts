/** SQL for the monitoring tables (migration 0024) and the in-app notification rows the module writes. */
import type { Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import type { RuleSet, Severity } from './rules.ts';
import type { LevelBasis } from './levels.ts';

export interface RuleSetRow { version: number; definition: RuleSet; active: boolean; created_by: string; created_at: Date }
export interface InboxRow { uscc: string; item_code: string; record_key: string; version: number; arrived_at: Date }
export type AlertStatus = 'open' | 'acknowledged' | 'closed';

export interface AlertRow {
  id: string; uscc: string; entity_name: string | null; region_code: string | null; application_id: string; institution_org_id: string;
  rule_id: string; rule_version: number; severity: Severity; title_zh: string; title_en: string; item_code: string;
  record_key: string | null; record_version: number | null; subject_ref: string; facts: Record<string, unknown>;
  status: AlertStatus; arrived_at: Date; latency_ms: number; created_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null;
  closed_at: Date | null; closed_by: string | null; updated_at: Date;
}
export type NewAlert = Omit<AlertRow, 'latency_ms' | 'status' | 'acknowledged_at' | 'acknowledged_by' | 'closed_at' | 'closed_by' | 'updated_at'>;

export interface AlertEventRow { id: string; alert_id: string; action: 'created' | 'acknowledged' | 'closed'; from_status: AlertStatus | null; to_status: AlertStatus; actor: string; actor_org_id: string | null; note: string | null; at: Date }
export interface LevelRow { uscc: string; level: string; rule_version: number; basis: LevelBasis; since: Date; cured_at: Date | null; ends_at: Date | null; updated_at: Date }

export interface AlertFilter {
  institutionOrgId?: string | null;
  status?: AlertStatus | null;
  severity?: Severity | null;
  ruleId?: string | null;
  uscc?: string | null;
  before?: { at: Date; id: string } | null;
  /** a district operator's region (GB/T 2260 subtree prefix): alerts on borrowers of that region only */
  regionPrefix?: string | null;
  limit: number;
}

export function createMonitoringStore(db: Queryable) {
  return {
    async activeRuleSet(q: Queryable = db): Promise<RuleSetRow | null> {
      const [r] = await q.query<RuleSetRow>('SELECT * FROM monitoring_rule_sets WHERE active');
      return r ?? null;
    },
    async ruleSets(): Promise<RuleSetRow[]> {
      return db.query<RuleSetRow>('SELECT * FROM monitoring_rule_sets ORDER BY version DESC');
    },
    /** Version 1 from the shipped file, once: a second process (or request) starting at the same time adds nothing. */
    async seedRuleSet(definition: RuleSet, at: Date): Promise<void> {
      await db.query(`INSERT INTO monitoring_rule_sets (version, definition, active, created_by, created_at) VALUES (1, $1, true, 'system', $2)
        ON CONFLICT DO NOTHING`, [JSON.stringify({ ...definition, version: 1 }), at]);
    },
    async publishRuleSet(q: Queryable, definition: RuleSet, createdBy: string, at: Date): Promise<number> {
      // the row lock on the active version serialises two publications (each gets its own number)
      await q.query('SELECT version FROM monitoring_rule_sets WHERE active FOR UPDATE');
      const [{ v }] = await q.query<{ v: number }>('SELECT coalesce(max(version), 0)::int + 1 AS v FROM monitoring_rule_sets');
      await q.query('UPDATE monitoring_rule_sets SET active = false WHERE active');
      await q.query('INSERT INTO monitoring_rule_sets (version, definition, active, created_by, created_at) VALUES ($1, $2, true, $3, $4)',
        [v, JSON.stringify({ ...definition, version: v }), createdBy, at]);
      return v;
    },

    async enqueue(q: Queryable, rows: InboxRow[]): Promise<void> {
      if (rows.length === 0) return;
      await q.query(`INSERT INTO monitoring_inbox (uscc, item_code, record_key, version, arrived_at)
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(uscc text, item_code text, record_key text, version int, arrived_at timestamptz)
        ON CONFLICT DO NOTHING`, [JSON.stringify(rows)]);
    },
    async inbox(limit: number): Promise<InboxRow[]> {
      return db.query<InboxRow>('SELECT * FROM monitoring_inbox ORDER BY arrived_at, uscc, item_code, record_key, version LIMIT $1', [limit]);
    },
    async dequeue(q: Queryable, rows: InboxRow[]): Promise<void> {
      if (rows.length === 0) return;
      await q.query(`DELETE FROM monitoring_inbox i USING jsonb_to_recordset($1::jsonb) AS x(uscc text, item_code text, record_key text, version int)
        WHERE i.uscc = x.uscc AND i.item_code = x.item_code AND i.record_key = x.record_key AND i.version = x.version`, [JSON.stringify(rows)]);
    },

    /** Inserts an alert unless the same loan, rule and subject already has one; answers whether it was new. */
    async insertAlert(q: Queryable, a: NewAlert): Promise<boolean> {
      const rows = await q.query(`INSERT INTO monitoring_alerts (id, uscc, entity_name, region_code, application_id, institution_org_id, rule_id, rule_version,
          severity, title_zh, title_en, item_code, record_key, record_version, subject_ref, facts, status, arrived_at, latency_ms, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'open', $17,
          greatest(0, round(extract(epoch FROM clock_timestamp() - $17::timestamptz) * 1000))::int, $18, $18)
        ON CONFLICT (application_id, rule_id, subject_ref) DO NOTHING RETURNING id`,
      [a.id, a.uscc, a.entity_name, a.region_code, a.application_id, a.institution_org_id, a.rule_id, a.rule_version, a.severity, a.title_zh, a.title_en,
        a.item_code, a.record_key, a.record_version, a.subject_ref, JSON.stringify(a.facts), a.arrived_at, a.created_at]);
      return rows.length === 1;
    },
    async insertEvent(q: Queryable, e: AlertEventRow): Promise<void> {
      await q.query(`INSERT INTO monitoring_alert_events (id, alert_id, action, from_status, to_status, actor, actor_org_id, note, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [e.id, e.alert_id, e.action, e.from_status, e.to_status, e.actor, e.actor_org_id, e.note, e.at]);
    },
    async alert(q: Queryable, id: string, lock = false): Promise<AlertRow | undefined> {
      const [r] = await q.query<AlertRow>(`SELECT * FROM monitoring_alerts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
      return r;
    },
    async setStatus(q: Queryable, id: string, to: AlertStatus, by: string, at: Date): Promise<void> {
      const col = to === 'acknowledged' ? 'acknowledged' : 'closed';
      await q.query(`UPDATE monitoring_alerts SET status = $2, ${col}_at = $3, ${col}_by = $4, updated_at = $3 WHERE id = $1`, [id, to, at, by]);
    },
    async events(alertId: string): Promise<AlertEventRow[]> {
      return db.query<AlertEventRow>('SELECT * FROM monitoring_alert_events WHERE alert_id = $1 ORDER BY at, id', [alertId]);
    },
    async alerts(f: AlertFilter): Promise<AlertRow[]> {
      return db.query<AlertRow>(`SELECT * FROM monitoring_alerts WHERE ($1::uuid IS NULL OR institution_org_id = $1)
          AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR severity = $3) AND ($4::text IS NULL OR rule_id = $4)
          AND ($5::text IS NULL OR uscc = $5) AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
          AND ($9::text IS NULL OR region_code LIKE $9 || '%')
        ORDER BY created_at DESC, id DESC LIMIT $8`,
      [f.institutionOrgId ?? null, f.status ?? null, f.severity ?? null, f.ruleId ?? null, f.uscc ?? null, f.before?.at ?? null, f.before?.id ?? null, f.limit, f.regionPrefix ?? null]);
    },
    /** Unclosed alerts of an institution by severity (the webhook's counts). */
    async openCounts(q: Queryable, institutionOrgId: string): Promise<Record<string, number>> {
      const rows = await q.query<{ severity: string; n: number }>(`SELECT severity, count(*)::int AS n FROM monitoring_alerts
        WHERE institution_org_id = $1 AND status <> 'closed' GROUP BY severity`, [institutionOrgId]);
      return Object.fromEntries(rows.map((r) => [r.severity, r.n]));
    },

    /** Unclosed alerts counted by one dimension (operators' dashboard). */
    async openBy(dimension: 'severity' | 'rule_id' | 'region_code' | 'institution_org_id' | 'status', institutionOrgId: string | null, regionPrefix: string | null = null): Promise<{ key: string | null; n: number }[]> {
      return db.query<{ key: string | null; n: number }>(`SELECT ${dimension}::text AS key, count(*)::int AS n FROM monitoring_alerts
        WHERE status <> 'closed' AND ($1::uuid IS NULL OR institution_org_id = $1) AND ($2::text IS NULL OR region_code LIKE $2 || '%')
        GROUP BY 1 ORDER BY n DESC, key`, [institutionOrgId, regionPrefix]);
    },
    /** Alerts raised per China-time day and severity since `from`. */
    async trend(from: Date, institutionOrgId: string | null, regionPrefix: string | null = null): Promise<{ day: string; severity: string; n: number }[]> {
      return db.query<{ day: string; severity: string; n: number }>(`SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, severity, count(*)::int AS n
        FROM monitoring_alerts WHERE created_at >= $1 AND ($2::uuid IS NULL OR institution_org_id = $2) AND ($3::text IS NULL OR region_code LIKE $3 || '%')
        GROUP BY 1, 2 ORDER BY 1, 2`, [from, institutionOrgId, regionPrefix]);
    },
    async oldestUnacknowledged(limit: number, institutionOrgId: string | null, regionPrefix: string | null = null): Promise<AlertRow[]> {
      return db.query<AlertRow>(`SELECT * FROM monitoring_alerts WHERE status = 'open' AND ($2::uuid IS NULL OR institution_org_id = $2)
          AND ($3::text IS NULL OR region_code LIKE $3 || '%')
        ORDER BY created_at, id LIMIT $1`, [limit, institutionOrgId, regionPrefix]);
    },

    async baselines(usccs: readonly string[]): Promise<{ uscc: string; grade: string; computed_at: Date }[]> {
      if (usccs.length === 0) return [];
      return db.query('SELECT uscc, grade, computed_at FROM monitoring_grade_baselines WHERE uscc = ANY($1::text[])', [usccs]);
    },
    async putBaseline(q: Queryable, uscc: string, grade: string, at: Date): Promise<void> {
      await q.query(`INSERT INTO monitoring_grade_baselines (uscc, grade, computed_at) VALUES ($1, $2, $3)
        ON CONFLICT (uscc) DO UPDATE SET grade = EXCLUDED.grade, computed_at = EXCLUDED.computed_at`, [uscc, grade, at]);
    },
    async state(name: string): Promise<Date | null> {
      const [r] = await db.query<{ at: Date }>('SELECT at FROM monitoring_state WHERE name = $1', [name]);
      return r?.at ?? null;
    },
    async putState(q: Queryable, name: string, at: Date): Promise<void> {
      await q.query('INSERT INTO monitoring_state (name, at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET at = EXCLUDED.at', [name, at]);
    },

    async levels(q: Queryable, usccs: readonly string[] | null): Promise<LevelRow[]> {
      return q.query<LevelRow>('SELECT * FROM monitoring_default_levels WHERE ($1::text[] IS NULL OR uscc = ANY($1::text[])) ORDER BY uscc', [usccs]);
    },
    async level(uscc: string): Promise<LevelRow | null> {
      const [r] = await db.query<LevelRow>('SELECT * FROM monitoring_default_levels WHERE uscc = $1', [uscc]);
      return r ?? null;
    },
    async putLevel(q: Queryable, l: LevelRow): Promise<void> {
      await q.query(`INSERT INTO monitoring_default_levels (uscc, level, rule_version, basis, since, cured_at, ends_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (uscc) DO UPDATE SET level = EXCLUDED.level, rule_version = EXCLUDED.rule_version,
        basis = EXCLUDED.basis, since = EXCLUDED.since, cured_at = EXCLUDED.cured_at, ends_at = EXCLUDED.ends_at, updated_at = EXCLUDED.updated_at`,
      [l.uscc, l.level, l.rule_version, JSON.stringify(l.basis), l.since, l.cured_at, l.ends_at, l.updated_at]);
    },
    async deleteLevel(q: Queryable, uscc: string): Promise<void> {
      await q.query('DELETE FROM monitoring_default_levels WHERE uscc = $1', [uscc]);
    },
    async levelEvent(q: Queryable, e: { uscc: string; action: string; from: string | null; to: string | null; basis: LevelBasis; at: Date }): Promise<void> {
      await q.query(`INSERT INTO monitoring_default_level_events (id, uscc, action, from_level, to_level, basis, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [uuidv7(), e.uscc, e.action, e.from, e.to, JSON.stringify(e.basis), e.at]);
    },
    async levelEvents(uscc: string): Promise<{ action: string; from_level: string | null; to_level: string | null; basis: LevelBasis; at: Date }[]> {
      return db.query('SELECT action, from_level, to_level, basis, at FROM monitoring_default_level_events WHERE uscc = $1 ORDER BY at, id', [uscc]);
    },

    /** An in-app notification to every user of an organisation (as the consent and white-list modules write theirs). */
    async notify(q: Queryable, orgId: string, kind: string, payload: Record<string, unknown>, at: Date): Promise<void> {
      await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)',
        [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
    },
  };
}

export type MonitoringStore = ReturnType<typeof createMonitoringStore>;
