/**
 * C10 风险监测预警 (国办发〔2021〕52号 (八)): the rule set (versioned, op_admin), the screening of borrowers' new records
 * and grade drops (screening.ts), the alert workflow of the lending institution (open → acknowledged → closed, with
 * notes, under row locks, every step audited), the operators' dashboard and the default / dishonesty levels with the
 * restriction they put on new applications.
 */
import type { Db, TxQueryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditActor, type AuditSink } from '../audit/index.ts';
import type { OutboxEvent } from '../../platform/events/index.ts';
import type { RecordsChanged } from '../aggregation/index.ts';
import type { ApplicationStatus } from '../marketplace/index.ts';
import { basisOf, hasConsequence, levelFor, moveOf } from './levels.ts';
import { defaultRuleSet, validateRuleSet, type ItemFields, type RuleSet } from './rules.ts';
import { createScreening, type ScreeningDeps } from './screening.ts';
import { createMonitoringStore, type AlertFilter, type AlertRow, type AlertStatus, type LevelRow } from './store.ts';

export interface Requester { actor: AuditActor; name: string }

export interface MonitoringOptions extends Omit<ScreeningDeps, 'store' | 'clock' | 'audit'> {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  itemFields: ItemFields;
  /**
   * A district edition's operator (SPEC C15): the GB/T 2260 subtree prefix of its county, whose borrowers' alerts and
   * levels are all it sees; null for the node's own operators (default: none is a district's).
   */
  districtPrefixOf?: (p: Principal) => Promise<string | null>;
}

/** Loan statuses that count for levels: being repaid, repaid (closed) and defaulted. */
const LEVEL_LOAN_STATUSES: readonly ApplicationStatus[] = ['disbursed', 'repaying', 'closed', 'defaulted'];
const NOTE_MAX = 1000;
const ALERT_NOT_FOUND = () => notFound('MONITORING_ALERT_NOT_FOUND', { zh: '没有这条风险预警', en: 'No such risk alert' });
const nameOf = (p: Principal) => (p.kind === 'user' ? p.username : `key:${p.keyId}`);

export function createMonitoringService(opts: MonitoringOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const store = createMonitoringStore(db);
  const screening = createScreening({ ...opts, store, clock });

  /** The active rule set; the first use publishes rules-v1.json as version 1. */
  async function activeRules(): Promise<RuleSet & { version: number }> {
    const found = await store.activeRuleSet();
    if (found) return { ...found.definition, version: found.version };
    await store.seedRuleSet(defaultRuleSet(), new Date(clock()));
    const seeded = await store.activeRuleSet();
    if (!seeded) throw new Error('no active monitoring rule set after seeding version 1');
    return { ...seeded.definition, version: seeded.version };
  }

  async function publishRules(definition: RuleSet, requester: Requester): Promise<number> {
    const problems = await validateRuleSet(definition, opts.itemFields);
    if (problems.length) throw badRequest('MONITORING_RULES_INVALID', { zh: '风险监测规则不合法', en: 'The risk monitoring rule set is not valid' }, { problems });
    await activeRules();
    const version = await db.tx((q) => store.publishRuleSet(q, definition, requester.name, new Date(clock())));
    await opts.audit?.append({
      kind: 'change', action: 'monitoring.rules.published', actor: requester.actor, outcome: 'ok', target: { type: 'monitoring_rule_set', id: String(version) },
      details: { version, rules: definition.rules.filter((r) => r.enabled).map((r) => `${r.id}:${r.severity}`), levels: definition.levels.map((l) => l.id) },
    });
    return version;
  }

  /** Alerts a principal may see: its own institution's; operators all (supervision); nobody else. */
  function scopeOf(p: Principal): string | null | false {
    if (p.orgKind === 'operator') return null;
    if (p.orgKind === 'institution') return p.orgId;
    return false;
  }
  /** A district operator sees its county's borrowers only. */
  const regionOf = async (p: Principal): Promise<string | null> => (p.orgKind === 'operator' && opts.districtPrefixOf ? opts.districtPrefixOf(p) : null);

  /** Levels in force for an operator: all, or a district's borrowers (placed by the registry, else their USCC's region digits). */
  async function operatorLevels(region: string | null): Promise<LevelRow[]> {
    const all = await store.levels(db, null);
    if (region === null) return all;
    const regions = new Map((await opts.registry(all.map((l) => l.uscc))).map((e) => [e.uscc, e.region_code]));
    return all.filter((l) => (regions.get(l.uscc) ?? l.uscc.slice(2, 8)).startsWith(region));
  }

  async function visible(p: Principal, id: string, q: TxQueryable | Db = db, lock = false): Promise<AlertRow> {
    const scope = scopeOf(p);
    const region = await regionOf(p);
    const a = await store.alert(q, id, lock);
    if (!a || scope === false || (scope !== null && a.institution_org_id !== scope)) throw ALERT_NOT_FOUND();
    if (region !== null && !(a.region_code ?? '').startsWith(region)) throw ALERT_NOT_FOUND();
    return a;
  }

  /** open → acknowledged → closed (open → closed too), under the alert's row lock, with the note and the audit entry. */
  async function transition(p: Principal, id: string, to: Exclude<AlertStatus, 'open'>, note: string | undefined): Promise<AlertRow> {
    const text = note?.trim() ?? '';
    if (text.length > NOTE_MAX) throw badRequest('MONITORING_NOTE_TOO_LONG', { zh: `备注不能超过 ${NOTE_MAX} 字`, en: `The note cannot exceed ${NOTE_MAX} characters` });
    if (to === 'closed' && text === '') throw badRequest('MONITORING_NOTE_REQUIRED', { zh: '关闭预警须填写处置说明', en: 'Closing an alert needs a note on how it was handled' });
    const at = new Date(clock());
    let from: AlertStatus = 'open';
    let uscc = '';
    await db.tx(async (q) => {
      const a = await visible(p, id, q, true);
      // the lender works its alerts; operators supervise them and read only
      if (p.orgKind !== 'institution') throw ALERT_NOT_FOUND();
      from = a.status;
      uscc = a.uscc;
      const allowed = to === 'acknowledged' ? a.status === 'open' : a.status !== 'closed';
      if (!allowed) {
        throw conflict('MONITORING_ALERT_STATE', {
          zh: `预警当前状态为“${{ open: '待处理', acknowledged: '已确认', closed: '已关闭' }[a.status]}”，不能${to === 'acknowledged' ? '确认' : '关闭'}`,
          en: `The alert is ${a.status}; it cannot be ${to} now`,
        }, { status: a.status });
      }
      await store.setStatus(q, id, to, nameOf(p), at);
      await store.insertEvent(q, { id: uuidv7(), alert_id: id, action: to, from_status: a.status, to_status: to, actor: nameOf(p), actor_org_id: p.orgId, note: text || null, at });
    });
    await opts.audit?.append({
      kind: 'change', action: `monitoring.alert.${to}`, actor: actorOf(p), outcome: 'ok', subject: uscc, target: { type: 'monitoring_alert', id },
      details: { from, to, noted: text !== '' },
    });
    return (await store.alert(db, id))!;
  }

  /** The level moves of every enterprise with a troubled platform loan or a level in force; answers how many moved. */
  async function sweepLevels(): Promise<number> {
    const set = await activeRules();
    const now = clock();
    const troubled = await opts.loans({ statuses: ['disbursed', 'repaying', 'defaulted'] });
    const held = await store.levels(db, null);
    const usccs = [...new Set([...troubled.filter((l) => l.status === 'defaulted' || l.repayment_status === 'overdue').map((l) => l.uscc), ...held.map((h) => h.uscc)])];
    if (usccs.length === 0) return 0;
    const loans = await opts.loans({ usccs, statuses: LEVEL_LOAN_STATUSES });
    const stored = new Map(held.map((h) => [h.uscc, h]));
    const at = new Date(now);
    const moves: { uscc: string; action: string; from: string | null; to: string | null; basis: ReturnType<typeof basisOf> }[] = [];
    await db.tx(async (q) => {
      for (const uscc of usccs) {
        const basis = basisOf(loans.filter((l) => l.uscc === uscc), set.defaultLookbackDays, now);
        const level = levelFor(basis, set.levels);
        const s = stored.get(uscc) ?? null;
        const move = moveOf(s, level, set, now);
        if (move.kind === 'none') continue;
        let row: LevelRow | null = null;
        if (move.kind === 'set') row = { uscc, level: move.level.id, rule_version: set.version, basis, since: at, cured_at: null, ends_at: null, updated_at: at };
        if (move.kind === 'cured' && s) row = { ...s, basis, cured_at: at, ends_at: move.endsAt, updated_at: at };
        if (move.kind === 'relapsed' && s) row = { ...s, basis, cured_at: null, ends_at: null, updated_at: at };
        if (row) await store.putLevel(q, row);
        else await store.deleteLevel(q, uscc);
        const to = move.kind === 'set' ? move.level.id : move.kind === 'ended' ? null : s?.level ?? null;
        await store.levelEvent(q, { uscc, action: move.kind, from: s?.level ?? null, to, basis, at });
        moves.push({ uscc, action: move.kind, from: s?.level ?? null, to, basis });
      }
    });
    for (const m of moves) {
      await opts.audit?.append({
        kind: 'change', action: `monitoring.level.${m.action}`, actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, outcome: 'ok',
        subject: m.uscc, target: { type: 'default_level', id: m.uscc }, details: { from: m.from, to: m.to, ruleVersion: set.version, ...m.basis },
      });
    }
    return moves.length;
  }

  return {
    store,
    activeRules,
    publishRules,
    ruleSets: () => store.ruleSets(),

    /** Outbox side (in the consumer's transaction) and the screening, grade and level sweeps (consumer.ts). */
    queueChanges: (q: TxQueryable, events: OutboxEvent<RecordsChanged>[], set: RuleSet) => screening.queueChanges(q, events, set),
    screenInbox: async (limit?: number) => screening.screenInbox(db, await activeRules(), limit),
    checkGrades: async () => screening.checkGrades(db, await activeRules()),
    sweepLevels,

    async alerts(p: Principal, f: Omit<AlertFilter, 'institutionOrgId'>): Promise<AlertRow[]> {
      const scope = scopeOf(p);
      if (scope === false) return [];
      return store.alerts({ ...f, institutionOrgId: scope, regionPrefix: await regionOf(p) });
    },

    /** One alert with its history and the record's objection mark as it stands now; the read is audited (subject data). */
    async alert(p: Principal, id: string) {
      const a = await visible(p, id);
      let objection: unknown = a.facts.objection ?? null;
      if (a.record_key !== null && a.record_version !== null) {
        const current = (await opts.history(a.uscc, a.item_code, a.record_key)).find((v) => v.version === a.record_version);
        objection = current?.objection ?? null;
      }
      await opts.audit?.append({
        kind: 'access', action: 'monitoring.alert.read', actor: actorOf(p), outcome: 'allowed', subject: a.uscc, items: [a.item_code],
        destination: 'api', target: { type: 'monitoring_alert', id },
      });
      return { alert: a, events: await store.events(id), objection, level: await store.level(a.uscc) };
    },

    /** Lists that show enterprises' alerts or levels are reads of subject data: one access entry per enterprise shown. */
    async auditShown(p: Principal, action: string, usccs: readonly string[]): Promise<void> {
      for (const uscc of new Set(usccs)) {
        await opts.audit?.append({ kind: 'access', action, actor: actorOf(p), outcome: 'allowed', subject: uscc, destination: 'api' });
      }
    },

    acknowledge: (p: Principal, id: string, note?: string) => transition(p, id, 'acknowledged', note),
    close: (p: Principal, id: string, note: string) => transition(p, id, 'closed', note),

    /** Counts of unclosed alerts by severity, rule, region, institution and status, the trend, the oldest unacknowledged, levels. */
    async dashboard(p: Principal, days: number) {
      const scope = scopeOf(p);
      const institution = scope === false ? '00000000-0000-0000-0000-000000000000' : scope;
      const from = new Date(clock() - days * 86_400_000);
      const region = await regionOf(p);
      const [bySeverity, byRule, byRegion, byInstitution, byStatus, trend, oldest, levels] = await Promise.all([
        store.openBy('severity', institution, region), store.openBy('rule_id', institution, region), store.openBy('region_code', institution, region),
        store.openBy('institution_org_id', institution, region), store.openBy('status', institution, region), store.trend(from, institution, region),
        store.oldestUnacknowledged(10, institution, region), scope === null ? operatorLevels(region) : Promise.resolve([] as LevelRow[]),
      ]);
      return { bySeverity, byRule, byRegion, byInstitution, byStatus, trend, oldest, levels };
    },

    /** Levels in force: operators all; an institution those of enterprises with a loan or application addressed to it. */
    async levels(p: Principal): Promise<LevelRow[]> {
      const scope = scopeOf(p);
      if (scope === false) return [];
      if (scope === null) return operatorLevels(await regionOf(p));
      const mine = await opts.loans({ institutionOrgId: scope, statuses: ['submitted', 'accepted', 'approved', 'declined', 'withdrawn', ...LEVEL_LOAN_STATUSES] });
      const usccs = [...new Set(mine.map((l) => l.uscc))];
      return usccs.length ? store.levels(db, usccs) : [];
    },
    levelHistory: (uscc: string) => store.levelEvents(uscc),
    /** Registry names of the enterprises (for the screens). */
    async names(usccs: readonly string[]): Promise<Map<string, string>> {
      return new Map((await opts.registry([...new Set(usccs)])).map((e) => [e.uscc, e.name]));
    },

    /** C9 hook: why the enterprise may not apply now (its level refuses new applications), null when it may. */
    async applyRestriction(uscc: string): Promise<{ code: string; zh: string; en: string } | null> {
      const held = await store.level(uscc);
      if (!held) return null;
      const set = await activeRules();
      const level = set.levels.find((l) => l.id === held.level);
      if (!hasConsequence(level, 'refuse_new_applications')) return null;
      const until = held.ends_at ? held.ends_at.toISOString().slice(0, 10) : null;
      return {
        code: 'APPLICATION_RESTRICTED_DEFAULT_LEVEL',
        zh: `贵企业在平台贷款中的违约失信等级为“${level!.zh}”，暂不能提交新的融资申请${until ? `（该等级预计于 ${until} 后解除）` : '（逾期或违约贷款结清后再保留一段时间）'}`,
        en: `Your default / dishonesty level on platform loans is “${level!.en}”; new financing applications are refused for now${until ? ` (the level is due to end after ${until})` : ' (it ends some time after the overdue or defaulted loans are settled)'}`,
      };
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
