/**
 * C14 统计分析 — the statistics API as the portals consume it (shapes: src/modules/statistics/schemas.ts).
 * Counts are integers; fen amounts and other big sums decimal strings; shares and rates basis points; never a float.
 */
import { api } from './client.ts';

export const DIMENSIONS = ['region', 'industry', 'size', 'product', 'institution', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Label { zh: string; en: string }
export interface Figures {
  registered: number; authorised: number; demands: number; demandFen: string; applications: number; applicationFen: string;
  approvals: number; approvalFen: string; loans: number; loanFen: string; creditLoans: number; creditLoanFen: string; rateWeight: string;
  responses: number; responseSeconds: string; whitelisted: number; whitelistConverted: number; payouts: number; payoutFen: string;
}
export interface Derived {
  creditShareBp: number | null; creditCountShareBp: number | null; averageRateBp: number | null; approvalRateBp: number | null;
  averageResponseMinutes: number | null; whitelistConversionBp: number | null;
}
export interface Block { figures: Figures; derived: Derived }
export interface DashboardRow extends Block { key: string; label: Label; drillable: boolean }
export interface Quality { physicalItems: number; onTimeItems: number; averageCoverageBp: number | null; averageCompletenessBp: number | null; errorRateBp: number | null }
export interface Dashboard {
  node: { name: string; regionCode: string };
  scope: { code: string; name: string; level: string; parent: string | null };
  period: { from: string; to: string };
  dimension: Dimension;
  total: Block;
  rows: DashboardRow[];
  lowerNodes: { nodeId: string; nodeName: string; regionCode: string; months: string[] }[];
  quality: Quality;
  generatedAt: string;
}
export interface Headline { node: { name: string; regionName: string; regionCode: string }; year: number; period: { from: string; to: string }; total: Block; months: DashboardRow[] }

export type TargetStatus = 'met' | 'behind' | 'unknown' | 'unset';
export interface TargetProgress {
  metric: string; unit: 'bp' | 'count'; name: Label; external: Label | null;
  target: { value: number | null; origin: 'operator' | 'default' | 'inherited' | 'none'; fromYear: number | null; cite: string | null };
  externalTotalFen: string | null; actual: number | null; progressBp: number | null; status: TargetStatus;
}
export interface Targets { year: number; source: string; items: TargetProgress[] }

export interface DashboardQuery { dimension: Dimension; from: string; to: string; region?: string }

const qs = (q: DashboardQuery, extra: Record<string, string> = {}) =>
  new URLSearchParams({ dimension: q.dimension, from: q.from, to: q.to, ...(q.region ? { region: q.region } : {}), ...extra }).toString();

export const STATISTICS_PATHS = {
  dashboard: (q: DashboardQuery) => `/statistics/dashboard?${qs(q)}`,
  /** download links (the browser sends the session cookie) */
  exportCsv: (q: DashboardQuery, lang: string) => `/api/v1/statistics/export.csv?${qs(q, { lang })}`,
  exportXlsx: (q: DashboardQuery, lang: string) => `/api/v1/statistics/export.xlsx?${qs(q, { lang })}`,
  targets: (year: number) => `/statistics/targets?year=${year}`,
  headline: '/statistics/headline',
  headlineOf: (region: string) => `/statistics/headline?region=${encodeURIComponent(region)}`,
} as const;

export function setTarget(metric: string, year: number, body: { targetValue: number | null; externalTotalFen: string | null; note?: string }): Promise<TargetProgress> {
  return api<TargetProgress>(`/statistics/targets/${encodeURIComponent(metric)}/${year}`, { method: 'PUT', body });
}
