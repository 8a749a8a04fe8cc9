import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal } from '../../platform/http/index.ts';
import type { BenefitService } from './benefits.ts';
import { policyConfig } from './kinds.ts';
import type { LoanFacts } from './loan-rules.ts';
import type { PolicyService } from './service.ts';
import type { ApplicationRow, VersionRow } from './store.ts';
import {
  ApplicationDetail, ApplicationList, ApplicationSchema, ApplyBody, EligibleReply, IdParams, ListQuery, LoanList, PayoutBody, PolicyBody, PolicyList,
  PolicySchema, PublicQuery, PublishBody, PublishReply, ReasonBody, VersionList,
} from './schemas.ts';

export interface PolicyRouteOptions { policies: PolicyService; benefits: BenefitService }

const TAGS = ['policies'];
const OP_ADMIN = ['op_admin'] as const;
/** who may apply: enterprises for subsidies of their own costs, the lender's officers for risk-sharing kinds */
const APPLICANTS = [...ENTERPRISE_ROLES, 'inst_admin', 'inst_loan_officer'] as const;
const APPLICATION_READERS = [...APPLICANTS, ...OPERATOR_ROLES] as const;

export function shapePolicy(v: VersionRow) {
  const info = policyConfig().kinds[v.kind];
  const available = BigInt(v.policy_budget_fen) - BigInt(v.committed_fen) - BigInt(v.paid_fen);
  return {
    id: v.policy_id, version: v.version, status: v.status, kind: v.kind, kindName: { zh: info.zh, en: info.en }, beneficiary: info.beneficiary,
    name: v.name, authority: v.authority, regionPrefixes: v.region_prefixes, validFrom: v.valid_from, validTo: v.valid_to,
    // a draft shows its own budget; the policy's use is the live one's
    budgetFen: v.budget_fen, committedFen: v.committed_fen, paidFen: v.paid_fen, availableFen: (available > 0n ? available : 0n).toString(),
    formula: v.formula, formulaText: { zh: info.formulaZh, en: info.formulaEn }, declared: info.declared, applyStatuses: info.applyStatuses,
    enterpriseRules: v.enterprise_rules as unknown as Record<string, unknown>[], loanRules: v.loan_rules as unknown as Record<string, unknown>[],
    sections: v.sections, requiredMaterials: v.required_materials, summary: v.summary, source: v.source, liveVersion: v.live_version,
    createdBy: v.created_by, createdAt: v.created_at.toISOString(), publishedAt: v.published_at?.toISOString() ?? null,
    withdrawnAt: v.withdrawn_at?.toISOString() ?? null, withdrawReason: v.withdraw_reason,
  };
}

const shapeLoan = (l: LoanFacts) => ({
  id: l.id, uscc: l.uscc, institutionName: l.institutionName, institutionCategory: l.institutionCategory, productName: l.productName, status: l.status,
  amountFen: l.amountFen.toString(), rateBp: l.rateBp, termMonths: l.termMonths, security: l.security, disbursedOn: l.disbursedOn,
});

const shapeApplication = (a: ApplicationRow) => ({
  id: a.id, policyId: a.policy_id, policyVersion: a.policy_version, policyName: a.policy_name, kind: a.kind, loanId: a.loan_id, uscc: a.uscc, status: a.status,
  materials: a.materials, declared: a.declared, computation: a.computation, approvedFen: a.approved_fen, rejectReason: a.reject_reason, reviewedBy: a.reviewed_by,
  reviewedAt: a.reviewed_at?.toISOString() ?? null, submittedBy: a.submitted_by, submittedAt: a.submitted_at.toISOString(),
  payout: a.payout_amount_fen && a.payout_paid_on && a.payout_voucher_no ? { amountFen: a.payout_amount_fen, paidOn: a.payout_paid_on, voucherNo: a.payout_voucher_no } : null,
});

/** C13 惠企政策直达 under /api/v1/policies: public catalog, operator editor and review, enterprise eligibility and applications. */
export const policyRoutes: FastifyPluginAsync<PolicyRouteOptions> = async (app, opts) => {
  const { policies, benefits } = opts;

  app.get('/policies', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: 'Published financing policies, by kind, region and special section', querystring: PublicQuery, response: { 200: PolicyList } },
  }, async (request) => ({ items: (await policies.live(request.query as Static<typeof PublicQuery>)).map(shapePolicy) }));

  app.get('/policies/:id', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: 'One published policy with its formula, rules, materials and budget use', params: IdParams, response: { 200: PolicySchema } },
  }, async (request) => shapePolicy(await policies.liveOne((request.params as Static<typeof IdParams>).id)));

  app.get('/policies/manage/list', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: "Every policy's newest version with budget use (operators)", response: { 200: PolicyList } },
  }, async () => ({ items: (await policies.list()).map(shapePolicy) }));

  app.get('/policies/manage/:id/versions', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Every version of a policy, newest first', params: IdParams, response: { 200: VersionList } },
  }, async (request) => ({ items: (await policies.versions((request.params as Static<typeof IdParams>).id)).map(shapePolicy) }));

  app.post('/policies/manage', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Draft a new policy (validated, every problem listed)', body: PolicyBody, response: { 201: PolicySchema } },
  }, async (request, reply) => reply.code(201).send(shapePolicy(await policies.createDraft(requirePrincipal(request), request.body as Record<string, unknown>))));

  app.put('/policies/manage/:id/draft', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Save the draft (editing a published policy starts its next version)', params: IdParams, body: PolicyBody, response: { 200: PolicySchema } },
  }, async (request) => shapePolicy(await policies.saveDraft(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, request.body as Record<string, unknown>)));

  app.post('/policies/manage/:id/publish', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Publish a draft version; eligible disbursed loans are noticed', params: IdParams, body: PublishBody, response: { 200: PublishReply } },
  }, async (request) => {
    const out = await policies.publish(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, (request.body as Static<typeof PublishBody>).version);
    return { policy: shapePolicy(out.policy), noticed: out.noticed };
  });

  app.post('/policies/manage/:id/withdraw', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Withdraw the published policy (no new applications)', params: IdParams, body: ReasonBody, response: { 200: PolicySchema } },
  }, async (request) => shapePolicy(await policies.withdraw(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, (request.body as Static<typeof ReasonBody>).reason)));

  app.get('/policies/my/eligible', {
    config: { access: { roles: APPLICANTS } },
    schema: { tags: TAGS, summary: "Live policies of the caller's side with reasons: an enterprise's subsidies over its loans, a lender's risk sharing over its loans", response: { 200: EligibleReply } },
  }, async (request) => ({
    items: (await policies.eligibleFor(requirePrincipal(request))).map((e) => ({
      policy: shapePolicy(e.policy), enterprise: e.enterprise,
      loans: e.loans.map((l) => ({ loan: shapeLoan(l.loan), judgement: l.judgement })),
    })),
  }));

  app.get('/policies/my/loans', {
    config: { access: { roles: APPLICANTS } },
    schema: { tags: TAGS, summary: "The caller's disbursed platform loans (the enterprise's own, or the lender's)", response: { 200: LoanList } },
  }, async (request) => ({ items: (await benefits.myLoans(requirePrincipal(request))).map(shapeLoan) }));

  app.post('/policies/applications', {
    config: { access: { roles: APPLICANTS } },
    schema: { tags: TAGS, summary: 'Apply for a policy benefit on one of your disbursed platform loans', body: ApplyBody, response: { 201: ApplicationSchema } },
  }, async (request, reply) => reply.code(201).send(shapeApplication(await benefits.apply(requirePrincipal(request), request.body as Static<typeof ApplyBody>))));

  app.get('/policies/applications', {
    config: { access: { roles: APPLICATION_READERS } },
    schema: { tags: TAGS, summary: "Applications: the caller's own, or every one for operators (the review queue)", querystring: ListQuery, response: { 200: ApplicationList } },
  }, async (request) => ({ items: (await benefits.list(requirePrincipal(request), request.query as Static<typeof ListQuery>)).map(shapeApplication) }));

  app.get('/policies/applications/:id', {
    config: { access: { roles: APPLICATION_READERS } },
    schema: { tags: TAGS, summary: 'One application with its loan; operators also see eligibility and the amount as it stands now', params: IdParams, response: { 200: ApplicationDetail } },
  }, async (request) => {
    const d = await benefits.get(requirePrincipal(request), (request.params as Static<typeof IdParams>).id);
    return { application: shapeApplication(d.application), loan: d.loan ? shapeLoan(d.loan) : null, judgement: d.judgement, preview: d.preview };
  });

  app.post('/policies/applications/:id/approve', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Approve with the computed amount (no double benefit, budget committed)', params: IdParams, response: { 200: ApplicationSchema } },
  }, async (request) => shapeApplication(await benefits.approve(requirePrincipal(request), (request.params as Static<typeof IdParams>).id)));

  app.post('/policies/applications/:id/reject', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Reject with a reason', params: IdParams, body: ReasonBody, response: { 200: ApplicationSchema } },
  }, async (request) => shapeApplication(await benefits.reject(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, (request.body as Static<typeof ReasonBody>).reason)));

  app.post('/policies/applications/:id/payout', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: 'Record the payout (amount fen, date, voucher number)', params: IdParams, body: PayoutBody, response: { 200: ApplicationSchema } },
  }, async (request) => shapeApplication(await benefits.payout(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, request.body as Static<typeof PayoutBody>)));

  app.get('/policies/manage/payouts', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Payout records, newest first', response: { 200: ApplicationList } },
  }, async () => ({ items: (await benefits.payouts()).map(shapeApplication) }));
};
