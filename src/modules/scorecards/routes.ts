import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { INSTITUTION_ROLES, OPERATOR_ROLES, type Role } from '../../platform/auth/roles.ts';
import { decodeCursor, encodeCursor, forbidden, notFound, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import type { LoanReport } from './loan-reports.ts';
import { reportsFromCsv } from './loan-reports.ts';
import { scorecardCard } from './model-card.ts';
import type { ItemResult, Requester, ScorecardService, TrainingRequest } from './service.ts';
import type { JobRow, LoanRow, ModelSummaryRow } from './store.ts';
import {
  CardSchema, CsvBody, JobList, JobParams, JobSchema, LoanList, LoansBody, LoansQuery, ModelList, MonitoringSchema, NoteBody, PopulationQuery,
  PopulationReply, ReportReply, ScoreReply, TrainingBody, UsccParams, VersionParams,
} from './schemas.ts';

export interface ScorecardRouteOptions {
  scorecards: ScorecardService;
  /** scoring an enterprise is a read of its data (C5) */
  audit?: AuditSink;
}

/** Who reports loans and outcomes: the institution's administrator, loan and risk officers. */
const LOAN_ROLES: readonly Role[] = ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'];
const ADMIN_ROLES: readonly Role[] = ['op_admin'];
/** The same readers as an enterprise's evaluation (GET /evaluation/enterprises/:uscc), less the enterprise itself. */
const SCORE_ROLES: readonly Role[] = [...OPERATOR_ROLES, ...INSTITUTION_ROLES];

function requesterOf(p: Principal): Requester {
  return { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` };
}

function institutionOf(p: Principal): string {
  if (p.orgKind !== 'institution') throw forbidden('SCORECARD_INSTITUTIONS_ONLY', { zh: '只有金融机构可以报送贷款', en: 'Only financial institutions report loans' });
  return p.orgId;
}

function shapeReport(results: ItemResult[]) {
  const count = (r: ItemResult['result']) => results.filter((x) => x.result === r).length;
  return {
    created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected'),
    items: results.map((r) => ({ loanRef: r.loanRef, result: r.result, ...(r.problem ? { code: r.problem.code, zh: r.problem.zh, en: r.problem.en } : {}) })),
  };
}

const shapeLoan = (l: LoanRow) => ({
  institutionOrgId: l.institution_org_id, loanRef: l.loan_ref, uscc: l.uscc, disbursedOn: l.disbursed_on, amountFen: l.amount_fen, termMonths: l.term_months,
  reportedAt: l.reported_at.toISOString(), featuresComputedAt: l.features_computed_at.toISOString(), outcome: l.outcome, outcomeOn: l.outcome_on,
  outcomeReportedAt: l.outcome_reported_at?.toISOString() ?? null,
});

const shapeJob = (j: JobRow) => ({
  id: j.id, status: j.status, stage: j.stage, progress: j.progress, population: j.population, modelVersion: j.model_version,
  errorCode: j.error_code, error: j.error, requestedBy: j.requested_by, startedAt: j.started_at.toISOString(), finishedAt: j.finished_at?.toISOString() ?? null,
});

const shapeModel = (m: ModelSummaryRow) => ({
  version: m.version, status: m.status, jobId: m.job_id, population: m.population, characteristics: m.characteristics,
  trainAuc: m.train_auc, trainKs: m.train_ks, trainGini: m.train_gini, cvAuc: m.cv_auc, cvKs: m.cv_ks, psi: m.monitoring?.psi ?? null,
  createdBy: m.created_by, createdAt: m.created_at.toISOString(), statusChangedAt: m.status_changed_at.toISOString(),
});

function trainingRequest(b: Static<typeof TrainingBody>): TrainingRequest {
  const rule = { windowMonths: b.windowMonths, maxSnapshotLagDays: b.maxSnapshotLagDays, repaidNeedsWindow: b.repaidNeedsWindow };
  const scaling = { baseScore: b.baseScore, baseOdds: b.baseOdds, pdo: b.pdo };
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    institutions: b.institutions, disbursedFrom: b.disbursedFrom, disbursedTo: b.disbursedTo, rule: defined(rule), minBads: b.minBads, minGoods: b.minGoods,
    engine: { ...defined({ folds: b.folds, repeats: b.repeats, seed: b.seed }), ...(Object.keys(defined(scaling)).length ? { scaling: defined(scaling) as never } : {}) },
  };
}

/** C6 scorecards API under /api/v1/scorecards. */
export const scorecardRoutes: FastifyPluginAsync<ScorecardRouteOptions> = async (app, opts) => {
  const { scorecards } = opts;
  // A background training job must finish before the database closes.
  app.addHook('onClose', async () => scorecards.drain());

  app.post('/scorecards/loans', {
    config: { access: { roles: LOAN_ROLES }, audit: 'scorecards.loans.reported' },
    schema: {
      tags: ['scorecards'], summary: 'Report loans at disbursement and/or their outcomes (idempotent per institution and loan reference); each item answers on its own',
      body: LoansBody, response: { 200: ReportReply },
    },
  }, async (request) => {
    const p = requirePrincipal(request);
    const body = request.body as Static<typeof LoansBody>;
    return shapeReport(await scorecards.reportLoans(institutionOf(p), body.loans as LoanReport[], requesterOf(p)));
  });

  app.post('/scorecards/loans/csv', {
    config: { access: { roles: LOAN_ROLES }, audit: 'scorecards.loans.reported' },
    schema: { tags: ['scorecards'], summary: 'The same as POST /scorecards/loans, from CSV text', body: CsvBody, response: { 200: ReportReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const org = institutionOf(p);
    return shapeReport(await scorecards.reportLoans(org, reportsFromCsv((request.body as Static<typeof CsvBody>).csv), requesterOf(p)));
  });

  app.get('/scorecards/loans', {
    config: { access: { roles: [...LOAN_ROLES, ...OPERATOR_ROLES] } },
    schema: { tags: ['scorecards'], summary: "Reported loans: an institution's own, or every institution's for operators (keyset pagination)", querystring: LoansQuery, response: { 200: LoanList } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof LoansQuery>;
    const org = p.orgKind === 'operator' ? null : institutionOf(p);
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await scorecards.loans({ institutionOrgId: org, outcome: q.outcome, after, limit });
    const counts = { total: 0, performing: 0, repaid: 0, defaulted: 0, none: 0 };
    for (const c of await scorecards.loanCounts(org)) {
      counts.total += c.n;
      counts[(c.outcome ?? 'none') as keyof typeof counts] += c.n;
    }
    const last = rows.at(-1);
    return { items: rows.map(shapeLoan), nextCursor: rows.length === limit && last ? encodeCursor([last.institution_org_id, last.loan_ref]) : null, counts };
  });

  app.get('/scorecards/population', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['scorecards'], summary: 'Good / bad / indeterminate counts of the reported loans under a performance window', querystring: PopulationQuery, response: { 200: PopulationReply } },
  }, async (request) => {
    const q = request.query as Static<typeof PopulationQuery>;
    const rule = Object.fromEntries(Object.entries({ windowMonths: q.windowMonths, maxSnapshotLagDays: q.maxSnapshotLagDays, repaidNeedsWindow: q.repaidNeedsWindow }).filter(([, v]) => v !== undefined));
    const d = scorecards.defaults;
    return {
      population: await scorecards.population({ rule, institutions: q.institution ? [q.institution] : undefined }),
      defaults: { minBads: d.minBads, minGoods: d.minGoods, windowMonths: d.rule.windowMonths, maxSnapshotLagDays: d.rule.maxSnapshotLagDays, folds: d.engine.folds },
    };
  });

  app.post('/scorecards/training', {
    config: { access: { roles: ADMIN_ROLES }, audit: 'scorecards.training.started' },
    schema: { tags: ['scorecards'], summary: 'Train a new scorecard version on the reported outcomes, in the background (progress at GET /scorecards/training/:id)', body: TrainingBody, response: { 202: JobSchema } },
  }, async (request, reply) => {
    const p = requirePrincipal(request);
    const id = await scorecards.startTraining(trainingRequest((request.body ?? {}) as Static<typeof TrainingBody>), requesterOf(p), (err) => request.log.error({ err }, 'scorecard training failed'));
    const job = await scorecards.job(id);
    if (!job) throw new Error(`training job ${id} vanished`);
    return reply.status(202).send(shapeJob(job));
  });

  app.get('/scorecards/training', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['scorecards'], summary: 'The latest training jobs, newest first', response: { 200: JobList } },
  }, async () => ({ items: (await scorecards.jobs(20)).map(shapeJob) }));

  app.get('/scorecards/training/:id', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['scorecards'], summary: 'Progress and outcome of a training job', params: JobParams, response: { 200: JobSchema } },
  }, async (request) => {
    const job = await scorecards.job((request.params as Static<typeof JobParams>).id);
    if (!job) throw notFound('SCORECARD_JOB_NOT_FOUND', { zh: '没有该训练任务', en: 'No such training job' });
    return shapeJob(job);
  });

  app.get('/scorecards/models', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['scorecards'], summary: 'The model registry: every version with its status, population and performance, newest first', response: { 200: ModelList } },
  }, async () => ({ items: (await scorecards.models()).map(shapeModel) }));

  app.get('/scorecards/models/:version/card', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['scorecards'], summary: 'The model card: purpose, data, variables with IV and points, performance, stability, limitations, approvals', params: VersionParams, response: { 200: CardSchema } },
  }, async (request) => {
    const { version } = request.params as Static<typeof VersionParams>;
    const m = await scorecards.model(version);
    return scorecardCard(m, await scorecards.events(version), scorecards.labels);
  });

  for (const [action, verb] of [['promote', 'promoted'], ['retire', 'retired']] as const) {
    app.post(`/scorecards/models/:version/${action}`, {
      config: { access: { roles: ADMIN_ROLES }, audit: `scorecards.model.${verb}` },
      schema: {
        tags: ['scorecards'],
        summary: action === 'promote' ? 'Promote a challenger to champion (the champion before it is retired)' : 'Retire a challenger',
        params: VersionParams, body: NoteBody, response: { 200: ModelList },
      },
    }, async (request) => {
      const p = requirePrincipal(request);
      const { version } = request.params as Static<typeof VersionParams>;
      const note = (request.body as Static<typeof NoteBody> | undefined)?.note ?? null;
      await (action === 'promote' ? scorecards.promote(version, requesterOf(p), note) : scorecards.retire(version, requesterOf(p), note));
      return { items: (await scorecards.models()).map(shapeModel) };
    });
  }

  app.post('/scorecards/models/:version/monitoring', {
    config: { access: { roles: ADMIN_ROLES }, audit: 'scorecards.model.monitored' },
    schema: { tags: ['scorecards'], summary: "PSI of the model's score and CSI per characteristic between its training population and the current enterprises, now", params: VersionParams, response: { 200: MonitoringSchema } },
  }, async (request) => scorecards.monitor((request.params as Static<typeof VersionParams>).version));

  app.get('/scorecards/score/:uscc', {
    config: { access: { roles: SCORE_ROLES } },
    schema: { tags: ['scorecards'], summary: "An enterprise's score by the champion and, side by side, every challenger (shadow scoring), with reason codes", params: UsccParams, response: { 200: ScoreReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { uscc } = request.params as Static<typeof UsccParams>;
    const s = await scorecards.score(uscc);
    await opts.audit?.append({ kind: 'access', action: 'scorecards.score.read', actor: actorOf(p), subject: uscc, outcome: 'allowed', destination: 'api' });
    return { ...s, featuresComputedAt: s.featuresComputedAt.toISOString() };
  });
};
