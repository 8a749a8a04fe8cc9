import { useState } from 'react';
import { App, Button, Card, Col, Drawer, Empty, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { APPLICATION_PATHS, escalateNow, type Application, type Statistics, type WorkflowStats } from '../../api/applications.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { bpToPercent, fenToYuanText } from '../marketplace/money.ts';
import { DetailBody } from './ApplicationsPage.tsx';
import { dueText, StatusTag, yuan } from './shared.tsx';

const hundredths = (x100: number) => `${Math.trunc(x100 / 100)}.${String(x100 % 100).padStart(2, '0')}`;

/** 融资流程监测 (operator): applications escalated for missing the acceptance SLA, and the workflow statistics. */
export default function EscalationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const escalated = useApi<{ items: Application[] }>(APPLICATION_PATHS.list('escalated=true'));
  const stats = useApi<Statistics>(APPLICATION_PATHS.statistics);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="xr-stack" data-testid="workflow-operator-page">
      <Typography.Title level={3} className="xr-portal-title">{t('applications.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('applications.operator.intro')}</Typography.Paragraph>
      {stats.error !== undefined && <ProblemAlert error={stats.error} />}
      {stats.data === undefined && stats.error === undefined && <Skeleton active />}
      {stats.data && <StatsCards s={stats.data.total} />}
      {stats.data && (
        <Card title={t('applications.operator.perInstitution')}>
          <Table
            rowKey="institutionOrgId" size="small" pagination={false} dataSource={stats.data.institutions} data-testid="stats-table" scroll={{ x: 900 }}
            columns={[
              { title: t('applications.institution'), render: (_, r) => r.institutionName ?? r.institutionOrgId },
              { title: t('applications.stats.total'), dataIndex: 'total' },
              { title: t('applications.stats.approvals'), dataIndex: 'approvals' },
              { title: t('applications.stats.disbursedCount'), dataIndex: 'disbursedCount' },
              { title: t('applications.stats.disbursedYuan'), render: (_, r) => fenToYuanText(r.disbursedFen) },
              { title: t('applications.stats.creditShare'), render: (_, r) => (r.creditShareBp === null ? '—' : `${bpToPercent(r.creditShareBp)}%`) },
              { title: t('applications.stats.averageRate'), render: (_, r) => (r.averageRateBp === null ? '—' : `${bpToPercent(r.averageRateBp)}%`) },
              { title: t('applications.stats.response'), render: (_, r) => (r.averageResponseWorkingDaysX100 === null ? '—' : t('applications.stats.workingDays', { value: hundredths(r.averageResponseWorkingDaysX100) })) },
              { title: t('applications.stats.escalated'), dataIndex: 'escalated' },
            ]}
          />
        </Card>
      )}
      <Card title={t('applications.operator.escalations')} extra={<Button onClick={async () => {
        const r = await escalateNow();
        void message.info(t('applications.operator.swept', { count: r.escalated }));
        escalated.reload(); stats.reload();
      }} data-testid="sweep-now">{t('applications.operator.sweep')}</Button>}>
        {escalated.error !== undefined && <ProblemAlert error={escalated.error} />}
        {escalated.data !== undefined && escalated.data.items.length === 0 && <Empty description={t('applications.operator.noEscalations')} />}
        {escalated.data !== undefined && escalated.data.items.length > 0 && (
          <Table<Application>
            rowKey="id" size="small" dataSource={escalated.data.items} data-testid="escalations-table" scroll={{ x: 800 }}
            columns={[
              { title: t('applications.enterprise'), render: (_, r) => r.enterpriseName ?? r.uscc },
              { title: t('applications.institution'), render: (_, r) => r.institution.name },
              { title: t('applications.amount'), render: (_, r) => t('applications.yuan', { value: yuan(r.amountFen) }) },
              { title: t('applications.dueAt'), render: (_, r) => dueText(r.dueAt) },
              { title: t('applications.escalatedAt'), render: (_, r) => formatTimestamp(r.escalatedAt) },
              { title: t('applications.status'), render: (_, r) => <StatusTag a={r} /> },
              { title: '', render: (_, r) => <Button size="small" onClick={() => setOpen(r.id)}>{t('applications.open')}</Button> },
            ]}
          />
        )}
      </Card>
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={760} title={t('applications.detail')} destroyOnHidden>
        {open !== null && <DetailBody id={open} side="operator" />}
      </Drawer>
    </div>
  );
}

function StatsCards({ s }: { s: WorkflowStats }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]} data-testid="stats-total">
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.total')} value={s.total} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.approvals')} value={s.approvals} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.disbursedCount')} value={s.disbursedCount} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.disbursedYuan')} value={fenToYuanText(s.disbursedFen)} valueStyle={{ fontVariantNumeric: 'tabular-nums' }} /><span data-testid="stats-disbursed-fen" hidden>{s.disbursedFen}</span></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.creditShare')} value={s.creditShareBp === null ? '—' : `${bpToPercent(s.creditShareBp)}%`} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.averageRate')} value={s.averageRateBp === null ? '—' : `${bpToPercent(s.averageRateBp)}%`} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.response')} value={s.averageResponseWorkingDaysX100 === null ? '—' : t('applications.stats.workingDays', { value: hundredths(s.averageResponseWorkingDaysX100) })} /></Card></Col>
      <Col xs={12} md={6}><Card><Statistic title={t('applications.stats.escalated')} value={s.escalated} /></Card></Col>
    </Row>
  );
}
