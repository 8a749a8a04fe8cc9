import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal } from '../../platform/http/index.ts';
import { shapeDocument } from '../objections/index.ts';
import type { Period, Window } from './periods.ts';
import type { RepairService } from './service.ts';
import type { ApplicationRow } from './store.ts';
import { ApplicationDetail, ApplicationList, ApplicationSchema, ApplyBody, DecideBody, DocumentParams, IdParams, ListQuery, RepairRecords, Rules, SweepReply } from './schemas.ts';

export interface RepairRouteOptions {
  repair: RepairService;
  entityName: (uscc: string) => Promise<string | null>;
  itemName: (code: string) => Promise<string | null>;
}

const TAGS = ['repair'];
const READERS = [...ENTERPRISE_ROLES, ...OPERATOR_ROLES];
const DECIDERS = ['op_admin', 'op_supervisor'] as const;
const periodText = (p: Period | null) => (p ? `P${p.years ? `${p.years}Y` : ''}${p.months ? `${p.months}M` : ''}` : '—');

/** C11 信用修复 under /api/v1/repair. */
export const repairRoutes: FastifyPluginAsync<RepairRouteOptions> = async (app, opts) => {
  const { repair } = opts;

  async function shape(a: ApplicationRow) {
    return {
      id: a.id, uscc: a.uscc, entityName: await opts.entityName(a.uscc), kind: a.kind, item: a.item_code, itemName: await opts.itemName(a.item_code), key: a.record_key,
      recordVersion: a.record_version, statement: a.statement, commitmentId: a.commitment_id, rulesVersion: a.rules_version, penaltyCase: a.penalty_case,
      shortestEndsOn: a.shortest_ends_on, longestEndsOn: a.longest_ends_on, status: a.status, submittedAt: a.submitted_at.toISOString(),
      decidedAt: a.decided_at?.toISOString() ?? null, decisionReason: a.decision_reason, reapplyFrom: a.reapply_from,
    };
  }
  const shapeWindow = (w: Window | null) => w && { ...w, caseName: repair.rules.cases[w.case].zh, caseNameEn: repair.rules.cases[w.case].en };

  app.get('/repair/rules', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'The publicity periods and repair conditions in force (effective-dated data)', response: { 200: Rules } },
  }, async () => {
    const r = repair.rules;
    return {
      version: r.version, effectiveFrom: r.effectiveFrom, trainingReportRequired: r.repair.trainingReportRequired, reapplyAfterDays: r.repair.reapplyAfterDays,
      lowFineYuan: r.classification.lowFineYuan,
      cases: Object.entries(r.cases).map(([k, c]) => ({
        case: k as Window['case'], name: c.zh, nameEn: c.en, shortest: c.shortest ? periodText(c.shortest) : null,
        longest: c.longest === 'ban_period' ? 'ban_period' : periodText(c.longest), repairable: c.repairable,
      })),
    };
  });

  app.get('/repair/records', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: TAGS, summary: "The enterprise's penalty and dishonesty records with publicity windows and the repair checklist", response: { 200: RepairRecords } },
  }, async (request) => {
    const r = await repair.records(requirePrincipal(request));
    return {
      today: r.today, commitment: r.commitment ? { id: r.commitment.id, signedAt: r.commitment.signed_at.toISOString() } : null,
      records: await Promise.all(r.records.map(async (x) => ({
        kind: x.kind, kindName: repair.rules.repair.kinds[x.kind].zh, kindNameEn: repair.rules.repair.kinds[x.kind].en, item: x.item, itemName: await opts.itemName(x.item),
        record: { key: x.record.key, version: x.record.version, validFrom: x.record.validFrom, data: x.record.data as Record<string, string | number | boolean | null>, objection: x.record.objection, withheld: x.record.withheld },
        window: shapeWindow(x.window), checklist: x.checklist, latest: x.latest ? await shape(x.latest) : null,
      }))),
    };
  });

  app.post('/repair/applications', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: {
      tags: TAGS, summary: 'Apply for credit repair of a record, with evidence of performance; refused before the shortest period with the first allowed date',
      body: ApplyBody, response: { 201: ApplicationSchema },
    },
  }, async (request, reply) => {
    const a = await repair.apply(requirePrincipal(request), request.body as Static<typeof ApplyBody>);
    return reply.code(201).send(await shape(a));
  });

  app.get('/repair/applications', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: "Repair applications (the enterprise's own; all for operators) with counts per status", querystring: ListQuery, response: { 200: ApplicationList } },
  }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const r = await repair.list(requirePrincipal(request), { status: q.status as ApplicationRow['status'] | undefined, limit: q.limit });
    return { items: await Promise.all(r.items.map(shape)), counts: r.counts };
  });

  app.post('/repair/expiry', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: TAGS, summary: 'Run the end-of-publicity sweep now (it also runs hourly)', response: { 200: SweepReply } },
  }, async () => ({ expired: await repair.expireDue() }));

  app.get('/repair/applications/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'One repair application with its record and evidence', params: IdParams, response: { 200: ApplicationDetail } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const d = await repair.get(requirePrincipal(request), id);
    return {
      application: await shape(d.application),
      record: d.record && { key: d.record.key, version: d.record.version, validFrom: d.record.validFrom, data: d.record.data as Record<string, string | number | boolean | null>, objection: d.record.objection, withheld: d.record.withheld },
      documents: d.documents.map(shapeDocument),
    };
  });

  app.get('/repair/applications/:id/documents/:documentId', {
    config: { access: { roles: READERS } },
    schema: { tags: TAGS, summary: 'An evidence file of a repair application', params: DocumentParams },
  }, async (request, reply) => {
    const { id, documentId } = request.params as Static<typeof DocumentParams>;
    const d = await repair.document(requirePrincipal(request), id, documentId);
    return reply.type(d.content_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(d.name)}`).send(d.content);
  });

  app.post('/repair/applications/:id/decision', {
    config: { access: { roles: DECIDERS } },
    schema: { tags: TAGS, summary: 'Approve (the record stops being published at once) or refuse (reason, earliest re-apply date)', params: IdParams, body: DecideBody, response: { 200: ApplicationSchema } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    return shape(await repair.decide(requirePrincipal(request), id, request.body as Static<typeof DecideBody>));
  });
};
