import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { ENTERPRISE_ROLES, INSTITUTION_ROLES, OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { forbidden, requirePrincipal } from '../../platform/http/index.ts';
import { FEATURE_CODES } from '../evaluation/index.ts';
import { ENTITY_TYPES, GRADE_ORDER, PROFILE_TAG_NAMES, PROFILE_TAGS, RULE_KINDS, SIZE_CLASSES, type RuleOutcome } from './eligibility.ts';
import { matchingConfig, type FitReason, type Match } from './matching.ts';
import type { MarketplaceService } from './service.ts';
import type { DemandRow, MatchRow, VersionRow } from './store.ts';
import {
  Demand, DemandBody, DemandList, IdParams, Inbox, Options, ProductBody, ProductVersion, ProductVersionList, PublicProduct, PublicProductList, PublicQuery,
  Candidates, CandidatesQuery, Queue, QueueQuery, RematchReply, ReviewBody, ReviewQueue,
} from './schemas.ts';

export interface MarketplaceRouteOptions {
  marketplace: MarketplaceService;
  /** an organisation's display name (institutions on product cards) */
  orgName: (id: string) => Promise<string | null>;
  /** a registered enterprise's name (the institution's work queue) */
  entityName: (uscc: string) => Promise<string | null>;
}

/** Who edits an institution's products; every institution role reads them and the work queue. */
const PRODUCT_EDITORS = ['inst_admin', 'inst_product_manager'] as const;
/** Who reviews products before publication (运营审核). */
const REVIEWERS = ['op_admin', 'op_supervisor'] as const;

/** C8 product pool and matching under /api/v1/marketplace. */
export const marketplaceRoutes: FastifyPluginAsync<MarketplaceRouteOptions> = async (app, opts) => {
  const { marketplace } = opts;
  const cfg = matchingConfig();
  const names = new Map<string, string | null>();
  const orgName = async (id: string) => {
    if (!names.has(id)) names.set(id, await opts.orgName(id));
    return names.get(id) ?? null;
  };

  const core = async (v: VersionRow) => ({
    id: v.product_id, version: v.version, institution: { id: v.institution_org_id, name: await orgName(v.institution_org_id) }, name: v.name,
    productType: v.product_type, programme: v.programme, section: cfg.programmes[v.programme]?.section ?? null,
    amountMinFen: v.amount_min_fen, amountMaxFen: v.amount_max_fen, termMinMonths: v.term_min_months, termMaxMonths: v.term_max_months,
    rateMinBp: v.rate_min_bp, rateMaxBp: v.rate_max_bp, repaymentModes: v.repayment_modes, regionPrefixes: v.region_prefixes,
    rules: v.rules as unknown as Record<string, unknown>[], requiredAuthorisations: v.required_authorisations, requiredMaterials: v.required_materials, description: v.description,
  });
  const publicShape = async (v: VersionRow) => ({ ...(await core(v)), publishedAt: v.reviewed_at?.toISOString() ?? null });
  const versionShape = async (v: VersionRow) => ({
    ...(await core(v)), status: v.status, liveVersion: v.live_version, createdBy: v.created_by, createdAt: v.created_at.toISOString(),
    submittedAt: v.submitted_at?.toISOString() ?? null, reviewedBy: v.reviewed_by, reviewedAt: v.reviewed_at?.toISOString() ?? null, reviewReason: v.review_reason,
  });
  const demandShape = (d: DemandRow) => ({
    id: d.id, uscc: d.uscc, amountFen: d.amount_fen, termMonths: d.term_months, purpose: d.purpose, guarantees: d.guarantees, urgency: d.urgency,
    status: d.status, createdAt: d.created_at.toISOString(), updatedAt: d.updated_at.toISOString(), matchedAt: d.matched_at?.toISOString() ?? null,
  });
  /** A match with its product card; products withdrawn since the match are dropped. */
  const matchShape = async (m: { productId: string; version: number; eligible: boolean; fitBp: number; rules: RuleOutcome[]; fit: FitReason[] }) => {
    const v = marketplace.liveProduct(m.productId);
    if (!v) return null;
    return {
      product: {
        id: v.product_id, version: v.version, name: v.name, institution: { id: v.institution_org_id, name: await orgName(v.institution_org_id) },
        productType: v.product_type, programme: v.programme, amountMinFen: v.amount_min_fen, amountMaxFen: v.amount_max_fen, rateMinBp: v.rate_min_bp, rateMaxBp: v.rate_max_bp,
      },
      eligible: m.eligible, fitBp: m.fitBp, rules: m.rules, fit: m.fit,
    };
  };
  const fromRow = (r: MatchRow) => ({ productId: r.product_id, version: r.product_version, eligible: r.eligible, fitBp: r.fit_bp, rules: r.reasons.rules as RuleOutcome[], fit: r.reasons.fit as FitReason[] });
  const shapeAll = async (ms: (Match | ReturnType<typeof fromRow>)[]) => (await Promise.all(ms.map(matchShape))).filter((x) => x !== null);
  const uscc = (p: ReturnType<typeof requirePrincipal>) => {
    if (!p.uscc) throw forbidden('ENTERPRISE_ONLY', { zh: '仅企业用户可以使用', en: 'For enterprise users only' });
    return p.uscc;
  };

  // ---- public: the product supermarket (产品超市) and its special sections ----
  app.get('/marketplace/options', {
    config: { access: 'public' },
    schema: { tags: ['marketplace'], summary: 'Product types, special programmes, sections, repayment modes, guarantees, rule kinds and weights', response: { 200: Options } },
  }, async () => {
    const coded = (o: Record<string, { zh: string; en: string }>) => Object.entries(o).map(([code, t]) => ({ code, zh: t.zh, en: t.en }));
    return {
      productTypes: Object.entries(cfg.productTypes).map(([code, t]) => ({ code, zh: t.zh, en: t.en, guarantees: t.guarantees })),
      programmes: Object.entries(cfg.programmes).map(([code, t]) => ({ code, zh: t.zh, en: t.en, tags: t.tags, section: t.section })),
      sections: coded(cfg.sections), repaymentModes: coded(cfg.repaymentModes), guarantees: coded(cfg.guarantees), urgencies: coded(cfg.urgencies),
      ruleKinds: [...RULE_KINDS], profileTags: PROFILE_TAGS.map((code) => ({ code, ...PROFILE_TAG_NAMES[code] })), features: [...FEATURE_CODES], grades: [...GRADE_ORDER],
      sizeClasses: [...SIZE_CLASSES], entityTypes: [...ENTITY_TYPES], weights: { ...cfg.weights },
    };
  });

  app.get('/marketplace/products', {
    config: { access: 'public' },
    schema: { tags: ['marketplace'], summary: 'Published products, filtered (type, programme, section, amount, term, region)', querystring: PublicQuery, response: { 200: PublicProductList } },
  }, async (request) => {
    const q = request.query as Static<typeof PublicQuery>;
    const all = await marketplace.publicProducts({
      type: q.type, programme: q.programme, section: q.section, amountFen: q.amountFen === undefined ? undefined : BigInt(q.amountFen),
      termMonths: q.termMonths, region: q.region, q: q.q?.trim() || undefined,
    });
    const offset = q.offset ?? 0;
    return { items: await Promise.all(all.slice(offset, offset + (q.limit ?? 50)).map(publicShape)), total: all.length };
  });

  app.get('/marketplace/products/:id', {
    config: { access: 'public' },
    schema: { tags: ['marketplace'], summary: 'One published product', params: IdParams, response: { 200: PublicProduct } },
  }, async (request) => publicShape(await marketplace.publicProduct((request.params as Static<typeof IdParams>).id)));

  // ---- institutions: their products (versions, review) and the work queue ----
  app.get('/marketplace/my/products', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['marketplace'], summary: "The newest version of each of the caller's institution's products", response: { 200: ProductVersionList } },
  }, async (request) => ({ items: await Promise.all((await marketplace.myProducts(requirePrincipal(request))).map(versionShape)) }));

  app.post('/marketplace/my/products', {
    config: { access: { roles: PRODUCT_EDITORS } },
    schema: { tags: ['marketplace'], summary: 'Create a product (version 1, a draft)', body: ProductBody, response: { 201: ProductVersion } },
  }, async (request, reply) => {
    const v = await marketplace.createProduct(requirePrincipal(request), request.body as Static<typeof ProductBody> as never);
    return reply.code(201).send(await versionShape(v));
  });

  app.get('/marketplace/my/products/:id/versions', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['marketplace'], summary: 'Every version of one of the institution’s products, newest first', params: IdParams, response: { 200: ProductVersionList } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    return { items: await Promise.all((await marketplace.versions(requirePrincipal(request), id)).map(versionShape)) };
  });

  app.put('/marketplace/my/products/:id', {
    config: { access: { roles: PRODUCT_EDITORS } },
    schema: { tags: ['marketplace'], summary: 'Edit a product: a draft in place, otherwise a new draft version (the live one stays live)', params: IdParams, body: ProductBody, response: { 200: ProductVersion } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    return versionShape(await marketplace.updateProduct(requirePrincipal(request), id, request.body as Static<typeof ProductBody> as never));
  });

  app.post('/marketplace/my/products/:id/submit', {
    config: { access: { roles: PRODUCT_EDITORS } },
    schema: { tags: ['marketplace'], summary: 'Submit the draft version for operator review', params: IdParams, response: { 200: ProductVersion } },
  }, async (request) => versionShape(await marketplace.submit(requirePrincipal(request), (request.params as Static<typeof IdParams>).id)));

  app.post('/marketplace/my/products/:id/withdraw', {
    config: { access: { roles: PRODUCT_EDITORS } },
    schema: { tags: ['marketplace'], summary: 'Withdraw the live version (off the supermarket and out of matching)', params: IdParams, response: { 200: ProductVersion } },
  }, async (request) => versionShape(await marketplace.withdraw(requirePrincipal(request), (request.params as Static<typeof IdParams>).id)));

  app.get('/marketplace/queue', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['marketplace'], summary: "Open demands matching the institution's live products, best fit first, with reasons", querystring: QueueQuery, response: { 200: Queue } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof QueueQuery>;
    const rows = await marketplace.queue(p.orgId, q.limit ?? 50, q.productId);
    return {
      items: await Promise.all(rows.map(async (r) => ({
        demand: { id: r.demand_id, uscc: r.uscc, enterpriseName: await opts.entityName(r.uscc), amountFen: r.amount_fen, termMonths: r.term_months, purpose: r.purpose, guarantees: r.guarantees, urgency: r.urgency, createdAt: r.demand_created_at.toISOString() },
        product: { id: r.product_id, version: r.product_version, name: marketplace.liveProduct(r.product_id)?.name ?? null },
        fitBp: r.fit_bp, rules: r.reasons.rules as RuleOutcome[], fit: r.reasons.fit as FitReason[],
      }))),
    };
  });

  app.get('/marketplace/queue/enterprises', {
    config: { access: { roles: INSTITUTION_ROLES } },
    schema: { tags: ['marketplace'], summary: "Evaluated enterprises of the product's regions meeting every rule of one of the institution's live products, best profile fit first", querystring: CandidatesQuery, response: { 200: Candidates } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const q = request.query as Static<typeof CandidatesQuery>;
    const found = await marketplace.enterprisesFor(p.orgId, q.productId, q.limit ?? 50);
    return {
      items: found.map(({ profile: e, match: m }) => ({
        enterprise: { uscc: e.uscc, name: e.name, regionCode: e.regionCode, industryCode: e.industryCode, sizeClass: e.sizeClass, grade: e.grade },
        fitBp: m.fitBp, rules: m.rules, fit: m.fit,
      })),
    };
  });

  // ---- operators: review before publication ----
  app.get('/marketplace/review', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['marketplace'], summary: 'Versions awaiting review, each with its changes against the live version', response: { 200: ReviewQueue } },
  }, async () => ({ items: await Promise.all((await marketplace.pendingReview()).map(async (x) => ({ version: await versionShape(x.version), diff: x.diff }))) }));

  app.post('/marketplace/review/:id', {
    config: { access: { roles: REVIEWERS } },
    schema: { tags: ['marketplace'], summary: 'Approve (publish) or reject (with a reason) a submitted version', params: IdParams, body: ReviewBody, response: { 200: ProductVersion } },
  }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const b = request.body as Static<typeof ReviewBody>;
    return versionShape(await marketplace.review(requirePrincipal(request), id, b.version, b.decision, b.reason));
  });

  app.post('/marketplace/rematch', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: ['marketplace'], summary: 'Re-match now the open demands of enterprises whose evaluation changed (otherwise once a minute)', response: { 200: RematchReply } },
  }, async () => ({ demands: await marketplace.sweepEvaluationChanges() }));

  // ---- enterprises: demands and the inbox ----
  app.get('/marketplace/my/demands', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: ['marketplace'], summary: "The enterprise's financing demands", response: { 200: DemandList } },
  }, async (request) => ({ items: (await marketplace.demandsOf(uscc(requirePrincipal(request)))).map(demandShape) }));

  app.post('/marketplace/my/demands', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: ['marketplace'], summary: 'Publish a financing demand (matched at once)', body: DemandBody, response: { 201: Demand } },
  }, async (request, reply) => reply.code(201).send(demandShape(await marketplace.createDemand(requirePrincipal(request), request.body as Static<typeof DemandBody>))));

  app.put('/marketplace/my/demands/:id', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: ['marketplace'], summary: 'Change or close a demand (re-matched at once)', params: IdParams, body: DemandBody, response: { 200: Demand } },
  }, async (request) => demandShape(await marketplace.updateDemand(requirePrincipal(request), (request.params as Static<typeof IdParams>).id, request.body as Static<typeof DemandBody>)));

  app.get('/marketplace/inbox', {
    config: { access: { roles: ENTERPRISE_ROLES } },
    schema: { tags: ['marketplace'], summary: 'Recommended products for each open demand and for the profile, with fit and reasons; near misses with the failing rules', response: { 200: Inbox } },
  }, async (request) => {
    const box = await marketplace.inbox(uscc(requirePrincipal(request)));
    return {
      demands: await Promise.all(box.demands.map(async (d) => {
        const rows = box.matches.filter((m) => m.demand_id === d.id);
        return { demand: demandShape(d), recommended: await shapeAll(rows.filter((m) => m.eligible).map(fromRow)), nearMisses: await shapeAll(rows.filter((m) => !m.eligible).map(fromRow)) };
      })),
      profile: { evaluated: box.profileKnown, recommended: await shapeAll(box.profile.eligible), nearMisses: await shapeAll(box.profile.nearMisses) },
    };
  });
};
