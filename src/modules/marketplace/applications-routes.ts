import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import { requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { workflowConfig, type ApplicationStatus } from './applications.ts';
import type { ApplicationsService } from './applications-service.ts';
import type { ApplicationRow, EventRow } from './applications-store.ts';
import { isOverdue, workingDaysLeft } from './sla.ts';
import {
  AppIdParams, Application, ApplicationDetail, ApplicationList, ApplyBody, ApproveBody, DeclineBody, DisburseBody, EscalateReply, ListQuery,
  League, RepaymentBody, Statistics, TakeBody, WorkflowOptions,
} from './applications-schemas.ts';

export interface ApplicationRouteOptions {
  applications: ApplicationsService;
  orgName: (id: string) => Promise<string | null>;
  entityName: (uscc: string) => Promise<string | null>;
  clock?: () => number;
}

/** Who handles applications at an institution (受理、审批、放款反馈、接单). */
const OFFICERS: readonly Role[] = ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'];
const PARTIES: readonly Role[] = [...ENTERPRISE_ROLES, ...INSTITUTION_ROLES, ...OPERATOR_ROLES];
const TAGS = ['marketplace-workflow'];

/** C9 the online financing workflow under /api/v1/marketplace: applications, 接单, timeline, SLA escalations, statistics. */
export const applicationRoutes: FastifyPluginAsync<ApplicationRouteOptions> = async (app, opts) => {
  const { applications } = opts;
  const cfg = workflowConfig();
  const clock = opts.clock ?? Date.now;

  const shape = async (a: ApplicationRow) => {
    const cal = await applications.calendar();
    const now = new Date(clock());
    const waiting = a.status === 'submitted' && a.due_at !== null;
    return {
      id: a.id, origin: a.origin, uscc: a.uscc, enterpriseName: await opts.entityName(a.uscc),
      institution: { id: a.institution_org_id, name: await opts.orgName(a.institution_org_id) },
      product: a.product_id ? { id: a.product_id, version: a.product_version, name: await applications.productName(a.product_id, a.product_version) } : null,
      demandId: a.demand_id, status: a.status, statusLabel: cfg.statuses[a.status], amountFen: a.amount_fen, termMonths: a.term_months,
      materials: a.materials, authorisationIds: a.authorisation_ids, submittedAt: a.submitted_at.toISOString(), dueAt: a.due_at?.toISOString() ?? null,
      workingDaysLeft: waiting ? workingDaysLeft(cal, a.due_at!, now) : null, overdue: waiting && isOverdue(a.due_at, now),
      acceptedAt: a.accepted_at?.toISOString() ?? null, escalatedAt: a.escalated_at?.toISOString() ?? null, decidedAt: a.decided_at?.toISOString() ?? null,
      decline: a.decline_code ? { code: a.decline_code, ...(cfg.declineReasons[a.decline_code] ?? { zh: a.decline_code, en: a.decline_code }) } : null,
      terms: a.approved_amount_fen !== null ? { amountFen: a.approved_amount_fen, rateBp: a.approved_rate_bp!, termMonths: a.approved_term_months!, repaymentMode: a.repayment_mode, security: a.approved_security } : null,
      disbursement: a.disbursed_amount_fen !== null ? { amountFen: a.disbursed_amount_fen, rateBp: a.disbursed_rate_bp!, termMonths: a.disbursed_term_months!, security: a.disbursed_security!, disbursedOn: a.disbursed_on! } : null,
      repayment: a.repayment_status ? { status: a.repayment_status, overdueDays: a.overdue_days ?? 0 } : null,
      closedAt: a.closed_at?.toISOString() ?? null,
    };
  };
  const timelineShape = (e: EventRow) => ({
    action: e.action, label: cfg.actions[e.action], from: e.from_status, to: e.to_status, toLabel: cfg.statuses[e.to_status],
    actor: e.actor, actorOrgId: e.actor_org_id, at: e.at.toISOString(), payload: e.payload,
  });
  const detail = async (p: Principal, id: string) => {
    const d = await applications.get(p, id);
    return { application: await shape(d.application), timeline: d.timeline.map(timelineShape) };
  };
  const id = (request: { params: unknown }) => (request.params as Static<typeof AppIdParams>).id;

  app.get('/marketplace/workflow/options', {
    config: { access: { roles: PARTIES } },
    schema: { tags: TAGS, summary: 'The SLA (working days), decline reasons, security types, statuses and actions with zh/en labels', response: { 200: WorkflowOptions } },
  }, async () => {
    const coded = (o: Record<string, { zh: string; en: string }>) => Object.entries(o).map(([code, t]) => ({ code, zh: t.zh, en: t.en }));
    return {
      slaWorkingDays: applications.slaWorkingDays, declineReasons: coded(cfg.declineReasons), securities: coded(cfg.securities),
      statuses: coded(cfg.statuses), actions: coded(cfg.actions), repaymentStatuses: coded(cfg.repaymentStatuses),
    };
  });

  app.post('/marketplace/applications', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: TAGS, summary: "Apply for a published product, granting the product's required authorisations in the same request", body: ApplyBody, response: { 201: Application } },
  }, async (request, reply) => reply.code(201).send(await shape(await applications.apply(requirePrincipal(request), request.body as Static<typeof ApplyBody>))));

  app.get('/marketplace/applications', {
    config: { access: { roles: PARTIES } },
    schema: { tags: TAGS, summary: 'Applications: an enterprise its own, an institution those addressed to it, operators all', querystring: ListQuery, response: { 200: ApplicationList } },
  }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const rows = await applications.list(requirePrincipal(request), { status: q.status as ApplicationStatus | undefined, escalated: q.escalated, limit: q.limit });
    return { items: await Promise.all(rows.map(shape)) };
  });

  app.get('/marketplace/applications/statistics', {
    config: { access: { roles: [...OPERATOR_ROLES, ...INSTITUTION_ROLES] } },
    schema: { tags: TAGS, summary: 'Workflow statistics per institution and in total (an institution sees its own)', response: { 200: Statistics } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const s = await applications.statistics(p.orgKind === 'operator' ? null : p.orgId);
    return { total: s.total, institutions: await Promise.all(s.institutions.map(async (i) => ({ ...i, institutionName: await opts.orgName(i.institutionOrgId) }))) };
  });

  // Public (SPEC C9 / issue 6 item 6): how each institution serves enterprises, for everyone to compare.
  app.get('/marketplace/league', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: 'Public league table of institutions: applications, approval rate, disbursed loans, credit-loan share, average rate, response time', response: { 200: League } },
  }, async () => {
    const s = await applications.statistics(null);
    const rows = await Promise.all(s.institutions.map(async (i) => {
      const declined = i.byStatus.declined ?? 0;
      return {
        institutionOrgId: i.institutionOrgId, institutionName: await opts.orgName(i.institutionOrgId), applications: i.total,
        approvalRateBp: i.approvals + declined > 0 ? Math.floor((i.approvals * 10_000) / (i.approvals + declined)) : null,
        disbursedCount: i.disbursedCount, disbursedFen: i.disbursedFen, creditShareBp: i.creditShareBp, averageRateBp: i.averageRateBp,
        averageResponseWorkingDaysX100: i.averageResponseWorkingDaysX100, escalated: i.escalated,
      };
    }));
    // most loans first, then most applications served
    rows.sort((a, b) => b.disbursedCount - a.disbursedCount || b.applications - a.applications || (a.institutionName ?? '').localeCompare(b.institutionName ?? '', 'zh'));
    return { institutions: rows };
  });

  app.post('/marketplace/applications/escalate', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: TAGS, summary: 'Run the SLA sweep now: escalate submitted applications past their due time', response: { 200: EscalateReply } },
  }, async () => ({ escalated: await applications.escalateOverdue() }));

  app.get('/marketplace/applications/:id', {
    config: { access: { roles: PARTIES } },
    schema: { tags: TAGS, summary: 'One application with its timeline (the same for the enterprise, the institution and operators)', params: AppIdParams, response: { 200: ApplicationDetail } },
  }, async (request) => detail(requirePrincipal(request), id(request)));

  app.post('/marketplace/applications/:id/withdraw', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: TAGS, summary: 'Withdraw an application before it is accepted', params: AppIdParams, response: { 200: ApplicationDetail } },
  }, async (request) => {
    const p = requirePrincipal(request);
    await applications.withdraw(p, id(request));
    return detail(p, id(request));
  });

  const officerAction = <B>(path: string, summary: string, body: object | null, run: (p: Principal, appId: string, b: B) => Promise<unknown>) => {
    app.post(`/marketplace/applications/:id/${path}`, {
      config: { access: { roles: OFFICERS } },
      schema: { tags: TAGS, summary, params: AppIdParams, ...(body ? { body } : {}), response: { 200: ApplicationDetail } },
    }, async (request) => {
      const p = requirePrincipal(request);
      await run(p, id(request), request.body as B);
      return detail(p, id(request));
    });
  };
  officerAction('accept', 'Accept (受理) a submitted application', null, (p, a) => applications.accept(p, a));
  officerAction<Static<typeof ApproveBody>>('approve', 'Approve with terms (amount fen, rate bp, term, repayment mode, security)', ApproveBody, (p, a, b) => applications.approve(p, a, b));
  officerAction<Static<typeof DeclineBody>>('decline', 'Decline with a reason code', DeclineBody, (p, a, b) => applications.decline(p, a, b.reasonCode, b.note));
  officerAction<Static<typeof DisburseBody>>('disburse', 'Disbursement feedback (放款反馈); reported to the scorecards module', DisburseBody, (p, a, b) => applications.disburse(p, a, b));
  officerAction<Static<typeof RepaymentBody>>('repayment', 'Repayment status: performing, overdue (days), repaid (closes) or defaulted', RepaymentBody, (p, a, b) => applications.repayment(p, a, b));

  app.post('/marketplace/demands/:id/take', {
    config: { access: { roles: OFFICERS } },
    schema: { tags: TAGS, summary: '接单/抢单: take an open demand (first come; one institution at a time)', params: AppIdParams, body: TakeBody, response: { 201: ApplicationDetail } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const a = await applications.takeDemand(p, id(request), (request.body as Static<typeof TakeBody> | undefined)?.productId);
    return reply.code(201).send(await detail(p, a.id));
  });
};
