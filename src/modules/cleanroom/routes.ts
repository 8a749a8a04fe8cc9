import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { INSTITUTION_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, requirePrincipal } from '../../platform/http/index.ts';
import { itemsOf } from './spec.ts';
import type { CleanroomService } from './service.ts';
import type { RunRow, SpecRow, VersionRow } from './store.ts';
import {
  FromTrainingBody,
  CheckBody, CheckReply, CreateBody, FeatureList, IdParams, ListQuery, OutputJson, PendingList, RejectBody, RuleSet, RunBody, RunCreated,
  RunList, RunSchema, SpecList, SpecSchema, VersionBody,
} from './schemas.ts';

export interface CleanroomRouteOptions {
  cleanroom: CleanroomService;
  /** an organisation's name (identity) */
  orgName: (id: string) => Promise<string | null>;
}

const READERS: readonly Role[] = [...INSTITUTION_ROLES, ...OPERATOR_ROLES];
/** who writes and runs an institution's models: its administrator and its risk officers */
const AUTHORS: readonly Role[] = ['inst_admin', 'inst_risk_officer'];
/** who takes the scores away */
const OUTPUT_READERS: readonly Role[] = ['inst_admin', 'inst_risk_officer', 'inst_loan_officer'];
const DECIDERS: readonly Role[] = ['op_admin', 'op_supervisor'];

const shapeVersion = (v: VersionRow) => ({
  id: v.id, version: v.version, kind: v.kind, spec: v.spec, specSm3: v.spec_sm3, status: v.status, submittedBy: v.submitted_by,
  submittedAt: v.submitted_at.toISOString(), decidedBy: v.decided_by, decidedAt: v.decided_at?.toISOString() ?? null,
  decisionReason: v.decision_reason, items: itemsOf(v.spec),
});

/** The clean room's HTTP API under /api/v1/cleanroom (C12 数据安全屋). */
export const cleanroomRoutes: FastifyPluginAsync<CleanroomRouteOptions> = async (app, opts) => {
  const { cleanroom } = opts;
  app.addHook('onClose', async () => cleanroom.drain());
  const names = new Map<string, string>();
  const org = async (id: string) => {
    if (!names.has(id)) names.set(id, (await opts.orgName(id)) ?? id);
    return { id, name: names.get(id)! };
  };
  const shapeSpec = async (s: SpecRow, versions: VersionRow[]) => ({
    id: s.id, name: s.name, description: s.description, institution: await org(s.institution_org_id), createdAt: s.created_at.toISOString(),
    versions: versions.map(shapeVersion),
  });
  const shapeRun = async (r: RunRow) => ({
    id: r.id, model: { id: r.spec_id, name: r.spec_name, version: r.version, versionId: r.version_id }, institution: await org(r.institution_org_id),
    status: r.status, progress: r.progress, specSm3: r.spec_sm3, population: { count: r.population_count, sm3: r.population_sm3 },
    excluded: { uncovered: r.excluded.uncovered ?? 0, limited: r.excluded.limited ?? 0, unregistered: r.excluded.unregistered ?? 0 },
    scored: r.scored, outputSm3: r.output_sm3, bands: r.bands, refusal: r.refusal_code ? { code: r.refusal_code, reasons: r.refusal ?? [] } : null,
    error: r.error, auditIndex: r.audit_index, requestedBy: r.requested_by, createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
  });
  const specReply = async (p: ReturnType<typeof requirePrincipal>, id: string) => {
    const { spec, versions } = await cleanroom.get(p, id);
    return shapeSpec(spec, versions);
  };

  app.get('/cleanroom/features', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: 'The evaluation features a clean-room spec may name, with kind and the items they come from', response: { 200: FeatureList } },
  }, async () => ({ version: 'cleanroom-features-v1', items: [...cleanroom.features()] }));

  app.get('/cleanroom/rules', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: 'The leak rules in force (data), with the minimum population', response: { 200: RuleSet } },
  }, async () => cleanroom.rules());

  app.post('/cleanroom/specs/check', {
    config: { access: { roles: AUTHORS }, audit: false },
    schema: { tags: ['cleanroom'], summary: 'Check a spec without storing it: problems, leaks, its SM3 and the items a run needs', body: CheckBody, response: { 200: CheckReply } },
  }, async (request) => {
    const r = cleanroom.check((request.body as Static<typeof CheckBody>).spec);
    return { valid: r.problems.length === 0 && r.leaks.length === 0, problems: r.problems, leaks: r.leaks.map(({ code, path, zh, en }) => ({ code, path, zh, en })), specSm3: r.specSm3, items: r.items };
  });

  app.get('/cleanroom/specs', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: "The institution's models with their versions (operators: every institution's)", response: { 200: SpecList } },
  }, async (request) => {
    const list = await cleanroom.list(requirePrincipal(request));
    return { items: await Promise.all(list.map(({ spec, versions }) => shapeSpec(spec, versions))) };
  });

  app.post('/cleanroom/specs', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['cleanroom'], summary: 'Submit a new model (version 1, pending approval)', body: CreateBody, response: { 201: SpecSchema } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const id = await cleanroom.create(p, request.body as Static<typeof CreateBody>);
    return reply.code(201).send(await specReply(p, id));
  });

  app.post('/cleanroom/specs/from-training', {
    config: { access: { roles: AUTHORS } },
    schema: {
      tags: ['cleanroom'],
      summary: 'Submit a model made from one of my finished federated trainings (the platform part, my intercept and cut-offs; pending approval)',
      body: FromTrainingBody, response: { 201: SpecSchema },
    },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const id = await cleanroom.createFromTraining(p, request.body as Static<typeof FromTrainingBody>);
    return reply.code(201).send(await specReply(p, id));
  });

  app.get('/cleanroom/specs/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: 'One model with every version', params: IdParams, response: { 200: SpecSchema } },
  }, async (request) => specReply(requirePrincipal(request), (request.params as Static<typeof IdParams>).id));

  app.post('/cleanroom/specs/:id/versions', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['cleanroom'], summary: 'Submit a changed spec as a new version (pending approval; supersedes a pending one)', params: IdParams, body: VersionBody, response: { 201: SpecSchema } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const id = await cleanroom.submitVersion(p, (request.params as Static<typeof IdParams>).id, (request.body as Static<typeof VersionBody>).spec);
    return reply.code(201).send(await specReply(p, id));
  });

  app.get('/cleanroom/versions/pending', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['cleanroom'], summary: 'Versions waiting for approval, with the diff from the last approved version', response: { 200: PendingList } },
  }, async () => ({
    items: await Promise.all((await cleanroom.pending()).map(async (x) => ({
      model: { id: x.spec.id, name: x.spec.name, institution: await org(x.spec.institution_org_id) },
      version: shapeVersion(x.version), base: x.base ? shapeVersion(x.base) : null, diff: x.diff,
      leaks: cleanroom.check(x.version.spec).leaks.map(({ code, path, zh, en }) => ({ code, path, zh, en })),
    }))),
  }));

  app.post('/cleanroom/versions/:id/approve', {
    config: { access: { roles: DECIDERS } },
    schema: { tags: ['cleanroom'], summary: 'Approve a pending version: the institution may run it', params: IdParams, response: { 200: SpecSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const specId = await cleanroom.approve(p, (request.params as Static<typeof IdParams>).id);
    return specReply(p, specId);
  });

  app.post('/cleanroom/versions/:id/reject', {
    config: { access: { roles: DECIDERS } },
    schema: { tags: ['cleanroom'], summary: 'Reject a pending version with a reason', params: IdParams, body: RejectBody, response: { 200: SpecSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const specId = await cleanroom.reject(p, (request.params as Static<typeof IdParams>).id, (request.body as Static<typeof RejectBody>).reason);
    return specReply(p, specId);
  });

  app.post('/cleanroom/runs', {
    config: { access: { roles: AUTHORS } },
    schema: { tags: ['cleanroom'], summary: 'Run an approved version over the enterprises with a live "model" authorisation (202; 422 when the output would leak)', body: RunBody, response: { 202: RunCreated } },
  }, async (request, reply) => {
    const id = await cleanroom.startRun(requirePrincipal(request), (request.body as Static<typeof RunBody>).versionId);
    return reply.code(202).send({ id, status: 'running' });
  });

  app.get('/cleanroom/runs', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: "Runs of the institution (operators: all, the audit view), newest first", querystring: ListQuery, response: { 200: RunList } },
  }, async (request) => {
    const q = request.query as Static<typeof ListQuery>;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await cleanroom.runs(requirePrincipal(request), after ? { at: new Date(after[0]), id: after[1] } : null, limit);
    const last = rows.at(-1);
    return { items: await Promise.all(rows.map(shapeRun)), nextCursor: rows.length === limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null };
  });

  app.get('/cleanroom/runs/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['cleanroom'], summary: 'One run with its progress, hashes and digests', params: IdParams, response: { 200: RunSchema } },
  }, async (request) => shapeRun(await cleanroom.run(requirePrincipal(request), (request.params as Static<typeof IdParams>).id)));

  app.get('/cleanroom/runs/:id/output', {
    config: { access: { roles: OUTPUT_READERS } },
    schema: { tags: ['cleanroom'], summary: 'The scores of a completed run as JSON (uscc, score, band only)', params: IdParams, response: { 200: OutputJson } },
  }, async (request) => {
    const { run, rows } = await cleanroom.output(requirePrincipal(request), (request.params as Static<typeof IdParams>).id);
    return { runId: run.id, specSm3: run.spec_sm3, outputSm3: run.output_sm3!, count: rows.length, items: rows };
  });

  app.get('/cleanroom/runs/:id/output.csv', {
    config: { access: { roles: OUTPUT_READERS } },
    schema: { tags: ['cleanroom'], summary: 'The scores of a completed run as CSV; its SM3 is the run\'s outputSm3', params: IdParams },
  }, async (request, reply) => {
    const { run, csv } = await cleanroom.output(requirePrincipal(request), (request.params as Static<typeof IdParams>).id);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="cleanroom-${run.id}.csv"`);
    return reply.send(csv);
  });
};
