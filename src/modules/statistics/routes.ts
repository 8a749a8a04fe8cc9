import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { forbidden, requirePrincipal, type Principal } from '../../platform/http/index.ts';
import { dashboardTable, toCsv } from './csv.ts';
import { monthOf } from './period.ts';
import type { Dimension } from './rollup.ts';
import {
  DashboardQuery, DashboardReply, ExportQuery, HeadlineQuery, HeadlineReply, LowerNodesReply, MonthlyReportSchema, MonthParams, TargetBody, TargetParams, TargetSchema,
  TargetsReply, YearQuery,
} from './schemas.ts';
import type { StatisticsService } from './service.ts';
import { toXlsx } from './xlsx.ts';

export interface StatisticsRouteOptions {
  statistics: StatisticsService;
  clock?: () => number;
  /**
   * A district operator's region (SPEC C15: a city node serves its counties as district editions, their operators
   * scoped to their region): the region of the caller's organisation when it lies below the node's, else null.
   */
  homeRegion?: (p: Principal) => Promise<string | null>;
}

const TAGS = ['statistics'];
const OP_ADMIN = ['op_admin'] as const;

/** C14 统计分析 under /api/v1/statistics: operator dashboards and exports, targets, the monthly report, and the public headline. */
export const statisticsRoutes: FastifyPluginAsync<StatisticsRouteOptions> = async (app, opts) => {
  const { statistics } = opts;
  const clock = opts.clock ?? Date.now;
  const homeOf = async (p: Principal | null) => (p && opts.homeRegion ? (await opts.homeRegion(p)) ?? undefined : undefined);

  /** Defaults: by region, this year so far (China time), from the reader's own region. */
  const query = async (q: Static<typeof DashboardQuery>, p: Principal | null) => {
    const now = monthOf(clock());
    return { dimension: (q.dimension ?? 'region') as Dimension, fromMonth: q.from ?? `${now.slice(0, 4)}-01`, toMonth: q.to ?? now, region: q.region, home: await homeOf(p) };
  };
  /** Targets, the monthly report and lower nodes are the node's own business, not a district edition's. */
  const nodeLevel = async (p: Principal | null) => {
    if (await homeOf(p)) throw forbidden('STATISTICS_NODE_LEVEL', { zh: '区县运营账号只能查看本辖区的统计，目标与上报由本节点运营方管理', en: "A district operator sees its own region's statistics; targets and reporting belong to the node's operator" });
  };

  app.get('/statistics/dashboard', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: "Figures of the node's region by region (drill-down), industry, size, product, institution or month, lower nodes' reports included", querystring: DashboardQuery, response: { 200: DashboardReply } },
  }, async (request) => statistics.dashboard(await query(request.query as Static<typeof DashboardQuery>, request.principal)));

  app.get('/statistics/export.csv', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'The dashboard table as CSV (UTF-8 with BOM, opens in Excel/WPS)', querystring: ExportQuery },
  }, async (request, reply) => {
    const q = request.query as Static<typeof ExportQuery>;
    const d = await statistics.dashboard(await query(q, request.principal));
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="statistics-${d.dimension}-${d.scope.code}-${d.period.from}-${d.period.to}.csv"`);
    return reply.send(toCsv(dashboardTable(d, q.lang === 'en' ? 'en' : 'zh')));
  });

  app.get('/statistics/export.xlsx', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'The dashboard table as an Excel workbook (XLSX)', querystring: ExportQuery },
  }, async (request, reply) => {
    const q = request.query as Static<typeof ExportQuery>;
    const d = await statistics.dashboard(await query(q, request.principal));
    const lang = q.lang === 'en' ? 'en' : 'zh';
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="statistics-${d.dimension}-${d.scope.code}-${d.period.from}-${d.period.to}.xlsx"`);
    return reply.send(toXlsx(lang === 'zh' ? '统计分析' : 'Statistics', dashboardTable(d, lang)));
  });

  app.get('/statistics/targets', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Targets of a year (seed 004 defaults or the operator\'s) with the actual figures and progress', querystring: YearQuery, response: { 200: TargetsReply } },
  }, async (request) => {
    await nodeLevel(request.principal);
    return statistics.targets((request.query as Static<typeof YearQuery>).year ?? Number(monthOf(clock()).slice(0, 4)));
  });

  app.put('/statistics/targets/:metric/:year', {
    config: { access: { roles: OP_ADMIN } },
    schema: { tags: TAGS, summary: "Set a metric's target of a year, and the outside total a share needs", params: TargetParams, body: TargetBody, response: { 200: TargetSchema } },
  }, async (request) => {
    await nodeLevel(request.principal);
    const p = request.params as Static<typeof TargetParams>;
    const b = request.body as Static<typeof TargetBody>;
    return statistics.setTarget(requirePrincipal(request), p.metric, p.year, { targetValue: b.targetValue, externalTotalFen: b.externalTotalFen, note: b.note });
  });

  app.get('/statistics/monthly-report/:month', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'The monthly statistics document this node reports upward (xinrong.monthly-statistics/v1)', params: MonthParams, response: { 200: MonthlyReportSchema } },
  }, async (request) => {
    await nodeLevel(request.principal);
    return statistics.monthlyReport((request.params as Static<typeof MonthParams>).month);
  });

  app.get('/statistics/lower-nodes', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: TAGS, summary: 'Lower nodes that reported monthly statistics, with their latest month', response: { 200: LowerNodesReply } },
  }, async (request) => {
    await nodeLevel(request.principal);
    return { items: await statistics.lowerNodes() };
  });

  app.get('/statistics/headline', {
    config: { access: 'public' },
    schema: { tags: TAGS, summary: "This year's headline figures for the public home page, or a district edition's (aggregates only)", querystring: HeadlineQuery, response: { 200: HeadlineReply } },
  }, async (request) => statistics.headline((request.query as Static<typeof HeadlineQuery>).region));
};
