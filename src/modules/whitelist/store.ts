/** SQL for the white-list tables (and the in-app notification rows it writes; consent exports no notifier). */
import type { Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import type { RuleSet } from './rules.ts';

export interface RuleSetRow { version: number; definition: RuleSet; active: boolean; created_by: string; created_at: Date }

export interface RunRow {
  id: string; trigger: 'monthly' | 'on_demand'; period: string; rule_version: number; status: 'running' | 'completed' | 'failed';
  previous_run_id: string | null; evaluated: number; listed: number; joined: number; stayed: number; left_count: number;
  pushes: number; summary: Record<string, unknown>; requested_by: string | null; error: string | null;
  started_at: Date; finished_at: Date | null;
}

export interface Reason { rule: string; zh: string; en: string; value?: string | null }
/** reasons as stored: each rule that held → the fact shown with it (rendered with the rule set's texts by the service) */
export interface EntryRow { uscc: string; region_code: string; industry_code: string; score: number | null; grade: string | null; change: 'joined' | 'stayed'; reasons: Record<string, string | null> }
export interface DepartureRow { uscc: string; reasons: Reason[] }
export interface SubscriptionRow { institution_org_id: string; region_prefixes: string[]; industry_prefixes: string[]; updated_by: string; updated_at: Date }
export interface PushRow { id: string; run_id: string; institution_org_id: string; region_prefixes: string[]; industry_prefixes: string[]; entry_count: number; channel: 'in_app' | 'webhook'; pushed_at: Date }

export interface EntryFilter { regionPrefix?: string; industryPrefix?: string; after?: string | null; limit: number }

/** Entries of a run whose region and industry start with one of the prefixes (empty list = any). */
const MATCHES = (region: string, industry: string) => `
  (cardinality(${region}::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest(${region}::text[]) rp(p) WHERE left(e.region_code, length(rp.p)) = rp.p))
  AND (cardinality(${industry}::text[]) = 0 OR EXISTS (SELECT 1 FROM unnest(${industry}::text[]) ip(p) WHERE left(e.industry_code, length(ip.p)) = ip.p))`;

export function createWhitelistStore(db: Queryable) {
  return {
    async activeRuleSet(q: Queryable = db): Promise<RuleSetRow | null> {
      const [r] = await q.query<RuleSetRow>('SELECT * FROM whitelist_rule_sets WHERE active');
      return r ?? null;
    },
    async ruleSet(version: number): Promise<RuleSetRow | null> {
      const [r] = await db.query<RuleSetRow>('SELECT * FROM whitelist_rule_sets WHERE version = $1', [version]);
      return r ?? null;
    },
    async ruleSets(): Promise<RuleSetRow[]> {
      return db.query<RuleSetRow>('SELECT * FROM whitelist_rule_sets ORDER BY version DESC');
    },
    async publishRuleSet(q: Queryable, definition: RuleSet, createdBy: string, at: Date): Promise<number> {
      const [{ v }] = await q.query<{ v: number }>('SELECT coalesce(max(version), 0)::int + 1 AS v FROM whitelist_rule_sets');
      await q.query('UPDATE whitelist_rule_sets SET active = false WHERE active');
      await q.query('INSERT INTO whitelist_rule_sets (version, definition, active, created_by, created_at) VALUES ($1, $2, true, $3, $4)',
        [v, JSON.stringify({ ...definition, version: v }), createdBy, at]);
      return v;
    },
    async insertRun(q: Queryable, r: { id: string; trigger: string; period: string; ruleVersion: number; previousRunId: string | null; requestedBy: string; at: Date }) {
      await q.query(`INSERT INTO whitelist_runs (id, trigger, period, rule_version, status, previous_run_id, requested_by, started_at)
        VALUES ($1, $2, $3, $4, 'running', $5, $6, $7)`, [r.id, r.trigger, r.period, r.ruleVersion, r.previousRunId, r.requestedBy, r.at]);
    },
    async completeRun(q: Queryable, id: string, c: { evaluated: number; listed: number; joined: number; stayed: number; left: number; pushes: number; summary: unknown; at: Date }) {
      await q.query(`UPDATE whitelist_runs SET status = 'completed', evaluated = $2, listed = $3, joined = $4, stayed = $5, left_count = $6,
        pushes = $7, summary = $8, finished_at = $9 WHERE id = $1`, [id, c.evaluated, c.listed, c.joined, c.stayed, c.left, c.pushes, JSON.stringify(c.summary), c.at]);
    },
    async failRun(id: string, error: string, at: Date) {
      await db.query("UPDATE whitelist_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1", [id, error, at]);
    },
    async lastCompletedRun(q: Queryable = db): Promise<RunRow | null> {
      const [r] = await q.query<RunRow>("SELECT * FROM whitelist_runs WHERE status = 'completed' ORDER BY started_at DESC, id DESC LIMIT 1");
      return r ?? null;
    },
    async completedRunFor(period: string, trigger: string): Promise<RunRow | null> {
      const [r] = await db.query<RunRow>("SELECT * FROM whitelist_runs WHERE period = $1 AND trigger = $2 AND status = 'completed' LIMIT 1", [period, trigger]);
      return r ?? null;
    },
    /** C14 statistics: the enterprises on the list of each month in [fromPeriod, toPeriod] (that month's latest completed run). */
    async listedIn(fromPeriod: string, toPeriod: string): Promise<{ uscc: string; period: string }[]> {
      return db.query<{ uscc: string; period: string }>(`SELECT e.uscc, r.period FROM whitelist_entries e JOIN (
          SELECT DISTINCT ON (period) id, period FROM whitelist_runs WHERE status = 'completed' AND period >= $1 AND period <= $2
           ORDER BY period, started_at DESC, id DESC) r ON r.id = e.run_id`, [fromPeriod, toPeriod]);
    },
    async run(id: string): Promise<RunRow | null> {
      const [r] = await db.query<RunRow>('SELECT * FROM whitelist_runs WHERE id = $1', [id]);
      return r ?? null;
    },
    async runs(before: { at: Date; id: string } | null, limit: number): Promise<RunRow[]> {
      return db.query<RunRow>(`SELECT * FROM whitelist_runs WHERE $1::timestamptz IS NULL OR (started_at, id) < ($1::timestamptz, $2::uuid)
        ORDER BY started_at DESC, id DESC LIMIT $3`, [before?.at ?? null, before?.id ?? null, limit]);
    },
    async entries(runId: string, f: EntryFilter): Promise<EntryRow[]> {
      return db.query<EntryRow>(`SELECT e.uscc, e.region_code, e.industry_code, e.score, e.grade, e.change, e.reasons FROM whitelist_entries e
        WHERE e.run_id = $1 AND ($2::text IS NULL OR e.uscc > $2) AND ${MATCHES('$3', '$4')}
        ORDER BY e.uscc LIMIT $5`, [runId, f.after ?? null, f.regionPrefix ? [f.regionPrefix] : [], f.industryPrefix ? [f.industryPrefix] : [], f.limit]);
    },
    async entry(runId: string, uscc: string): Promise<EntryRow | null> {
      const [r] = await db.query<EntryRow>('SELECT uscc, region_code, industry_code, score, grade, change, reasons FROM whitelist_entries WHERE run_id = $1 AND uscc = $2', [runId, uscc]);
      return r ?? null;
    },
    async departures(runId: string, limit: number, after: string | null = null): Promise<DepartureRow[]> {
      return db.query<DepartureRow>(`SELECT uscc, reasons FROM whitelist_departures WHERE run_id = $1 AND ($3::text IS NULL OR uscc > $3)
        ORDER BY uscc LIMIT $2`, [runId, limit, after]);
    },
    async subscription(orgId: string): Promise<SubscriptionRow | null> {
      const [r] = await db.query<SubscriptionRow>('SELECT * FROM whitelist_subscriptions WHERE institution_org_id = $1', [orgId]);
      return r ?? null;
    },
    async putSubscription(s: { orgId: string; regionPrefixes: string[]; industryPrefixes: string[]; updatedBy: string; at: Date }) {
      await db.query(`INSERT INTO whitelist_subscriptions (institution_org_id, region_prefixes, industry_prefixes, updated_by, updated_at)
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (institution_org_id) DO UPDATE SET region_prefixes = EXCLUDED.region_prefixes,
        industry_prefixes = EXCLUDED.industry_prefixes, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [s.orgId, s.regionPrefixes, s.industryPrefixes, s.updatedBy, s.at]);
    },
    /** Every subscription with the number of the run's entries it matches. */
    async matchingSubscriptions(q: Queryable, runId: string): Promise<(SubscriptionRow & { n: number })[]> {
      return q.query<SubscriptionRow & { n: number }>(`SELECT s.*, (SELECT count(*) FROM whitelist_entries e
          WHERE e.run_id = $1 AND ${MATCHES('s.region_prefixes', 's.industry_prefixes')})::int AS n
        FROM whitelist_subscriptions s ORDER BY s.institution_org_id`, [runId]);
    },
    async insertPush(q: Queryable, p: Omit<PushRow, 'id'>): Promise<string> {
      const id = uuidv7();
      await q.query(`INSERT INTO whitelist_pushes (id, run_id, institution_org_id, region_prefixes, industry_prefixes, entry_count, channel, pushed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [id, p.run_id, p.institution_org_id, p.region_prefixes, p.industry_prefixes, p.entry_count, p.channel, p.pushed_at]);
      return id;
    },
    async pushes(runId: string): Promise<PushRow[]> {
      return db.query<PushRow>('SELECT * FROM whitelist_pushes WHERE run_id = $1 ORDER BY institution_org_id', [runId]);
    },
    async latestPush(orgId: string): Promise<PushRow | null> {
      const [r] = await db.query<PushRow>('SELECT * FROM whitelist_pushes WHERE institution_org_id = $1 ORDER BY pushed_at DESC, id DESC LIMIT 1', [orgId]);
      return r ?? null;
    },
    async pushedEntries(push: PushRow, after: string | null, limit: number): Promise<EntryRow[]> {
      return db.query<EntryRow>(`SELECT e.uscc, e.region_code, e.industry_code, e.score, e.grade, e.change, e.reasons FROM whitelist_entries e
        WHERE e.run_id = $1 AND ($2::text IS NULL OR e.uscc > $2) AND ${MATCHES('$3', '$4')} ORDER BY e.uscc LIMIT $5`,
      [push.run_id, after, push.region_prefixes, push.industry_prefixes, limit]);
    },
    /** An in-app notification to every user of an organisation (the consent module writes its own the same way). */
    async notify(q: Queryable, orgId: string, kind: string, payload: Record<string, unknown>, at: Date) {
      await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)',
        [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
    },
  };
}

export type WhitelistStore = ReturnType<typeof createWhitelistStore>;
