/**
 * C6 信用评价 — the evaluation API as the portals consume it. The server scores, grades and tags; the portals only
 * show what it answers (shapes: src/modules/evaluation/schemas.ts).
 */
import { query } from './client.ts';
import { postJson } from './problem-request.ts';

/** Text in both languages, as the server renders reasons, tags and model wording. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface DimensionScore extends Bilingual {
  code: string;
  /** 0–100 */
  score: number;
  weight: number;
}

export interface EvaluationReason extends Bilingual {
  code: string;
  direction: 'up' | 'down';
  /** points on the model scale the factor added (up) or took away (down); 0 for grade caps */
  points: number;
}

export interface ProfileTag extends Bilingual {
  tag: string;
}

export interface EnterpriseEvaluation {
  uscc: string;
  score: number;
  grade: string;
  modelVersion: number;
  computedAt: string;
  dimensions: DimensionScore[];
  reasons: EvaluationReason[];
  tags: ProfileTag[];
}

export interface EvaluationHistoryEntry {
  score: number;
  grade: string;
  modelVersion: number;
  computedAt: string;
  dimensions: DimensionScore[];
  reasons: EvaluationReason[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TagSearchHit {
  uscc: string;
  name: string;
  regionCode: string;
  score: number;
  grade: string;
  modelVersion: number;
  computedAt: string;
  tags: string[];
}

export interface ModelOutcome extends Bilingual {
  code: string;
  points: number;
}

export type ModelRule =
  | { type: 'bands'; bands: (ModelOutcome & { below?: number })[]; missing: ModelOutcome }
  | { type: 'flag'; yes: ModelOutcome; no: ModelOutcome; missing: ModelOutcome }
  | { type: 'category'; values: Record<string, ModelOutcome>; other: ModelOutcome; missing: ModelOutcome };

export interface ModelIndicator extends Bilingual {
  code: string;
  feature: string;
  weight: number;
  neutral?: number;
  rule: ModelRule;
}

export interface ModelDimension extends Bilingual {
  code: string;
  weight: number;
  indicators: ModelIndicator[];
}

export interface ModelGrade extends Bilingual {
  grade: 'A' | 'B' | 'C' | 'D';
  min: number;
  plusFrom?: number;
  minusBelow?: number;
}

export interface ModelDefinition {
  name: Bilingual;
  description?: Bilingual;
  scale: number;
  dimensions: ModelDimension[];
  grades: ModelGrade[];
  caps: (Bilingual & { code: string; feature: string; above?: number; in?: string[]; maxGrade: string })[];
  reasons: { up: number; down: number };
}

export interface EvaluationModel {
  version: number;
  active: boolean;
  createdBy: string;
  createdAt: string;
  definition: ModelDefinition;
}

export interface EvaluationRun {
  id: string;
  trigger: string;
  status: 'running' | 'completed' | 'failed';
  modelVersion: number | null;
  total: number;
  done: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface TagFilter {
  tag?: string;
  region?: string;
  grade?: string;
}

/** Profile tags without a parameter; `size:`, `type:`, `industry:` and `region:` tags carry one. */
export const PROFILE_TAGS = [
  'high_tech', 'rd_support', 'specialised_new', 'patent_holder', 'green', 'env_risk', 'agricultural', 'gov_procurement_supplier',
  'tax_good', 'tax_risk', 'utility_stable', 'utility_arrears', 'housing_fund_continuous', 'foreign_trade', 'honoured',
  'commitment_signed', 'court_enforcement', 'dishonest_debtor', 'serious_dishonesty', 'admin_penalty', 'startup', 'established',
] as const;
export const GRADE_FILTERS = ['A', 'B', 'C', 'D'] as const;

export const EVALUATION_PATHS = {
  enterprise: (uscc: string) => `/evaluation/enterprises/${encodeURIComponent(uscc)}`,
  history: (uscc: string, limit = 20) => `/evaluation/enterprises/${encodeURIComponent(uscc)}/history${query({ limit })}`,
  tags: (filter: TagFilter, cursor?: string | null, limit = 20) =>
    `/evaluation/tags${query({ tag: filter.tag, region: filter.region, grade: filter.grade, cursor: cursor ?? undefined, limit })}`,
  models: '/evaluation/models',
  runs: '/evaluation/runs?limit=10',
  run: (id: string) => `/evaluation/runs/${encodeURIComponent(id)}`,
} as const;

/** op_admin starts a full-coverage evaluation; the server answers 202 with the run to poll. */
export function startEvaluationRun(): Promise<EvaluationRun> {
  return postJson<EvaluationRun>('/evaluation/runs', {});
}
