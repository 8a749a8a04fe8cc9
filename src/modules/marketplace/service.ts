import type { Db } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { badRequest, conflict, forbidden, notFound, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import { fenText, type EnterpriseProfile } from './eligibility.ts';
import { matchingConfig, ProductIndex, type DemandFacts, type Match } from './matching.ts';
import { assertValidProduct, diffFields, fieldsOf, liveProductOf, normaliseFields, parseFen, validateProduct } from './products.ts';
import type { ProfileLoader } from './profiles.ts';
import { marketplaceStore as store, type DemandRow, type MatchRow, type ProductFields, type VersionRow } from './store.ts';

export interface MarketplaceOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  /** registry + evaluation facts of enterprises (profiles.ts; wired in src/app.ts through those modules' services) */
  profiles: ProfileLoader;
  /** of the named enterprises, those whose evaluation changed after `after` (the evaluation module) */
  scoresChangedSince?: (usccs: readonly string[], after: Date) => Promise<{ uscc: string; computed_at: Date }[]>;
  /** whether the catalog has an item (required authorisations name catalog items) */
  knownItem?: (code: string) => Promise<boolean>;
  /** evaluated enterprises registered under a region prefix, in USCC order after `after` (the evaluation search) */
  candidates?: (regionPrefix: string, after: string | null, limit: number) => Promise<string[]>;
}

export interface DemandInput {
  amountFen: string;
  termMonths: number;
  purpose: string;
  guarantees: string[];
  urgency: 'normal' | 'urgent' | 'very_urgent';
  status?: 'open' | 'closed';
}

/** Matches kept per demand (eligible); near misses come on top, from the matching config. */
const KEEP_PER_DEMAND = 20;
const PAGE = 500;
const WATERMARK = 'evaluation.scores';
/** Enterprises looked at per call of `enterprisesFor`. */
const CANDIDATES = 2000;

const PRODUCT_NOT_FOUND = () => notFound('PRODUCT_NOT_FOUND', { zh: '没有这个产品', en: 'No such product' });
const DEMAND_NOT_FOUND = () => notFound('DEMAND_NOT_FOUND', { zh: '没有这条融资需求', en: 'No such financing demand' });

const nameOf = (p: Principal) => (p.kind === 'user' ? p.username : `key:${p.keyId}`);

function demandFacts(d: DemandRow): DemandFacts {
  return { amountFen: BigInt(d.amount_fen), termMonths: d.term_months, guarantees: d.guarantees };
}

/** C8 product pool and matching: products (versioned, reviewed), demands, matches and re-matching. */
export function createMarketplaceService(opts: MarketplaceOptions) {
  const { db } = opts;
  const clock = opts.clock ?? Date.now;
  const cfg = matchingConfig();
  const index = new ProductIndex(cfg);
  /** the live version rows by product id (the public supermarket is served from memory) */
  const live = new Map<string, VersionRow>();
  let loaded: Promise<void> | null = null;

  function ready(): Promise<void> {
    loaded ??= (async () => {
      const rows = await store.live(db);
      live.clear();
      for (const r of rows) live.set(r.product_id, r);
      index.replaceAll(rows.map(liveProductOf));
    })().catch((err: unknown) => { loaded = null; throw err; });
    return loaded;
  }

  async function audit(action: string, p: Principal | null, target: { type: string; id: string }, details: Record<string, unknown>) {
    await opts.audit?.append({ kind: 'change', action, actor: actorOf(p), outcome: 'ok', target, details });
  }

  async function ownVersions(p: Principal, id: string): Promise<VersionRow[]> {
    const versions = await store.versions(db, id);
    // Another institution's product is "not found": its existence is not the caller's business.
    if (!versions.length || versions[0].institution_org_id !== p.orgId) throw PRODUCT_NOT_FOUND();
    return versions;
  }

  function matchRows(demand: DemandRow, matches: Match[], at: Date): Omit<MatchRow, 'demand_id'>[] {
    return matches.map((m) => ({
      product_id: m.productId, uscc: demand.uscc, institution_org_id: m.institutionOrgId, product_version: m.version, eligible: m.eligible,
      fit_bp: m.fitBp, reasons: { rules: m.rules, fit: m.fit }, matched_at: at,
    }));
  }

  /** Re-matches one open demand against every live product and stores the best and the near misses. */
  async function rematchDemand(demand: DemandRow, profile?: EnterpriseProfile): Promise<void> {
    await ready();
    const at = new Date(clock());
    if (demand.status !== 'open') {
      await store.replaceDemandMatches(db, demand.id, [], at);
      return;
    }
    const p = profile ?? (await opts.profiles([demand.uscc])).get(demand.uscc);
    const found = p ? index.match(p, demandFacts(demand), { top: KEEP_PER_DEMAND }) : { eligible: [], nearMisses: [] };
    await db.tx(async (q) => {
      const was = await store.replaceDemandMatches(q, demand.id, matchRows(demand, [...found.eligible, ...found.nearMisses], at), at);
      // push: each institution with a product newly recommended for this demand hears of it once (its best product)
      const told = new Set<string>();
      for (const m of found.eligible) {
        if (was.has(m.productId) || told.has(m.institutionOrgId)) continue;
        told.add(m.institutionOrgId);
        const name = index.get(m.productId)?.name ?? '';
        await store.notify(q, {
          id: uuidv7(), orgId: m.institutionOrgId, kind: 'marketplace.demand.matched', at,
          payload: {
            zh: `新的融资需求（${fenText(BigInt(demand.amount_fen))} 元，${demand.term_months} 个月）与贵机构产品“${name}”匹配，匹配度 ${Math.round(m.fitBp / 100)}%`,
            en: `A new financing demand (CNY ${fenText(BigInt(demand.amount_fen))}, ${demand.term_months} months) matches your product “${name}” (fit ${Math.round(m.fitBp / 100)}%)`,
            demandId: demand.id, productId: m.productId,
          },
        });
      }
    });
  }

  /** Re-matches one product (its live version, or none after withdrawal) against every open demand. */
  async function rematchProduct(productId: string): Promise<number> {
    await ready();
    const at = new Date(clock());
    const rows: MatchRow[] = [];
    const demandsById = new Map<string, DemandRow>();
    if (index.get(productId)) {
      let after: string | null = null;
      for (;;) {
        const demands = await store.openDemands(db, after, PAGE);
        if (!demands.length) break;
        const profiles = await opts.profiles(demands.map((d) => d.uscc));
        for (const d of demands) {
          const p = profiles.get(d.uscc);
          const m = p && index.explain(productId, p, demandFacts(d));
          if (!m) continue;
          const failed = m.rules.filter((r) => !r.held).length;
          if (failed <= cfg.nearMiss.maxFailedRules) {
            rows.push({ demand_id: d.id, ...matchRows(d, [m], at)[0] });
            if (m.eligible) demandsById.set(d.id, d);
          }
        }
        after = demands[demands.length - 1].id;
      }
    }
    const product = index.get(productId);
    await db.tx(async (q) => {
      const was = await store.replaceProductMatches(q, productId, rows);
      // push: each enterprise whose open demand the product newly suits hears of it
      for (const r of rows) {
        const d = demandsById.get(r.demand_id);
        if (!d || !product || was.has(d.id)) continue;
        await store.notify(q, {
          id: uuidv7(), orgId: d.enterprise_org_id, kind: 'marketplace.product.matched', at,
          payload: {
            zh: `新上架产品“${product.name}”符合您的融资需求（${fenText(BigInt(d.amount_fen))} 元，${d.term_months} 个月），匹配度 ${Math.round(r.fit_bp / 100)}%`,
            en: `The newly published product “${product.name}” suits your financing demand (CNY ${fenText(BigInt(d.amount_fen))}, ${d.term_months} months), fit ${Math.round(r.fit_bp / 100)}%`,
            demandId: d.id, productId,
          },
        });
      }
    });
    return rows.length;
  }

  return {
    ready,
    index,

    /** A new product: version 1 as a draft. */
    async createProduct(p: Principal, input: ProductFields): Promise<VersionRow> {
      const f = normaliseFields(input);
      assertValidProduct(await validateProduct(f, opts.knownItem));
      const id = uuidv7();
      const at = new Date(clock());
      await db.tx(async (q) => {
        await store.createProduct(q, id, p.orgId, at);
        await store.insertVersion(q, id, 1, f, nameOf(p), at);
      });
      await audit('marketplace.product.created', p, { type: 'product', id }, { version: 1 });
      return (await store.version(db, id, 1))!;
    },

    /**
     * Edits a product. A draft is rewritten in place; a version under review cannot change; otherwise (published,
     * rejected, withdrawn) the edit is a new draft version — the published one stays live until the new one is approved.
     */
    async updateProduct(p: Principal, id: string, input: ProductFields): Promise<VersionRow> {
      const f = normaliseFields(input);
      assertValidProduct(await validateProduct(f, opts.knownItem));
      const latest = (await ownVersions(p, id))[0];
      if (latest.status === 'submitted') {
        throw conflict('PRODUCT_UNDER_REVIEW', { zh: '该产品的新版本正在审核中，审核完成后才能修改', en: 'A version of this product is under review; edit it after the review' });
      }
      const at = new Date(clock());
      let version = latest.version;
      if (latest.status === 'draft') await store.updateDraft(db, id, version, f);
      else await store.insertVersion(db, id, (version += 1), f, nameOf(p), at);
      await audit('marketplace.product.edited', p, { type: 'product', id }, { version });
      return (await store.version(db, id, version))!;
    },

    async submit(p: Principal, id: string): Promise<VersionRow> {
      const latest = (await ownVersions(p, id))[0];
      if (latest.status !== 'draft') {
        throw conflict('PRODUCT_NOT_DRAFT', { zh: '只有草稿可以提交审核', en: 'Only a draft can be submitted for review' });
      }
      assertValidProduct(await validateProduct(fieldsOf(latest), opts.knownItem));
      await store.setStatus(db, id, latest.version, 'submitted', { submittedAt: new Date(clock()) });
      await audit('marketplace.product.submitted', p, { type: 'product', id }, { version: latest.version });
      return (await store.version(db, id, latest.version))!;
    },

    /** Operator review: approve (the version goes live, the previous live one is superseded) or reject with a reason. */
    async review(p: Principal, id: string, version: number, decision: 'approve' | 'reject', reason: string | undefined): Promise<VersionRow> {
      if (decision === 'reject' && !reason?.trim()) {
        throw badRequest('REVIEW_REASON_REQUIRED', { zh: '驳回须填写原因', en: 'A rejection needs a reason' });
      }
      const at = new Date(clock());
      await db.tx(async (q) => {
        const product = await store.lockProduct(q, id);
        const v = product && await store.version(q, id, version);
        if (!product || !v) throw PRODUCT_NOT_FOUND();
        if (v.status !== 'submitted') throw conflict('PRODUCT_NOT_SUBMITTED', { zh: '该版本不在待审核状态', en: 'This version is not awaiting review' });
        if (decision === 'reject') {
          await store.setStatus(q, id, version, 'rejected', { reviewedBy: nameOf(p), reviewedAt: at, reason: reason!.trim() });
          return;
        }
        if (product.live_version !== null) await store.setStatus(q, id, product.live_version, 'superseded');
        await store.setStatus(q, id, version, 'published', { reviewedBy: nameOf(p), reviewedAt: at, reason: reason?.trim() || null });
        await store.setLive(q, id, version, null);
      });
      const row = (await store.version(db, id, version))!;
      if (decision === 'approve') {
        await ready();
        live.set(id, row);
        index.put(liveProductOf(row));
        await rematchProduct(id);
      }
      await audit(`marketplace.product.${decision === 'approve' ? 'published' : 'rejected'}`, p, { type: 'product', id }, { version, reason: reason ?? null });
      return row;
    },

    /** Takes a product off the supermarket and out of matching; its versions stay. */
    async withdraw(p: Principal, id: string): Promise<VersionRow> {
      const versions = await ownVersions(p, id);
      const liveVersion = versions[0].live_version;
      if (liveVersion === null) throw conflict('PRODUCT_NOT_LIVE', { zh: '该产品当前未上架', en: 'This product is not published' });
      await db.tx(async (q) => {
        await store.setStatus(q, id, liveVersion, 'withdrawn');
        await store.setLive(q, id, null, new Date(clock()));
      });
      await ready();
      live.delete(id);
      index.remove(id);
      await rematchProduct(id);
      await audit('marketplace.product.withdrawn', p, { type: 'product', id }, { version: liveVersion });
      return (await store.version(db, id, liveVersion))!;
    },

    myProducts: (p: Principal) => store.latestOf(db, p.orgId),
    versions: (p: Principal, id: string) => ownVersions(p, id),

    /** Versions awaiting review, each with what it changes against the live version. */
    async pendingReview() {
      const rows = await store.submitted(db);
      return Promise.all(rows.map(async (v) => {
        const current = v.live_version === null ? null : await store.version(db, v.product_id, v.live_version);
        return { version: v, diff: diffFields(current ? fieldsOf(current) : null, fieldsOf(v)) };
      }));
    },

    /** Live products, newest publication first, filtered (the public supermarket). */
    async publicProducts(f: { type?: string; programme?: string; section?: string; amountFen?: bigint; termMonths?: number; region?: string; q?: string }): Promise<VersionRow[]> {
      await ready();
      return [...live.values()].filter((v) => (!f.type || v.product_type === f.type)
        && (!f.programme || v.programme === f.programme)
        && (!f.section || cfg.programmes[v.programme]?.section === f.section)
        && (f.amountFen === undefined || (BigInt(v.amount_min_fen) <= f.amountFen && f.amountFen <= BigInt(v.amount_max_fen)))
        && (f.termMonths === undefined || (v.term_min_months <= f.termMonths && f.termMonths <= v.term_max_months))
        && (!f.region || v.region_prefixes.some((r) => f.region!.startsWith(r) || r.startsWith(f.region!)))
        && (!f.q || v.name.includes(f.q)))
        .sort((a, b) => (b.reviewed_at?.getTime() ?? 0) - (a.reviewed_at?.getTime() ?? 0) || (a.product_id < b.product_id ? -1 : 1));
    },

    async publicProduct(id: string): Promise<VersionRow> {
      await ready();
      const v = live.get(id);
      if (!v) throw PRODUCT_NOT_FOUND();
      return v;
    },

    // ---- demands (enterprises) ----

    async createDemand(p: Principal, input: DemandInput): Promise<DemandRow> {
      if (!p.uscc) throw forbidden('ENTERPRISE_ONLY', { zh: '仅企业用户可以发布融资需求', en: 'Only enterprise users can publish financing demands' });
      checkDemand(input);
      const id = uuidv7();
      await store.insertDemand(db, { id, uscc: p.uscc, orgId: p.orgId, amountFen: input.amountFen, termMonths: input.termMonths, purpose: input.purpose.trim(), guarantees: input.guarantees, urgency: input.urgency, by: nameOf(p), at: new Date(clock()) });
      const demand = (await store.demand(db, id))!;
      await rematchDemand(demand);
      await audit('marketplace.demand.created', p, { type: 'demand', id }, { uscc: p.uscc });
      return (await store.demand(db, id))!;
    },

    async updateDemand(p: Principal, id: string, input: DemandInput): Promise<DemandRow> {
      const d = await store.demand(db, id);
      if (!d || d.uscc !== p.uscc) throw DEMAND_NOT_FOUND();
      checkDemand(input);
      await store.updateDemand(db, id, { amountFen: input.amountFen, termMonths: input.termMonths, purpose: input.purpose.trim(), guarantees: input.guarantees, urgency: input.urgency, status: input.status ?? d.status, at: new Date(clock()) });
      await rematchDemand((await store.demand(db, id))!);
      await audit('marketplace.demand.updated', p, { type: 'demand', id }, { status: input.status ?? d.status });
      return (await store.demand(db, id))!;
    },

    demandsOf: (uscc: string) => store.demandsOf(db, uscc),

    /**
     * The enterprise inbox: for each of its demands the stored matches (recommended + near misses), and products
     * recommended for its profile alone (computed now: the index makes that a few milliseconds).
     */
    async inbox(uscc: string) {
      await ready();
      const demands = await store.demandsOf(db, uscc);
      const open = demands.filter((d) => d.status === 'open');
      const matches = await store.matchesOfDemands(db, open.map((d) => d.id));
      const profile = (await opts.profiles([uscc])).get(uscc);
      const forProfile = profile ? index.match(profile, null, { top: 10 }) : { eligible: [], nearMisses: [] };
      return { demands: open, matches, profile: forProfile, profileKnown: profile !== undefined };
    },

    /** An institution's work queue: open demands matching its products, best fit first. */
    async queue(orgId: string, limit: number, productId?: string) {
      return store.queue(db, orgId, limit, productId);
    },

    /**
     * Enterprises (with or without a demand) that meet every rule of one of the institution's live products, best
     * profile fit first: the candidates are the evaluated enterprises of the regions it serves, at most
     * `CANDIDATES` of them per call (a bounded look, not a census).
     */
    async enterprisesFor(orgId: string, productId: string, limit: number) {
      await ready();
      const live = index.get(productId);
      if (!live || live.institutionOrgId !== orgId) throw PRODUCT_NOT_FOUND();
      if (!opts.candidates) return [];
      const usccs: string[] = [];
      for (const prefix of live.regionPrefixes) {
        let after: string | null = null;
        while (usccs.length < CANDIDATES) {
          const page = await opts.candidates(prefix, after, Math.min(PAGE, CANDIDATES - usccs.length));
          usccs.push(...page);
          if (page.length === 0 || page.length < PAGE) break;
          after = page[page.length - 1];
        }
      }
      const profiles = await opts.profiles(usccs);
      const found: { profile: EnterpriseProfile; match: Match }[] = [];
      for (const p of profiles.values()) {
        const m = index.explain(productId, p, null);
        if (m?.eligible) found.push({ profile: p, match: m });
      }
      found.sort((a, b) => b.match.fitBp - a.match.fitBp || (a.profile.uscc < b.profile.uscc ? -1 : 1));
      return found.slice(0, limit);
    },

    /** One enterprise (and demand) against every live product now, without storing anything (P4's operation). */
    async matchNow(profile: EnterpriseProfile, demand: DemandFacts | null, top = 10) {
      await ready();
      return index.match(profile, demand, { top });
    },

    liveProduct: (id: string) => live.get(id),
    profiles: opts.profiles,
    rematchDemand,
    rematchProduct,

    /**
     * Re-matches the open demands of enterprises whose evaluation changed since the last sweep (the evaluation module
     * emits no event for score changes; its `computed_at` is when a score last changed, so a watermark suffices).
     */
    async sweepEvaluationChanges(): Promise<number> {
      if (!opts.scoresChangedSince) return 0;
      const started = new Date(clock());
      const since = (await store.watermark(db, WATERMARK)) ?? new Date(0);
      let n = 0;
      let after: string | null = null;
      for (;;) {
        const demands = await store.openDemands(db, after, PAGE);
        if (!demands.length) break;
        const changed = new Set((await opts.scoresChangedSince([...new Set(demands.map((d) => d.uscc))], since)).map((c) => c.uscc));
        const due = demands.filter((d) => changed.has(d.uscc));
        if (due.length) {
          const profiles = await opts.profiles(due.map((d) => d.uscc));
          for (const d of due) {
            await rematchDemand(d, profiles.get(d.uscc));
            n++;
          }
        }
        after = demands[demands.length - 1].id;
      }
      await store.setWatermark(db, WATERMARK, started);
      return n;
    },
  };
}

function checkDemand(input: DemandInput): void {
  parseFen(input.amountFen, 'amountFen');
  const cfg = matchingConfig();
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 360) {
    throw badRequest('DEMAND_TERM_INVALID', { zh: '期限须为 1–360 的整月数', en: 'The term must be 1–360 whole months' });
  }
  if (!input.guarantees.length || input.guarantees.some((g) => !cfg.guarantees[g])) {
    throw badRequest('DEMAND_GUARANTEE_INVALID', { zh: '请选择可接受的担保方式', en: 'Choose the acceptable guarantees from the list' });
  }
  if (!cfg.urgencies[input.urgency]) throw badRequest('DEMAND_URGENCY_INVALID', { zh: '紧急程度无效', en: 'Unknown urgency' });
  if (!input.purpose.trim()) throw badRequest('DEMAND_PURPOSE_REQUIRED', { zh: '请填写资金用途', en: 'State what the money is for' });
}

export type MarketplaceService = ReturnType<typeof createMarketplaceService>;
