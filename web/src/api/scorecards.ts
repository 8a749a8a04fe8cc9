/**
 * C6 评分卡 — loans and outcomes fed back by institutions, training jobs, the model registry and model cards, as
 * the portals consume them (shapes: src/modules/scorecards/schemas.ts). The server trains and scores; the portals
 * only show what it answers.
 */
import { api } from './client.ts';
import { postJson } from './problem-request.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export type LoanOutcome = 'performing' | 'repaid' | 'defaulted';
export type ModelStatus = 'challenger' | 'champion' | 'retired';

export interface Loan {
  institutionOrgId: string;
  loanRef: string;
  uscc: string;
  disbursedOn: string;
  /** integer fen as a digit string */
  amountFen: string;
  termMonths: number;
  reportedAt: string;
  featuresComputedAt: string;
  outcome: LoanOutcome | null;
  outcomeOn: string | null;
  outcomeReportedAt: string | null;
}

export interface LoanPage {
  items: Loan[];
  nextCursor: string | null;
  counts: { total: number; performing: number; repaid: number; defaulted: number; none: number };
}

export interface LoanReport {
  loanRef: string;
  uscc?: string;
  disbursedOn?: string;
  amountFen?: string;
  termMonths?: number;
  outcome?: LoanOutcome | null;
  outcomeOn?: string | null;
}

export interface ReportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  items: { loanRef: string; result: 'created' | 'updated' | 'unchanged' | 'rejected'; code?: string; zh?: string; en?: string }[];
}

export interface Population {
  good: number;
  bad: number;
  indeterminate: number;
  lateSnapshot: number;
  from: string | null;
  to: string | null;
  institutions: number;
}

export interface PopulationReply {
  population: Population;
  defaults: { minBads: number; minGoods: number; windowMonths: number; maxSnapshotLagDays: number; folds: number };
}

export interface TrainingJob {
  id: string;
  status: 'running' | 'completed' | 'failed';
  stage: string;
  progress: number;
  population: Population;
  modelVersion: number | null;
  errorCode: string | null;
  error: Bilingual | null;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface TrainingRequest {
  windowMonths?: number;
  maxSnapshotLagDays?: number;
  repaidNeedsWindow?: boolean;
  minBads?: number;
  minGoods?: number;
  folds?: number;
  baseScore?: number;
  baseOdds?: number;
  pdo?: number;
}

export interface ModelSummary {
  version: number;
  status: ModelStatus;
  jobId: string;
  population: Population;
  characteristics: number;
  trainAuc: number;
  trainKs: number;
  trainGini: number;
  cvAuc: number | null;
  cvKs: number | null;
  psi: number | null;
  createdBy: string;
  createdAt: string;
  statusChangedAt: string;
}

export interface CardBin {
  label: string;
  count: number;
  bads: number;
  woe: number;
  points: number;
}

export interface ModelCard {
  version: number;
  status: ModelStatus;
  createdAt: string;
  createdBy: string;
  purpose: Bilingual;
  data: Population & { badRate: number; badDefinition: Bilingual };
  variables: { name: string; label: Bilingual; kind: string; iv: number; strength: Bilingual; coefficient: number; missingRate: number; bins: CardBin[] }[];
  dropped: { name: string; label: Bilingual; reason: Bilingual; detail: string }[];
  performance: {
    train: { auc: number; ks: number; gini: number };
    crossValidation: { folds: number; repeats: number; seed: string; gini: number; auc: { mean: number; sd: number }; ks: { mean: number; sd: number } } | null;
  };
  scaling: { baseScore: number; baseOdds: number; pdo: number; factor: number; offset: number };
  stability: { at: string; enterprises: number; psi: number; csi: { characteristic: string; csi: number }[] } | null;
  limitations: Bilingual[];
  approvals: { action: string; actor: string; note: string | null; at: string }[];
  markdown: string;
}

export const SCORECARD_PATHS = {
  loans: '/scorecards/loans',
  population: '/scorecards/population',
  jobs: '/scorecards/training',
  models: '/scorecards/models',
  card: (version: number) => `/scorecards/models/${version}/card`,
};

export const reportLoans = (loans: LoanReport[]) => postJson<ReportResult>('/scorecards/loans', { loans });
export const uploadLoansCsv = (csv: string) => postJson<ReportResult>('/scorecards/loans/csv', { csv });
export const startTraining = (body: TrainingRequest) => postJson<TrainingJob>('/scorecards/training', body);
export const promoteModel = (version: number, note?: string) => postJson<{ items: ModelSummary[] }>(`/scorecards/models/${version}/promote`, note ? { note } : {});
export const retireModel = (version: number, note?: string) => postJson<{ items: ModelSummary[] }>(`/scorecards/models/${version}/retire`, note ? { note } : {});
export const loadLoans = (cursor: string | null) => api<LoanPage>(`/scorecards/loans${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);

/** Integer fen (digit string) as a yuan decimal string, by string operations only: never a float. */
export function fenToYuan(fen: string): string {
  const padded = fen.padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

/** A yuan amount typed by a person ("12.5", "1,000") as integer fen, or null when it is not one. */
export function yuanToFen(input: string): string | null {
  const text = input.replace(/[,，\s]/g, '');
  const m = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(text);
  if (m === null) return null;
  const fen = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return fen === '0' ? null : fen;
}

export interface ModelScore {
  version: number;
  status: 'champion' | 'challenger';
  score: number;
  probabilityOfBad: number;
  points: { characteristic: string; label: Bilingual; bin: string; points: number }[];
  reasons: { characteristic: string; bin: string; pointsLost: number; zh: string; en: string }[];
}

export interface ShadowScore {
  uscc: string;
  featuresComputedAt: string;
  champion: ModelScore | null;
  challengers: ModelScore[];
}

export const loadShadowScore = (uscc: string) => api<ShadowScore>(`/scorecards/score/${encodeURIComponent(uscc)}`);
export const recomputeStability = (version: number) => postJson<{ psi: number }>(`/scorecards/models/${version}/monitoring`, {});
