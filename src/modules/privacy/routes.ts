import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import { chunkCount, type PsiService, type Requester } from './psi-service.ts';
import type { TrainingService } from './training-service.ts';
import { stepsPerEpoch } from './hetero-lr.ts';
import type { PsiJobRow, TrainingRow } from './store.ts';
import {
  ArbiterLog, BackwardBody, BackwardReply, ChunkParams, ForwardReply, IdParams, ListQuery, ModelSpec, PointsBody, PointsReply, PsiCreateBody, PsiJobList,
  PsiJobSchema, ReportBody, StepBody, TrainingCreateBody, TrainingCreated, TrainingList, TrainingSchema,
} from './schemas.ts';

export interface PrivacyRouteOptions { psi: PsiService; trainings: TrainingService }

const READERS = [...INSTITUTION_ROLES, ...OPERATOR_ROLES];

const requesterOf = (p: Principal): Requester => ({ actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` });
/** Institutions see their own jobs; operators see every institution's. */
const scopeOf = (p: Principal): string | null => (p.orgKind === 'operator' ? null : p.orgId);

const shapeJob = (j: PsiJobRow) => ({
  id: j.id, institution: { id: j.institution_org_id, name: j.institution_name }, status: j.status, progress: j.progress,
  createdAt: j.created_at.toISOString(), finishedAt: j.finished_at?.toISOString() ?? null,
  summary: { institutionCount: j.institution_count, platformCount: j.platform_count, intersectionCount: j.intersection_count, ...j.summary } as Record<string, string | number | boolean | null>,
  chunkSize: j.chunk_size, chunks: { institution: chunkCount(j.institution_count, j.chunk_size), platform: chunkCount(j.platform_count, j.chunk_size) }, error: j.error,
});

const shapeTraining = (t: TrainingRow) => ({
  id: t.id, institution: { id: t.institution_org_id, name: t.institution_name }, status: t.status, progress: t.progress,
  createdAt: t.created_at.toISOString(), finishedAt: t.finished_at?.toISOString() ?? null, summary: t.summary as Record<string, string | number | boolean | null>,
  psiJobId: t.psi_job_id, samples: t.samples, step: t.step, stepsPerEpoch: stepsPerEpoch(t.samples, t.config.batchSize),
  config: t.config as Static<typeof TrainingSchema>['config'], hostFeatures: t.host_state.names, publicKey: t.public_key,
});

function page<T extends { created_at: Date; id: string }>(rows: T[], limit: number) {
  const last = rows.at(-1);
  return rows.length === limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null;
}

/** C12 private set intersection and federated training under /api/v1/privacy (docs/privacy.md). */
export const privacyRoutes: FastifyPluginAsync<PrivacyRouteOptions> = async (app, { psi, trainings }) => {
  const listArgs = (p: Principal, q: Static<typeof ListQuery>) => {
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    return { orgId: scopeOf(p), after: after ? { at: new Date(after[0]), id: after[1] } : null, limit: q.limit ?? 50 };
  };

  app.post('/privacy/psi-jobs', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['privacy'], summary: 'Start a private set intersection with the platform (ECDH over ristretto255)', body: PsiCreateBody, response: { 201: PsiJobSchema } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    return reply.code(201).send(shapeJob(await psi.create(p.orgId, requesterOf(p), request.body as Static<typeof PsiCreateBody>)));
  });

  app.get('/privacy/psi-jobs', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'PSI jobs, newest first (an institution its own, operators all)', querystring: ListQuery, response: { 200: PsiJobList } },
  }, async (request) => {
    const args = listArgs(requirePrincipal(request), request.query as Static<typeof ListQuery>);
    const rows = await psi.list(args);
    return { items: rows.map(shapeJob), nextCursor: page(rows, args.limit) };
  });

  app.get('/privacy/psi-jobs/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'One PSI job with status and progress (resumes interrupted work)', params: IdParams, response: { 200: PsiJobSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    return shapeJob(await psi.get(scopeOf(p), (request.params as Static<typeof IdParams>).id, requesterOf(p)));
  });

  for (const [path, kind] of [['blinded', 'blinded'], ['double', 'double']] as const) {
    app.put(`/privacy/psi-jobs/:id/${path}/:chunk`, {
      config: { access: { roles: INSTITUTION_ROLES } },
      schema: {
        tags: ['privacy'], params: ChunkParams, body: PointsBody, response: { 200: PsiJobSchema },
        summary: kind === 'blinded' ? 'Upload a chunk of the institution’s blinded ids H(x)^b (idempotent per chunk)' : 'Upload a chunk of the platform set raised to the institution’s secret, (H(y)^a)^b',
      },
    }, async (request) => {
      const p = requirePrincipal(request);
      const { id, chunk } = request.params as Static<typeof ChunkParams>;
      return shapeJob(await psi.upload(p.orgId, id, kind, chunk, (request.body as Static<typeof PointsBody>).points, requesterOf(p)));
    });
  }

  for (const [path, kind] of [['platform-set', 'platform'], ['double-blinded', 'double_blinded']] as const) {
    app.get(`/privacy/psi-jobs/:id/${path}/:chunk`, {
      config: { access: { roles: INSTITUTION_ROLES } },
      schema: {
        tags: ['privacy'], params: ChunkParams, response: { 200: PointsReply },
        summary: kind === 'platform' ? 'A chunk of the platform’s shuffled set H(y)^a' : 'A chunk of the institution’s set raised to the platform’s secret, in its upload order',
      },
    }, async (request) => {
      const { id, chunk } = request.params as Static<typeof ChunkParams>;
      return { chunk, points: await psi.download(requirePrincipal(request).orgId, id, kind, chunk) };
    });
  }

  app.post('/privacy/trainings', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['privacy'], summary: 'Start a vertical federated logistic regression (hetero-LR) on a finished PSI job', body: TrainingCreateBody, response: { 201: TrainingCreated } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const b = request.body as Static<typeof TrainingCreateBody>;
    const out = await trainings.create(p.orgId, requesterOf(p), {
      psiJobId: b.psiJobId, guestFeatures: b.guestFeatures, batchSize: b.batchSize ?? 2500, learningRate: b.learningRate ?? 0.5, lambda: b.lambda ?? 1e-4,
      maxIterations: b.maxIterations ?? 100, tolerance: b.tolerance ?? 1e-4, keyBits: b.keyBits ?? 2048,
    });
    return reply.code(201).send({ training: shapeTraining(out.training), intersectionSm3: out.intersectionSm3 });
  });

  app.get('/privacy/trainings', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'Federated trainings, newest first (an institution its own, operators all)', querystring: ListQuery, response: { 200: TrainingList } },
  }, async (request) => {
    const args = listArgs(requirePrincipal(request), request.query as Static<typeof ListQuery>);
    const rows = await trainings.list(args);
    return { items: rows.map(shapeTraining), nextCursor: page(rows, args.limit) };
  });

  app.get('/privacy/trainings/:id', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'One federated training with status and progress', params: IdParams, response: { 200: TrainingSchema } },
  }, async (request) => shapeTraining(await trainings.get(scopeOf(requirePrincipal(request)), (request.params as Static<typeof IdParams>).id)));

  app.post('/privacy/trainings/:id/forward', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['privacy'], summary: 'Host → guest: the encrypted partial linear predictors [[z_h]] of a step’s batch', params: IdParams, body: StepBody, response: { 200: ForwardReply } },
  }, async (request) => {
    const { step } = request.body as Static<typeof StepBody>;
    return { step, ciphertexts: await trainings.forward(requirePrincipal(request).orgId, (request.params as Static<typeof IdParams>).id, step) };
  });

  app.post('/privacy/trainings/:id/backward', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['privacy'], summary: 'Guest → host: encrypted residuals and the guest’s masked gradient; answers the arbiter’s decryption of the latter', params: IdParams, body: BackwardBody, response: { 200: BackwardReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const b = request.body as Static<typeof BackwardBody>;
    return { step: b.step, maskedGradient: await trainings.backward(p.orgId, (request.params as Static<typeof IdParams>).id, b.step, b.residuals, b.maskedGradient, requesterOf(p)) };
  });

  app.post('/privacy/trainings/:id/report', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['privacy'], summary: 'Guest → arbiter: ‖g‖² of the step; the arbiter decides convergence', params: IdParams, body: ReportBody, response: { 200: TrainingSchema } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const b = request.body as Static<typeof ReportBody>;
    return shapeTraining(await trainings.report(p.orgId, (request.params as Static<typeof IdParams>).id, b.step, b.gradientNormSq, requesterOf(p)));
  });

  app.get('/privacy/trainings/:id/model', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'The platform’s part of the trained model as a clean-room logistic spec', params: IdParams, response: { 200: ModelSpec } },
  }, async (request) => trainings.model(scopeOf(requirePrincipal(request)), (request.params as Static<typeof IdParams>).id));

  app.get('/privacy/trainings/:id/arbiter-log', {
    config: { access: { roles: READERS } },
    schema: { tags: ['privacy'], summary: 'The arbiter’s message log of a training (counts and digests)', params: IdParams, response: { 200: ArbiterLog } },
  }, async (request) => {
    const rows = await trainings.arbiterLog(scopeOf(requirePrincipal(request)), (request.params as Static<typeof IdParams>).id);
    return { items: rows.map((r) => ({ ...r, detail: r.detail as Record<string, string | number | boolean | null>, at: r.at.toISOString() })) };
  });
};
