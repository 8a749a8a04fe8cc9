import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES, PROVIDER_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { DEFAULT_MASKING, maskRecord } from '../consent/index.ts';
import { daysLeft, isOverdue } from './deadlines.ts';
import { shapeDocument } from './evidence.ts';
import { mayAppeal, type ObjectionsService } from './service.ts';
import type { ObjectionRow } from './store.ts';
import { AppealBody, DecideBody, DocumentParams, FileBody, IdParams, ListQuery, ObjectionDetail, ObjectionList, ObjectionSchema, Rules, Statistics, SweepReply } from './schemas.ts';

export interface ObjectionRouteOptions {
  objections: ObjectionsService;
  orgName: (id: string) => Promise<string | null>;
  entityName: (uscc: string) => Promise<string | null>;
  clock?: () => number;
}

const TAGS = ['objections'];
const FILERS = [...ENTERPRISE_ROLES, ...INSTITUTION_ROLES];
const READERS = [...ENTERPRISE_ROLES, ...INSTITUTION_ROLES, ...PROVIDER_ROLES, ...OPERATOR_ROLES];
/** who answers: the providing unit's accounts, and the operators who handle escalations, appeals and complaints */
const DECIDERS = [...PROVIDER_ROLES, 'op_admin', 'op_supervisor'] as const;
const ISO = (d: Date | null) => d?.toISOString() ?? null;

/** C11 异议申诉 under /api/v1/objections. */
export const objectionRoutes: FastifyPluginAsync<ObjectionRouteOptions> = async (app, opts) => {
  const { objections } = opts;
  const clock = opts.clock ?? Date.now;
  const names = new Map<string, Promise<string | null>>();
  const cachedOrg = (id: string | null) => {
    if (!id) return Promise.resolve(null);
    if (!names.has(id)) names.set(id, opts.orgName(id));
    return names.get(id)!;
  };

  async function shape(o: ObjectionRow, p: Principal) {
    const now = clock();
    const undecided = o.state === 'open' || o.state === 'escalated';
    const item = o.item_code ? await objections.itemOf(o.item_code) : undefined;
    return {
      id: o.id, uscc: o.uscc, entityName: await opts.entityName(o.uscc), type: o.type, item: o.item_code, itemName: item?.name ?? null, itemNameEn: item?.nameEn ?? null,
      key: o.record_key, recordVersion: o.record_version, filerKind: o.filer_kind, filerName: await cachedOrg(o.filer_org_id), reason: o.reason,
      handlerKind: o.handler_kind, handlerName: o.handler_kind === 'provider' ? await cachedOrg(o.handler_org_id) : null, state: o.state,
      filedAt: o.filed_at.toISOString(), escalateAt: ISO(o.escalate_at), dueAt: o.due_at.toISOString(), escalatedAt: ISO(o.escalated_at), decidedAt: ISO(o.decided_at),
      outcome: o.outcome, outcomeReason: o.outcome_reason, decidedByKind: o.decided_by_kind, correctedVersion: o.corrected_version,
      appealReason: o.appeal_reason, appealedAt: ISO(o.appealed_at), appealOutcome: o.appeal_outcome, appealOutcomeReason: o.appeal_outcome_reason,
      appealDecidedAt: ISO(o.appeal_decided_at), overdue: isOverdue(now, o.due_at, o.decided_at), daysLeft: undecided ? daysLeft(now, o.due_at) : null,
      mayAppeal: p.orgKind === 'enterprise' && mayAppeal(o).ok,
    };
  }

  app.get('/objections/rules', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'The objection deadlines and limits in force (calendar days, China time)', response: { 200: Rules } },
  }, async () => {
    const r = objections.rules;
    return {
      version: r.version, effectiveFrom: r.effectiveFrom, answerDays: r.record.answerDays, escalateOnDay: r.record.escalateOnDay ?? 0, platformConductDays: r.platformConduct.answerDays,
      appealsAllowed: r.appealsAllowed, reasonMinChars: r.reasonMinChars, maxFiles: r.evidence.maxFiles, maxBytes: r.evidence.maxBytes, contentTypes: r.evidence.contentTypes,
    };
  });

  app.post('/objections', {
    config: { access: { roles: FILERS } },
    schema: {
      tags: TAGS, summary: 'File an objection to a record (flagged 异议处理中 at once) or a complaint about the platform',
      description: 'An enterprise objects to its own records; an institution may flag a record it can see. Routed to the record\'s provider (the operator for self-reported or platform data).',
      body: FileBody, response: { 201: ObjectionSchema },
    },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const o = await objections.file(p, request.body as Static<typeof FileBody>);
    return reply.code(201).send(await shape(o, p));
  });

  app.get('/objections', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: "The caller's objections: its own (enterprise), filed (institution), to answer (provider), all (operators)", querystring: ListQuery, response: { 200: ObjectionList } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof ListQuery>;
    const rows = await objections.list(p, { states: q.state as ObjectionRow['state'][] | undefined, overdue: q.overdue, limit: q.limit });
    return { items: await Promise.all(rows.map((o) => shape(o, p))) };
  });

  app.get('/objections/statistics', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Counts per state, escalated, overdue and answered late, per handling unit', response: { 200: Statistics } },
  }, async () => {
    const s = await objections.statistics();
    return { ...s, handlers: await Promise.all(s.handlers.map(async (h) => ({ ...h, handlerName: await cachedOrg(h.handlerOrgId) }))) };
  });

  app.post('/objections/escalations', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: TAGS, summary: 'Run the day-15 escalation sweep now (it also runs every few minutes)', response: { 200: SweepReply } },
  }, async () => ({ escalated: await objections.escalateDue() }));

  app.get('/objections/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'One objection with its full history (dates, handlers by role, outcome, reasons) and evidence', params: IdParams, response: { 200: ObjectionDetail } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { id } = request.params as Static<typeof IdParams>;
    const d = await objections.get(p, id);
    const o = d.objection;
    let record = null;
    if (o.type === 'record' && d.party !== 'filer') {
      const item = await objections.itemOf(o.item_code!);
      const r = await objections.record(o);
      if (item && r) {
        // operators see personal fields masked here (clear text needs a stated reason, on the records API)
        const data = d.party === 'operator' ? maskRecord(item, r.data, DEFAULT_MASKING.operator).data : r.data;
        record = {
          version: r.version, validFrom: r.validFrom, data: data as Record<string, string | number | boolean | null>, withheld: r.withheld,
          fields: item.fields.map((f) => ({ code: f.code, name: f.name, nameEn: f.nameEn, key: item.naturalKey.includes(f.code) })),
        };
      }
    }
    return {
      objection: await shape(o, p), party: d.party, record,
      events: await Promise.all(d.events.map(async (e) => ({
        action: e.action, fromState: e.from_state, toState: e.to_state, actorKind: e.actor_kind, actorRole: e.actor_role,
        actorOrgName: e.actor_kind === 'provider' || e.actor_kind === 'institution' ? await cachedOrg(e.actor_org_id) : null, at: e.at.toISOString(), details: e.details,
      }))),
      documents: d.documents.map(shapeDocument),
    };
  });

  app.get('/objections/:id/documents/:documentId', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'An evidence file of the objection (parties only)', params: DocumentParams },
  }, async (request, reply) => {
    const { id, documentId } = request.params as Static<typeof DocumentParams>;
    const d = await objections.document(requirePrincipal(request), id, documentId);
    return reply.type(d.content_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(d.name)}`).send(d.content);
  });

  app.post('/objections/:id/decision', {
    config: { access: { roles: DECIDERS } },
    schema: {
      tags: TAGS, summary: 'Answer an objection: corrected (new record version), deleted (no longer published) or upheld, with reasons; the operator decides appeals finally',
      params: IdParams, body: DecideBody, response: { 200: ObjectionSchema },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { id } = request.params as Static<typeof IdParams>;
    return shape(await objections.decide(p, id, request.body as Static<typeof DecideBody>), p);
  });

  app.post('/objections/:id/appeal', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: TAGS, summary: 'The subject enterprise appeals a decided objection to the operator (once)', params: IdParams, body: AppealBody, response: { 200: ObjectionSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { id } = request.params as Static<typeof IdParams>;
    return shape(await objections.appeal(p, id, (request.body as Static<typeof AppealBody>).reason), p);
  });
};
