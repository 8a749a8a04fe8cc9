/**
 * C11 异议申诉 — objections. The subject enterprise (or an institution) objects to a record; in the same transaction
 * the record is flagged "under objection" everywhere it is read; the case is routed to the record's provider (the
 * operator for self-reported or platform data); day 15 escalates it to the operator; the answer is due after 20
 * calendar days (rules/objections.md). Outcomes: corrected (a new version through aggregation), deleted (withheld,
 * kept in history), upheld. The subject may appeal once to the operator, who decides finally.
 */
import type { Db, Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import type { AggregationService } from '../aggregation/index.ts';
import { deadlineRules, deadlinesOf, type ObjectionType } from './deadlines.ts';
import { checkEvidence, evidenceStore, type EvidenceInput } from './evidence.ts';
import { objectionStore as store, type ObjectionRow, type ObjectionState, type Outcome } from './store.ts';
import { correctedRow, type CellValue } from './correction.ts';

export interface Org { id: string; kind: string; name: string; category: string | null }

export interface ObjectionsOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  aggregation: Pick<AggregationService, 'record' | 'marks' | 'submit' | 'itemOf' | 'batchFor' | 'quarantine'>;
  organisation: (id: string) => Promise<Org | null>;
  /** the operator organisations (escalations and appeals are announced to them) */
  operatorOrgIds: () => Promise<string[]>;
  /** the subject enterprise's organisation on the platform, when it has one (its in-app notices) */
  enterpriseOrgOf: (uscc: string) => Promise<string | null>;
  /** whether an institution may see the item of this enterprise (public items always; others with an authorisation) */
  institutionMaySee?: (p: Principal, uscc: string, itemCode: string) => Promise<boolean>;
}

export interface FileInput { type: ObjectionType; uscc?: string; item?: string; key?: string; reason: string; evidence?: EvidenceInput[] }
export interface DecideInput { outcome: Outcome; reason: string; values?: Record<string, CellValue> }

export type Party = 'subject' | 'filer' | 'handler' | 'operator';

const NOT_FOUND = () => notFound('OBJECTION_NOT_FOUND', { zh: '没有这件异议', en: 'No such objection' });
const LIVE: ObjectionState[] = ['open', 'escalated', 'appealed'];
const OUTCOME_TEXT: Record<Outcome, { zh: string; en: string }> = {
  corrected: { zh: '已更正', en: 'corrected' }, deleted: { zh: '已删除（不再公示）', en: 'deleted (no longer published)' },
  upheld: { zh: '维持原记录', en: 'record upheld' }, resolved: { zh: '已处理', en: 'resolved' },
};
const kindOf = (p: Principal): string => p.orgKind;

export function partyOf(p: Principal, o: ObjectionRow): Party | null {
  if (p.orgKind === 'operator') return 'operator';
  if (p.orgKind === 'enterprise' && p.uscc === o.uscc) return 'subject';
  if (p.orgKind === 'institution' && p.orgId === o.filer_org_id) return 'filer';
  if (p.orgKind === 'provider' && o.handler_org_id !== null && p.orgId === o.handler_org_id) return 'handler';
  return null;
}

/** Whether one more appeal is allowed (rules: once, to the operator, after a decision on a record). */
export function mayAppeal(o: Pick<ObjectionRow, 'type' | 'state' | 'appealed_at'>, allowed = deadlineRules().appealsAllowed): { ok: true } | { ok: false; code: string; zh: string; en: string } {
  if (o.type !== 'record') return { ok: false, code: 'OBJECTION_APPEAL_NOT_APPLICABLE', zh: '对平台服务的投诉由运营方直接办理，不能再申诉', en: 'Complaints about the platform are decided by the operator; there is no appeal' };
  if (o.appealed_at !== null || allowed < 1) return { ok: false, code: 'OBJECTION_APPEAL_ONCE', zh: `每件异议只能申诉 ${allowed} 次，已经申诉过`, en: `An objection may be appealed ${allowed} time(s) only; it has been appealed` };
  if (o.state !== 'decided') return { ok: false, code: 'OBJECTION_NOT_DECIDED', zh: '异议办结后才能申诉', en: 'An objection can be appealed once it is decided' };
  return { ok: true };
}

export function createObjectionsService(opts: ObjectionsOptions) {
  const { db, aggregation } = opts;
  const clock = opts.clock ?? Date.now;
  const rules = deadlineRules();

  async function audit(action: string, p: Principal | null, o: Pick<ObjectionRow, 'id' | 'uscc' | 'item_code'>, details: Record<string, unknown>) {
    await opts.audit?.append({
      kind: 'change', action: `objections.${action}`, actor: actorOf(p), outcome: 'ok', subject: o.uscc, items: o.item_code ? [o.item_code] : [],
      target: { type: 'objection', id: o.id }, details,
    });
  }

  async function notify(q: Queryable, orgIds: (string | null)[], kind: string, at: Date, payload: Record<string, unknown>) {
    for (const orgId of new Set(orgIds.filter((x): x is string => x !== null))) {
      await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)', [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
    }
  }

  async function event(q: Queryable, o: ObjectionRow, action: string, to: ObjectionState, p: Principal | null, at: Date, details: Record<string, unknown>) {
    await store.insertEvent(q, {
      id: uuidv7(), objection_id: o.id, action, from_state: o.state, to_state: to, actor_kind: p ? kindOf(p) : 'system',
      actor_role: p ? (p.roles[0] ?? 'none') : 'system', actor_org_id: p?.orgId ?? null, at, details,
    });
  }

  const refOf = (o: ObjectionRow) => ({ uscc: o.uscc, item: o.item_code!, key: o.record_key! });

  function checkReason(reason: string, field = 'reason'): string {
    const t = reason.trim();
    if ([...t].length < rules.reasonMinChars) {
      throw badRequest('OBJECTION_REASON_TOO_SHORT', { zh: `请写明理由（至少 ${rules.reasonMinChars} 个字）`, en: `State the reason (at least ${rules.reasonMinChars} characters)` }, { field });
    }
    return t;
  }

  /** Where a record's objection goes: its provider organisation, or the operator for self-reported / platform data. */
  async function handlerOf(record: { origin: string; providerOrgId: string | null }): Promise<{ kind: 'provider' | 'operator'; orgId: string | null }> {
    if (record.origin !== 'provider' || !record.providerOrgId) return { kind: 'operator', orgId: null };
    const org = await opts.organisation(record.providerOrgId);
    return org?.kind === 'provider' ? { kind: 'provider', orgId: org.id } : { kind: 'operator', orgId: null };
  }

  async function visible(p: Principal, id: string, q: Queryable = db, lock = false) {
    const o = await store.byId(q, id, lock);
    const party = o && partyOf(p, o);
    if (!o || !party) throw NOT_FOUND();
    return { o, party };
  }

  /** Writes the corrected row as a one-row batch of the record's provider (or the operator) and returns the new version. */
  async function correct(p: Principal, o: ObjectionRow, values: Record<string, CellValue> | undefined, phase: 'decision' | 'appeal'): Promise<number> {
    const item = await aggregation.itemOf(o.item_code!);
    const current = await aggregation.record(o.uscc, o.item_code!, o.record_key!);
    if (!item || !current) throw notFound('OBJECTION_RECORD_NOT_FOUND', { zh: '该记录已不存在', en: 'The record no longer exists' });
    const row = correctedRow(item, current.data, values ?? {});
    const asProvider = p.orgKind === 'provider';
    const org = asProvider ? await opts.organisation(p.orgId) : null;
    const n = o.correction_attempts + 1;
    const batchKey = n === 1 ? `objection-${o.id}` : `objection-${o.id}-${n}`;
    await store.update(db, o.id, { correction_attempts: n });
    const body = Buffer.from(JSON.stringify(row) + '\n', 'utf8');
    const result = await aggregation.submit({
      submitter: { orgId: p.orgId, orgKind: asProvider ? 'provider' : 'operator', category: org?.category ?? null, actor: p.kind === 'user' ? p.username : `key:${p.keyId}` },
      batchKey, itemCode: item.code, format: 'ndjson', source: 'api', open: () => (async function* () { yield body; })(),
    });
    if (result.counts.quarantined > 0) {
      const batch = await aggregation.batchFor(result.id, { orgId: p.orgId, orgKind: 'operator' });
      const [problem] = await aggregation.quarantine(batch, { limit: 1 });
      throw badRequest('OBJECTION_CORRECTION_INVALID', {
        zh: `更正后的记录未通过校验：${JSON.stringify(problem?.problems ?? [])}`, en: `The corrected record does not pass validation: ${JSON.stringify(problem?.problems ?? [])}`,
      }, { problems: problem?.problems ?? [], phase });
    }
    const after = await aggregation.record(o.uscc, o.item_code!, o.record_key!);
    return after?.version ?? current.version;
  }

  /** The caller's objections: an enterprise its own, an institution those it filed, a provider those routed to it, operators all. */
  async function listFor(p: Principal, f: { states?: ObjectionState[]; overdue?: boolean; limit?: number }): Promise<ObjectionRow[]> {
    const limit = f.limit ?? 200;
    const base = { states: f.states, overdueAt: f.overdue ? new Date(clock()) : undefined, limit };
    if (p.orgKind === 'operator') return store.list(db, base);
    if (p.orgKind === 'enterprise' && p.uscc) return store.list(db, { ...base, uscc: p.uscc });
    if (p.orgKind === 'provider') return store.list(db, { ...base, handlerOrgId: p.orgId });
    if (p.orgKind === 'institution') return store.list(db, { ...base, filerOrgId: p.orgId });
    return [];
  }

  return {
    rules,
    itemOf: (code: string) => aggregation.itemOf(code),
    /** The objected record as it stands now (withheld or not): the handler's view for answering. */
    record: (o: ObjectionRow) => aggregation.record(o.uscc, o.item_code!, o.record_key!),

    /** Files an objection (a record's subject or an institution) or a complaint about the platform's conduct. */
    async file(p: Principal, input: FileInput): Promise<ObjectionRow> {
      if (p.orgKind !== 'enterprise' && p.orgKind !== 'institution') {
        throw forbidden('OBJECTION_FILER_ONLY', { zh: '异议由信息主体企业或接入机构提出', en: 'Objections are filed by the subject enterprise or an institution' });
      }
      const reason = checkReason(input.reason);
      let uscc: string;
      if (p.orgKind === 'enterprise') {
        if (!p.uscc || (input.uscc && input.uscc !== p.uscc)) throw forbidden('NOT_YOUR_ENTERPRISE', { zh: '只能对本企业的信息提出异议', en: 'You can only object to your own enterprise\'s records' });
        uscc = p.uscc;
      } else {
        if (input.type !== 'record') throw forbidden('OBJECTION_CONDUCT_SUBJECT_ONLY', { zh: '对平台服务的投诉由企业提出', en: 'Complaints about the platform are filed by enterprises' });
        if (!input.uscc) throw badRequest('OBJECTION_USCC_REQUIRED', { zh: '请指明记录所属企业的统一社会信用代码', en: 'Name the USCC of the record\'s enterprise' });
        uscc = input.uscc;
      }
      const files = checkEvidence(input.evidence ?? []);
      const at = new Date(clock());
      const id = uuidv7();
      const { escalateAt, dueAt } = deadlinesOf(input.type, at, rules);
      let row: Parameters<typeof store.insert>[1];
      let handler: { kind: 'provider' | 'operator'; orgId: string | null } = { kind: 'operator', orgId: null };
      if (input.type === 'record') {
        if (!input.item || !input.key) throw badRequest('OBJECTION_RECORD_REQUIRED', { zh: '请指明信息项和记录', en: 'Name the item and the record' });
        const item = await aggregation.itemOf(input.item);
        if (!item) throw notFound('ITEM_UNKNOWN', { zh: `目录中没有信息项 ${input.item}`, en: `The catalog has no item ${input.item}` });
        if (p.orgKind === 'institution') {
          const publicItem = item.level === 'L1' && item.authorisation === 'none';
          if (!publicItem && !(await opts.institutionMaySee?.(p, uscc, item.code))) {
            throw forbidden('OBJECTION_RECORD_NOT_VISIBLE', { zh: '贵机构无权查看该企业的这项信息，不能对其提出异议', en: 'Your institution may not see this item of the enterprise and cannot object to it' });
          }
        }
        const record = await aggregation.record(uscc, item.code, input.key);
        if (!record || record.withheld) throw notFound('OBJECTION_RECORD_NOT_FOUND', { zh: '没有这条公示中的记录', en: 'No such published record' });
        handler = await handlerOf(record);
        row = {
          id, uscc, type: 'record', item_code: item.code, record_key: input.key, record_version: record.version, filer_kind: p.orgKind, filer_org_id: p.orgId,
          filer_user_id: p.kind === 'user' ? p.userId : null, reason, handler_kind: handler.kind, handler_org_id: handler.orgId, state: 'open',
          filed_at: at, escalate_at: escalateAt, due_at: dueAt, updated_at: at,
        };
      } else {
        row = {
          id, uscc, type: 'platform_conduct', item_code: null, record_key: null, record_version: null, filer_kind: 'enterprise', filer_org_id: p.orgId,
          filer_user_id: p.kind === 'user' ? p.userId : null, reason, handler_kind: 'operator', handler_org_id: null, state: 'open',
          filed_at: at, escalate_at: null, due_at: dueAt, updated_at: at,
        };
      }
      const operators = await opts.operatorOrgIds();
      const subjectOrg = p.orgKind === 'enterprise' ? p.orgId : await opts.enterpriseOrgOf(uscc);
      await db.tx(async (q) => {
        if (row.type === 'record' && await store.liveOn(q, uscc, row.item_code!, row.record_key!)) {
          throw conflict('OBJECTION_ALREADY_OPEN', { zh: '这条记录已有正在处理的异议', en: 'This record already has an objection in progress' });
        }
        await store.insert(q, row);
        await evidenceStore.insert(q, { type: 'objection', id, uscc }, 'evidence', files, at);
        const o = (await store.byId(q, id))!;
        await store.insertEvent(q, {
          id: uuidv7(), objection_id: id, action: 'file', from_state: null, to_state: 'open', actor_kind: p.orgKind, actor_role: p.roles[0] ?? 'none',
          actor_org_id: p.orgId, at, details: { reason, evidence: files.length, handlerKind: handler.kind, dueAt: dueAt.toISOString(), escalateAt: escalateAt?.toISOString() ?? null },
        });
        if (o.type === 'record') await aggregation.marks.flagObjection(q, refOf(o), { id, state: 'open', filedAt: at }, at);
        const what = o.type === 'record' ? `${o.item_code} / ${o.record_key}` : '平台服务';
        const whatEn = o.type === 'record' ? `${o.item_code} / ${o.record_key}` : 'platform conduct';
        await notify(q, handler.kind === 'provider' ? [handler.orgId] : operators, 'objections.filed', at, {
          zh: `新的异议（${what}），请于 ${dueAt.toISOString()} 前答复`, en: `New objection (${whatEn}); answer before ${dueAt.toISOString()}`, objectionId: id,
        });
        if (p.orgKind === 'institution') {
          await notify(q, [subjectOrg], 'objections.filed', at, { zh: `${p.orgName} 对贵企业的一条记录（${what}）提出了异议`, en: `${p.orgName} objected to one of your records (${whatEn})`, objectionId: id });
        }
      });
      await audit('filed', p, row, { type: row.type, key: row.record_key, handlerKind: handler.kind, handlerOrgId: handler.orgId, evidence: files.length, dueAt: dueAt.toISOString() });
      return (await store.byId(db, id))!;
    },

    /**
     * The provider (or the operator) decides an open or escalated objection; the operator alone decides an appeal
     * (finally) and complaints about the platform. Under the objection's row lock; the record's flag is cleared.
     */
    async decide(p: Principal, id: string, input: DecideInput): Promise<ObjectionRow> {
      const reason = checkReason(input.reason);
      const { o: before, party } = await visible(p, id);
      const appeal = before.state === 'appealed';
      if (!LIVE.includes(before.state)) throw conflict('OBJECTION_ALREADY_DECIDED', { zh: '这件异议已经办结', en: 'This objection is already decided' });
      if (party !== 'handler' && party !== 'operator') throw forbidden('OBJECTION_NOT_HANDLER', { zh: '只有数据提供单位或平台运营方可以答复异议', en: 'Only the providing unit or the operator answers objections' });
      if (appeal && party !== 'operator') throw forbidden('OBJECTION_APPEAL_OPERATOR_ONLY', { zh: '申诉由平台运营方作最终决定', en: 'Appeals are decided by the operator' });
      const allowed: Outcome[] = before.type === 'record' ? ['corrected', 'deleted', 'upheld'] : ['upheld', 'resolved'];
      if (!allowed.includes(input.outcome)) {
        throw badRequest('OBJECTION_OUTCOME_INVALID', { zh: `此类异议的结果只能是：${allowed.join('、')}`, en: `The outcome must be one of: ${allowed.join(', ')}` });
      }
      const correctedVersion = input.outcome === 'corrected' ? await correct(p, before, input.values, appeal ? 'appeal' : 'decision') : null;
      const at = new Date(clock());
      const to: ObjectionState = appeal ? 'closed' : 'decided';
      const subjectOrg = await opts.enterpriseOrgOf(before.uscc);
      let decided: ObjectionRow | null = null;
      await db.tx(async (q) => {
        const { o } = await visible(p, id, q, true);
        if (o.state !== before.state) throw conflict('OBJECTION_ALREADY_DECIDED', { zh: '这件异议已被他人办理', en: 'Someone else has just handled this objection' });
        const set: Record<string, unknown> = appeal
          ? { state: to, appeal_outcome: input.outcome, appeal_outcome_reason: reason, appeal_decided_at: at, updated_at: at }
          : { state: to, outcome: input.outcome, outcome_reason: reason, decided_at: at, decided_by_kind: party === 'handler' ? 'provider' : 'operator', updated_at: at };
        if (correctedVersion !== null) set.corrected_version = correctedVersion;
        await store.update(q, id, set);
        await event(q, o, appeal ? 'appeal_decide' : 'decide', to, p, at, { outcome: input.outcome, reason, correctedVersion });
        if (o.type === 'record') {
          const ref = refOf(o);
          await aggregation.marks.clearObjection(q, ref, id, at);
          if (input.outcome === 'deleted') await aggregation.marks.withhold(q, ref, { reason: 'deleted', ref: id }, at);
          else if (appeal && o.outcome === 'deleted') {
            // the operator overturned a deletion on appeal: publish the record again, only if this objection withheld it
            const m = await aggregation.marks.of(ref, q);
            if (m.withheld?.reason === 'deleted' && m.withheld.ref === id) await aggregation.marks.release(q, ref, at);
          }
        }
        const t = OUTCOME_TEXT[input.outcome];
        await notify(q, [subjectOrg, o.filer_org_id], 'objections.decided', at, {
          zh: `异议${appeal ? '申诉' : ''}已办结：${t.zh}。理由：${reason}${appeal || o.type !== 'record' ? '' : '。如不服可向平台运营方申诉一次'}`,
          en: `Objection${appeal ? ' appeal' : ''} decided: ${t.en}. Reason: ${reason}${appeal || o.type !== 'record' ? '' : '. You may appeal once to the operator'}`,
          objectionId: id,
        });
        if (appeal && o.handler_org_id) await notify(q, [o.handler_org_id], 'objections.decided', at, { zh: `异议申诉已由运营方决定：${t.zh}`, en: `The appeal was decided by the operator: ${t.en}`, objectionId: id });
        decided = (await store.byId(q, id))!;
      });
      await audit(appeal ? 'appeal_decided' : 'decided', p, before, { outcome: input.outcome, correctedVersion, by: party });
      return decided!;
    },

    /** The subject appeals a decided record objection once to the operator; the record is flagged again meanwhile. */
    async appeal(p: Principal, id: string, reasonText: string): Promise<ObjectionRow> {
      const reason = checkReason(reasonText);
      const at = new Date(clock());
      const operators = await opts.operatorOrgIds();
      await db.tx(async (q) => {
        const { o, party } = await visible(p, id, q, true);
        if (party !== 'subject') throw forbidden('OBJECTION_APPEAL_SUBJECT_ONLY', { zh: '只有信息主体企业可以申诉', en: 'Only the subject enterprise may appeal' });
        const ok = mayAppeal(o, rules.appealsAllowed);
        if (!ok.ok) throw conflict(ok.code, { zh: ok.zh, en: ok.en });
        await store.update(q, id, { state: 'appealed', appeal_reason: reason, appealed_at: at, updated_at: at });
        await event(q, o, 'appeal', 'appealed', p, at, { reason });
        await aggregation.marks.flagObjection(q, refOf(o), { id, state: 'escalated', filedAt: o.filed_at }, at);
        await notify(q, operators, 'objections.appealed', at, { zh: `异议申诉待决定（${o.item_code} / ${o.record_key}）`, en: `An objection appeal awaits your decision (${o.item_code} / ${o.record_key})`, objectionId: id });
      });
      const o = (await store.byId(db, id))!;
      await audit('appealed', p, o, {});
      return o;
    },

    /** The escalation sweep: undecided record objections at day 15 go to the operator (flag, timeline, notice, audit). */
    async escalateDue(): Promise<number> {
      const at = new Date(clock());
      const operators = await opts.operatorOrgIds();
      const rows = await db.tx(async (q) => {
        const due = await store.dueForEscalation(q, at, 500);
        for (const o of due) {
          await store.update(q, o.id, { state: 'escalated', escalated_at: at, updated_at: at });
          await event(q, o, 'escalate', 'escalated', null, at, { escalateOnDay: rules.record.escalateOnDay, dueAt: o.due_at.toISOString() });
          if (o.type === 'record') await aggregation.marks.flagObjection(q, refOf(o), { id: o.id, state: 'escalated', filedAt: o.filed_at }, at);
          const text = {
            zh: `异议（${o.item_code} / ${o.record_key}）第 ${rules.record.escalateOnDay} 日仍未答复，已升级至运营方；答复期限 ${o.due_at.toISOString()}`,
            en: `An objection (${o.item_code} / ${o.record_key}) is unanswered on day ${rules.record.escalateOnDay} and escalated to the operator; due ${o.due_at.toISOString()}`,
            objectionId: o.id,
          };
          await notify(q, [...operators, o.handler_org_id], 'objections.escalated', at, text);
        }
        return due;
      });
      for (const o of rows) await audit('escalated', null, o, { dueAt: o.due_at.toISOString() });
      return rows.length;
    },

    async get(p: Principal, id: string) {
      const { o, party } = await visible(p, id);
      const [events, documents] = await Promise.all([store.events(db, id), evidenceStore.list(db, 'objection', id)]);
      await opts.audit?.append({
        kind: 'access', action: 'objections.read', actor: actorOf(p), subject: o.uscc, items: o.item_code ? [o.item_code] : [], outcome: 'allowed',
        destination: 'api', target: { type: 'objection', id },
      });
      return { objection: o, party, events, documents };
    },

    async document(p: Principal, id: string, documentId: string) {
      const { o } = await visible(p, id);
      const d = await evidenceStore.content(db, 'objection', id, documentId);
      if (!d) throw notFound('DOCUMENT_NOT_FOUND', { zh: '没有这个文件', en: 'No such file' });
      await opts.audit?.append({
        kind: 'access', action: 'objections.document.read', actor: actorOf(p), subject: o.uscc, outcome: 'allowed', destination: 'api', target: { type: 'objection', id }, details: { documentId, sm3: d.sm3.trim() },
      });
      return d;
    },

    /** The caller's objections: an enterprise its own, an institution those it filed, a provider those routed to it, operators all (or a view). */
    async list(p: Principal, f: { states?: ObjectionState[]; overdue?: boolean; limit?: number }): Promise<ObjectionRow[]> {
      const rows = await listFor(p, f);
      await opts.audit?.append({
        kind: 'access', action: 'objections.list', actor: actorOf(p), subject: p.orgKind === 'enterprise' ? p.uscc : null, outcome: 'allowed', destination: 'api',
        details: { objections: rows.length, states: f.states ?? null, overdue: f.overdue ?? false },
      });
      return rows;
    },

    async statistics() {
      const at = new Date(clock());
      const rows = await store.statistics(db, at);
      const total = { all: 0, open: 0, escalated: 0, decided: 0, appealed: 0, closed: 0, everEscalated: 0, overdue: 0, answeredLate: 0, platformConduct: 0 };
      const perHandler = new Map<string, { handlerKind: string; handlerOrgId: string | null; all: number; live: number; overdue: number; answeredLate: number; everEscalated: number }>();
      for (const r of rows) {
        total.all += r.n; total[r.state] += r.n; total.everEscalated += r.escalated; total.overdue += r.overdue; total.answeredLate += r.late;
        if (r.type === 'platform_conduct') total.platformConduct += r.n;
        const k = `${r.handler_kind}:${r.handler_org_id ?? ''}`;
        const h = perHandler.get(k) ?? { handlerKind: r.handler_kind, handlerOrgId: r.handler_org_id, all: 0, live: 0, overdue: 0, answeredLate: 0, everEscalated: 0 };
        h.all += r.n; h.overdue += r.overdue; h.answeredLate += r.late; h.everEscalated += r.escalated;
        if (LIVE.includes(r.state)) h.live += r.n;
        perHandler.set(k, h);
      }
      return { at: at.toISOString(), total, handlers: [...perHandler.values()] };
    },
  };
}

export type ObjectionsService = ReturnType<typeof createObjectionsService>;
