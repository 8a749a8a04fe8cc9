import { useState } from 'react';
import { Button, Card, Drawer, Empty, Segmented, Skeleton, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { APPLICATION_PATHS, type Application, type ApplicationDetail } from '../../api/applications.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { OfficerActions } from './OfficerActions.tsx';
import { ApplicationFacts, ApplicationTimeline, DueTag, StatusTag, useWorkflowOptions, yuan } from './shared.tsx';

/**
 * 我的融资申请 (enterprise) / 申请受理 (institution): the caller's applications — the server scopes the list — with
 * the SLA countdown, and a drawer with the facts, the timeline and (for an institution) the next actions.
 */
export default function ApplicationsPage({ side }: { side: 'enterprise' | 'institution' }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const [filter, setFilter] = useState<string>('all');
  const list = useApi<{ items: Application[] }>(APPLICATION_PATHS.list(filter === 'all' ? '' : `status=${filter}`));
  const open = search.get('open');
  const close = () => { setSearch({}); list.reload(); };
  return (
    <div className="xr-stack" data-testid={`applications-page-${side}`}>
      <Typography.Title level={3} className="xr-portal-title">{t(`applications.page.${side}.title`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`applications.page.${side}.intro`)}</Typography.Paragraph>
      <Card extra={<Segmented value={filter} onChange={(v) => setFilter(String(v))} options={['all', 'submitted', 'accepted', 'approved', 'disbursed', 'repaying'].map((s) => ({ value: s, label: t(`applications.filter.${s}`) }))} />}>
        {list.error !== undefined && <ProblemAlert error={list.error} />}
        {list.data === undefined && list.error === undefined && <Skeleton active />}
        {list.data !== undefined && list.data.items.length === 0 && <Empty description={t('applications.none')} />}
        {list.data !== undefined && list.data.items.length > 0 && (
          <Table<Application>
            rowKey="id" size="small" pagination={{ pageSize: 20 }} scroll={{ x: 900 }} dataSource={list.data.items} data-testid="applications-table"
            onRow={(r) => ({ 'data-application-id': r.id } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              side === 'enterprise'
                ? { title: t('applications.institution'), render: (_, r) => r.institution.name }
                : { title: t('applications.enterprise'), render: (_, r) => <Space orientation="vertical" size={0}><strong>{r.enterpriseName ?? r.uscc}</strong><Typography.Text type="secondary">{r.uscc}</Typography.Text></Space> },
              { title: t('applications.product'), render: (_, r) => r.product?.name ?? t('applications.takenDemand') },
              { title: t('applications.amount'), render: (_, r) => t('applications.yuan', { value: yuan(r.amountFen) }) },
              { title: t('applications.term'), render: (_, r) => t('applications.months', { count: r.termMonths }) },
              { title: t('applications.submittedAt'), render: (_, r) => formatTimestamp(r.submittedAt) },
              { title: t('applications.status'), render: (_, r) => <Space size={4} wrap><StatusTag a={r} /><DueTag a={r} /></Space> },
              { title: '', render: (_, r) => <Button size="small" onClick={() => setSearch({ open: r.id })} data-testid="application-open">{t('applications.open')}</Button> },
            ]}
          />
        )}
      </Card>
      <Drawer open={open !== null} onClose={close} size={760} title={t('applications.detail')} destroyOnHidden>
        {open !== null && <DetailBody id={open} side={side} />}
      </Drawer>
    </div>
  );
}

function DetailBody({ id, side }: { id: string; side: 'enterprise' | 'institution' | 'operator' }) {
  const { t } = useTranslation();
  const options = useWorkflowOptions();
  const detail = useApi<ApplicationDetail>(APPLICATION_PATHS.one(id));
  if (detail.error !== undefined) return <ProblemAlert error={detail.error} />;
  if (!detail.data) return <Skeleton active />;
  const a = detail.data.application;
  return (
    <div className="xr-stack" data-testid="application-detail" data-application-id={a.id}>
      <ApplicationFacts a={a} options={options.data} />
      {side === 'institution' && options.data && <OfficerActions a={a} options={options.data} onDone={detail.reload} />}
      {side === 'enterprise' && a.status === 'submitted' && <div><WithdrawButton id={a.id} onDone={detail.reload} /></div>}
      <Typography.Title level={5}>{t('applications.timeline')}</Typography.Title>
      <ApplicationTimeline entries={detail.data.timeline} />
    </div>
  );
}

function WithdrawButton({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  return <OfficerActions.Confirm label={t('applications.withdraw')} id={id} action="withdraw" onDone={onDone} danger />;
}

export { DetailBody };
