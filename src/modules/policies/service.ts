/**
 * C13 惠企政策直达: the policy catalog (operators draft, edit, publish and withdraw versioned policies), eligibility of
 * an enterprise and its platform loans, and proactive notices — when a policy is published and when a loan is
 * disbursed, the beneficiary of every eligible (policy, loan) pair is told in-app, once.
 */
import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import { compileRules, type DisbursedLoanRow, type EnterpriseProfile, type ProfileLoader, type RuleOutcome } from '../marketplace/index.ts';
import { policyConfig } from './kinds.ts';
import { explainLoanRules, type LoanFacts, type LoanRuleOutcome } from './loan-rules.ts';
import { policyStore as store, type VersionRow } from './store.ts';
import { assertValidPolicy } from './validate.ts';

export interface InstitutionFacts { id: string; name: string; category: string | null }

export interface PolicyOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  /** registry + evaluation facts of enterprises (the marketplace's profile loader over those modules' services) */
  profiles: ProfileLoader;
  /** disbursed platform loans (the marketplace workflow's read) */
  loans: (f: { ids?: string[] | null; usccs?: string[] | null; institutionOrgId?: string | null; after?: { at: Date; id: string } | null; limit: number }) => Promise<DisbursedLoanRow[]>;
  /** the onboarded institutions with their category (identity) */
  institutions: () => Promise<InstitutionFacts[]>;
}

export interface Judgement { eligible: boolean; enterprise: RuleOutcome[]; loan: LoanRuleOutcome[] }

const POLICY_NOT_FOUND = () => notFound('POLICY_NOT_FOUND', { zh: '没有这项政策', en: 'No such policy' });
const PAGE = 500;
const SWEEP = 'loans.disbursed';
export const nameOf = (p: Principal) => (p.kind === 'user' ? p.username : `key:${p.keyId}`);
const yuan = (fen: string) => { const s = fen.padStart(3, '0'); return `${s.slice(0, -2)}.${s.slice(-2)}`; };

/** A policy's enterprise rules judged on one profile (region scope and the implied "active" status first). */
export function judgeEnterprise(v: Pick<VersionRow, 'enterprise_rules' | 'region_prefixes'>, profile: EnterpriseProfile): RuleOutcome[] {
  return compileRules(v.enterprise_rules, v.region_prefixes).map((r) => r.explain(profile));
}

/** Enterprise and loan rules of a policy on one loan of one enterprise. */
export function judge(v: VersionRow, profile: EnterpriseProfile | undefined, loan: LoanFacts): Judgement {
  const enterprise = profile ? judgeEnterprise(v, profile) : [{ rule: 'registry', kind: 'status' as const, held: false, zh: '主体登记信息缺失', en: 'no registry entry for the enterprise' }];
  const l = explainLoanRules(v.loan_rules, { validFrom: v.valid_from, validTo: v.valid_to }, loan);
  return { eligible: enterprise.every((r) => r.held) && l.every((r) => r.held), enterprise, loan: l };
}

export function createPolicyService(opts: PolicyOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const cfg = policyConfig();

  async function audit(action: string, p: Principal | null, target: { type: string; id: string }, details: Record<string, unknown>, subject?: string) {
    await opts.audit?.append({ kind: 'change', action, actor: actorOf(p), outcome: 'ok', target, subject: subject ?? null, details });
  }

  /** Loans with their lender's name and category. */
  async function loanFacts(rows: DisbursedLoanRow[]): Promise<LoanFacts[]> {
    const inst = new Map((await opts.institutions()).map((i) => [i.id, i]));
    return rows.map((r) => ({
      id: r.application_id, uscc: r.uscc, enterpriseOrgId: r.enterprise_org_id, institutionOrgId: r.institution_org_id,
      institutionName: inst.get(r.institution_org_id)?.name ?? r.institution_org_id, institutionCategory: inst.get(r.institution_org_id)?.category ?? null,
      productName: r.product_name, status: r.status, amountFen: BigInt(r.amount_fen), rateBp: r.rate_bp, termMonths: r.term_months, security: r.security, disbursedOn: r.disbursed_on,
    }));
  }

  async function versionsOf(id: string): Promise<VersionRow[]> {
    const versions = await store.versions(db, id);
    if (!versions.length) throw POLICY_NOT_FOUND();
    return versions;
  }

  /**
   * Tells the beneficiary of each eligible (policy, loan) pair among `loans`, once per pair (policy_notices).
   * Enterprise kinds go to the enterprise's organisation, risk-sharing kinds to the lender. Answers how many were told.
   */
  async function notice(policies: VersionRow[], rows: DisbursedLoanRow[]): Promise<number> {
    if (!policies.length || !rows.length) return 0;
    const loans = await loanFacts(rows);
    const profiles = await opts.profiles(loans.map((l) => l.uscc));
    const at = new Date(clock());
    let told = 0;
    for (const v of policies) {
      const info = cfg.kinds[v.kind];
      for (const l of loans) {
        if (!judge(v, profiles.get(l.uscc), l).eligible) continue;
        const fresh = await db.tx(async (q) => {
          if (!await store.notice(q, v.policy_id, l.id, l.uscc, at)) return false;
          const orgId = info.beneficiary === 'enterprise' ? l.enterpriseOrgId : l.institutionOrgId;
          if (orgId) {
            await store.notify(q, {
              id: uuidv7(), orgId, kind: 'policies.eligible', at,
              payload: {
                zh: `贷款（${l.productName ?? '平台贷款'}，${yuan(l.amountFen.toString())} 元，${l.disbursedOn} 放款）符合政策“${v.name}”（${info.zh}）的支持范围，可在线申请`,
                en: `The loan (${l.productName ?? 'platform loan'}, CNY ${yuan(l.amountFen.toString())}, disbursed ${l.disbursedOn}) is eligible under “${v.name}” (${info.en}); apply online`,
                policyId: v.policy_id, loanId: l.id,
              },
            });
          }
          return true;
        });
        if (fresh) told++;
      }
    }
    return told;
  }

  /** Notices every disbursed loan eligible under one live policy (on publication). */
  async function matchPolicy(id: string): Promise<number> {
    const v = (await store.live(db)).find((x) => x.policy_id === id);
    if (!v) return 0;
    let told = 0;
    for (let after: { at: Date; id: string } | null = null; ;) {
      const rows = await opts.loans({ after, limit: PAGE });
      told += await notice([v], rows);
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1];
      after = { at: last.updated_at, id: last.application_id };
    }
    await audit('policies.policy.matched', null, { type: 'policy', id }, { noticed: told });
    return told;
  }

  return {
    loanFacts,
    judge,

    /** An operator drafts a new policy (validated; every problem reported at once). */
    async createDraft(p: Principal, raw: Record<string, unknown>): Promise<VersionRow> {
      const input = assertValidPolicy(raw);
      const id = uuidv7();
      const at = new Date(clock());
      await db.tx(async (q) => {
        await store.insertPolicy(q, id, at);
        await store.insertVersion(q, id, 1, input, nameOf(p), at);
      });
      await audit('policies.policy.drafted', p, { type: 'policy', id }, { version: 1, kind: input.kind, budgetFen: input.budgetFen });
      return (await versionsOf(id))[0];
    },

    /** Edits the draft; editing a published (or withdrawn) policy starts its next version as a draft. */
    async saveDraft(p: Principal, id: string, raw: Record<string, unknown>): Promise<VersionRow> {
      const input = assertValidPolicy(raw);
      const at = new Date(clock());
      const newest = (await versionsOf(id))[0];
      if (newest.kind !== input.kind && newest.version > 1) {
        throw badRequest('POLICY_KIND_FIXED', { zh: '已发布过的政策不能更改政策类型，请新建政策', en: 'A policy once published keeps its kind; create a new policy instead' });
      }
      const version = newest.status === 'draft' ? newest.version : newest.version + 1;
      await db.tx(async (q) => {
        await store.lockPolicy(q, id);
        if (newest.status === 'draft') await store.updateDraft(q, id, version, input, nameOf(p), at);
        else await store.insertVersion(q, id, version, input, nameOf(p), at);
      });
      await audit('policies.policy.edited', p, { type: 'policy', id }, { version, kind: input.kind, budgetFen: input.budgetFen });
      return (await versionsOf(id))[0];
    },

    /** Publishes a draft version (re-validated); the previous live version is superseded; eligible loans are noticed. */
    async publish(p: Principal, id: string, version: number): Promise<{ policy: VersionRow; noticed: number }> {
      const v = (await versionsOf(id)).find((x) => x.version === version);
      if (!v) throw POLICY_NOT_FOUND();
      if (v.status !== 'draft') throw conflict('POLICY_STATE', { zh: `第 ${version} 版不是草稿，不能发布`, en: `Version ${version} is not a draft and cannot be published` }, { status: v.status });
      assertValidPolicy({
        name: v.name, kind: v.kind, authority: v.authority, regionPrefixes: v.region_prefixes, validFrom: v.valid_from, validTo: v.valid_to, budgetFen: v.budget_fen,
        formula: v.formula, enterpriseRules: v.enterprise_rules, loanRules: v.loan_rules, sections: v.sections, requiredMaterials: v.required_materials, summary: v.summary, source: v.source,
      });
      const used = BigInt(v.committed_fen) + BigInt(v.paid_fen);
      if (BigInt(v.budget_fen) < used) {
        throw conflict('POLICY_BUDGET_BELOW_USED', {
          zh: `预算 ${yuan(v.budget_fen)} 元低于已核定和已兑付的 ${yuan(used.toString())} 元`, en: `The budget CNY ${yuan(v.budget_fen)} is below the CNY ${yuan(used.toString())} already approved and paid`,
        });
      }
      await db.tx(async (q) => {
        await store.lockPolicy(q, id);
        await store.publish(q, id, version, nameOf(p), new Date(clock()));
      });
      await audit('policies.policy.published', p, { type: 'policy', id }, { version, kind: v.kind, budgetFen: v.budget_fen });
      const noticed = await matchPolicy(id);
      return { policy: (await versionsOf(id))[0], noticed };
    },

    /** Withdraws the live version (no new applications; those submitted can still be reviewed). */
    async withdraw(p: Principal, id: string, reason: string): Promise<VersionRow> {
      if (!reason.trim()) throw badRequest('POLICY_WITHDRAW_REASON', { zh: '请填写撤回原因', en: 'State why the policy is withdrawn' });
      const versions = await versionsOf(id);
      if (versions[0].live_version === null) throw conflict('POLICY_STATE', { zh: '该政策没有已发布的版本', en: 'The policy has no published version' });
      await db.tx(async (q) => {
        await store.lockPolicy(q, id);
        await store.withdraw(q, id, reason.trim(), new Date(clock()));
      });
      await audit('policies.policy.withdrawn', p, { type: 'policy', id }, { version: versions[0].live_version, reason: reason.trim() });
      return (await versionsOf(id))[0];
    },

    /** Every policy's newest version with its budget use (operators). */
    list: () => store.latest(db),
    versions: versionsOf,
    /** The published policies (public), by kind, region code or prefix, and special section. */
    live: (f: { kind?: string; region?: string; section?: string } = {}) => store.live(db, f),
    async liveOne(id: string): Promise<VersionRow> {
      const v = (await store.versions(db, id)).find((x) => x.status === 'published' && x.live_version === x.version);
      if (!v) throw POLICY_NOT_FOUND();
      return v;
    },

    matchPolicy,

    /** The disbursement sweep: loans disbursed (or changed) since the watermark, against every live policy. */
    async sweepDisbursed(): Promise<number> {
      const policies = await store.live(db);
      let told = 0;
      for (;;) {
        const after = await store.watermark(db, SWEEP);
        const rows = await opts.loans({ after, limit: PAGE });
        if (!rows.length) break;
        told += await notice(policies, rows);
        const last = rows[rows.length - 1];
        await store.setWatermark(db, SWEEP, last.updated_at, last.application_id);
        if (rows.length < PAGE) break;
      }
      return told;
    },

    /**
     * 惠企政策 for a beneficiary: every live policy of its side with each of its disbursed platform loans judged (with the
     * reasons). An enterprise sees the subsidies of its own loans (and the enterprise rules on its own profile); a lender
     * sees the risk-sharing policies over the loans it made. The read of subject data is audited.
     */
    async eligibleFor(p: Principal): Promise<{ policy: VersionRow; enterprise: RuleOutcome[]; loans: { loan: LoanFacts; judgement: Judgement }[] }[]> {
      const side = p.orgKind === 'enterprise' ? 'enterprise' : 'institution';
      const uscc = side === 'enterprise' ? p.uscc ?? '-' : null;
      const policies = (await store.live(db)).filter((v) => cfg.kinds[v.kind].beneficiary === side);
      const loans = await loanFacts(await opts.loans(uscc ? { usccs: [uscc], limit: 200 } : { institutionOrgId: p.orgId, limit: 200 }));
      const profiles = await opts.profiles(uscc ? [uscc] : loans.map((l) => l.uscc));
      const usccs = [...new Set(loans.map((l) => l.uscc))];
      await opts.audit?.append({
        kind: 'access', action: 'policies.eligibility.read', actor: actorOf(p), subject: uscc, outcome: 'allowed', destination: 'portal',
        details: { policies: policies.length, loans: loans.length, ...(uscc ? {} : { usccs: usccs.slice(0, 200) }) },
      });
      const own = uscc ? profiles.get(uscc) : undefined;
      return policies.map((v) => ({
        policy: v,
        enterprise: own ? judgeEnterprise(v, own) : [],
        loans: loans.map((loan) => ({ loan, judgement: judge(v, profiles.get(loan.uscc), loan) })),
      }));
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
