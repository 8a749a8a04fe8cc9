import { useState } from 'react';
import { Button, Card, Empty, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePaged } from '../whitelist/use-paged.ts';
import { fenToYuanText } from '../marketplace/money.ts';
import { AlertDrawer, LevelTag } from './AlertDrawer.tsx';
import { AlertTable } from './AlertTable.tsx';
import { MONITORING_PATHS, SEVERITIES, type Alert, type AlertStatus, type DefaultLevel, type Severity } from './monitoring-api.ts';

const PAGE_SIZE = 20;
const STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'closed'];
/** The lender's people who work alerts (src/modules/monitoring/routes.ts ALERT_ROLES). */
const ACTORS = ['inst_admin', 'inst_loan_officer', 'inst_risk_officer'];

/** 风险预警 (institution): the alert inbox with filters and the detail drawer, and the default levels of its borrowers. */
export default function InstitutionMonitoringPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canAct = me.roles.some((r) => ACTORS.includes(r));
  const [status, setStatus] = useState<AlertStatus | null>('open');
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const alerts = usePaged<Alert>(`alerts-${status ?? ''}-${severity ?? ''}-${generation}`, (cursor) => MONITORING_PATHS.alerts({ status, severity }, cursor, PAGE_SIZE));
  const levels = useApi<{ items: DefaultLevel[] }>(MONITORING_PATHS.levels);

  return (
    <div className="xr-stack" data-testid="monitoring-inbox-page">
      <Typography.Title level={3} className="xr-portal-title">{t('monitoring.inbox.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('monitoring.inbox.intro')}</Typography.Paragraph>
      <Card title={t('monitoring.inbox.alerts')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<AlertStatus | 'all'>
            style={{ minWidth: 140 }}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? null : v)}
            options={[{ value: 'all', label: t('monitoring.inbox.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`monitoring.status.${s}`) }))]}
            data-testid="monitoring-filter-status"
          />
          <Select<Severity | 'all'>
            style={{ minWidth: 140 }}
            value={severity ?? 'all'}
            onChange={(v) => setSeverity(v === 'all' ? null : v)}
            options={[{ value: 'all', label: t('monitoring.inbox.allSeverities') }, ...SEVERITIES.map((s) => ({ value: s, label: t(`monitoring.severity.${s}`) }))]}
            data-testid="monitoring-filter-severity"
          />
        </Space>
        {alerts.error !== undefined && <ProblemAlert error={alerts.error} testId="monitoring-alerts-error" />}
        {alerts.head === undefined && alerts.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
        {alerts.head !== undefined && alerts.items.length === 0 && <Empty description={t('monitoring.inbox.none')} data-testid="monitoring-alerts-none" />}
        {alerts.items.length > 0 && <AlertTable alerts={alerts.items} loading={alerts.loading} onOpen={(a) => setOpenId(a.id)} testId="monitoring-alerts" />}
        {alerts.next !== null && <Button onClick={alerts.more} loading={alerts.loading} style={{ marginTop: 12 }}>{t('monitoring.inbox.more')}</Button>}
      </Card>
      <Card title={t('monitoring.levels.title')} data-testid="monitoring-levels">
        <Typography.Paragraph type="secondary">{t('monitoring.levels.intro')}</Typography.Paragraph>
        <LevelTable levels={levels.data?.items} error={levels.error} />
      </Card>
      <AlertDrawer alertId={openId} canAct={canAct} onClose={() => setOpenId(null)} onChanged={() => setGeneration((n) => n + 1)} />
    </div>
  );
}

/** Enterprises at a default / dishonesty level with the facts behind it. */
export function LevelTable({ levels, error }: { levels: DefaultLevel[] | undefined; error: Parameters<typeof ProblemAlert>[0]['error'] | undefined }) {
  const { t } = useTranslation();
  if (error !== undefined) return <ProblemAlert error={error} testId="monitoring-levels-error" />;
  if (levels === undefined) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (levels.length === 0) return <Empty description={t('monitoring.levels.none')} data-testid="monitoring-levels-none" />;
  return (
    <Table<DefaultLevel>
      rowKey="uscc"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={levels}
      onRow={(l) => ({ 'data-testid': 'monitoring-level-row', 'data-uscc': l.uscc }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'enterprise', title: t('monitoring.alert.enterprise'), render: (_v, l) => <span>{l.entityName ?? ''} <span className="xr-mono">{l.uscc}</span></span> },
        { key: 'level', title: t('monitoring.levels.level'), render: (_v, l) => <LevelTag level={l} /> },
        { key: 'basis', title: t('monitoring.drawer.basis'), render: (_v, l) => t('monitoring.level.basis', { days: l.basis.maxOverdueDays, defaults: l.basis.defaults, amount: fenToYuanText(l.basis.troubledAmountFen) }) },
        { key: 'since', title: t('monitoring.levels.since'), render: (_v, l) => formatTimestamp(l.since) },
      ]}
    />
  );
}
