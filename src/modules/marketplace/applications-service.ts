import type { Db, Queryable } from '../../platform/db/index.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import {
  assertCoded, bpOf, fenOf, nextStatus, REPAYMENT_STATUSES, TRANSITIONS, workflowConfig,
  type ApplicationAction, type ApplicationStatus, type RepaymentStatus,
} from './applications.ts';
import { applicationsStore as store, type ApplicationRow, type DisbursedLoanRow, type EventRow, type PlatformLoanRow } from './applications-store.ts';
import { fenText } from './eligibility.ts';
import { acceptanceDue, shippedCalendar, type CalendarSource } from './sla.ts';
import { marketplaceStore, type VersionRow } from './store.ts';

/** What the workflow needs of the consent module: an online grant by the enterprise user (ACTIVE at once). */
export type GrantAuthorisation = (p: Principal, input: {
  institutionId: string; purpose: string; items: string[]; mode: 'view'; validTo: string;
  frequencyLimit: { count: number; period: 'day' | 'month' }; retentionDays: number;
}) => Promise<{ id: string }>;

/** What the workflow needs of the scorecards module: a loan report at disbursement and its outcome later. */
export type ReportLoan = (institutionOrgId: string, items: {
  loanRef: string; uscc?: string; disbursedOn?: string; amountFen?: string; termMonths?: number; outcome?: 'performing' | 'repaid' | 'defaulted' | null; outcomeOn?: string | null;
}[], requester: { actor: ReturnType<typeof actorOf>; name: string }) => Promise<{ loanRef: string; result: string; problem?: { code: string; zh: string; en: string } }[]>;

export interface ApplicationsOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  /** the working-day calendar (default: the shipped national calendar); an operator-edited one replaces it */
  calendar?: CalendarSource;
  /** the live version of a published product (the marketplace service), PRODUCT_NOT_FOUND otherwise */
  liveProduct: (id: string) => Promise<VersionRow>;
  grant: GrantAuthorisation;
  reportLoan?: ReportLoan;
  /** SLA in working days (default: workflow-v1.json) */
  slaWorkingDays?: number;
  /** C10: why an enterprise may not apply now (a default / dishonesty level's restriction), null when it may */
  applyRestriction?: (uscc: string) => Promise<{ code: string; zh: string; en: string } | null>;
}

export interface ApplyInput {
  productId: string;
  demandId?: string;
  amountFen: string;
  termMonths: number;
  materials: string[];
  /** the grant of the product's required authorisations, made in the same flow */
  authorise?: { purpose: string; validTo: string };
}

export interface ApproveInput { amountFen: string; rateBp: number; termMonths: number; repaymentMode: string; security: string }
export interface DisburseInput { amountFen: string; rateBp: number; termMonths: number; security: string; disbursedOn: string }
export interface RepaymentInput { status: RepaymentStatus; overdueDays?: number; on: string }

const APPLICATION_NOT_FOUND = () => notFound('APPLICATION_NOT_FOUND', { zh: '没有这笔融资申请', en: 'No such financing application' });
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const nameOf = (p: Principal) => (p.kind === 'user' ? p.username : `key:${p.keyId}`);

/** The party a principal acts for on an application it may see; null when it may not see it. */
function partyOf(p: Principal, a: ApplicationRow): 'enterprise' | 'institution' | 'operator' | null {
  if (p.orgKind === 'operator') return 'operator';
  if (p.orgKind === 'enterprise' && p.uscc === a.uscc) return 'enterprise';
  if (p.orgKind === 'institution' && p.orgId === a.institution_org_id) return 'institution';
  return null;
}

function checkDay(value: string, field: string, today: string): void {
  if (!DAY.test(value) || value > today) {
    throw badRequest('DATE_INVALID', { zh: `${field} 须为不晚于今天的日期（YYYY-MM-DD）`, en: `${field} must be a date (YYYY-MM-DD) not after today` }, { field });
  }
}

/** C9 the online financing workflow: apply (with authorisations), take a demand, accept, decide, disburse, repay; the SLA sweep. */
export function createApplicationsService(opts: ApplicationsOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const cfg = workflowConfig();
  const calendarOf = opts.calendar ?? shippedCalendar;
  const sla = opts.slaWorkingDays ?? cfg.slaWorkingDays;
  const calendar = async (): Promise<WorkingDayCalendar> => calendarOf();

  async function audit(action: string, p: Principal | null, id: string, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action: `marketplace.application.${action}`, actor: actorOf(p), outcome: 'ok', target: { type: 'financing_application', id }, details });
  }

  async function notify(q: Queryable, orgId: string | null, kind: string, at: Date, payload: Record<string, unknown>) {
    if (!orgId) return;
    await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)', [uuidv7(), orgId, kind, JSON.stringify(payload), at]);
  }

  /** Loads an application the principal may see (another party's is "not found"). */
  async function visible(p: Principal, id: string, q: Queryable = db, lock = false): Promise<{ a: ApplicationRow; party: NonNullable<ReturnType<typeof partyOf>> }> {
    const a = await store.byId(q, id, lock);
    const party = a && partyOf(p, a);
    if (!a || !party) throw APPLICATION_NOT_FOUND();
    return { a, party };
  }

  /** Moves an application along one transition under its row lock, with the timeline entry, notification and audit. */
  async function transition(p: Principal, id: string, action: ApplicationAction, payload: Record<string, unknown>, set: (a: ApplicationRow, at: Date) => Record<string, unknown>, repayment?: RepaymentStatus): Promise<ApplicationRow> {
    const at = new Date(clock());
    let from: ApplicationStatus | null = null;
    let to: ApplicationStatus | null = null;
    await db.tx(async (q) => {
      const { a, party } = await visible(p, id, q, true);
      if (party !== TRANSITIONS[action].party) {
        throw forbidden('APPLICATION_WRONG_PARTY', {
          zh: `“${cfg.actions[action].zh}”只能由${TRANSITIONS[action].party === 'enterprise' ? '申请企业' : '受理机构'}办理`,
          en: `“${cfg.actions[action].en}” is for the ${TRANSITIONS[action].party === 'enterprise' ? 'applying enterprise' : 'institution'} only`,
        });
      }
      from = a.status;
      to = nextStatus(a.status, action, repayment);
      await store.update(q, id, { ...set(a, at), status: to, updated_at: at });
      await store.insertEvent(q, { id: uuidv7(), application_id: id, action, from_status: from, to_status: to, actor: nameOf(p), actor_org_id: p.orgId, at, payload });
      const other = party === 'enterprise' ? a.institution_org_id : a.enterprise_org_id;
      await notify(q, other, `marketplace.application.${action}`, at, {
        zh: `融资申请（${fenText(BigInt(a.amount_fen))} 元）：${cfg.actions[action].zh}`,
        en: `Financing application (CNY ${fenText(BigInt(a.amount_fen))}): ${cfg.actions[action].en}`,
        applicationId: id,
      });
    });
    await audit(action, p, id, { from, to, ...payload });
    return (await store.byId(db, id))!;
  }

  return {
    calendar,
    slaWorkingDays: sla,

    /** The name of the product version applied for (kept after the product is withdrawn). */
    async productName(id: string, version: number | null): Promise<string | null> {
      if (version === null) return opts.liveProduct(id).then((v) => v.name, () => null);
      return (await marketplaceStore.version(db, id, version))?.name ?? null;
    },

    /**
     * An enterprise applies for a published product: the product's required authorisations are granted to its
     * institution first (ACTIVE, through the consent service), then the application is stored with the product
     * version applied for and the SLA due time. A grant that succeeded stays if the application then fails (an
     * authorisation is the enterprise's own act, visible and revocable in its authorisation list).
     */
    async apply(p: Principal, input: ApplyInput): Promise<ApplicationRow> {
      if (p.orgKind !== 'enterprise' || !p.uscc) throw forbidden('ENTERPRISE_ONLY', { zh: '仅企业用户可以提交融资申请', en: 'Only enterprise users can apply for financing' });
      const restricted = await opts.applyRestriction?.(p.uscc);
      if (restricted) throw forbidden(restricted.code, { zh: restricted.zh, en: restricted.en });
      const amount = fenOf(input.amountFen, 'amountFen');
      const product = await opts.liveProduct(input.productId);
      if (amount < BigInt(product.amount_min_fen) || amount > BigInt(product.amount_max_fen)
        || input.termMonths < product.term_min_months || input.termMonths > product.term_max_months) {
        throw badRequest('APPLICATION_OUTSIDE_PRODUCT', {
          zh: `申请金额须在 ${fenText(BigInt(product.amount_min_fen))}–${fenText(BigInt(product.amount_max_fen))} 元之间，期限须在 ${product.term_min_months}–${product.term_max_months} 个月之间`,
          en: `The amount must be CNY ${fenText(BigInt(product.amount_min_fen))}–${fenText(BigInt(product.amount_max_fen))} and the term ${product.term_min_months}–${product.term_max_months} months`,
        });
      }
      const required = product.required_materials;
      const missing = required.filter((m) => !input.materials.includes(m));
      if (missing.length) {
        throw badRequest('MATERIALS_MISSING', { zh: `缺少产品要求的申请材料：${missing.join('、')}`, en: `Materials the product requires are missing: ${missing.join(', ')}` }, { missing });
      }
      if (input.demandId) {
        const [d] = await db.query<{ uscc: string }>('SELECT uscc FROM marketplace_demands WHERE id = $1', [input.demandId]);
        if (!d || d.uscc !== p.uscc) throw notFound('DEMAND_NOT_FOUND', { zh: '没有这条融资需求', en: 'No such financing demand' });
      }
      const authorisationIds: string[] = [];
      if (product.required_authorisations.length) {
        if (!input.authorise) {
          throw badRequest('AUTHORISATION_REQUIRED', {
            zh: `该产品须授权机构查询：${product.required_authorisations.join('、')}；请在申请中一并授权`,
            en: `This product needs your authorisation for: ${product.required_authorisations.join(', ')}; grant it with the application`,
          }, { items: product.required_authorisations });
        }
        const granted = await opts.grant(p, {
          institutionId: product.institution_org_id, purpose: input.authorise.purpose, items: product.required_authorisations, mode: 'view',
          validTo: input.authorise.validTo, frequencyLimit: { count: 10, period: 'day' }, retentionDays: 365,
        });
        authorisationIds.push(granted.id);
      }
      const id = uuidv7();
      const at = new Date(clock());
      const dueAt = acceptanceDue(await calendar(), at, sla);
      await db.tx(async (q) => {
        await store.insert(q, {
          id, origin: 'apply', uscc: p.uscc!, enterpriseOrgId: p.orgId, institutionOrgId: product.institution_org_id, productId: product.product_id,
          productVersion: product.version, demandId: input.demandId ?? null, status: nextStatus(null, 'submit'), amountFen: amount.toString(),
          termMonths: input.termMonths, materials: input.materials, authorisationIds, submittedAt: at, dueAt, acceptedAt: null,
        });
        await store.insertEvent(q, { id: uuidv7(), application_id: id, action: 'submit', from_status: null, to_status: 'submitted', actor: nameOf(p), actor_org_id: p.orgId, at, payload: { productVersion: product.version, amountFen: amount.toString(), termMonths: input.termMonths, materials: input.materials, authorisationIds, dueAt: dueAt.toISOString() } });
        await notify(q, product.institution_org_id, 'marketplace.application.submit', at, {
          zh: `新的融资申请：产品“${product.name}”，${fenText(amount)} 元，${input.termMonths} 个月，请在 ${sla} 个工作日内受理`,
          en: `New financing application for “${product.name}”: CNY ${fenText(amount)}, ${input.termMonths} months; accept it within ${sla} working days`,
          applicationId: id,
        });
      });
      await audit('submit', p, id, { productId: product.product_id, productVersion: product.version, authorisationIds });
      return (await store.byId(db, id))!;
    },

    /**
     * 接单/抢单: an institution takes an open demand from its work queue. First come: the demand row is locked and
     * a demand has at most one live taken case (a unique index backs this); a declined or withdrawn case frees it.
     */
    async takeDemand(p: Principal, demandId: string, productId?: string): Promise<ApplicationRow> {
      if (p.orgKind !== 'institution') throw forbidden('INSTITUTION_ONLY', { zh: '仅接入机构可以接单', en: 'Only institutions can take demands' });
      let product: VersionRow | null = null;
      if (productId) {
        product = await opts.liveProduct(productId);
        if (product.institution_org_id !== p.orgId) throw notFound('PRODUCT_NOT_FOUND', { zh: '没有这个产品', en: 'No such product' });
      }
      const id = uuidv7();
      const at = new Date(clock());
      await db.tx(async (q) => {
        const d = await store.lockDemand(q, demandId);
        if (!d || d.status !== 'open') throw notFound('DEMAND_NOT_FOUND', { zh: '没有这条开放的融资需求', en: 'No such open financing demand' });
        if (await store.takerOf(q, demandId)) {
          throw conflict('DEMAND_ALREADY_TAKEN', { zh: '该融资需求已被其他机构接单', en: 'Another institution has already taken this demand' });
        }
        await store.insert(q, {
          id, origin: 'take', uscc: d.uscc, enterpriseOrgId: d.enterprise_org_id, institutionOrgId: p.orgId, productId: product?.product_id ?? null,
          productVersion: product?.version ?? null, demandId, status: nextStatus(null, 'take'), amountFen: d.amount_fen, termMonths: d.term_months,
          materials: [], authorisationIds: [], submittedAt: at, dueAt: null, acceptedAt: at,
        });
        await store.insertEvent(q, { id: uuidv7(), application_id: id, action: 'take', from_status: null, to_status: 'accepted', actor: nameOf(p), actor_org_id: p.orgId, at, payload: { demandId, productId: product?.product_id ?? null, institution: p.orgName } });
        await notify(q, d.enterprise_org_id, 'marketplace.application.take', at, {
          zh: `${p.orgName} 已接单您的融资需求（${fenText(BigInt(d.amount_fen))} 元，${d.term_months} 个月）`,
          en: `${p.orgName} has taken your financing demand (CNY ${fenText(BigInt(d.amount_fen))}, ${d.term_months} months)`,
          applicationId: id, demandId,
        });
      });
      await audit('take', p, id, { demandId });
      return (await store.byId(db, id))!;
    },

    withdraw: (p: Principal, id: string) => transition(p, id, 'withdraw', {}, (_a, at) => ({ decided_at: at })),
    accept: (p: Principal, id: string) => transition(p, id, 'accept', {}, (_a, at) => ({ accepted_at: at })),

    async approve(p: Principal, id: string, t: ApproveInput): Promise<ApplicationRow> {
      const amount = fenOf(t.amountFen, 'amountFen');
      const rate = bpOf(t.rateBp, 'rateBp');
      assertCoded(cfg.securities, t.security, 'SECURITY_UNKNOWN', { zh: '担保方式', en: 'security type' });
      const payload = { amountFen: amount.toString(), rateBp: rate, termMonths: t.termMonths, repaymentMode: t.repaymentMode, security: t.security };
      return transition(p, id, 'approve', payload, (_a, at) => ({
        decided_at: at, approved_amount_fen: amount.toString(), approved_rate_bp: rate, approved_term_months: t.termMonths, repayment_mode: t.repaymentMode, approved_security: t.security,
      }));
    },

    async decline(p: Principal, id: string, reasonCode: string, note?: string): Promise<ApplicationRow> {
      assertCoded(cfg.declineReasons, reasonCode, 'DECLINE_REASON_UNKNOWN', { zh: '拒绝原因代码', en: 'decline reason code' });
      if (reasonCode === 'other' && !note?.trim()) throw badRequest('DECLINE_NOTE_REQUIRED', { zh: '选择“其他原因”须填写说明', en: 'The reason “other” needs a note' });
      const payload = { reasonCode, zh: cfg.declineReasons[reasonCode].zh, en: cfg.declineReasons[reasonCode].en, note: note?.trim() || null };
      return transition(p, id, 'decline', payload, (_a, at) => ({ decided_at: at, decline_code: reasonCode }));
    },

    /** Disbursement feedback (放款反馈), also reported to the scorecards module as a loan (its ref is the application id). */
    async disburse(p: Principal, id: string, d: DisburseInput): Promise<ApplicationRow> {
      const amount = fenOf(d.amountFen, 'amountFen');
      const rate = bpOf(d.rateBp, 'rateBp');
      assertCoded(cfg.securities, d.security, 'SECURITY_UNKNOWN', { zh: '担保方式', en: 'security type' });
      checkDay(d.disbursedOn, 'disbursedOn', (await calendar()).dayOf(new Date(clock())));
      const { a } = await visible(p, id);
      nextStatus(a.status, 'disburse');
      await report(p, a, { uscc: a.uscc, disbursedOn: d.disbursedOn, amountFen: amount.toString(), termMonths: d.termMonths });
      const payload = { amountFen: amount.toString(), rateBp: rate, termMonths: d.termMonths, security: d.security, disbursedOn: d.disbursedOn };
      return transition(p, id, 'disburse', payload, () => ({
        disbursed_amount_fen: amount.toString(), disbursed_rate_bp: rate, disbursed_term_months: d.termMonths, disbursed_security: d.security, disbursed_on: d.disbursedOn,
      }));
    },

    /** Repayment status: performing / overdue (days) keep it repaying; repaid closes it; defaulted ends it. The scorecards outcome follows. */
    async repayment(p: Principal, id: string, r: RepaymentInput): Promise<ApplicationRow> {
      if (!REPAYMENT_STATUSES.includes(r.status)) throw badRequest('REPAYMENT_STATUS_UNKNOWN', { zh: `未知的还款状态：${r.status}`, en: `Unknown repayment status: ${r.status}` });
      const overdueDays = r.status === 'overdue' ? r.overdueDays ?? 0 : 0;
      if (r.status === 'overdue' && (!Number.isInteger(overdueDays) || overdueDays < 1)) {
        throw badRequest('OVERDUE_DAYS_REQUIRED', { zh: '逾期须填写逾期天数（正整数）', en: 'Overdue needs the days past due (a positive whole number)' });
      }
      checkDay(r.on, 'on', (await calendar()).dayOf(new Date(clock())));
      const { a } = await visible(p, id);
      nextStatus(a.status, 'repayment', r.status);
      if (a.disbursed_on && r.on < a.disbursed_on) throw badRequest('DATE_INVALID', { zh: '还款状态日期不能早于放款日期', en: 'The repayment status date cannot be before the disbursement' }, { field: 'on' });
      if (r.status !== 'overdue') await report(p, a, { outcome: r.status, outcomeOn: r.on });
      return transition(p, id, 'repayment', { status: r.status, overdueDays, on: r.on }, (_a, at) => ({
        repayment_status: r.status, overdue_days: overdueDays, ...(r.status === 'repaid' || r.status === 'defaulted' ? { closed_at: at } : {}),
      }), r.status);
    },

    /** Platform loans for other modules (C10 monitoring), read on `q` (inside the caller's transaction) or the pool. */
    platformLoans: (f: Parameters<typeof store.loans>[1], q: Queryable = db): Promise<PlatformLoanRow[]> => store.loans(q, f),

    /** Disbursed loans with their terms for the policies module (C13). */
    disbursedLoans: (f: Parameters<typeof store.disbursedLoans>[1]): Promise<DisbursedLoanRow[]> => store.disbursedLoans(db, f),

    async get(p: Principal, id: string): Promise<{ application: ApplicationRow; timeline: EventRow[] }> {
      const { a } = await visible(p, id);
      return { application: a, timeline: await store.events(db, id) };
    },

    /** The caller's applications: an enterprise its own, an institution those addressed to it, operators all. */
    async list(p: Principal, f: { status?: ApplicationStatus; escalated?: boolean; limit?: number }): Promise<ApplicationRow[]> {
      const scope = p.orgKind === 'operator' ? {} : p.orgKind === 'enterprise' ? { uscc: p.uscc ?? '-' } : p.orgKind === 'institution' ? { institutionOrgId: p.orgId } : null;
      if (!scope) return [];
      return store.list(db, { ...scope, status: f.status, escalated: f.escalated, limit: f.limit ?? 200 });
    },

    /**
     * The SLA sweep: submitted applications past their due time are escalated once (escalated_at), the operators
     * and the institution told in-app, the timeline and the audit log written. Answers how many it escalated.
     */
    async escalateOverdue(): Promise<number> {
      const at = new Date(clock());
      const escalated = await db.tx(async (q) => {
        const rows = await store.overdue(q, at, 500);
        const operators = await q.query<{ id: string }>("SELECT id FROM organisations WHERE kind = 'operator'");
        for (const a of rows) {
          await store.update(q, a.id, { escalated_at: at, updated_at: at });
          await store.insertEvent(q, { id: uuidv7(), application_id: a.id, action: 'escalate', from_status: 'submitted', to_status: 'submitted', actor: 'system', actor_org_id: null, at, payload: { dueAt: a.due_at?.toISOString() ?? null, slaWorkingDays: sla } });
          const text = {
            zh: `融资申请（${fenText(BigInt(a.amount_fen))} 元）超过 ${sla} 个工作日未受理，已升级`,
            en: `A financing application (CNY ${fenText(BigInt(a.amount_fen))}) was not accepted within ${sla} working days and is escalated`,
            applicationId: a.id,
          };
          for (const o of operators) await notify(q, o.id, 'marketplace.application.escalated', at, text);
          await notify(q, a.institution_org_id, 'marketplace.application.escalated', at, text);
        }
        return rows;
      });
      for (const a of escalated) await audit('escalate', null, a.id, { dueAt: a.due_at?.toISOString() ?? null, institutionOrgId: a.institution_org_id });
      return escalated.length;
    },

    /** C14 statistics: the workflow's figures per enterprise, month, product and institution in a period (see the store). */
    periodFacts: (r: { from: Date; to: Date; fromDay: string; toDay: string }) => store.periodFacts(db, r),

    /** Workflow statistics per institution and in total (operators: all; an institution: its own). */
    async statistics(institutionOrgId: string | null) {
      const rows = await store.statistics(db, institutionOrgId);
      const cal = await calendar();
      const responses = await store.responses(db, institutionOrgId);
      type Acc = { byStatus: Record<string, number>; total: number; approvals: number; disbursed: number; disbursedFen: bigint; credit: number; rateSum: bigint; escalated: number; responseDays: number; responses: number; responseMs: number };
      const blank = (): Acc => ({ byStatus: {}, total: 0, approvals: 0, disbursed: 0, disbursedFen: 0n, credit: 0, rateSum: 0n, escalated: 0, responseDays: 0, responses: 0, responseMs: 0 });
      const per = new Map<string, Acc>();
      const all = blank();
      const add = (acc: Acc, r: (typeof rows)[number]) => {
        acc.byStatus[r.status] = (acc.byStatus[r.status] ?? 0) + r.n;
        acc.total += r.n; acc.approvals += r.approvals; acc.disbursed += r.disbursed_n; acc.disbursedFen += BigInt(r.disbursed_fen);
        acc.credit += r.credit_n; acc.rateSum += BigInt(r.rate_bp_sum); acc.escalated += r.escalated;
      };
      for (const r of rows) {
        if (!per.has(r.institution_org_id)) per.set(r.institution_org_id, blank());
        add(per.get(r.institution_org_id)!, r);
        add(all, r);
      }
      for (const r of responses) {
        for (const acc of [per.get(r.institution_org_id), all]) {
          if (!acc) continue;
          acc.responses++; acc.responseDays += cal.workingDaysElapsed(r.submitted_at, r.accepted_at); acc.responseMs += r.accepted_at.getTime() - r.submitted_at.getTime();
        }
      }
      const shape = (acc: Acc) => ({
        byStatus: acc.byStatus, total: acc.total, approvals: acc.approvals, disbursedCount: acc.disbursed, disbursedFen: acc.disbursedFen.toString(),
        // shares and averages in integer basis points / whole units, rounded down
        creditShareBp: acc.disbursed ? Math.floor((acc.credit * 10_000) / acc.disbursed) : null,
        averageRateBp: acc.disbursed ? Number(acc.rateSum / BigInt(acc.disbursed)) : null,
        averageResponseWorkingDaysX100: acc.responses ? Math.floor((acc.responseDays * 100) / acc.responses) : null,
        averageResponseMinutes: acc.responses ? Math.floor(acc.responseMs / acc.responses / 60_000) : null,
        escalated: acc.escalated,
      });
      return { total: shape(all), institutions: [...per.entries()].map(([id, acc]) => ({ institutionOrgId: id, ...shape(acc) })) };
    },
  };

  async function report(p: Principal, a: ApplicationRow, item: { uscc?: string; disbursedOn?: string; amountFen?: string; termMonths?: number; outcome?: 'performing' | 'repaid' | 'defaulted'; outcomeOn?: string }): Promise<void> {
    if (!opts.reportLoan) return;
    const [r] = await opts.reportLoan(a.institution_org_id, [{ loanRef: a.id, ...item }], { actor: actorOf(p), name: nameOf(p) });
    if (r?.result === 'rejected' && r.problem) throw badRequest(r.problem.code, { zh: r.problem.zh, en: r.problem.en });
  }
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
