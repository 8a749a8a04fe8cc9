import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, forbidden, notFound, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import type { ModelDefinition } from './model.ts';
import type { ModelRow, RunRow } from './store.ts';
import type { EvaluationService, Requester } from './service.ts';
import {
  EnterpriseEvaluation, HistoryQuery, HistoryReply, ModelList, ModelReply, PublishModelBody, RunParams, RunReply, TagSearchQuery, TagSearchReply, UsccParams,
} from './schemas.ts';

export interface EvaluationRouteOptions {
  evaluation: EvaluationService;
  /** reads of an enterprise's evaluation by anyone but the enterprise itself are data accesses (C5) */
  audit?: AuditSink;
}

/** Score, grade and tags are "usable but invisible" results (SPEC C4): institutions see them without authorisation. */
const READ_ROLES = [...ENTERPRISE_ROLES, ...OPERATOR_ROLES, ...INSTITUTION_ROLES] as const;
const SEARCH_ROLES = [...OPERATOR_ROLES, ...INSTITUTION_ROLES] as const;
const ADMIN_ROLES = ['op_admin'] as const;

function requesterOf(p: Principal): Requester {
  return { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` };
}

/** An enterprise sees only its own evaluation; the others (operators, institutions) any enterprise's. */
function mayRead(p: Principal, uscc: string): void {
  if (p.orgKind === 'enterprise' && p.uscc !== uscc) {
    throw forbidden('EVALUATION_NOT_YOUR_ENTERPRISE', { zh: '只能查看本企业的信用评价', en: 'You can only see the evaluation of your own enterprise' });
  }
}

function shapeModel(m: ModelRow) {
  return { version: m.version, active: m.active, createdBy: m.created_by, createdAt: m.created_at.toISOString(), definition: m.definition };
}

function shapeRun(r: RunRow) {
  return {
    id: r.id, trigger: r.trigger, status: r.status, modelVersion: r.model_version, total: r.total, done: r.done,
    startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, error: r.error,
  };
}

const NOT_EVALUATED = () => notFound('EVALUATION_NOT_FOUND', { zh: '该企业尚无信用评价结果', en: 'This enterprise has no evaluation yet' });

/** C6 evaluation API under /api/v1/evaluation. */
export const evaluationRoutes: FastifyPluginAsync<EvaluationRouteOptions> = async (app, opts) => {
  const { evaluation } = opts;
  // A background full run must finish before the database closes.
  app.addHook('onClose', async () => evaluation.drain());

  async function auditRead(p: Principal, uscc: string, action: string) {
    if (p.orgKind === 'enterprise') return;
    await opts.audit?.append({ kind: 'access', action, actor: actorOf(p), subject: uscc, outcome: 'allowed', destination: 'api' });
  }

  app.get('/evaluation/enterprises/:uscc', {
    config: { access: { roles: READ_ROLES } },
    schema: {
      tags: ['evaluation'],
      summary: 'The current public-credit evaluation of one enterprise: score, grade, dimension scores, reasons and profile tags',
      params: UsccParams, response: { 200: EnterpriseEvaluation },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { uscc } = request.params as Static<typeof UsccParams>;
    mayRead(p, uscc);
    const found = await evaluation.enterprise(uscc);
    if (!found) throw NOT_EVALUATED();
    await auditRead(p, uscc, 'evaluation.read');
    return { ...found, computedAt: found.computedAt.toISOString() };
  });

  app.get('/evaluation/enterprises/:uscc/history', {
    config: { access: { roles: READ_ROLES } },
    schema: {
      tags: ['evaluation'], summary: 'Every change of an enterprise\'s score, newest first (keyset pagination)',
      params: UsccParams, querystring: HistoryQuery, response: { 200: HistoryReply },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { uscc } = request.params as Static<typeof UsccParams>;
    mayRead(p, uscc);
    const q = request.query as Static<typeof HistoryQuery>;
    const after = decodeCursor(q.cursor, 1);
    const limit = q.limit ?? 50;
    const rows = await evaluation.history(uscc, after ? new Date(String(after[0])) : null, limit);
    await auditRead(p, uscc, 'evaluation.history.read');
    return {
      items: rows.map((r) => ({ score: r.score, grade: r.grade, modelVersion: r.modelVersion, computedAt: r.computedAt.toISOString(), dimensions: r.dimensions, reasons: r.reasons })),
      nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].computedAt.toISOString()]) : null,
    };
  });

  app.get('/evaluation/tags', {
    config: { access: { roles: SEARCH_ROLES } },
    schema: {
      tags: ['evaluation'], summary: 'Search evaluated enterprises by profile tag, region and grade (keyset pagination by USCC)',
      querystring: TagSearchQuery, response: { 200: TagSearchReply },
    },
  }, async (request) => {
    const q = request.query as Static<typeof TagSearchQuery>;
    const after = decodeCursor(q.cursor, 1);
    const limit = q.limit ?? 50;
    const rows = await evaluation.search({ tag: q.tag, region: q.region, grade: q.grade, after: after ? String(after[0]) : undefined, limit });
    return {
      items: rows.map((r) => ({
        uscc: r.uscc, name: r.name, regionCode: r.region_code, score: r.score, grade: r.grade, modelVersion: r.model_version,
        computedAt: r.computed_at.toISOString(), tags: r.tags,
      })),
      nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].uscc]) : null,
    };
  });

  app.get('/evaluation/models', {
    config: { access: { roles: READ_ROLES } },
    schema: { tags: ['evaluation'], summary: 'Published indicator systems, newest first; the active one scores new evaluations', response: { 200: ModelList } },
  }, async () => ({ items: (await evaluation.models()).map(shapeModel) }));

  app.post('/evaluation/models', {
    config: { access: { roles: ADMIN_ROLES } },
    schema: {
      tags: ['evaluation'], summary: 'Publish a new version of the indicator system (validated; versions are immutable)',
      body: PublishModelBody, response: { 201: ModelReply },
    },
  }, async (request, reply) => {
    const body = request.body as Static<typeof PublishModelBody>;
    const row = await evaluation.publishModel(body.definition as ModelDefinition, requesterOf(requirePrincipal(request)), body.activate ?? true);
    return reply.status(201).send(shapeModel(row));
  });

  app.post('/evaluation/runs', {
    config: { access: { roles: ADMIN_ROLES } },
    schema: { tags: ['evaluation'], summary: 'Start a full-coverage evaluation of every registered enterprise now; progress at GET /evaluation/runs/:id', response: { 202: RunReply } },
  }, async (request, reply) => {
    const id = await evaluation.startRun('operator', requesterOf(requirePrincipal(request)), (err) => request.log.error({ err }, 'evaluation run failed'));
    const run = await evaluation.run(id);
    if (!run) throw new Error(`evaluation run ${id} vanished`);
    return reply.status(202).send(shapeRun(run));
  });

  app.get('/evaluation/runs', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: {
      tags: ['evaluation'], summary: 'The latest full-coverage runs, newest first (nightly, operator and CLI runs)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
      response: { 200: Type.Object({ items: Type.Array(RunReply) }) },
    },
  }, async (request) => ({ items: (await evaluation.runs((request.query as { limit?: number }).limit ?? 10)).map(shapeRun) }));

  app.get('/evaluation/runs/:id', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['evaluation'], summary: 'Progress and outcome of a full-coverage run', params: RunParams, response: { 200: RunReply } },
  }, async (request) => {
    const run = await evaluation.run((request.params as Static<typeof RunParams>).id);
    if (!run) throw notFound('EVALUATION_RUN_NOT_FOUND', { zh: '没有该评价批次', en: 'No such evaluation run' });
    return shapeRun(run);
  });
};
