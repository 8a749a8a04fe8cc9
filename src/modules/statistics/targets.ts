/**
 * Targets (目标) and progress against them (C14). Defaults are data (src/data/statistics/targets-v1.json, from seed
 * 004's 行动目标); operators override per metric and year. A year without a target of its own inherits the latest
 * earlier one, marked as inherited, because a plan's last goal stands until the next plan.
 */
import { readFileSync } from 'node:fs';
import { growthBp, shareBp, type Figures } from './figures.ts';

export interface MetricInfo { unit: 'bp' | 'count'; zh: string; en: string; external?: { zh: string; en: string } }
interface TargetFile {
  version: string;
  source: string;
  metrics: Record<string, MetricInfo>;
  targets: { metric: string; year: number; value: number; cite: string }[];
}

const FILE = new URL('../../data/statistics/targets-v1.json', import.meta.url);
let cached: TargetFile | null = null;

export function targetConfig(): TargetFile {
  cached ??= JSON.parse(readFileSync(FILE, 'utf8')) as TargetFile;
  return cached;
}

export const METRICS = ['platform_credit_share', 'credit_loan_growth', 'loan_count_growth', 'loan_amount_growth', 'credit_loan_share', 'first_loan_enterprises'] as const;
export type Metric = (typeof METRICS)[number];

export interface StoredTarget { metric: string; year: number; target_value: string | null; external_total_fen: string | null; note: string; updated_by: string; updated_at: Date }

export interface EffectiveTarget {
  value: number | null;
  /** 'operator' (set for this year), 'default' (the file, this year), 'inherited' (an earlier year's), 'none' */
  origin: 'operator' | 'default' | 'inherited' | 'none';
  fromYear: number | null;
  cite: string | null;
}

/** The target in force for a metric in a year: the operator's, else the file's, else the latest earlier one. */
export function effectiveTarget(metric: string, year: number, stored: readonly StoredTarget[]): EffectiveTarget {
  const candidates: { year: number; value: number; origin: 'operator' | 'default'; cite: string | null }[] = [];
  for (const t of targetConfig().targets) if (t.metric === metric && t.year <= year) candidates.push({ year: t.year, value: t.value, origin: 'default', cite: t.cite });
  // an operator's row wins over the file's for the same year; a row without a value clears that year's target
  for (const s of stored) {
    if (s.metric !== metric || s.year > year) continue;
    const i = candidates.findIndex((c) => c.year === s.year);
    if (i >= 0) candidates.splice(i, 1);
    if (s.target_value !== null) candidates.push({ year: s.year, value: Number(s.target_value), origin: 'operator', cite: s.note || null });
  }
  if (!candidates.length) return { value: null, origin: 'none', fromYear: null, cite: null };
  const best = candidates.reduce((a, b) => (b.year > a.year ? b : a));
  return { value: best.value, origin: best.year === year ? best.origin : 'inherited', fromYear: best.year, cite: best.cite };
}

export interface YearFigures {
  year: Figures;
  previousYear: Figures;
  /** enterprises whose first platform loan was disbursed in the year */
  firstLoanEnterprises: number;
}

/** The actual value of a metric from the year's figures (bp or a count); null when it cannot be computed yet. */
export function actualOf(metric: Metric, f: YearFigures, externalTotalFen: bigint | null): number | null {
  switch (metric) {
    case 'platform_credit_share': return externalTotalFen === null ? null : shareBp(f.year.creditLoanFen, externalTotalFen);
    case 'credit_loan_growth': return growthBp(f.year.creditLoanFen, f.previousYear.creditLoanFen);
    case 'loan_count_growth': return growthBp(f.year.loans, f.previousYear.loans);
    case 'loan_amount_growth': return growthBp(f.year.loanFen, f.previousYear.loanFen);
    case 'credit_loan_share': return shareBp(f.year.creditLoanFen, f.year.loanFen);
    case 'first_loan_enterprises': return f.firstLoanEnterprises;
  }
}

export type TargetStatus = 'met' | 'behind' | 'unknown' | 'unset';

/** Progress as actual ÷ target in bp (a growth target counts growth, not the level). */
export function progressOf(actual: number | null, target: number | null): { progressBp: number | null; status: TargetStatus } {
  if (target === null) return { progressBp: null, status: 'unset' };
  if (actual === null) return { progressBp: null, status: 'unknown' };
  if (target <= 0) return { progressBp: null, status: actual >= target ? 'met' : 'behind' };
  return { progressBp: Math.max(0, shareBp(actual < 0 ? 0 : actual, target) ?? 0), status: actual >= target ? 'met' : 'behind' };
}
