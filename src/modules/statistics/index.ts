/** C14 统计分析 / 上报 (statistics and reporting): what the server and the federation module (C15) may use. */
export { createStatisticsService, summariseQuality } from './service.ts';
export type { StatisticsService, StatisticsOptions, Dashboard, DashboardRow, TargetProgress } from './service.ts';
export type { StatisticsSources } from './sources.ts';
export { statisticsRoutes } from './routes.ts';
export type { StatisticsRouteOptions } from './routes.ts';
export { MONTHLY_REPORT_FORMAT, parseLowerReport } from './report.ts';
export type { MonthlyReport, ReportRow, QualitySummary } from './report.ts';
export type { Figures, FiguresJson, Derived } from './figures.ts';
export { DIMENSIONS } from './rollup.ts';
export type { Dimension } from './rollup.ts';
