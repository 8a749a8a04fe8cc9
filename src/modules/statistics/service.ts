/**
 * C14 统计分析 / 上报: dashboards by region (drill-down province → city → county), industry, size, product,
 * institution and month; targets and progress; the monthly report sent to the upper node and the reports received
 * from lower nodes, which this node's dashboards include for their regions.
 */
import type { Db } from '../../platform/db/index.ts';
import { badRequest, forbidden, type Principal } from '../../platform/http/index.ts';
import { actorOf, type AuditSink } from '../audit/index.ts';
import { codes } from '../entities/index.ts';
import { addFigures, derive, figuresToJson, type Derived, type Figures, type FiguresJson } from './figures.ts';
import { regionLabel, staticLabel, type Label } from './labels.ts';
import { monthOf, periodOf, type Period } from './period.ts';
import { MONTHLY_REPORT_FORMAT, parseLowerReport, type MonthlyReport, type ParsedReport, type QualitySummary } from './report.ts';
import { drillChild, Group, groupFacts, inScope, totalOf, type Dimension, type EnterpriseAttrs, type Fact } from './rollup.ts';
import { gatherFacts, type QualityItem, type StatisticsSources } from './sources.ts';
import { statisticsStore } from './store.ts';
import { actualOf, effectiveTarget, METRICS, progressOf, targetConfig, type EffectiveTarget, type Metric, type TargetStatus } from './targets.ts';

export interface StatisticsOptions {
  db: Db;
  clock?: () => number;
  audit?: AuditSink;
  node: { name: string; tier: string; regionCode: string };
  sources: StatisticsSources;
}

export interface DashboardRow { key: string; label: Label; drillable: boolean; figures: FiguresJson; derived: Derived }
export interface Dashboard {
  node: { name: string; regionCode: string };
  scope: { code: string; name: string; level: string; parent: string | null };
  period: { from: string; to: string };
  dimension: Dimension;
  total: { figures: FiguresJson; derived: Derived };
  rows: DashboardRow[];
  lowerNodes: { nodeId: string; nodeName: string; regionCode: string; months: string[] }[];
  quality: QualitySummary;
  generatedAt: string;
}

export interface TargetProgress {
  metric: Metric; unit: 'bp' | 'count'; name: Label; external: Label | null; target: EffectiveTarget; externalTotalFen: string | null;
  actual: number | null; progressBp: number | null; status: TargetStatus;
}

export interface StatisticsService {
  monthlyReport(month: string): Promise<MonthlyReport>;
  recordLowerNodeReport(r: { nodeId: string; nodeName: string; regionCode: string; month: string; report: MonthlyReport }): Promise<{ replaced: boolean }>;
  /** `home`: the reader's own region (a district operator's) — the scope cannot rise above it */
  dashboard(q: { dimension: Dimension; fromMonth: string; toMonth: string; region?: string; home?: string }): Promise<Dashboard>;
  headline(region?: string): Promise<{ node: { name: string; regionName: string; regionCode: string }; year: number; period: { from: string; to: string }; total: { figures: FiguresJson; derived: Derived }; months: DashboardRow[] }>;
  targets(year: number): Promise<{ year: number; source: string; items: TargetProgress[] }>;
  setTarget(p: Principal, metric: string, year: number, input: { targetValue: number | null; externalTotalFen: string | null; note?: string }): Promise<TargetProgress>;
  lowerNodes(): Promise<{ nodeId: string; nodeName: string; regionCode: string; months: number; lastMonth: string; lastReceivedAt: string }[]>;
}

/** Averages of the aggregation module's per-item indicators over the physically aggregated items. */
export function summariseQuality(items: QualityItem[]): QualitySummary {
  const physical = items.filter((i) => i.sharingMode === 'physical');
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.round(v.reduce((a, b) => a + b, 0) / v.length) : null;
  };
  const received = physical.reduce((n, i) => n + i.errors.rowsReceived, 0);
  const quarantined = physical.reduce((n, i) => n + i.errors.rowsQuarantined, 0);
  return {
    physicalItems: physical.length, onTimeItems: physical.filter((i) => i.timeliness.status === 'on_time').length,
    averageCoverageBp: mean(physical.map((i) => i.coverageBp)), averageCompletenessBp: mean(physical.map((i) => i.completeness.allBp)),
    errorRateBp: received > 0 ? Math.round((quarantined * 10_000) / received) : null,
  };
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badRequest('STATISTICS_YEAR_INVALID', { zh: '年份须在 2000–2100 之间', en: 'The year must be between 2000 and 2100' });
}

type LowerReport = ParsedReport & { nodeId: string; nodeName: string; regionCode: string };

const HEADLINE_TTL_MS = 60_000;

const shape = (f: Figures) => ({ figures: figuresToJson(f), derived: derive(f) });

export function createStatisticsService(opts: StatisticsOptions): StatisticsService {
  const { db, node, sources } = opts;
  const clock = opts.clock ?? Date.now;
  const store = statisticsStore(db);
  // per region (the node's own and each district edition's home page)
  const headlineCache = new Map<string, { at: number; value: Awaited<ReturnType<StatisticsService['headline']>> }>();

  function assertScope(region: string | undefined): string {
    const scope = region ?? node.regionCode;
    if (!codes.regionByCode(scope)) throw badRequest('REGION_UNKNOWN', { zh: `行政区划代码 ${scope} 不存在`, en: `Unknown region code ${scope}` });
    if (!inScope(node.regionCode, scope)) {
      throw forbidden('STATISTICS_REGION_OUTSIDE', { zh: `${scope} 不在本节点（${node.regionCode}）的辖区内`, en: `${scope} lies outside this node's region ${node.regionCode}` });
    }
    return scope;
  }

  async function ownFacts(p: Period, scope: string): Promise<{ facts: Fact[]; attrs: Map<string, EnterpriseAttrs> }> {
    const { facts, attrs } = await gatherFacts(sources, p);
    return { facts: facts.filter((f) => inScope(scope, attrs.get(f.uscc)!.regionCode)), attrs };
  }

  async function lowerOf(p: Period): Promise<LowerReport[]> {
    return (await store.lowerReports(p.fromMonth, p.toMonth)).map((r) => ({
      ...parseLowerReport(r.report, { month: r.month, regionCode: r.region_code }), nodeId: r.node_id, nodeName: r.node_name, regionCode: r.region_code,
    }));
  }

  /** Own and lower-node figures of a period in a scope, total only. */
  async function totalIn(p: Period, scope: string): Promise<Figures> {
    const total = totalOf((await ownFacts(p, scope)).facts).result();
    for (const l of await lowerOf(p)) for (const r of l.byRegion) if (inScope(scope, r.key)) addFigures(total, r.figures);
    return total;
  }

  async function dashboard(q: { dimension: Dimension; fromMonth: string; toMonth: string; region?: string; home?: string }): Promise<Dashboard> {
    const scope = assertScope(q.region ?? q.home);
    if (q.home !== undefined && !inScope(q.home, scope)) {
      const home = codes.regionByCode(q.home)?.fullName ?? q.home;
      throw forbidden('STATISTICS_REGION_OUTSIDE', { zh: `您的账号只能查看${home}的统计`, en: `Your account sees the statistics of ${q.home} only` });
    }
    const period = periodOf(q.fromMonth, q.toMonth);
    const { facts, attrs } = await ownFacts(period, scope);
    const groups = groupFacts(facts, attrs, q.dimension, scope);
    const total = totalOf(facts);
    const group = (key: string) => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = new Group()));
      return g;
    };
    const scopeRegion = codes.regionByCode(scope)!;
    // every child region shows, with zeros where nothing happened, so the chart's axis is the whole region
    if (q.dimension === 'region') for (const c of scopeRegion.level === 'county' ? [scopeRegion] : codes.childrenOf(scope)) group(c.code);

    const lower = await lowerOf(period);
    const lowerNodes = new Map<string, { nodeId: string; nodeName: string; regionCode: string; months: string[] }>();
    for (const l of lower) {
      const inRegion = l.byRegion.filter((r) => inScope(scope, r.key));
      if (!inRegion.length && !inScope(scope, l.regionCode)) continue;
      const seen = lowerNodes.get(l.nodeId) ?? { nodeId: l.nodeId, nodeName: l.nodeName, regionCode: l.regionCode, months: [] };
      seen.months.push(l.month);
      lowerNodes.set(l.nodeId, seen);
      for (const r of inRegion) {
        total.addReported(r.figures);
        if (q.dimension === 'region') group(drillChild(scope, r.key)!).addReported(r.figures);
        if (q.dimension === 'month') group(l.month).addReported(r.figures);
      }
      // a breakdown other than by region can be added only when the lower node lies wholly in the scope
      if (!inScope(scope, l.regionCode)) continue;
      const rows = { industry: l.byIndustry, size: l.bySize, product: l.byProduct, institution: l.byInstitution } as const;
      if (q.dimension in rows) {
        const foreign = q.dimension === 'product' || q.dimension === 'institution';
        for (const r of rows[q.dimension as keyof typeof rows]) {
          const g = group(foreign ? `${l.nodeId}:${r.key}` : r.key);
          if (foreign) g.label = `${r.label}（${l.nodeName}）`;
          g.addReported(r.figures);
        }
      }
    }

    const rows: DashboardRow[] = [];
    for (const [key, g] of groups) {
      const f = g.result();
      let label: Label;
      if (q.dimension === 'institution' && !key.includes(':')) {
        const name = (await sources.organisationName(key)) ?? key;
        label = { zh: name, en: name };
      } else if (q.dimension === 'product' || q.dimension === 'institution') label = { zh: g.label ?? key, en: g.label ?? key };
      else label = staticLabel(q.dimension, key);
      const drillable = q.dimension === 'region' && codes.regionByCode(key)?.level !== 'county' && key !== scope;
      rows.push({ key, label, drillable, ...shape(f) });
    }
    const byKey = q.dimension === 'region' || q.dimension === 'month' || q.dimension === 'industry' || q.dimension === 'size';
    rows.sort((a, b) => (byKey ? a.key.localeCompare(b.key) : Number(BigInt(b.figures.loanFen) - BigInt(a.figures.loanFen)) || a.key.localeCompare(b.key)));
    const up = scope !== node.regionCode && scopeRegion.parent !== null && inScope(node.regionCode, scopeRegion.parent) ? scopeRegion.parent : scope !== node.regionCode ? node.regionCode : null;
    // a district operator's view rises no higher than its own region
    const parent = up !== null && q.home !== undefined && !inScope(q.home, up) ? null : up;
    return {
      node: { name: node.name, regionCode: node.regionCode },
      scope: { code: scope, name: scopeRegion.fullName, level: scopeRegion.level, parent },
      period: { from: period.fromMonth, to: period.toMonth }, dimension: q.dimension,
      total: shape(total.result()), rows, lowerNodes: [...lowerNodes.values()],
      quality: summariseQuality(await sources.quality()), generatedAt: new Date(clock()).toISOString(),
    };
  }

  async function targets(year: number) {
    assertYear(year);
    const cfg = targetConfig();
    const stored = await store.targets();
    const [thisYear, previousYear] = await Promise.all([
      totalIn(periodOf(`${year}-01`, `${year}-12`), node.regionCode), totalIn(periodOf(`${year - 1}-01`, `${year - 1}-12`), node.regionCode),
    ]);
    // 首贷: enterprises whose earliest platform loan falls in the year (this node's own loan history)
    const loans = await sources.workflow({ from: new Date('2000-01-01T00:00:00+08:00'), to: new Date(`${year + 1}-01-01T00:00:00+08:00`), fromDay: '2000-01-01', toDay: `${year + 1}-01-01` });
    const first = new Map<string, string>();
    for (const l of loans) if (l.kind === 'loan' && (!first.has(l.uscc) || l.month < first.get(l.uscc)!)) first.set(l.uscc, l.month);
    const attrs = new Map((await sources.registry([...first.keys()])).map((r) => [r.uscc, r.region_code]));
    let firstLoanEnterprises = 0;
    for (const [uscc, month] of first) if (month.startsWith(`${year}-`) && inScope(node.regionCode, attrs.get(uscc) ?? uscc.slice(2, 8))) firstLoanEnterprises++;
    const items = METRICS.map((metric): TargetProgress => {
      const info = cfg.metrics[metric];
      const row = stored.find((s) => s.metric === metric && s.year === year);
      const external = row?.external_total_fen ?? null;
      const target = effectiveTarget(metric, year, stored);
      const actual = actualOf(metric, { year: thisYear, previousYear, firstLoanEnterprises }, external === null ? null : BigInt(external));
      return {
        metric, unit: info.unit, name: { zh: info.zh, en: info.en }, external: info.external ?? null, target, externalTotalFen: external, actual,
        ...progressOf(actual, target.value),
      };
    });
    return { year, source: cfg.source, items };
  }

  async function monthlyReport(month: string): Promise<MonthlyReport> {
    const period = periodOf(month, month);
    const { facts, attrs } = await ownFacts(period, node.regionCode);
    const lower = await lowerOf(period);
    const build = (dimension: 'industry' | 'size' | 'product' | 'institution', pick: (l: LowerReport) => ParsedReport['byRegion']) => {
      const groups = groupFacts(facts, attrs, dimension, node.regionCode);
      for (const l of lower) {
        for (const r of pick(l)) {
          const key = dimension === 'product' || dimension === 'institution' ? `${l.nodeId}:${r.key}` : r.key;
          const g = groups.get(key) ?? new Group();
          if (key !== r.key) g.label = r.label;
          g.addReported(r.figures);
          groups.set(key, g);
        }
      }
      return groups;
    };
    const byRegion = new Map<string, Group>();
    const regionGroup = (code: string) => byRegion.get(code) ?? byRegion.set(code, new Group()).get(code)!;
    for (const f of facts) regionGroup(attrs.get(f.uscc)!.regionCode).add(f);
    const total = totalOf(facts);
    for (const l of lower) {
      for (const r of l.byRegion) regionGroup(r.key).addReported(r.figures);
      total.addReported(l.total);
    }
    const rowsOf = async (groups: Map<string, Group>, label: (key: string, g: Group) => Promise<string> | string) => {
      const out: MonthlyReport['byRegion'] = [];
      for (const [key, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) out.push({ key, label: await label(key, g), figures: figuresToJson(g.result()) });
      return out;
    };
    const orgName = async (key: string, g: Group) => g.label ?? (await sources.organisationName(key)) ?? key;
    return {
      format: MONTHLY_REPORT_FORMAT,
      node: { name: node.name, tier: node.tier, regionCode: node.regionCode, regionName: codes.regionByCode(node.regionCode)?.fullName ?? node.regionCode },
      month, generatedAt: new Date(clock()).toISOString(), total: figuresToJson(total.result()),
      byRegion: await rowsOf(byRegion, (k) => regionLabel(k).zh),
      byIndustry: await rowsOf(build('industry', (l) => l.byIndustry), (k) => staticLabel('industry', k).zh),
      bySize: await rowsOf(build('size', (l) => l.bySize), (k) => staticLabel('size', k).zh),
      byProduct: await rowsOf(build('product', (l) => l.byProduct), (k, g) => g.label ?? k),
      byInstitution: await rowsOf(build('institution', (l) => l.byInstitution), orgName),
      quality: summariseQuality(await sources.quality()),
    };
  }

  return {
    dashboard,
    targets,
    monthlyReport,

    async recordLowerNodeReport(r) {
      if (!/^[A-Za-z0-9._:-]{1,128}$/.test(r.nodeId)) throw badRequest('STATISTICS_NODE_INVALID', { zh: '下级节点标识不合法', en: 'The lower node id is malformed' });
      if (!codes.regionByCode(r.regionCode) || r.regionCode === node.regionCode || !inScope(node.regionCode, r.regionCode)) {
        throw forbidden('STATISTICS_REGION_OUTSIDE', { zh: `${r.regionCode} 不是本节点（${node.regionCode}）的下级区划`, en: `${r.regionCode} is not a region below this node's ${node.regionCode}` });
      }
      parseLowerReport(r.report, { month: r.month, regionCode: r.regionCode });
      const replaced = await store.putLowerReport({ nodeId: r.nodeId, month: r.month, nodeName: r.nodeName.slice(0, 200), regionCode: r.regionCode, report: r.report, at: new Date(clock()) });
      await opts.audit?.append({
        kind: 'change', action: 'statistics.lower_report.recorded', actor: actorOf(null), outcome: 'ok',
        target: { type: 'statistics_lower_report', id: `${r.nodeId}/${r.month}` }, subject: null, details: { regionCode: r.regionCode, replaced },
      });
      return { replaced };
    },

    async headline(region?: string) {
      const now = clock();
      const scope = assertScope(region);
      // the public endpoint answers from a minute-old result: anyone may call it, and figures move slowly
      const hit = headlineCache.get(scope);
      if (hit && now - hit.at < HEADLINE_TTL_MS) return hit.value;
      const to = monthOf(now);
      const year = Number(to.slice(0, 4));
      const d = await dashboard({ dimension: 'month', fromMonth: `${year}-01`, toMonth: to, region: scope });
      const value = { node: { name: node.name, regionName: d.scope.name, regionCode: scope }, year, period: d.period, total: d.total, months: d.rows };
      if (headlineCache.size > 1000) headlineCache.clear();
      headlineCache.set(scope, { at: now, value });
      return value;
    },

    async setTarget(p, metric, year, input) {
      if (!(METRICS as readonly string[]).includes(metric)) throw badRequest('STATISTICS_METRIC_UNKNOWN', { zh: `没有指标 ${metric}`, en: `No metric ${metric}` });
      if (input.targetValue !== null && (!Number.isSafeInteger(input.targetValue) || input.targetValue < 0)) {
        throw badRequest('STATISTICS_TARGET_INVALID', { zh: '目标值须为非负整数（比例以基点计，1% = 100）', en: 'A target is a non-negative integer (shares in basis points, 1% = 100)' });
      }
      if (input.externalTotalFen !== null && !/^[1-9]\d{0,17}$/.test(input.externalTotalFen)) {
        throw badRequest('STATISTICS_TARGET_INVALID', { zh: '外部总额须为正整数（单位：分）', en: 'The external total is a positive integer in fen' });
      }
      assertYear(year);
      await store.putTarget({ metric, year, targetValue: input.targetValue, externalTotalFen: input.externalTotalFen, note: (input.note ?? '').slice(0, 500), updatedBy: p.kind === 'user' ? p.username : `key:${p.keyId}`, at: new Date(clock()) });
      await opts.audit?.append({
        kind: 'change', action: 'statistics.target.updated', actor: actorOf(p), outcome: 'ok', target: { type: 'statistics_target', id: `${metric}/${year}` }, subject: null,
        details: { targetValue: input.targetValue, externalTotalFen: input.externalTotalFen },
      });
      return (await targets(year)).items.find((i) => i.metric === metric)!;
    },

    async lowerNodes() {
      return (await store.lowerNodes()).map((n) => ({
        nodeId: n.node_id, nodeName: n.node_name, regionCode: n.region_code, months: n.months, lastMonth: n.last_month, lastReceivedAt: n.last_received_at.toISOString(),
      }));
    },
  };
}
