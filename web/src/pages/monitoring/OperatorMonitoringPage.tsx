import { useState } from 'react';
import { Card, Col, Empty, Row, Select, Skeleton, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { AlertDrawer } from './AlertDrawer.tsx';
import { AlertTable } from './AlertTable.tsx';
import { LevelTable } from './InstitutionMonitoringPage.tsx';
import { MONITORING_PATHS, SEVERITIES, SEVERITY_COLORS, type Count, type Dashboard, type RuleSetVersion } from './monitoring-api.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { TrendChart } from './TrendChart.tsx';

const TABS = ['dashboard', 'rules'] as const;
const DAY_CHOICES = [30, 90, 180, 365] as const;

/** 风险监测预警 (operator): the risk dashboard and the rules (op_admin publishes new versions). */
export default function OperatorMonitoringPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const tab = TABS.find((key) => key === search.get('tab')) ?? 'dashboard';
  return (
    <div className="xr-stack" data-testid="monitoring-operator-page">
      <Typography.Title level={3} className="xr-portal-title">{t('monitoring.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('monitoring.operator.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'dashboard' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'dashboard', label: <span data-testid="monitoring-tab-dashboard">{t('monitoring.operator.tabDashboard')}</span>, children: <DashboardView /> },
          { key: 'rules', label: <span data-testid="monitoring-tab-rules">{t('monitoring.operator.tabRules')}</span>, children: <RulesView admin={me.roles.includes('op_admin')} /> },
        ]}
      />
    </div>
  );
}

function CountTable({ rows, label, testId }: { rows: { key: string; label: string; n: number }[]; label: string; testId: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.dashboard.noneOpen')} />;
  return (
    <Table size="small" rowKey="key" pagination={false} dataSource={rows} data-testid={testId}
      columns={[{ key: 'label', title: label, dataIndex: 'label' }, { key: 'n', title: t('monitoring.dashboard.open'), dataIndex: 'n', align: 'right' }]} />
  );
}

function DashboardView() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const [openId, setOpenId] = useState<string | null>(null);
  const en = currentLanguage() === 'en';
  const dashboard = useApi<Dashboard>(MONITORING_PATHS.dashboard(days));
  const rules = useApi<{ active: RuleSetVersion }>(MONITORING_PATHS.rules);
  if (dashboard.error !== undefined) return <ProblemAlert error={dashboard.error} testId="monitoring-dashboard-error" />;
  const d = dashboard.data;
  if (d === undefined) return <Skeleton active />;
  const count = (rows: Count[], key: string) => rows.find((r) => r.key === key)?.n ?? 0;
  const ruleName = (id: string | null) => {
    const rule = rules.data?.active.definition.rules.find((r) => r.id === id);
    return rule === undefined ? id ?? '' : en ? rule.en : rule.zh;
  };
  const totalOpen = d.bySeverity.reduce((n, c) => n + c.n, 0);
  return (
    <div className="xr-stack" data-testid="monitoring-dashboard">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}><Card><Statistic title={t('monitoring.dashboard.totalOpen')} value={totalOpen} data-testid="monitoring-total-open" /></Card></Col>
        {SEVERITIES.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card><Statistic title={<Tag color={SEVERITY_COLORS[s]}>{t(`monitoring.severity.${s}`)}</Tag>} value={count(d.bySeverity, s)} data-testid={`monitoring-open-${s}`} /></Card>
          </Col>
        ))}
      </Row>
      <Card title={t('monitoring.dashboard.trend')} extra={
        <Select<number> style={{ width: 120 }} value={days} onChange={setDays} options={DAY_CHOICES.map((n) => ({ value: n, label: t('monitoring.dashboard.days', { days: n }) }))} data-testid="monitoring-trend-days" />
      }>
        <TrendChart trend={d.trend} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}><Card title={t('monitoring.dashboard.byRule')}><CountTable testId="monitoring-by-rule" label={t('monitoring.dashboard.rule')} rows={d.byRule.map((c) => ({ key: c.key ?? '', label: ruleName(c.key), n: c.n }))} /></Card></Col>
        <Col xs={24} md={8}><Card title={t('monitoring.dashboard.byRegion')}><CountTable testId="monitoring-by-region" label={t('monitoring.dashboard.region')} rows={d.byRegion.map((c) => ({ key: c.key ?? '-', label: c.key ?? t('monitoring.dashboard.unknown'), n: c.n }))} /></Card></Col>
        <Col xs={24} md={8}><Card title={t('monitoring.dashboard.byInstitution')}><CountTable testId="monitoring-by-institution" label={t('monitoring.alert.institution')} rows={d.byInstitution.map((c) => ({ key: c.key ?? '-', label: c.name ?? c.key ?? '', n: c.n }))} /></Card></Col>
      </Row>
      <Card title={t('monitoring.dashboard.oldest')}>
        {d.oldest.length === 0 ? <Empty description={t('monitoring.dashboard.noneUnacknowledged')} /> : <AlertTable alerts={d.oldest} onOpen={(a) => setOpenId(a.id)} showInstitution testId="monitoring-oldest" />}
      </Card>
      <Card title={t('monitoring.dashboard.levels')} extra={
        <span data-testid="monitoring-level-counts">{d.levelCounts.map((c) => <Tag key={c.key ?? ''}>{(en ? d.levels.find((l) => l.level === c.key)?.name.en : d.levels.find((l) => l.level === c.key)?.name.zh) ?? c.key}: {c.n}</Tag>)}</span>
      }>
        <LevelTable levels={d.levels} error={undefined} />
      </Card>
      <AlertDrawer alertId={openId} canAct={false} onClose={() => setOpenId(null)} onChanged={dashboard.reload} />
    </div>
  );
}

function RulesView({ admin }: { admin: boolean }) {
  const rules = useApi<{ active: RuleSetVersion; versions: RuleSetVersion[] }>(MONITORING_PATHS.rules);
  if (rules.error !== undefined) return <ProblemAlert error={rules.error} testId="monitoring-rules-error" />;
  if (rules.data === undefined) return <Skeleton active />;
  return <RuleEditor key={rules.data.active.version} active={rules.data.active} versions={rules.data.versions} admin={admin} onPublished={rules.reload} />;
}
