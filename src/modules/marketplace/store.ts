import type { Queryable } from '../../platform/db/index.ts';
import type { Rule } from './eligibility.ts';

/** SQL for the marketplace_* tables only. bigint money is read back as text, never as a JS number. */
export type VersionStatus = 'draft' | 'submitted' | 'published' | 'rejected' | 'superseded' | 'withdrawn';

export interface ProductFields {
  name: string;
  productType: string;
  programme: string;
  amountMinFen: string;
  amountMaxFen: string;
  termMinMonths: number;
  termMaxMonths: number;
  rateMinBp: number;
  rateMaxBp: number;
  repaymentModes: string[];
  regionPrefixes: string[];
  rules: Rule[];
  requiredAuthorisations: string[];
  requiredMaterials: string[];
  description: string;
}

export interface VersionRow {
  product_id: string;
  version: number;
  status: VersionStatus;
  institution_org_id: string;
  live_version: number | null;
  name: string;
  product_type: string;
  programme: string;
  amount_min_fen: string;
  amount_max_fen: string;
  term_min_months: number;
  term_max_months: number;
  rate_min_bp: number;
  rate_max_bp: number;
  repayment_modes: string[];
  region_prefixes: string[];
  rules: Rule[];
  required_authorisations: string[];
  required_materials: string[];
  description: string;
  created_by: string;
  created_at: Date;
  submitted_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_reason: string | null;
}

export interface DemandRow {
  id: string;
  uscc: string;
  enterprise_org_id: string;
  amount_fen: string;
  term_months: number;
  purpose: string;
  guarantees: string[];
  urgency: 'normal' | 'urgent' | 'very_urgent';
  status: 'open' | 'closed';
  created_by: string;
  created_at: Date;
  updated_at: Date;
  matched_at: Date | null;
}

export interface MatchRow {
  demand_id: string;
  product_id: string;
  uscc: string;
  institution_org_id: string;
  product_version: number;
  eligible: boolean;
  fit_bp: number;
  reasons: { rules: unknown[]; fit: unknown[] };
  matched_at: Date;
}

const VERSION_SELECT = `SELECT v.product_id, v.version, v.status, p.institution_org_id, p.live_version, v.name, v.product_type, v.programme,
  v.amount_min_fen::text AS amount_min_fen, v.amount_max_fen::text AS amount_max_fen, v.term_min_months, v.term_max_months,
  v.rate_min_bp, v.rate_max_bp, v.repayment_modes, v.region_prefixes, v.rules, v.required_authorisations, v.required_materials,
  v.description, v.created_by, v.created_at, v.submitted_at, v.reviewed_by, v.reviewed_at, v.review_reason
  FROM marketplace_product_versions v JOIN marketplace_products p ON p.id = v.product_id`;

const DEMAND_SELECT = `SELECT id, uscc, enterprise_org_id, amount_fen::text AS amount_fen, term_months, purpose, guarantees, urgency, status, created_by,
  created_at, updated_at, matched_at FROM marketplace_demands`;

const fieldParams = (f: ProductFields) => [
  f.name, f.productType, f.programme, f.amountMinFen, f.amountMaxFen, f.termMinMonths, f.termMaxMonths, f.rateMinBp, f.rateMaxBp,
  f.repaymentModes, f.regionPrefixes, JSON.stringify(f.rules), f.requiredAuthorisations, JSON.stringify(f.requiredMaterials), f.description,
];

export const marketplaceStore = {
  async createProduct(q: Queryable, id: string, orgId: string, at: Date): Promise<void> {
    await q.query('INSERT INTO marketplace_products (id, institution_org_id, created_at) VALUES ($1, $2, $3)', [id, orgId, at]);
  },

  async insertVersion(q: Queryable, productId: string, version: number, f: ProductFields, by: string, at: Date): Promise<void> {
    await q.query(`INSERT INTO marketplace_product_versions (product_id, version, status, name, product_type, programme, amount_min_fen,
        amount_max_fen, term_min_months, term_max_months, rate_min_bp, rate_max_bp, repayment_modes, region_prefixes, rules,
        required_authorisations, required_materials, description, created_by, created_at)
      VALUES ($1, $2, 'draft', $3, $4, $5, $6::bigint, $7::bigint, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16::jsonb, $17, $18, $19)`,
    [productId, version, ...fieldParams(f), by, at]);
  },

  /** Rewrites a draft in place (a draft was never reviewed, so it is not a version anyone relied on). */
  async updateDraft(q: Queryable, productId: string, version: number, f: ProductFields): Promise<void> {
    await q.query(`UPDATE marketplace_product_versions SET name = $3, product_type = $4, programme = $5, amount_min_fen = $6::bigint,
        amount_max_fen = $7::bigint, term_min_months = $8, term_max_months = $9, rate_min_bp = $10, rate_max_bp = $11, repayment_modes = $12,
        region_prefixes = $13, rules = $14::jsonb, required_authorisations = $15, required_materials = $16::jsonb, description = $17
      WHERE product_id = $1 AND version = $2 AND status = 'draft'`, [productId, version, ...fieldParams(f)]);
  },

  async setStatus(q: Queryable, productId: string, version: number, status: VersionStatus, extra: { submittedAt?: Date; reviewedBy?: string; reviewedAt?: Date; reason?: string | null } = {}): Promise<void> {
    await q.query(`UPDATE marketplace_product_versions SET status = $3, submitted_at = coalesce($4, submitted_at), reviewed_by = coalesce($5, reviewed_by),
        reviewed_at = coalesce($6, reviewed_at), review_reason = coalesce($7, review_reason) WHERE product_id = $1 AND version = $2`,
    [productId, version, status, extra.submittedAt ?? null, extra.reviewedBy ?? null, extra.reviewedAt ?? null, extra.reason ?? null]);
  },

  async setLive(q: Queryable, productId: string, version: number | null, withdrawnAt: Date | null): Promise<void> {
    await q.query('UPDATE marketplace_products SET live_version = $2, withdrawn_at = $3 WHERE id = $1', [productId, version, withdrawnAt]);
  },

  /** Locks the product row (one review or edit at a time) and answers its owner and live version. */
  async lockProduct(q: Queryable, id: string): Promise<{ institution_org_id: string; live_version: number | null } | undefined> {
    const [row] = await q.query<{ institution_org_id: string; live_version: number | null }>('SELECT institution_org_id, live_version FROM marketplace_products WHERE id = $1 FOR UPDATE', [id]);
    return row;
  },

  async versions(q: Queryable, productId: string): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION_SELECT} WHERE v.product_id = $1 ORDER BY v.version DESC`, [productId]);
  },

  async version(q: Queryable, productId: string, version: number): Promise<VersionRow | undefined> {
    const [row] = await q.query<VersionRow>(`${VERSION_SELECT} WHERE v.product_id = $1 AND v.version = $2`, [productId, version]);
    return row;
  },

  /** The newest version of each of an institution's products. */
  async latestOf(q: Queryable, orgId: string): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION_SELECT} WHERE p.institution_org_id = $1
      AND v.version = (SELECT max(version) FROM marketplace_product_versions WHERE product_id = v.product_id) ORDER BY p.created_at DESC`, [orgId]);
  },

  async submitted(q: Queryable): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION_SELECT} WHERE v.status = 'submitted' ORDER BY v.submitted_at, v.product_id`);
  },

  /** The live (published) version of every product: the in-memory index is built from these. */
  async live(q: Queryable): Promise<VersionRow[]> {
    return q.query<VersionRow>(`${VERSION_SELECT} WHERE v.version = p.live_version AND p.withdrawn_at IS NULL`);
  },

  async insertDemand(q: Queryable, d: { id: string; uscc: string; orgId: string; amountFen: string; termMonths: number; purpose: string; guarantees: string[]; urgency: string; by: string; at: Date }): Promise<void> {
    await q.query(`INSERT INTO marketplace_demands (id, uscc, enterprise_org_id, amount_fen, term_months, purpose, guarantees, urgency, status, created_by, created_at, updated_at)
      VALUES ($1, $2, $10, $3::bigint, $4, $5, $6, $7, 'open', $8, $9, $9)`, [d.id, d.uscc, d.amountFen, d.termMonths, d.purpose, d.guarantees, d.urgency, d.by, d.at, d.orgId]);
  },

  async updateDemand(q: Queryable, id: string, d: { amountFen: string; termMonths: number; purpose: string; guarantees: string[]; urgency: string; status: string; at: Date }): Promise<void> {
    await q.query(`UPDATE marketplace_demands SET amount_fen = $2::bigint, term_months = $3, purpose = $4, guarantees = $5, urgency = $6, status = $7, updated_at = $8
      WHERE id = $1`, [id, d.amountFen, d.termMonths, d.purpose, d.guarantees, d.urgency, d.status, d.at]);
  },

  async demand(q: Queryable, id: string): Promise<DemandRow | undefined> {
    const [row] = await q.query<DemandRow>(`${DEMAND_SELECT} WHERE id = $1`, [id]);
    return row;
  },

  async demandsOf(q: Queryable, uscc: string): Promise<DemandRow[]> {
    return q.query<DemandRow>(`${DEMAND_SELECT} WHERE uscc = $1 ORDER BY created_at DESC`, [uscc]);
  },

  /** Open demands in creation order after a keyset position (re-matching walks them in pages). */
  async openDemands(q: Queryable, after: string | null, limit: number, usccs?: readonly string[]): Promise<DemandRow[]> {
    return q.query<DemandRow>(`${DEMAND_SELECT} WHERE status = 'open' AND ($1::uuid IS NULL OR id > $1) AND ($3::text[] IS NULL OR uscc = ANY($3))
      ORDER BY id LIMIT $2`, [after, limit, usccs ?? null]);
  },

  /** Replaces a demand's matches; answers the products that were eligible before. */
  async replaceDemandMatches(q: Queryable, demandId: string, rows: Omit<MatchRow, 'demand_id'>[], at: Date): Promise<Set<string>> {
    const before = await q.query<{ product_id: string; eligible: boolean }>('DELETE FROM marketplace_matches WHERE demand_id = $1 RETURNING product_id, eligible', [demandId]);
    const was = new Set(before.filter((r) => r.eligible).map((r) => r.product_id));
    if (rows.length) await insertMatches(q, rows.map((r) => ({ ...r, demand_id: demandId })));
    await q.query('UPDATE marketplace_demands SET matched_at = $2 WHERE id = $1', [demandId, at]);
    return was;
  },

  /** Replaces a product's matches; answers the demands it was eligible for before. */
  async replaceProductMatches(q: Queryable, productId: string, rows: MatchRow[]): Promise<Set<string>> {
    const before = await q.query<{ demand_id: string; eligible: boolean }>('DELETE FROM marketplace_matches WHERE product_id = $1 RETURNING demand_id, eligible', [productId]);
    if (rows.length) await insertMatches(q, rows);
    return new Set(before.filter((r) => r.eligible).map((r) => r.demand_id));
  },

  /**
   * An in-app notification to every user of an organisation (the notifications table of the consent module, written
   * the same way the white-list does: consent exports no notifier).
   */
  async notify(q: Queryable, n: { id: string; orgId: string; kind: string; payload: Record<string, unknown>; at: Date }): Promise<void> {
    await q.query('INSERT INTO notifications (id, recipient_org_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)',
      [n.id, n.orgId, n.kind, JSON.stringify(n.payload), n.at]);
  },

  async matchesOfDemands(q: Queryable, demandIds: readonly string[]): Promise<MatchRow[]> {
    if (!demandIds.length) return [];
    return q.query<MatchRow>('SELECT * FROM marketplace_matches WHERE demand_id = ANY($1::uuid[]) ORDER BY eligible DESC, fit_bp DESC, product_id', [demandIds]);
  },

  /** An institution's work queue: eligible matches of open demands with its products, best fit first. */
  async queue(q: Queryable, orgId: string, limit: number, productId?: string): Promise<(MatchRow & { amount_fen: string; term_months: number; purpose: string; guarantees: string[]; urgency: string; demand_created_at: Date })[]> {
    return q.query(`SELECT m.*, d.amount_fen::text AS amount_fen, d.term_months, d.purpose, d.guarantees, d.urgency, d.created_at AS demand_created_at
      FROM marketplace_matches m JOIN marketplace_demands d ON d.id = m.demand_id
      WHERE m.institution_org_id = $1 AND m.eligible AND d.status = 'open' AND ($3::uuid IS NULL OR m.product_id = $3)
        -- a demand an institution has taken (接单, C9) leaves every work queue while that case is live
        AND NOT EXISTS (SELECT 1 FROM marketplace_applications a WHERE a.demand_id = d.id AND a.origin = 'take' AND a.status NOT IN ('declined', 'withdrawn'))
      ORDER BY m.fit_bp DESC, m.matched_at DESC, m.demand_id LIMIT $2`, [orgId, limit, productId ?? null]);
  },

  async watermark(q: Queryable, name: string): Promise<Date | null> {
    const [row] = await q.query<{ watermark: Date }>('SELECT watermark FROM marketplace_watermarks WHERE name = $1', [name]);
    return row?.watermark ?? null;
  },

  async setWatermark(q: Queryable, name: string, at: Date): Promise<void> {
    await q.query(`INSERT INTO marketplace_watermarks (name, watermark) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark`, [name, at]);
  },
};

async function insertMatches(q: Queryable, rows: MatchRow[]): Promise<void> {
  await q.query(`INSERT INTO marketplace_matches (demand_id, product_id, uscc, institution_org_id, product_version, eligible, fit_bp, reasons, matched_at)
    SELECT demand_id, product_id, uscc, institution_org_id, product_version, eligible, fit_bp, reasons, matched_at
    FROM jsonb_to_recordset($1::jsonb) AS x(demand_id uuid, product_id uuid, uscc text, institution_org_id uuid, product_version integer,
      eligible boolean, fit_bp integer, reasons jsonb, matched_at timestamptz)`, [JSON.stringify(rows)]);
}
