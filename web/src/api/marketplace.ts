/**
 * C8 产品池 / 智能匹配 — the marketplace API as the portals consume it (shapes: src/modules/marketplace/schemas.ts).
 * Money is integer fen as a decimal string, rates are basis points; the portals never turn either into a float.
 */
import { api } from './client.ts';
import { postJson } from './problem-request.ts';

export interface Coded { code: string; zh: string; en: string }

export interface MarketplaceOptions {
  productTypes: (Coded & { guarantees: string[] })[];
  programmes: (Coded & { tags: string[]; section: string | null })[];
  sections: Coded[];
  repaymentModes: Coded[];
  guarantees: Coded[];
  urgencies: Coded[];
  ruleKinds: string[];
  profileTags: Coded[];
  features: string[];
  grades: string[];
  sizeClasses: string[];
  entityTypes: string[];
  weights: Record<string, number>;
}

/** An eligibility rule (src/modules/marketplace/eligibility.ts). */
export type ProductRule = { rule: string } & Record<string, unknown>;

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
  rules: ProductRule[];
  requiredAuthorisations: string[];
  requiredMaterials: string[];
  description: string;
}

export interface Product extends ProductFields {
  id: string;
  version: number;
  institution: { id: string; name: string | null };
  section: string | null;
  publishedAt?: string | null;
}

export interface ProductVersion extends Product {
  status: 'draft' | 'submitted' | 'published' | 'rejected' | 'superseded' | 'withdrawn';
  liveVersion: number | null;
  createdBy: string;
  createdAt: string;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewReason: string | null;
}

export interface RuleOutcome { rule: string; kind: string; held: boolean; zh: string; en: string }
export interface FitReason { criterion: string; points: number; max: number; zh: string; en: string }

export interface MatchView {
  product: { id: string; version: number; name: string; institution: { id: string; name: string | null }; productType: string; programme: string; amountMinFen: string; amountMaxFen: string; rateMinBp: number; rateMaxBp: number };
  eligible: boolean;
  fitBp: number;
  rules: RuleOutcome[];
  fit: FitReason[];
}

export interface Demand {
  id: string;
  uscc: string;
  amountFen: string;
  termMonths: number;
  purpose: string;
  guarantees: string[];
  urgency: string;
  status: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
  matchedAt: string | null;
}

export interface DemandInput { amountFen: string; termMonths: number; purpose: string; guarantees: string[]; urgency: string; status?: 'open' | 'closed' }

export interface Inbox {
  demands: { demand: Demand; recommended: MatchView[]; nearMisses: MatchView[] }[];
  profile: { evaluated: boolean; recommended: MatchView[]; nearMisses: MatchView[] };
}

export interface QueueItem {
  demand: { id: string; uscc: string; enterpriseName: string | null; amountFen: string; termMonths: number; purpose: string; guarantees: string[]; urgency: string; createdAt: string };
  product: { id: string; version: number; name: string | null };
  fitBp: number;
  rules: RuleOutcome[];
  fit: FitReason[];
}

export interface CandidateItem {
  enterprise: { uscc: string; name: string; regionCode: string; industryCode: string; sizeClass: string; grade: string | null };
  fitBp: number;
  rules: RuleOutcome[];
  fit: FitReason[];
}

export interface ReviewItem { version: ProductVersion; diff: { field: string; before: unknown; after: unknown }[] }

export const MARKETPLACE_PATHS = {
  options: '/marketplace/options',
  products: (query: string) => `/marketplace/products${query ? `?${query}` : ''}`,
  myProducts: '/marketplace/my/products',
  versions: (id: string) => `/marketplace/my/products/${id}/versions`,
  review: '/marketplace/review',
  queue: '/marketplace/queue',
  candidates: (productId: string) => `/marketplace/queue/enterprises?productId=${productId}&limit=50`,
  myDemands: '/marketplace/my/demands',
  inbox: '/marketplace/inbox',
};

export const createProduct = (f: ProductFields) => postJson<ProductVersion>('/marketplace/my/products', f);
export const updateProduct = (id: string, f: ProductFields) => api<ProductVersion>(`/marketplace/my/products/${id}`, { method: 'PUT', body: f });
export const submitProduct = (id: string) => postJson<ProductVersion>(`/marketplace/my/products/${id}/submit`, {});
export const withdrawProduct = (id: string) => postJson<ProductVersion>(`/marketplace/my/products/${id}/withdraw`, {});
export const reviewProduct = (id: string, version: number, decision: 'approve' | 'reject', reason?: string) =>
  postJson<ProductVersion>(`/marketplace/review/${id}`, { version, decision, reason });
export const createDemand = (d: DemandInput) => postJson<Demand>('/marketplace/my/demands', d);
export const updateDemand = (id: string, d: DemandInput) => api<Demand>(`/marketplace/my/demands/${id}`, { method: 'PUT', body: d });
