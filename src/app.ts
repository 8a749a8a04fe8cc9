import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Platform } from './platform/platform.ts';
import { AppError, installAccessControl, installIdempotency, purgeIdempotencyKeys, installJsonBodyParser, installMetrics, installProblemHandlers, sendProblem } from './platform/http/index.ts';
import {
  accountsRoutes, createAccountsService, createAuthenticator, createEnterpriseRegistration, createIdentityService, identityRoutes, type AccountsService, type EnterpriseRegistration,
  type IdentityService,
} from './modules/identity/index.ts';
import { codeRoutes, createEntityService, entityRoutes, usccError, type EntityService } from './modules/entities/index.ts';
import { siteRoutes, VERSION } from './modules/site/index.ts';
import { catalogRoutes, createCatalogService, type CatalogService } from './modules/catalog/index.ts';
import { createInterfaceCallService, interfaceCallRoutes, type InterfaceCallService } from './modules/aggregation/interface-call/index.ts';
import { createSelfReportService, selfReportRoutes, type SelfReportService } from './modules/aggregation/self-report/index.ts';
import { createQualityScheduler, createQualityService, qualityRoutes, recordUsage, type QualityService } from './modules/aggregation/quality/index.ts';
import { auditRoutes, createAuditLog, createCheckpointScheduler, installChangeAudit, type AuditLog } from './modules/audit/index.ts';
import { consentRoutes, createConsentScheduler, createConsentService, type ConsentService } from './modules/consent/index.ts';
import { createWhitelistScheduler, createWhitelistService, whitelistRoutes, type WhitelistService } from './modules/whitelist/index.ts';
import { createEvaluationConsumer, createEvaluationScheduler, createEvaluationService, evaluationRoutes, type EvaluationService } from './modules/evaluation/index.ts';
import { createScorecardService, scorecardRoutes, type ScorecardService } from './modules/scorecards/index.ts';
import { coordinationRoutes, createCoordinationService, type CoordinationService } from './modules/coordination/index.ts';
import { createMarketplaceScheduler, createMarketplaceService, createProfileLoader, marketplaceRoutes, type MarketplaceService } from './modules/marketplace/index.ts';
import { applicationRoutes, createApplicationsScheduler, createApplicationsService, type ApplicationsService } from './modules/marketplace/index.ts';
import { createPushScheduler, createPushService, pushRoutes, type PushService } from './modules/pushes/index.ts';
import { calendarRoutes, createCalendarService, type CalendarService } from './modules/calendar/index.ts';
import { createObjectionsScheduler, createObjectionsService, objectionRoutes, type ObjectionsService } from './modules/objections/index.ts';
import { createRepairScheduler, createRepairService, repairRoutes, type RepairService } from './modules/repair/index.ts';
import { createBenefitService, createPolicyScheduler, createPolicyService, policyRoutes, type BenefitService, type PolicyService } from './modules/policies/index.ts';
import { createMonitoringConsumer, createMonitoringService, monitoringRoutes, type MonitoringService } from './modules/monitoring/index.ts';
import { createReportService, reportRoutes, type ReportService } from './modules/reports/index.ts';
import { createPrivacyService, hostFeaturesFrom, privacyRoutes, type PrivacyService } from './modules/privacy/index.ts';
import { cleanroomRoutes, createCleanroomService, type CleanroomService } from './modules/cleanroom/index.ts';
import { aggregationRecordPort, createFederationScheduler, createFederationService, federationRoutes, type FederationService } from './modules/federation/index.ts';
import { aggregationRoutes, createAggregationService, createVerificationService, verificationRoutes, type AggregationService, type VerificationService } from './modules/aggregation/index.ts';
import { createStatisticsService, statisticsRoutes, type StatisticsService } from './modules/statistics/index.ts';

export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

export interface Services {
  identity: IdentityService;
  accounts: AccountsService;
  registration: EnterpriseRegistration;
  entities: EntityService;
  catalog: CatalogService;
  aggregation: AggregationService;
  verification: VerificationService;
  interfaceCall: InterfaceCallService;
  selfReport: SelfReportService;
  quality: QualityService;
  audit: AuditLog;
  consent: ConsentService;
  evaluation: EvaluationService;
  scorecards: ScorecardService;
  whitelist: WhitelistService;
  pushes: PushService;
  calendar: CalendarService;
  objections: ObjectionsService;
  repair: RepairService;
  monitoring: MonitoringService;
  reports: ReportService;
  privacy: PrivacyService;
  cleanroom: CleanroomService;
  coordination: CoordinationService;
  marketplace: MarketplaceService;
  applications: ApplicationsService;
  policies: PolicyService;
  benefits: BenefitService;
  statistics: StatisticsService;
  federation: FederationService;
}

export function createServices(platform: Platform, clock: () => number = Date.now): Services {
  const { db, keys, config } = platform;
  const catalog = createCatalogService(db);
  const identity = createIdentityService(db, config, keys, clock);
  const accounts = createAccountsService({ db, keys, nodeRegion: config.regionCode, forgetSessions: (h) => identity.forgetSessions(h), clock });
  const entities = createEntityService(db, keys);
  const registration = createEnterpriseRegistration({ db, keys, verifyLegalRep: (u, n, i) => entities.verifyLegalRep(u, n, i), forgetSessions: (h) => identity.forgetSessions(h) });
  const aggregation = createAggregationService({ db, keys, catalog, clock });
  const interfaceCall = createInterfaceCallService({ db, keys, catalog, clock });
  const verification = createVerificationService({
    db, keys, catalog, clock, nodeName: config.nodeName,
    values: {
      stored: (uscc, item) => aggregation.records(uscc, item, null),
      // Interface items are verified against a live (or cached, marked stale) answer; the value stays on the platform.
      live: async (uscc, itemCode, authorisationRef, requestId) => {
        const item = await catalog.item(itemCode);
        if (!item) throw new Error(`catalog item ${itemCode} disappeared`);
        return interfaceCall.caller.fetchItem({ uscc, item, authorisationRef, requestId });
      },
    },
  });
  const selfReport = createSelfReportService({ db, keys, catalog, aggregation, clock, nodeName: config.nodeName, realNameVerified: identity.realNameVerified });
  const quality = createQualityService({ db, catalog, entities, identity, clock });
  const audit = createAuditLog({ db, keys, config: { nodeName: config.nodeName }, clock });
  const consent = createConsentService({
    db, keys, catalog, identity, aggregation, audit, clock,
    entityName: async (uscc) => (await entities.store.byUscc(uscc))?.name ?? null,
    recordUsage: (entry) => recordUsage(db, entry),
    institutionCleared: config.requireInstitutionAssessment ? (orgId) => accounts.institutionCleared(orgId) : undefined,
  });
  const evaluation = createEvaluationService({ db, clock, audit });
  const scorecards = createScorecardService({ db, clock, audit, features: evaluation });
  // C7 pushes also go to the institution's signed webhook (the consent module's endpoint, its general event endpoint).
  const whitelist = createWhitelistService({ db, clock, audit, webhooks: consent.webhooks });
  // C7 coordination mechanism (走访 / 推荐清单): registry, evaluation features, the latest white-list and the institutions.
  const coordination = createCoordinationService({
    db, clock, audit, usccError,
    entity: async (uscc) => {
      const row = await entities.store.byUscc(uscc);
      return row ? { name: row.name, regionCode: row.region_code } : null;
    },
    features: (usccs) => evaluation.currentFeatures(usccs),
    whitelist: async (usccs) => {
      const run = await whitelist.store.lastCompletedRun();
      if (!run) return null;
      const listed = new Set<string>();
      for (const uscc of usccs) if (await whitelist.store.entry(run.id, uscc)) listed.add(uscc);
      return { period: run.period, listed };
    },
    institutions: () => identity.organisations('institution'),
    notify: (q, n) => consent.store.insertNotification(q, { ...n, userId: null }),
  });
  // C8 products, demands and matching: registry facts and evaluations through those modules' services.
  const marketplace = createMarketplaceService({
    db, clock, audit,
    profiles: createProfileLoader({
      registry: (usccs) => entities.store.byUsccs(usccs),
      features: (usccs) => evaluation.currentFeatures(usccs),
      scores: (usccs) => evaluation.currentScores(usccs),
    }, clock),
    scoresChangedSince: (usccs, after) => evaluation.scoresChangedSince(usccs, after),
    knownItem: async (code) => (await catalog.item(code)) !== undefined,
    candidates: async (region, after, limit) => (await evaluation.search({ region, after: after ?? undefined, limit })).map((r) => r.uscc),
  });
  // The working-day calendar in force (shipped file + years operators load); the workflow's SLA counts with it.
  const calendar = createCalendarService({ db, clock, audit });
  // C9 online financing workflow: grants through the consent service, disbursed loans reported to the scorecards module.
  const applications = createApplicationsService({
    db, clock, audit, calendar: () => calendar.current(),
    liveProduct: (id) => marketplace.publicProduct(id),
    grant: (p, input) => consent.grant(p, input),
    reportLoan: (institutionOrgId, items, requester) => scorecards.reportLoans(institutionOrgId, items, requester),
    // C10: a default / dishonesty level may refuse new applications (monitoring is built below; called at request time)
    applyRestriction: (uscc) => monitoring.applyRestriction(uscc),
  });
  // C9 batch push of public information: catalog levels, current records and registry facts through those services.
  const pushes = createPushService({
    db, clock, audit, webhooks: consent.webhooks,
    catalogItem: (code) => catalog.item(code),
    catalogItems: async () => (await catalog.current()).categories.flatMap((c) => c.items),
    records: (uscc, item) => aggregation.records(uscc, item, null),
    registry: (usccs) => entities.store.byUsccs(usccs),
    // C11: entries show the objection flag as it stands when read; records withheld since are no longer handed out
    marks: (refs) => aggregation.marks.marksFor(refs),
  });
  // C16 standardized credit reports: the catalog, the consent policy point, registry, evaluation and records through their services.
  const reports = createReportService({
    db, clock, audit, node: { name: config.nodeName, regionCode: config.regionCode },
    categories: async () => (await catalog.current()).categories,
    decide: (input) => consent.decide(input),
    // registry row, evaluation and published records (with the withheld counts) in one statement, each module's SQL its own
    parts: { registry: entities.registryPart, evaluation: evaluation.enterprisePart, records: aggregation.publishedRecordsPart },
    entityName: async (uscc) => (await entities.store.byUscc(uscc))?.name ?? null,
  });
  // C10 risk monitoring: loans from the workflow, records through the aggregation service, grades from the evaluation.
  const monitoring = createMonitoringService({
    db, clock, audit, webhooks: consent.webhooks,
    itemFields: async (code) => (await catalog.item(code))?.fields,
    loans: (f, q) => applications.platformLoans(f, q),
    history: (uscc, item, key) => aggregation.history(uscc, item, key),
    registry: (usccs) => entities.store.byUsccs(usccs),
    scores: (usccs) => evaluation.currentScores(usccs),
    scoresChangedSince: (usccs, after) => evaluation.scoresChangedSince(usccs, after),
    districtPrefixOf: (p) => accounts.districtPrefixOf(p),
  });
  // C13 policies: eligibility over registry + evaluation profiles and the workflow's disbursed loans; lenders' categories from identity.
  const policyProfiles = createProfileLoader({
    registry: (usccs) => entities.store.byUsccs(usccs),
    features: (usccs) => evaluation.currentFeatures(usccs),
    scores: (usccs) => evaluation.currentScores(usccs),
  }, clock);
  const policyLoans = (f: Parameters<typeof applications.disbursedLoans>[0]) => applications.disbursedLoans(f);
  const policies = createPolicyService({
    db, clock, audit, profiles: policyProfiles, loans: policyLoans,
    institutions: async () => (await identity.organisations('institution')).map((o) => ({ id: o.id, name: o.name, category: o.category })),
  });
  const benefits = createBenefitService({ db, clock, audit, policies, profiles: policyProfiles, loans: policyLoans });
  // C11 objections (异议申诉) and credit repair (信用修复): records and their marks through the aggregation service,
  // organisations through identity, the credit commitment through self-report.
  const operatorOrgIds = async () => (await identity.organisations('operator')).map((o) => o.id);
  const objections = createObjectionsService({
    db, clock, audit, aggregation, operatorOrgIds,
    organisation: async (id) => (await identity.organisation(id)) ?? null,
    enterpriseOrgOf: async (uscc) => (await identity.organisations('enterprise')).find((o) => o.uscc === uscc)?.id ?? null,
    // an institution flags a non-public record only under a live authorisation (the consent policy point decides and logs it)
    institutionMaySee: async (p, uscc, code) => {
      const item = await catalog.item(code);
      if (!item) return false;
      const [d] = await consent.decide({ principal: p, uscc, items: [item], purpose: null });
      return d?.allowed === true;
    },
  });
  const repair = createRepairService({ db, clock, audit, aggregation, liveCommitment: (uscc) => selfReport.liveCommitment(uscc) });
  // C12 clean room: evaluation features and the consent module's live "model" authorisations through their services.
  const cleanroom = createCleanroomService({
    db, clock, audit,
    features: (usccs) => evaluation.currentFeatures(usccs),
    population: (institutionOrgId, items, admit) => consent.takeModelPopulation(institutionOrgId, items, admit),
    // called per request, after the privacy service below exists
    trainedModel: (institutionOrgId, trainingId) => privacy.trainings.model(institutionOrgId, trainingId),
  });
  // C12 PSI and federated training: the registry's USCCs as the platform's set, evaluation features as the host's.
  const privacy = createPrivacyService({
    db, keys, audit, clock,
    platformIds: async () => {
      const ids: string[] = [];
      for (let after: string | undefined; ;) {
        const rows = await entities.store.search({ afterUscc: after, limit: 10_000 });
        for (const r of rows) ids.push(r.uscc);
        if (rows.length < 10_000) return ids;
        after = rows[rows.length - 1].uscc;
      }
    },
    hostFeatures: hostFeaturesFrom((usccs) => evaluation.currentFeatures(usccs)),
  });
  // C14 statistics: grouped figures of the other modules through their services, registry attributes from entities.
  const statistics = createStatisticsService({
    db, clock, audit, node: { name: config.nodeName, tier: config.nodeTier, regionCode: config.regionCode },
    sources: {
      registrations: (from, to) => identity.enterpriseRegistrations(from, to),
      grants: (from, to) => consent.grantFacts(from, to),
      workflow: (r) => applications.periodFacts(r),
      listed: (fromMonth, toMonth) => whitelist.listedIn(fromMonth, toMonth),
      payouts: (fromDay, toDay) => benefits.payoutFacts(fromDay, toDay),
      registry: (usccs) => entities.store.byUsccs(usccs),
      quality: () => quality.items(null),
      organisationName: async (id) => (await identity.organisation(id))?.name ?? null,
    },
  });
  // C15 platform network: peers' keys through identity, statistics through C14, shared records through aggregation.
  const federation = createFederationService({
    db, config, keys, audit, clock, nonceStore: identity.nonceStore, statistics,
    trustNodeKey: (n) => identity.trustNodeKey(n),
    records: aggregationRecordPort(aggregation, catalog),
  });
  return {
    statistics,
    federation,
    privacy,
    cleanroom,
    objections, repair,
    policies, benefits,
    identity, accounts, registration, entities, catalog, aggregation, verification, interfaceCall, selfReport, quality, audit, consent, evaluation, whitelist, scorecards,
    coordination, marketplace, applications, pushes, calendar, reports, monitoring,
  };
}

/** Builds the HTTP application: platform plugins first, then each module's routes under /api/v1. */
export async function buildApp(platform: Platform, services: Services = createServices(platform), opts: { logger?: boolean; clock?: () => number } = {}): Promise<FastifyInstance> {
  const { config } = platform;
  // Start-up data every node needs (idempotent): the first catalog version.
  await services.catalog.ensureSeeded();
  const app = Fastify({
    logger: opts.logger === false || config.logLevel === 'silent' ? false : {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-xr-signature"]', 'res.headers["set-cookie"]'],
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });

  installProblemHandlers(app);
  installJsonBodyParser(app);
  await app.register(cookie);
  installAccessControl(app, createAuthenticator(services.identity, platform.keys, opts.clock));
  installChangeAudit(app, services.audit);
  installIdempotency(app, platform.db, platform.keys.cipher);
  services.interfaceCall.registerMetrics(installMetrics(app));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xinrong (信融) financing credit service platform API',
        version: VERSION,
        description: 'Errors are RFC 9457 problem+json with a stable `code`. Money is integer fen or yuan decimal strings; times are ISO 8601 with offset. Machine clients sign requests (see the x-xr-* headers).',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'xr_session' },
          signedRequest: { type: 'apiKey', in: 'header', name: 'x-xr-signature', description: 'HMAC-SM3 (or Ed25519/SM2) over METHOD, path, timestamp, nonce and body SM3; see docs/api.md' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(async (api) => {
    api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
    await api.register(siteRoutes, { platform, identity: services.identity, entities: services.entities });
    await api.register(identityRoutes, { identity: services.identity, cookieSecure: config.cookieSecure, sessionTtlMinutes: config.sessionTtlMinutes });
    await api.register(accountsRoutes, { accounts: services.accounts, registration: services.registration });
    await api.register(codeRoutes);
    await api.register(entityRoutes, { entities: services.entities, hasAccounts: services.identity.enterpriseHasAccounts });
    await api.register(catalogRoutes, { catalog: services.catalog });
    await api.register(aggregationRoutes, {
      aggregation: services.aggregation, identity: services.identity, audit: services.audit,
      uploadDir: join(tmpdir(), 'xinrong-uploads'), uploadLimitBytes: config.uploadLimitBytes,
    });
    await api.register(verificationRoutes, { verification: services.verification, audit: services.audit });
    await api.register(interfaceCallRoutes, { ...services.interfaceCall, recordUsage: (entry) => recordUsage(platform.db, entry), audit: services.audit });
    await api.register(selfReportRoutes, { selfReport: services.selfReport });
    await api.register(qualityRoutes, { quality: services.quality });
    await api.register(consentRoutes, { consent: services.consent });
    await api.register(evaluationRoutes, { evaluation: services.evaluation, audit: services.audit });
    await api.register(scorecardRoutes, { scorecards: services.scorecards, audit: services.audit });
    await api.register(whitelistRoutes, { whitelist: services.whitelist });
    await api.register(coordinationRoutes, { coordination: services.coordination });
    await api.register(marketplaceRoutes, {
      marketplace: services.marketplace,
      orgName: async (id) => (await services.identity.organisation(id))?.name ?? null,
      entityName: async (uscc) => (await services.entities.store.byUscc(uscc))?.name ?? null,
    });
    await api.register(applicationRoutes, {
      applications: services.applications, clock: opts.clock,
      orgName: async (id) => (await services.identity.organisation(id))?.name ?? null,
      entityName: async (uscc) => (await services.entities.store.byUscc(uscc))?.name ?? null,
    });
    await api.register(pushRoutes, { pushes: services.pushes });
    await api.register(calendarRoutes, { calendar: services.calendar });
    await api.register(objectionRoutes, {
      objections: services.objections, clock: opts.clock,
      orgName: async (id) => (await services.identity.organisation(id))?.name ?? null,
      entityName: async (uscc) => (await services.entities.store.byUscc(uscc))?.name ?? null,
    });
    await api.register(repairRoutes, {
      repair: services.repair,
      entityName: async (uscc) => (await services.entities.store.byUscc(uscc))?.name ?? null,
      itemName: async (code) => (await services.catalog.item(code))?.name ?? null,
    });
    await api.register(policyRoutes, { policies: services.policies, benefits: services.benefits });
    await api.register(statisticsRoutes, {
      statistics: services.statistics, clock: opts.clock,
      homeRegion: (p) => services.accounts.districtOf(p),
    });
    await api.register(federationRoutes, { federation: services.federation });
    await api.register(monitoringRoutes, { monitoring: services.monitoring, orgName: async (id) => (await services.identity.organisation(id))?.name ?? null });
    await api.register(reportRoutes, { reports: services.reports });
    await api.register(privacyRoutes, { psi: services.privacy.psi, trainings: services.privacy.trainings });
    await api.register(cleanroomRoutes, { cleanroom: services.cleanroom, orgName: async (id) => (await services.identity.organisation(id))?.name ?? null });
    await api.register(auditRoutes, { audit: services.audit, orgName: async (id) => (await services.identity.organisation(id))?.name ?? null });
  }, { prefix: '/api/v1' });

  const hasWeb = existsSync(WEB_DIST + 'index.html');
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt portal is served without a restart; a miss falls
    // through to the not-found handler below (SPA routes, API 404s).
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method === 'GET' && hasWeb && !path.startsWith('/api/') && path !== '/metrics') {
      // Client-side routes of the portal single-page app.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendProblem(reply, request, new AppError('NOT_FOUND', 404, { zh: `路径不存在：${path}`, en: `No such route: ${request.method} ${path}` }));
  });

  const purge = setInterval(() => {
    services.identity.purgeExpired().catch((err: unknown) => app.log.warn({ err }, 'purging expired sessions failed'));
    purgeIdempotencyKeys(platform.db).catch((err: unknown) => app.log.warn({ err }, 'purging expired idempotency keys failed'));
  }, 10 * 60 * 1000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
  // Daily data-quality snapshot (trend): looks hourly, takes today's once.
  const qualityScheduler = createQualityScheduler({
    quality: services.quality,
    onError: (err: unknown) => app.log.warn({ err }, 'daily quality snapshot failed'),
  });
  qualityScheduler.start();
  app.addHook('onClose', async () => qualityScheduler.stop());
  // Signed tree heads of the audit log (C5): one a minute when the tree grew; pending appends are written on close.
  const checkpointScheduler = createCheckpointScheduler({ log: services.audit, onError: (err: unknown) => app.log.warn({ err }, 'audit checkpoint failed') });
  checkpointScheduler.start();
  // Authorisation expiry sweep, 7-day reminders and webhook deliveries (C4).
  const consentScheduler = createConsentScheduler({ consent: services.consent, onError: (err: unknown) => app.log.warn({ err }, 'consent sweep failed') });
  consentScheduler.start();
  app.addHook('onClose', async () => consentScheduler.stop());
  // C6: re-evaluate the enterprises named in aggregation events (and commitment changes) within seconds; a full run nightly.
  const evaluationConsumer = createEvaluationConsumer({ db: platform.db, evaluation: services.evaluation, onError: (err: unknown) => app.log.warn({ err }, 'incremental evaluation failed') });
  evaluationConsumer.start();
  const evaluationScheduler = createEvaluationScheduler({ evaluation: services.evaluation, onError: (err: unknown) => app.log.warn({ err }, 'nightly evaluation failed') });
  evaluationScheduler.start();
  app.addHook('onClose', async () => {
    evaluationScheduler.stop();
    await evaluationConsumer.stop();
  });
  // C7: the monthly white-list (looks hourly; runs once a month after day 1 02:00 China time).
  const whitelistScheduler = createWhitelistScheduler({ whitelist: services.whitelist, onError: (err: unknown) => app.log.warn({ err }, 'monthly white-list failed') });
  whitelistScheduler.start();
  app.addHook('onClose', async () => whitelistScheduler.stop());
  // C9: public-information push batches (looks every 15 minutes; daily after 06:00, weekly after Monday 06:00 China time).
  const pushScheduler = createPushScheduler({ pushes: services.pushes, onError: (err: unknown) => app.log.warn({ err }, 'push batches failed') });
  pushScheduler.start();
  app.addHook('onClose', async () => pushScheduler.stop());
  // C8: re-match open demands of enterprises whose evaluation changed (a watermark sweep, once a minute).
  const marketplaceScheduler = createMarketplaceScheduler({ marketplace: services.marketplace, onError: (err: unknown) => app.log.warn({ err }, 'marketplace re-matching failed') });
  marketplaceScheduler.start();
  app.addHook('onClose', async () => marketplaceScheduler.stop());
  // C9 acceptance SLA: submitted applications past their due time are escalated to the operators.
  const applicationsScheduler = createApplicationsScheduler({ applications: services.applications, onError: (err: unknown) => app.log.warn({ err }, 'application SLA sweep failed') });
  applicationsScheduler.start();
  app.addHook('onClose', async () => applicationsScheduler.stop());
  // C11: objections unanswered on day 15 escalate to the operator; penalties past their longest publicity period stop being published.
  const objectionsScheduler = createObjectionsScheduler({ objections: services.objections, onError: (err: unknown) => app.log.warn({ err }, 'objection escalation sweep failed') });
  objectionsScheduler.start();
  const repairScheduler = createRepairScheduler({ repair: services.repair, onError: (err: unknown) => app.log.warn({ err }, 'publicity expiry sweep failed') });
  repairScheduler.start();
  app.addHook('onClose', async () => {
    await objectionsScheduler.stop();
    await repairScheduler.stop();
  });
  // C13: newly disbursed platform loans are matched against live policies every 30 s (each (policy, loan) told once).
  const policyScheduler = createPolicyScheduler({ policies: services.policies, onError: (err: unknown) => app.log.warn({ err }, 'policy matching sweep failed') });
  policyScheduler.start();
  app.addHook('onClose', async () => policyScheduler.stop());
  // C15: queue last month's report and shared-record pages, send what is due to peer nodes (every 15 s, in order, with back-off).
  const federationScheduler = createFederationScheduler({ federation: services.federation, onError: (err: unknown) => app.log.warn({ err }, 'federation sync failed') });
  federationScheduler.start();
  app.addHook('onClose', async () => federationScheduler.stop());
  // C10: screen borrowers' new records every 2 s (alerts within a minute), grade drops, default levels every 30 s.
  const monitoringConsumer = createMonitoringConsumer({ db: platform.db, monitoring: services.monitoring, clock: opts.clock, onError: (err: unknown) => app.log.warn({ err }, 'risk monitoring failed') });
  monitoringConsumer.start();
  app.addHook('onClose', async () => monitoringConsumer.stop());
  app.addHook('onClose', async () => services.privacy.close());
  app.addHook('onClose', async () => {
    await checkpointScheduler.stop();
    await services.audit.flush();
  });
  return app;
}
