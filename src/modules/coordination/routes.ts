import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import { badRequest, decodeCursor, encodeCursor, notFound, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import { codes } from '../entities/index.ts';
import type { CoordinationService, Figures, Requester } from './service.ts';
import type { AssignmentRow, ListRow, QueueRow, ResponseRow, VisitRow } from './store.ts';
import {
  CodesReply, ConfirmBody, IdParams, InstitutionList, ListBody, ListDetail, ListList, ListSummary, PageQuery, QueueQuery, QueueReply, ResponseBody,
  TrackingQuery, TrackingReply, Visit, VisitBody, VisitList, VisitQuery, Assignment,
} from './schemas.ts';

export interface CoordinationRouteOptions { coordination: CoordinationService }

/** Working-group officers (operators) and bank staff who go out on visits record them. */
const VISIT_RECORDERS: readonly Role[] = ['op_admin', 'op_supervisor', 'inst_admin', 'inst_loan_officer'];
/** Everyone reads visits, scoped: operators all, an institution those it recorded, an enterprise those about itself. */
const VISIT_READERS: readonly Role[] = [...OPERATOR_ROLES, ...INSTITUTION_ROLES, ...ENTERPRISE_ROLES];
/** The working group builds, confirms and pushes the lists. */
const LIST_MANAGERS: readonly Role[] = ['op_admin', 'op_supervisor'];
/** Bank staff who answer for the bank. */
const RESPONDERS: readonly Role[] = ['inst_admin', 'inst_loan_officer'];

function requesterOf(p: Principal): Requester {
  return { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}`, orgId: p.orgId };
}

const coordinationListNotFound = () => notFound('COORDINATION_LIST_NOT_FOUND', { zh: '没有这份推荐清单', en: 'No such recommendation list' });

const iso = (d: Date | null) => d?.toISOString() ?? null;

const shapeVisit = (v: VisitRow): Static<typeof Visit> => ({
  id: v.id, uscc: v.uscc, enterpriseName: v.enterprise_name, regionCode: v.region_code, visitedOn: v.visited_on, visitors: v.visitors, channel: v.channel,
  need: v.has_need ? { amountFen: v.need_amount_fen!, termMonths: v.need_term_months, purpose: v.need_purpose, guarantee: v.need_guarantee } : null,
  difficulties: v.difficulties, difficultyNote: v.difficulty_note, followUp: v.follow_up, recordedBy: v.recorded_by, recordedByOrgId: v.recorded_by_org,
  recordedAt: v.recorded_at.toISOString(),
});

const shapeList = (l: ListRow): Static<typeof ListSummary> => ({
  id: l.id, period: l.period, regionPrefix: l.region_prefix, status: l.status, rulesVersion: l.rules_version, deadlineDays: l.deadline_days,
  candidates: l.candidates, included: l.included, createdBy: l.created_by, createdAt: l.created_at.toISOString(), confirmedBy: l.confirmed_by,
  confirmedAt: iso(l.confirmed_at),
});

const shapeResponse = (r: ResponseRow) => ({
  kind: r.kind, amountFen: r.amount_fen, on: r.on_date, reasonCode: r.reason_code, note: r.note, respondedBy: r.responded_by, respondedAt: r.responded_at.toISOString(),
});

const EMPTY: Figures = { recommended: 0, assignments: 0, responded: 0, granted: 0, grantedFen: '0', disbursed: 0, disbursedFen: '0', declined: 0, declinedByReason: {}, overdue: 0 };

/** Sums figures of groups; amounts stay exact (bigint). */
function total(all: Iterable<Figures>): Figures {
  const t: Figures = { ...EMPTY, declinedByReason: {} };
  let granted = 0n;
  let disbursed = 0n;
  for (const f of all) {
    t.recommended += f.recommended; t.assignments += f.assignments; t.responded += f.responded; t.granted += f.granted;
    t.disbursed += f.disbursed; t.declined += f.declined; t.overdue += f.overdue;
    granted += BigInt(f.grantedFen);
    disbursed += BigInt(f.disbursedFen);
    for (const [k, n] of Object.entries(f.declinedByReason)) t.declinedByReason[k] = (t.declinedByReason[k] ?? 0) + n;
  }
  return { ...t, grantedFen: granted.toString(), disbursedFen: disbursed.toString() };
}

/** 小微企业融资协调工作机制 API under /api/v1/coordination. */
export const coordinationRoutes: FastifyPluginAsync<CoordinationRouteOptions> = async (app, opts) => {
  const { coordination } = opts;

  const shapeAssignment = (a: AssignmentRow, names: Map<string, string>): Static<typeof Assignment> => ({
    id: a.id, listId: a.list_id, uscc: a.uscc, institutionId: a.institution_org_id, institutionName: names.get(a.institution_org_id) ?? null, status: a.status,
    assignedAt: a.assigned_at.toISOString(), dueAt: a.due_at.toISOString(), overdue: coordination.overdue(a), firstResponseAt: iso(a.first_response_at),
    grantedAmountFen: a.granted_amount_fen, grantedOn: a.granted_on, disbursedAmountFen: a.disbursed_amount_fen, disbursedOn: a.disbursed_on, declineReason: a.decline_reason,
  });
  const institutionNames = async () => new Map((await coordination.institutions()).map((i) => [i.id, i.name]));

  app.get('/coordination/codes', {
    config: { access: { roles: VISIT_READERS } },
    schema: { tags: ['coordination'], summary: 'Code lists (visit channels, difficulties, decline reasons), the response deadline and the negative-list rules', response: { 200: CodesReply } },
  }, async () => {
    const s = coordination.settings;
    const n = coordination.negativeList;
    return {
      channels: s.channels, difficulties: s.difficulties, declineReasons: s.declineReasons, responseDeadlineDays: s.responseDeadlineDays, feedbackSource: s.source,
      negativeList: { version: n.version, source: n.source, effectiveFrom: n.effectiveFrom, rules: n.rules.map((r) => ({ id: r.id, feature: r.feature, zh: r.zh, en: r.en })) },
    };
  });

  app.post('/coordination/visits', {
    config: { access: { roles: VISIT_RECORDERS } },
    schema: { tags: ['coordination'], summary: 'Record a visit to an enterprise (走访) with its financing need and difficulties', body: VisitBody, response: { 201: Visit } },
  }, async (request, reply) => {
    const visit = await coordination.recordVisit(request.body as Static<typeof VisitBody>, requesterOf(requirePrincipal(request)));
    return reply.code(201).send(shapeVisit(visit));
  });

  app.get('/coordination/visits', {
    config: { access: { roles: VISIT_READERS } },
    schema: {
      tags: ['coordination'], querystring: VisitQuery, response: { 200: VisitList },
      summary: 'Visits, newest first: operators see all, an institution those it recorded, an enterprise those about itself',
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof VisitQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    let uscc = q.uscc;
    let recordedByOrg: string | undefined;
    if (p.roles.some((r) => ENTERPRISE_ROLES.includes(r))) {
      if (!p.uscc) throw badRequest('COORDINATION_NO_USCC', { zh: '当前账号未关联企业', en: 'This account is not linked to an enterprise' });
      uscc = p.uscc;
    } else if (p.roles.some((r) => INSTITUTION_ROLES.includes(r))) {
      recordedByOrg = p.orgId;
    }
    const rows = await coordination.visits({ regionPrefix: q.region, from: q.from, to: q.to, uscc, recordedByOrg, after: after ? { visitedOn: after[0], id: after[1] } : null, limit });
    const last = rows.at(-1);
    return { items: rows.map(shapeVisit), nextCursor: rows.length === limit && last ? encodeCursor([last.visited_on, last.id]) : null };
  });

  app.get('/coordination/institutions', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['coordination'], summary: 'The institutions a recommendation list can be pushed to', response: { 200: InstitutionList } },
  }, async () => ({ items: await coordination.institutions() }));

  app.post('/coordination/lists', {
    config: { access: { roles: LIST_MANAGERS } },
    schema: { tags: ['coordination'], summary: 'Build a draft recommendation list (推荐清单) from the visits with a need in the period, screened against the negative list', body: ListBody, response: { 201: ListSummary } },
  }, async (request, reply) => {
    const body = request.body as Static<typeof ListBody>;
    const id = await coordination.buildList({ period: body.period, regionPrefix: body.region ?? '' }, requesterOf(requirePrincipal(request)));
    return reply.code(201).send(shapeList((await coordination.list(id))!));
  });

  app.get('/coordination/lists', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['coordination'], summary: 'Recommendation lists, newest first', querystring: PageQuery, response: { 200: ListList } },
  }, async (request) => {
    const q = request.query as Static<typeof PageQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await coordination.lists(after ? { at: new Date(after[0]), id: after[1] } : null, limit);
    const last = rows.at(-1);
    return { items: rows.map(shapeList), nextCursor: rows.length === limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  });

  app.get('/coordination/lists/:id', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['coordination'], summary: 'One list: every candidate, included or excluded, with its reasons and the banks it was pushed to', params: IdParams, response: { 200: ListDetail } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const list = await coordination.list(id);
    if (!list) throw coordinationListNotFound();
    const names = await institutionNames();
    const byUscc = new Map<string, AssignmentRow[]>();
    for (const a of await coordination.assignmentsOfList(id)) byUscc.set(a.uscc, [...(byUscc.get(a.uscc) ?? []), a]);
    return {
      list: shapeList(list),
      candidates: (await coordination.candidates(id)).map((c) => ({
        uscc: c.uscc, enterpriseName: c.enterprise_name, regionCode: c.region_code, visitId: c.visit_id, needAmountFen: c.need_amount_fen, included: c.included,
        reasons: c.reasons, assignments: (byUscc.get(c.uscc) ?? []).map((a) => shapeAssignment(a, names)),
      })),
    };
  });

  app.post('/coordination/lists/:id/confirm', {
    config: { access: { roles: LIST_MANAGERS } },
    schema: { tags: ['coordination'], summary: 'Confirm a draft list and push each included enterprise to the banks chosen for it', params: IdParams, body: ConfirmBody, response: { 200: ListSummary } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const body = request.body as Static<typeof ConfirmBody>;
    await coordination.confirmList(id, body.assignments, requesterOf(requirePrincipal(request)));
    return shapeList((await coordination.list(id))!);
  });

  app.get('/coordination/tracking', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['coordination'], summary: 'Tracking of confirmed lists per list and per region: recommended, responded, granted, disbursed, declined by reason, overdue', querystring: TrackingQuery, response: { 200: TrackingReply } },
  }, async (request) => {
    const q = request.query as Static<typeof TrackingQuery>;
    const byList = await coordination.figures('list', q);
    const byRegion = await coordination.figures('region', q);
    const lists = [];
    for (const [listId, figures] of byList) {
      const l = await coordination.list(listId);
      if (l) lists.push({ listId, period: l.period, regionPrefix: l.region_prefix, figures });
    }
    return {
      lists,
      regions: [...byRegion].map(([regionCode, figures]) => ({ regionCode, regionName: codes.regionByCode(regionCode)?.fullName ?? null, figures })),
      total: total(byList.values()),
    };
  });

  app.get('/coordination/assignments', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['coordination'], summary: "The caller's institution's work queue: enterprises pushed to it, their need, deadline and responses", querystring: QueueQuery, response: { 200: QueueReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof QueueQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows: QueueRow[] = await coordination.queue(p.orgId, q.status ?? null, after ? { at: new Date(after[0]), id: after[1] } : null, limit);
    const responses = await coordination.responses(rows.map((r) => r.id));
    const names = new Map([[p.orgId, p.orgName]]);
    const last = rows.at(-1);
    return {
      deadlineDays: coordination.settings.responseDeadlineDays,
      items: rows.map((r) => ({
        ...shapeAssignment(r, names), enterpriseName: r.enterprise_name, regionCode: r.region_code, period: r.period, visitedOn: r.visited_on,
        need: { amountFen: r.need_amount_fen, termMonths: r.need_term_months, purpose: r.need_purpose, guarantee: r.need_guarantee },
        responses: responses.filter((x) => x.assignment_id === r.id).map(shapeResponse),
      })),
      nextCursor: rows.length === limit && last ? encodeCursor([last.assigned_at.toISOString(), last.id]) : null,
    };
  });

  app.post('/coordination/assignments/:id/responses', {
    config: { access: { roles: RESPONDERS } },
    schema: { tags: ['coordination'], summary: 'Record the bank\'s response: accepted, credit granted, loan disbursed or declined with a reason', params: IdParams, body: ResponseBody, response: { 201: Assignment } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const { id } = request.params as Static<typeof IdParams>;
    const a = await coordination.respond(id, request.body as Static<typeof ResponseBody>, requesterOf(p));
    return reply.code(201).send(shapeAssignment(a, new Map([[p.orgId, p.orgName]])));
  });
};
