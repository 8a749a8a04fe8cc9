/**
 * Screening (筛查): record versions of borrowers queued from the aggregation outbox are checked against the active
 * rules and each rule a version trips becomes one alert per active platform loan of the enterprise, announced to the
 * lender in-app and by its signed webhook in the same transaction. The grade sweep does the same for grade drops.
 */
import type { TxQueryable } from '../../platform/db/index.ts';
import type { OutboxEvent } from '../../platform/events/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import type { AuditSink } from '../audit/index.ts';
import type { RecordsChanged } from '../aggregation/index.ts';
import type { InstitutionWebhooks } from '../consent/index.ts';
import type { ApplicationStatus, PlatformLoanRow } from '../marketplace/index.ts';
import { GRADE_ITEM, gradeSteps, trips, type RuleSet, type ScreeningRule } from './rules.ts';
import type { InboxRow, MonitoringStore, NewAlert } from './store.ts';

/** Loans that are being repaid: the ones whose borrowers are watched. */
export const ACTIVE_LOAN_STATUSES: readonly ApplicationStatus[] = ['disbursed', 'repaying'];
/** Where an institution reads its alerts (the webhook carries this link and counts, never the record). */
export const ALERTS_PATH = '/api/v1/monitoring/alerts';
const GRADE_WATERMARK = 'grade_sweep';
const SYSTEM_ACTOR = { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null };

export interface ScreeningDeps {
  store: MonitoringStore;
  clock: () => number;
  audit?: AuditSink;
  webhooks?: InstitutionWebhooks;
  /** platform loans (marketplace), on the caller's transaction when given one */
  loans: (f: { usccs?: readonly string[] | null; institutionOrgId?: string | null; statuses: readonly ApplicationStatus[] }, q?: TxQueryable) => Promise<PlatformLoanRow[]>;
  /** every version of one record (aggregation service), with its objection mark when the record carries one */
  history: (uscc: string, item: string, key: string) => Promise<{ version: number; data: Record<string, unknown>; objection?: unknown }[]>;
  registry: (usccs: readonly string[]) => Promise<{ uscc: string; name: string; region_code: string }[]>;
  scores: (usccs: readonly string[]) => Promise<{ uscc: string; grade: string; computed_at: Date }[]>;
  scoresChangedSince: (usccs: readonly string[], after: Date) => Promise<{ uscc: string; computed_at: Date }[]>;
}

interface Raised { alert: NewAlert; objection: unknown }

export function createScreening(deps: ScreeningDeps) {
  const { store, clock } = deps;

  /** In the outbox consumer's transaction: queue the changed versions of items a rule watches, of borrowers only. */
  async function queueChanges(q: TxQueryable, events: OutboxEvent<RecordsChanged>[], set: RuleSet): Promise<number> {
    const watched = new Set(set.rules.filter((r) => r.enabled && r.item !== GRADE_ITEM).map((r) => r.item));
    const candidates = events.filter((e) => watched.has(e.payload.item));
    const usccs = [...new Set(candidates.flatMap((e) => e.payload.changes.map(([uscc]) => uscc)))];
    if (usccs.length === 0) return 0;
    const borrowers = new Set((await deps.loans({ usccs, statuses: ACTIVE_LOAN_STATUSES }, q)).map((l) => l.uscc));
    const rows: InboxRow[] = [];
    for (const e of candidates) {
      for (const [uscc, key, version] of e.payload.changes) {
        if (borrowers.has(uscc)) rows.push({ uscc, item_code: e.payload.item, record_key: key, version, arrived_at: e.createdAt });
      }
    }
    await store.enqueue(q, rows);
    return rows.length;
  }

  /** Inserts the alerts (once per loan, rule and subject), their history, notifications and webhooks; audits after commit. */
  async function raise(q: TxQueryable, raised: Raised[], at: Date): Promise<NewAlert[]> {
    const created: NewAlert[] = [];
    for (const r of raised) {
      if (!await store.insertAlert(q, r.alert)) continue;
      await store.insertEvent(q, { id: uuidv7(), alert_id: r.alert.id, action: 'created', from_status: null, to_status: 'open', actor: 'system', actor_org_id: null, note: null, at });
      created.push(r.alert);
    }
    const byLender = new Map<string, NewAlert[]>();
    for (const a of created) byLender.set(a.institution_org_id, [...(byLender.get(a.institution_org_id) ?? []), a]);
    for (const [orgId, alerts] of byLender) {
      const bySeverity: Record<string, number> = {};
      for (const a of alerts) bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1;
      const first = alerts[0];
      await store.notify(q, orgId, 'monitoring.alert', {
        zh: `风险预警：${first.entity_name ?? first.uscc}「${first.title_zh}」${alerts.length > 1 ? ` 等 ${alerts.length} 条` : ''}`,
        en: `Risk alert: ${first.entity_name ?? first.uscc} “${first.title_en}”${alerts.length > 1 ? ` and ${alerts.length - 1} more` : ''}`,
        alertId: first.id, count: alerts.length,
      }, at);
      // counts and a link only: the institution reads the alert (and the record, under its authorisation) itself
      await deps.webhooks?.enqueueInstitutionEvent(q, orgId, {
        type: 'monitoring.alert',
        monitoring: {
          institutionId: orgId, alerts: alerts.length, bySeverity, open: await store.openCounts(q, orgId),
          alertIds: alerts.map((a) => a.id), at: at.toISOString(), alertsPath: ALERTS_PATH,
        },
      }, at);
    }
    return created;
  }

  async function auditCreated(created: NewAlert[]): Promise<void> {
    for (const a of created) {
      await deps.audit?.append({
        kind: 'change', action: 'monitoring.alert.created', actor: SYSTEM_ACTOR, outcome: 'ok', subject: a.uscc, items: [a.item_code],
        destination: deps.webhooks ? 'webhook' : 'in_app', target: { type: 'monitoring_alert', id: a.id },
        details: { rule: a.rule_id, ruleVersion: a.rule_version, severity: a.severity, applicationId: a.application_id, institutionOrgId: a.institution_org_id, arrivedAt: a.arrived_at.toISOString() },
      });
    }
  }

  function alertOf(rule: ScreeningRule, version: number, loan: PlatformLoanRow, entity: { name: string; region_code: string } | undefined, at: Date, s: {
    item: string; key: string | null; recordVersion: number | null; subjectRef: string; facts: Record<string, unknown>; arrivedAt: Date;
  }): NewAlert {
    return {
      id: uuidv7(), uscc: loan.uscc, entity_name: entity?.name ?? null, region_code: entity?.region_code ?? null, application_id: loan.application_id,
      institution_org_id: loan.institution_org_id, rule_id: rule.id, rule_version: version, severity: rule.severity, title_zh: rule.zh, title_en: rule.en,
      item_code: s.item, record_key: s.key, record_version: s.recordVersion, subject_ref: s.subjectRef, facts: s.facts, arrived_at: s.arrivedAt, created_at: at,
    };
  }

  /** Screens what is queued (oldest first); answers how many versions it screened and how many alerts it raised. */
  async function screenInbox(db: { tx: <T>(fn: (q: TxQueryable) => Promise<T>) => Promise<T> }, set: RuleSet, limit = 200): Promise<{ screened: number; alerts: number }> {
    const queued = await store.inbox(limit);
    if (queued.length === 0) return { screened: 0, alerts: 0 };
    const usccs = [...new Set(queued.map((r) => r.uscc))];
    const loans = await deps.loans({ usccs, statuses: ACTIVE_LOAN_STATUSES });
    const entities = new Map((await deps.registry(usccs)).map((e) => [e.uscc, e]));
    const at = new Date(clock());
    const raised: Raised[] = [];
    for (const row of queued) {
      const rules = set.rules.filter((r) => r.enabled && r.item === row.item_code);
      const mine = loans.filter((l) => l.uscc === row.uscc);
      if (rules.length === 0 || mine.length === 0) continue;
      const versions = await deps.history(row.uscc, row.item_code, row.record_key);
      const current = versions.find((v) => v.version === row.version);
      if (!current) continue;
      const previous = versions.find((v) => v.version === row.version - 1) ?? null;
      for (const rule of rules) {
        const trip = trips(rule.condition, current, previous, at.getTime());
        if (!trip) continue;
        const facts = { ...trip, ...(current.objection ? { objection: current.objection } : {}) };
        for (const loan of mine) {
          raised.push({
            objection: current.objection ?? null,
            alert: alertOf(rule, set.version ?? 1, loan, entities.get(row.uscc), at, {
              item: row.item_code, key: row.record_key, recordVersion: row.version, subjectRef: `${row.item_code}:${row.record_key}:v${row.version}`, facts, arrivedAt: row.arrived_at,
            }),
          });
        }
      }
    }
    const created = await db.tx(async (q) => {
      const made = await raise(q, raised, at);
      await store.dequeue(q, queued);
      return made;
    });
    await auditCreated(created);
    return { screened: queued.length, alerts: created.length };
  }

  /**
   * Grade drops: borrowers whose evaluation changed since the watermark are compared with the grade they were last
   * seen at; a fall of at least the rule's steps raises an alert. The first sighting only records the baseline.
   */
  async function checkGrades(db: { tx: <T>(fn: (q: TxQueryable) => Promise<T>) => Promise<T> }, set: RuleSet): Promise<number> {
    const rule = set.rules.find((r) => r.enabled && r.item === GRADE_ITEM && r.condition.type === 'grade_drop');
    const loans = await deps.loans({ statuses: ACTIVE_LOAN_STATUSES });
    const usccs = [...new Set(loans.map((l) => l.uscc))];
    if (usccs.length === 0) return 0;
    const since = await store.state(GRADE_WATERMARK);
    const changed = since ? (await deps.scoresChangedSince(usccs, since)).map((c) => c.uscc) : usccs;
    const baselines = new Map((await store.baselines(usccs)).map((b) => [b.uscc, b]));
    // a borrower new to the watch list gets its baseline even when its score did not move
    const todo = [...new Set([...changed, ...usccs.filter((u) => !baselines.has(u))])];
    if (todo.length === 0) return 0;
    const scores = await deps.scores(todo);
    const entities = new Map((await deps.registry(todo)).map((e) => [e.uscc, e]));
    const at = new Date(clock());
    const raised: Raised[] = [];
    let watermark = since;
    for (const s of scores) {
      if (!watermark || s.computed_at > watermark) watermark = s.computed_at;
      const before = baselines.get(s.uscc);
      const steps = before ? gradeSteps(before.grade, s.grade) : null;
      if (!rule || rule.condition.type !== 'grade_drop' || !before || steps === null || steps < rule.condition.minSteps) continue;
      for (const loan of loans.filter((l) => l.uscc === s.uscc)) {
        raised.push({
          objection: null,
          alert: alertOf(rule, set.version ?? 1, loan, entities.get(s.uscc), at, {
            item: GRADE_ITEM, key: null, recordVersion: null, subjectRef: `grade:${before.grade}>${s.grade}@${s.computed_at.toISOString()}`,
            facts: { field: 'grade', value: s.grade, previous: before.grade }, arrivedAt: s.computed_at,
          }),
        });
      }
    }
    const created = await db.tx(async (q) => {
      const made = await raise(q, raised, at);
      for (const s of scores) await store.putBaseline(q, s.uscc, s.grade, s.computed_at);
      if (watermark) await store.putState(q, GRADE_WATERMARK, watermark);
      return made;
    });
    await auditCreated(created);
    return created.length;
  }

  return { queueChanges, screenInbox, checkGrades };
}

export type Screening = ReturnType<typeof createScreening>;
