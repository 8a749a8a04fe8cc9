import { useCallback } from 'react';
import { Breadcrumb, Button, Card, Col, DatePicker, Row, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { ArrowUpOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DIMENSIONS, STATISTICS_PATHS, type Dashboard, type DashboardQuery, type DashboardRow, type Dimension } from '../../api/statistics.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { percentText, wanText } from './format.ts';
import { StatisticsChart } from './StatisticsChart.tsx';
import { TargetsPanel } from './TargetsPanel.tsx';
import { useSession } from '../../auth/session.tsx';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The filter as it stands in the address (so a drill-down can be bookmarked and Back goes up again). */
function useQuery(): [DashboardQuery, (next: Partial<DashboardQuery>) => void] {
  const [search, setSearch] = useSearchParams();
  const now = dayjs().format('YYYY-MM');
  const dimension = DIMENSIONS.find((d) => d === search.get('dimension')) ?? 'region';
  const from = MONTH.test(search.get('from') ?? '') ? search.get('from')! : `${now.slice(0, 4)}-01`;
  const to = MONTH.test(search.get('to') ?? '') ? search.get('to')! : now;
  const region = /^\d{6}$/.test(search.get('region') ?? '') ? search.get('region')! : undefined;
  const query: DashboardQuery = { dimension, from, to, region };
  const update = useCallback((next: Partial<DashboardQuery>) => {
    const merged = { dimension, from, to, region, ...next };
    const params: Record<string, string> = { dimension: merged.dimension, from: merged.from, to: merged.to };
    if (merged.region) params.region = merged.region;
    setSearch(params);
  }, [dimension, from, to, region, setSearch]);
  return [query, update];
}

/** 统计分析 (operator console): figures by region with drill-down, industry, size, product, institution or month; exports; targets. */
export default function StatisticsPage() {
  const { t } = useTranslation();
  const [query, update] = useQuery();
  const dashboard = useApi<Dashboard>(STATISTICS_PATHS.dashboard(query));
  const lang = currentLanguage();
  const drill = useCallback((key: string) => update({ region: key, dimension: 'region' }), [update]);
  const d = dashboard.data;
  const { session } = useSession();
  const districtOf = session.status === 'signed-in' ? session.me.org.regionCode : undefined;

  return (
    <div className="xr-stack" data-testid="statistics-page">
      <Typography.Title level={3} className="xr-portal-title">{t('statistics.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('statistics.intro')}</Typography.Paragraph>
      <Card size="small">
        <Space wrap size="middle" data-testid="statistics-filters">
          {/* six choices are wider than a phone: they scroll sideways inside their own box, not the page */}
          <div style={{ maxWidth: 'calc(100vw - 48px)', overflowX: 'auto' }}>
          <Segmented
            value={query.dimension}
            onChange={(v) => update({ dimension: v as Dimension })}
            options={DIMENSIONS.map((k) => ({ value: k, label: <span data-testid={`statistics-dimension-${k}`}>{t(`statistics.dimension.${k}`)}</span> }))}
          />
          </div>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(`${query.from}-01`), dayjs(`${query.to}-01`)]}
            onChange={(range) => {
              if (range?.[0] && range[1]) update({ from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
            }}
            data-testid="statistics-period"
          />
          <Button icon={<DownloadOutlined />} href={STATISTICS_PATHS.exportCsv(query, lang)} data-testid="statistics-export-csv">{t('statistics.exportCsv')}</Button>
          <Button icon={<DownloadOutlined />} href={STATISTICS_PATHS.exportXlsx(query, lang)} data-testid="statistics-export-xlsx">{t('statistics.exportXlsx')}</Button>
        </Space>
      </Card>
      {dashboard.error !== undefined && <ProblemAlert error={dashboard.error} testId="statistics-error" />}
      {d === undefined && dashboard.error === undefined && <Skeleton active />}
      {d !== undefined && <DashboardView d={d} onDrill={drill} onUp={(code) => update({ region: code === d.node.regionCode ? undefined : code })} />}
      {/* targets are the node's business: a district edition's operator (an organisation below the node's region) has none */}
      {d !== undefined && (districtOf === undefined || districtOf === d.node.regionCode) && <TargetsPanel />}
    </div>
  );
}

function DashboardView({ d, onDrill, onUp }: { d: Dashboard; onDrill: (key: string) => void; onUp: (code: string) => void }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const f = d.total.figures;
  const x = d.total.derived;
  return (
    <>
      <Space wrap align="center">
        <Breadcrumb items={[{ title: <span data-testid="statistics-scope">{d.scope.name}</span> }, { title: t(`statistics.dimension.${d.dimension}`) }, { title: t('statistics.period', { from: d.period.from, to: d.period.to }) }]} />
        {d.scope.parent !== null && (
          <Button size="small" icon={<ArrowUpOutlined />} onClick={() => onUp(d.scope.parent!)} data-testid="statistics-drill-up">{t('statistics.up')}</Button>
        )}
      </Space>
      <Row gutter={[16, 16]} data-testid="statistics-totals">
        {[
          ['loans', t('statistics.figure.loans'), f.loans],
          ['loanFen', t('statistics.figure.loanWan'), wanText(f.loanFen)],
          ['creditShare', t('statistics.figure.creditShare'), percentText(x.creditShareBp)],
          ['averageRate', t('statistics.figure.averageRate'), percentText(x.averageRateBp)],
          ['registered', t('statistics.figure.registered'), f.registered],
          ['authorised', t('statistics.figure.authorised'), f.authorised],
          ['response', t('statistics.figure.averageResponse'), x.averageResponseMinutes === null ? '—' : t('statistics.minutes', { n: x.averageResponseMinutes })],
          ['conversion', t('statistics.figure.conversion'), percentText(x.whitelistConversionBp)],
        ].map(([key, title, value]) => (
          <Col xs={12} sm={8} lg={6} key={key}>
            <Card size="small"><Statistic title={title} value={value} data-testid={`statistics-total-${key}`} /></Card>
          </Col>
        ))}
      </Row>
      <Card title={t('statistics.chart.title')} extra={d.dimension === 'region' && <Typography.Text type="secondary">{t('statistics.chart.drillHint')}</Typography.Text>}>
        <StatisticsChart rows={d.rows} onDrill={onDrill} />
      </Card>
      <Card title={t('statistics.table.title')}>
        <FiguresTable rows={d.rows} en={en} onDrill={onDrill} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('statistics.quality.title')} size="small" data-testid="statistics-quality">
            <Row gutter={[12, 12]}>
              <Col span={12}><Statistic title={t('statistics.quality.onTime')} value={`${d.quality.onTimeItems} / ${d.quality.physicalItems}`} /></Col>
              <Col span={12}><Statistic title={t('statistics.quality.coverage')} value={percentText(d.quality.averageCoverageBp)} /></Col>
              <Col span={12}><Statistic title={t('statistics.quality.completeness')} value={percentText(d.quality.averageCompletenessBp)} /></Col>
              <Col span={12}><Statistic title={t('statistics.quality.errorRate')} value={percentText(d.quality.errorRateBp)} /></Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('statistics.lower.title')} size="small" data-testid="statistics-lower-nodes">
            {d.lowerNodes.length === 0
              ? <Typography.Text type="secondary">{t('statistics.lower.none')}</Typography.Text>
              : <ul className="xr-who">{d.lowerNodes.map((n) => <li key={n.nodeId}>{t('statistics.lower.line', { name: n.nodeName, region: n.regionCode, months: n.months.join('、') })}</li>)}</ul>}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('statistics.figure.payouts')}: {f.payouts} · {wanText(f.payoutFen)} {t('statistics.wan')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function FiguresTable({ rows, en, onDrill }: { rows: DashboardRow[]; en: boolean; onDrill: (key: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table<DashboardRow>
      size="small" rowKey="key" pagination={false} dataSource={rows} scroll={{ x: 1200 }} data-testid="statistics-table"
      onRow={(r) => ({ 'data-testid': 'statistics-row', 'data-key': r.key } as React.HTMLAttributes<HTMLElement>)}
      columns={[
        {
          key: 'label', title: t('statistics.table.name'), fixed: 'left', width: 160,
          render: (_, r) => (r.drillable
            ? <Typography.Link onClick={() => onDrill(r.key)} data-testid={`statistics-drill-${r.key}`}>{en ? r.label.en : r.label.zh}</Typography.Link>
            : en ? r.label.en : r.label.zh),
        },
        { key: 'registered', title: t('statistics.figure.registered'), align: 'right', render: (_, r) => r.figures.registered },
        { key: 'authorised', title: t('statistics.figure.authorised'), align: 'right', render: (_, r) => r.figures.authorised },
        { key: 'demands', title: t('statistics.figure.demands'), align: 'right', render: (_, r) => r.figures.demands },
        { key: 'applications', title: t('statistics.figure.applications'), align: 'right', render: (_, r) => r.figures.applications },
        { key: 'approvals', title: t('statistics.figure.approvals'), align: 'right', render: (_, r) => r.figures.approvals },
        { key: 'loans', title: t('statistics.figure.loans'), align: 'right', render: (_, r) => <span data-testid="statistics-cell-loans">{r.figures.loans}</span> },
        { key: 'loanFen', title: t('statistics.figure.loanWan'), align: 'right', render: (_, r) => <span data-testid="statistics-cell-loanWan">{wanText(r.figures.loanFen)}</span> },
        { key: 'credit', title: t('statistics.figure.creditShare'), align: 'right', render: (_, r) => percentText(r.derived.creditShareBp) },
        { key: 'rate', title: t('statistics.figure.averageRate'), align: 'right', render: (_, r) => percentText(r.derived.averageRateBp) },
        { key: 'response', title: t('statistics.figure.averageResponse'), align: 'right', render: (_, r) => (r.derived.averageResponseMinutes === null ? '—' : t('statistics.minutes', { n: r.derived.averageResponseMinutes })) },
        { key: 'conversion', title: t('statistics.figure.conversion'), align: 'right', render: (_, r) => percentText(r.derived.whitelistConversionBp) },
        { key: 'payouts', title: t('statistics.figure.payoutWan'), align: 'right', render: (_, r) => wanText(r.figures.payoutFen) },
      ]}
    />
  );
}
