/**
 * The monthly statistics document a node reports to its upper node (C14 → C15), format
 * `xinrong.monthly-statistics/v1`. Counts are integers, fen amounts and other big sums decimal strings. Figures are
 * given per GB/T 2260 region code of the enterprises (county level as registered) and per dimension, all additive,
 * so the upper node adds them to its own groups without double counting. 湘发改财信规〔2022〕615号 四(二) asks
 * progress to be reported monthly (按月通报重点工作进展情况); this document is what travels.
 */
import { badRequest } from '../../platform/http/index.ts';
import { codes } from '../entities/index.ts';
import { figuresFromJson, type Figures, type FiguresJson } from './figures.ts';
import { isMonth } from './period.ts';

export const MONTHLY_REPORT_FORMAT = 'xinrong.monthly-statistics/v1';

export interface ReportRow { key: string; label: string; figures: FiguresJson }

export interface QualitySummary {
  /** catalog items physically aggregated, and how many of them arrived within their update frequency */
  physicalItems: number;
  onTimeItems: number;
  /** mean over physical items, bp (null when none measured) */
  averageCoverageBp: number | null;
  averageCompletenessBp: number | null;
  /** quarantined rows ÷ received rows over the error window, bp */
  errorRateBp: number | null;
}

export interface MonthlyReport {
  format: typeof MONTHLY_REPORT_FORMAT;
  node: { name: string; tier: string; regionCode: string; regionName: string };
  month: string;
  generatedAt: string;
  total: FiguresJson;
  byRegion: ReportRow[];
  byIndustry: ReportRow[];
  bySize: ReportRow[];
  byProduct: ReportRow[];
  byInstitution: ReportRow[];
  quality: QualitySummary;
}

export interface ParsedReport {
  month: string;
  total: Figures;
  byRegion: { key: string; label: string; figures: Figures }[];
  byIndustry: { key: string; label: string; figures: Figures }[];
  bySize: { key: string; label: string; figures: Figures }[];
  byProduct: { key: string; label: string; figures: Figures }[];
  byInstitution: { key: string; label: string; figures: Figures }[];
}

const invalid = (why: string) => badRequest('STATISTICS_REPORT_INVALID', { zh: `下级节点统计报告格式不正确：${why}`, en: `The lower node's statistics report is malformed: ${why}` });

function rows(v: unknown, what: string): ParsedReport['byRegion'] {
  if (!Array.isArray(v)) throw invalid(`${what} 应为数组 / ${what} must be an array`);
  return v.map((r: unknown) => {
    const o = r as { key?: unknown; label?: unknown; figures?: unknown };
    if (typeof o?.key !== 'string' || o.key.length === 0 || o.key.length > 64 || typeof o.figures !== 'object' || o.figures === null) {
      throw invalid(`${what} 的条目缺少 key 或 figures / an entry of ${what} lacks key or figures`);
    }
    try {
      return { key: o.key, label: typeof o.label === 'string' ? o.label.slice(0, 200) : o.key, figures: figuresFromJson(o.figures as Record<string, unknown>) };
    } catch (err) {
      throw invalid(`${what}/${o.key}: ${(err as Error).message}`);
    }
  });
}

/**
 * Checks a lower node's report: the format, the month, and that every region it reports lies in the lower node's
 * own region (a city cannot report another city's figures).
 */
export function parseLowerReport(report: unknown, expect: { month: string; regionCode: string }): ParsedReport {
  const r = report as Partial<MonthlyReport> | null;
  if (typeof r !== 'object' || r === null || r.format !== MONTHLY_REPORT_FORMAT) throw invalid(`format 应为 ${MONTHLY_REPORT_FORMAT} / format must be ${MONTHLY_REPORT_FORMAT}`);
  if (!isMonth(expect.month) || r.month !== expect.month) throw invalid('报告月份与申报月份不一致 / the report month differs from the month given');
  const prefix = codes.regionSubtreePrefix(expect.regionCode);
  if (!prefix) throw invalid(`未知行政区划 ${expect.regionCode} / unknown region ${expect.regionCode}`);
  const byRegion = rows(r.byRegion, 'byRegion');
  for (const row of byRegion) {
    if (!/^\d{6}$/.test(row.key) || !row.key.startsWith(prefix)) throw invalid(`区划 ${row.key} 不在 ${expect.regionCode} 之内 / region ${row.key} lies outside ${expect.regionCode}`);
  }
  let total: Figures;
  try {
    total = figuresFromJson((r.total ?? {}) as Record<string, unknown>);
  } catch (err) {
    throw invalid(`total: ${(err as Error).message}`);
  }
  return {
    month: expect.month, total, byRegion,
    byIndustry: rows(r.byIndustry ?? [], 'byIndustry'), bySize: rows(r.bySize ?? [], 'bySize'),
    byProduct: rows(r.byProduct ?? [], 'byProduct'), byInstitution: rows(r.byInstitution ?? [], 'byInstitution'),
  };
}
