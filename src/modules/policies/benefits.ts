/**
 * Online application for a policy benefit on one platform loan, the operator's review (approve with the computed
 * amount, or reject with a reason) and the payout record (兑付). Rules kept here:
 * - the loan must be the applicant's own (the enterprise's, or for risk-sharing kinds the lender's) and disbursed;
 * - 符合多个专项政策支持范围的不重复享受 (seed 003): a loan enjoys at most one approved or paid benefit per policy kind —
 *   checked at application, and again at approval under the loan's lock, with a unique index behind both;
 * - the budget is committed in one conditional UPDATE at approval: it never goes below zero.
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import type { ProfileLoader } from '../marketplace/index.ts';
import { computeBenefit, declaredProblem, type Computation, type DeclaredFacts } from './formula.ts';
import { policyConfig } from './kinds.ts';
import type { LoanFacts } from './loan-rules.ts';
import { judge, nameOf, type Judgement, type PolicyOptions, type PolicyService } from './service.ts';
import { policyStore as store, type ApplicationRow, type VersionRow } from './store.ts';

export interface BenefitOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  policies: PolicyService;
  profiles: ProfileLoader;
  loans: PolicyOptions['loans'];
}

export interface ApplyInput { policyId: string; loanId: string; materials: string[]; declared?: DeclaredFacts }
export interface PayoutInput { amountFen: string; paidOn: string; voucherNo: string }

const APPLICATION_NOT_FOUND = () => notFound('POLICY_APPLICATION_NOT_FOUND', { zh: '没有这份政策申请', en: 'No such policy application' });
const LOAN_NOT_FOUND = () => notFound('POLICY_LOAN_NOT_FOUND', { zh: '没有这笔已放款的平台贷款', en: 'No such disbursed platform loan of yours' });
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const FEN = /^[1-9][0-9]{0,15}$/;
const yuan = (fen: string) => { const s = fen.padStart(3, '0'); return `${s.slice(0, -2)}.${s.slice(-2)}`; };
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

function alreadyEnjoyed(e: { policy_name: string; policy_id: string }, kindZh: string, kindEn: string) {
  return conflict('POLICY_ALREADY_ENJOYED', {
    zh: `这笔贷款已享受同类政策“${e.policy_name}”（${kindZh}），符合多个专项政策支持范围的不重复享受`,
    en: `This loan already receives “${e.policy_name}” (${kindEn}); a loan covered by several policies of one kind receives only one`,
  }, { policyId: e.policy_id, policyName: e.policy_name });
}

export function createBenefitService(opts: BenefitOptions) {
  const { db, policies } = opts;
  const clock = opts.clock ?? Date.now;
  const cfg = policyConfig();

  async function audit(action: string, p: Principal, id: string, uscc: string, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action, actor: actorOf(p), outcome: 'ok', subject: uscc, target: { type: 'policy_application', id }, details });
  }

  async function loanOf(loanId: string): Promise<LoanFacts | undefined> {
    return (await policies.loanFacts(await opts.loans({ ids: [loanId], limit: 1 })))[0];
  }

  /** The applied version with the current loan and profile: eligibility and the benefit computed now. */
  async function assess(v: VersionRow, loan: LoanFacts, declared: DeclaredFacts): Promise<{ judgement: Judgement; computation: Computation }> {
    const profile = (await opts.profiles([loan.uscc])).get(loan.uscc);
    const received = await store.receivedFen(db, v.policy_id, loan.uscc);
    return { judgement: judge(v, profile, loan), computation: computeBenefit(v.kind, v.formula, loan, declared, received) };
  }

  async function visible(p: Principal, id: string): Promise<ApplicationRow> {
    const a = await store.application(db, id);
    if (!a || (p.orgKind !== 'operator' && a.applicant_org_id !== p.orgId)) throw APPLICATION_NOT_FOUND();
    return a;
  }

  async function versionOf(a: Pick<ApplicationRow, 'policy_id' | 'policy_version'>): Promise<VersionRow> {
    const v = (await policies.versions(a.policy_id)).find((x) => x.version === a.policy_version);
    if (!v) throw APPLICATION_NOT_FOUND();
    return v;
  }

  async function tell(orgId: string, kind: string, payload: Record<string, unknown>) {
    await store.notify(db, { id: uuidv7(), orgId, kind, payload, at: new Date(clock()) });
  }

  return {
    /** An enterprise (or, for risk-sharing kinds, the lender) applies for a live policy's benefit on one of its loans. */
    async apply(p: Principal, input: ApplyInput): Promise<ApplicationRow> {
      const v = await policies.liveOne(input.policyId);
      const info = cfg.kinds[v.kind];
      if (p.orgKind !== info.beneficiary) {
        throw forbidden('POLICY_WRONG_APPLICANT', {
          zh: `“${info.zh}”类政策由${info.beneficiary === 'enterprise' ? '贷款企业' : '放款机构'}申请`,
          en: `${info.en} policies are applied for by the ${info.beneficiary === 'enterprise' ? 'borrowing enterprise' : 'lender'}`,
        });
      }
      const loan = await loanOf(input.loanId);
      // another party's loan is "not found": its existence is not the caller's business
      if (!loan || (info.beneficiary === 'enterprise' ? loan.uscc !== p.uscc : loan.institutionOrgId !== p.orgId)) throw LOAN_NOT_FOUND();
      if (!info.applyStatuses.includes(loan.status)) {
        throw conflict('POLICY_LOAN_STATUS', {
          zh: `“${info.zh}”须在贷款处于${info.applyStatuses.includes('defaulted') ? '违约' : '放款后'}状态时申请（当前：${loan.status}）`,
          en: `${info.en} is applied for when the loan is ${info.applyStatuses.join(' / ')} (now: ${loan.status})`,
        }, { status: loan.status });
      }
      const declared: DeclaredFacts = {};
      if (info.declared === 'guarantee_fee') declared.guaranteeFeeFen = input.declared?.guaranteeFeeFen;
      if (info.declared === 'loss') declared.lossFen = input.declared?.lossFen;
      const problem = declaredProblem(info.declared, declared, loan.amountFen);
      if (problem) throw badRequest('POLICY_DECLARED_INVALID', { zh: problem.zh, en: problem.en }, { path: problem.path });
      const missing = v.required_materials.filter((m) => !input.materials.includes(m));
      if (missing.length) throw badRequest('MATERIALS_MISSING', { zh: `缺少政策要求的申请材料：${missing.join('、')}`, en: `Materials the policy requires are missing: ${missing.join(', ')}` }, { missing });
      const { judgement, computation } = await assess(v, loan, declared);
      if (!judgement.eligible) {
        const failed = [...judgement.enterprise, ...judgement.loan].filter((r) => !r.held);
        throw badRequest('POLICY_NOT_ELIGIBLE', { zh: `不符合政策条件：${failed.map((r) => r.zh).join('；')}`, en: `Not eligible: ${failed.map((r) => r.en).join('; ')}` }, { failed });
      }
      const enjoyed = await store.enjoyed(db, loan.id, v.kind);
      if (enjoyed) throw alreadyEnjoyed(enjoyed, info.zh, info.en);
      if (await store.openFor(db, v.policy_id, loan.id)) throw conflict('POLICY_APPLICATION_EXISTS', { zh: '这笔贷款已申请过该政策', en: 'This loan has an application under this policy already' });
      const id = uuidv7();
      const at = new Date(clock());
      await store.insertApplication(db, {
        id, policyId: v.policy_id, version: v.version, kind: v.kind, loanId: loan.id, uscc: loan.uscc, applicantOrgId: p.orgId,
        materials: input.materials, declared, computation, by: nameOf(p), at,
      }).catch((err: unknown) => {
        if (isUniqueViolation(err)) throw conflict('POLICY_APPLICATION_EXISTS', { zh: '这笔贷款已申请过该政策', en: 'This loan has an application under this policy already' });
        throw err;
      });
      await audit('policies.application.submitted', p, id, loan.uscc, { policyId: v.policy_id, version: v.version, loanId: loan.id, computedFen: computation.amountFen });
      return (await store.application(db, id))!;
    },

    /**
     * Approves with the amount the formula gives now (cap and what was received since included). Under the loan's lock
     * the no-double-benefit rule is checked again; the budget is committed in the same transaction or the approval fails.
     */
    async approve(p: Principal, id: string): Promise<ApplicationRow> {
      const a = await visible(p, id);
      if (a.status !== 'submitted') throw conflict('POLICY_APPLICATION_STATE', { zh: '只有待审核的申请可以审批', en: 'Only submitted applications can be decided' }, { status: a.status });
      const v = await versionOf(a);
      const info = cfg.kinds[v.kind];
      const loan = await loanOf(a.loan_id);
      if (!loan) throw LOAN_NOT_FOUND();
      const { computation } = await assess(v, loan, a.declared);
      if (computation.amountFen === '0') {
        throw conflict('POLICY_CAP_REACHED', { zh: '该企业在本政策下已达到每户封顶额，核定金额为 0', en: 'The enterprise has reached the per-enterprise cap of this policy; the amount is 0' });
      }
      const at = new Date(clock());
      await db.tx(async (q) => {
        // the loan's applications first, in id order (this one among them): racing approvals queue instead of deadlocking
        await store.lockLoan(q, a.loan_id);
        const locked = await store.lockApplication(q, id);
        if (locked?.status !== 'submitted') throw conflict('POLICY_APPLICATION_STATE', { zh: '只有待审核的申请可以审批', en: 'Only submitted applications can be decided' }, { status: locked?.status });
        const enjoyed = await store.enjoyed(q, a.loan_id, v.kind);
        if (enjoyed) throw alreadyEnjoyed(enjoyed, info.zh, info.en);
        if (!await store.commitBudget(q, v.policy_id, computation.amountFen)) {
          const left = BigInt(v.policy_budget_fen) - BigInt(v.committed_fen) - BigInt(v.paid_fen);
          throw conflict('POLICY_BUDGET_EXHAUSTED', {
            zh: `政策预算不足：核定金额 ${yuan(computation.amountFen)} 元，预算余额约 ${yuan((left > 0n ? left : 0n).toString())} 元`,
            en: `The policy budget is exhausted: CNY ${yuan(computation.amountFen)} approved against about CNY ${yuan((left > 0n ? left : 0n).toString())} left`,
          });
        }
        await store.decide(q, id, { status: 'approved', approvedFen: computation.amountFen, reason: null, computation, by: nameOf(p), at });
      }).catch(async (err: unknown) => {
        if (!isUniqueViolation(err)) throw err;
        const enjoyed = await store.enjoyed(db, a.loan_id, v.kind);
        throw alreadyEnjoyed(enjoyed ?? { policy_name: '?', policy_id: '' }, info.zh, info.en);
      });
      await tell(a.applicant_org_id, 'policies.application.approved', {
        zh: `政策“${v.name}”申请已通过，核定金额 ${yuan(computation.amountFen)} 元（${computation.text.zh}）`,
        en: `Your application under “${v.name}” is approved: CNY ${yuan(computation.amountFen)} (${computation.text.en})`, policyApplicationId: id,
      });
      await audit('policies.application.approved', p, id, a.uscc, { policyId: v.policy_id, approvedFen: computation.amountFen, inputs: computation.inputs });
      return (await store.application(db, id))!;
    },

    async reject(p: Principal, id: string, reason: string): Promise<ApplicationRow> {
      if (!reason.trim()) throw badRequest('POLICY_REJECT_REASON', { zh: '驳回须填写原因', en: 'A rejection needs a reason' });
      const a = await visible(p, id);
      await db.tx(async (q) => {
        const locked = await store.lockApplication(q, id);
        if (locked?.status !== 'submitted') throw conflict('POLICY_APPLICATION_STATE', { zh: '只有待审核的申请可以审批', en: 'Only submitted applications can be decided' }, { status: locked?.status });
        await store.decide(q, id, { status: 'rejected', approvedFen: null, reason: reason.trim(), by: nameOf(p), at: new Date(clock()) });
      });
      await tell(a.applicant_org_id, 'policies.application.rejected', { zh: `政策“${a.policy_name}”申请未通过：${reason.trim()}`, en: `Your application under “${a.policy_name}” was rejected: ${reason.trim()}`, policyApplicationId: id });
      await audit('policies.application.rejected', p, id, a.uscc, { policyId: a.policy_id, reason: reason.trim() });
      return (await store.application(db, id))!;
    },

    /** Records the payout of an approved application (amount ≤ approved; an unpaid remainder returns to the budget). */
    async payout(p: Principal, id: string, input: PayoutInput): Promise<ApplicationRow> {
      const voucher = input.voucherNo.trim();
      if (!FEN.test(input.amountFen)) throw badRequest('AMOUNT_NOT_INTEGER_FEN', { zh: 'amountFen 须为以分为单位的正整数字符串', en: 'amountFen must be a positive whole number of fen as a string' }, { field: 'amountFen' });
      if (!DAY.test(input.paidOn) || input.paidOn > chinaDay(clock())) throw badRequest('DATE_INVALID', { zh: '兑付日期须为不晚于今天的日期（YYYY-MM-DD）', en: 'paidOn must be a date (YYYY-MM-DD) not after today' }, { field: 'paidOn' });
      if (!voucher || voucher.length > 60) throw badRequest('POLICY_VOUCHER_REQUIRED', { zh: '请填写凭证号（不超过 60 字）', en: 'Enter the voucher number (at most 60 characters)' });
      const a = await visible(p, id);
      const at = new Date(clock());
      await db.tx(async (q) => {
        const locked = await store.lockApplication(q, id);
        if (locked?.status !== 'approved' || locked.approved_fen === null) throw conflict('POLICY_APPLICATION_STATE', { zh: '只有已核定的申请可以登记兑付', en: 'Only approved applications can be paid' }, { status: locked?.status });
        if (BigInt(input.amountFen) > BigInt(locked.approved_fen)) {
          throw badRequest('POLICY_PAYOUT_EXCEEDS', { zh: `兑付金额不能超过核定金额 ${yuan(locked.approved_fen)} 元`, en: `The payout cannot exceed the approved CNY ${yuan(locked.approved_fen)}` });
        }
        if (await store.voucherUsed(q, locked.policy_id, voucher)) throw conflict('POLICY_VOUCHER_USED', { zh: `凭证号 ${voucher} 已在本政策下使用`, en: `Voucher ${voucher} is used under this policy already` });
        await store.payout(q, { id: uuidv7(), applicationId: id, policyId: locked.policy_id, approvedFen: locked.approved_fen, amountFen: input.amountFen, paidOn: input.paidOn, voucherNo: voucher, by: nameOf(p), at });
      });
      await tell(a.applicant_org_id, 'policies.application.paid', {
        zh: `政策“${a.policy_name}”资金 ${yuan(input.amountFen)} 元已于 ${input.paidOn} 兑付（凭证号 ${voucher}）`,
        en: `CNY ${yuan(input.amountFen)} under “${a.policy_name}” was paid on ${input.paidOn} (voucher ${voucher})`, policyApplicationId: id,
      });
      await audit('policies.application.paid', p, id, a.uscc, { policyId: a.policy_id, amountFen: input.amountFen, paidOn: input.paidOn, voucherNo: voucher });
      return (await store.application(db, id))!;
    },

    /** An application with its loan and, for operators, the eligibility and benefit as they stand now (audited read). */
    async get(p: Principal, id: string): Promise<{ application: ApplicationRow; loan: LoanFacts | undefined; judgement: Judgement | null; preview: Computation | null }> {
      const a = await visible(p, id);
      const loan = await loanOf(a.loan_id);
      let judgement: Judgement | null = null;
      let preview: Computation | null = null;
      if (p.orgKind === 'operator' && loan) ({ judgement, computation: preview } = await assess(await versionOf(a), loan, a.declared));
      await opts.audit?.append({ kind: 'access', action: 'policies.application.read', actor: actorOf(p), subject: a.uscc, outcome: 'allowed', destination: 'portal', target: { type: 'policy_application', id } });
      return { application: a, loan, judgement, preview };
    },

    /** The caller's applications (an enterprise or lender its own; operators every one, e.g. the review queue). */
    async list(p: Principal, f: { status?: string; policyId?: string; limit?: number }): Promise<ApplicationRow[]> {
      const scope = p.orgKind === 'operator' ? {} : { applicantOrgId: p.orgId };
      const rows = await store.applications(db, { ...scope, status: f.status ?? null, policyId: f.policyId ?? null, limit: f.limit ?? 200 });
      // operators read other enterprises' loans and benefits: the listing is an audited read (which enterprises, how many)
      if (p.orgKind === 'operator') {
        await opts.audit?.append({ kind: 'access', action: 'policies.applications.listed', actor: actorOf(p), outcome: 'allowed', destination: 'portal', details: { count: rows.length, status: f.status ?? null, usccs: [...new Set(rows.map((r) => r.uscc))].slice(0, 200) } });
      }
      return rows;
    },

    payouts: (limit = 200) => store.payouts(db, limit),
    /** C14 statistics: payouts per enterprise and month, paid on China-time days in [fromDay, toDay). */
    payoutFacts: (fromDay: string, toDay: string) => store.payoutFacts(db, fromDay, toDay),
    /** Loans of the caller (the enterprise's, or the lender's) for the application form. */
    async myLoans(p: Principal): Promise<LoanFacts[]> {
      const rows = p.orgKind === 'enterprise' ? await opts.loans({ usccs: [p.uscc ?? '-'], limit: 200 }) : await opts.loans({ institutionOrgId: p.orgId, limit: 200 });
      return policies.loanFacts(rows);
    },
  };
}

export type BenefitService = ReturnType<typeof createBenefitService>;
