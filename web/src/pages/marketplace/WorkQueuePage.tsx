import { useState } from 'react';
import { Card, Empty, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { MARKETPLACE_PATHS, type CandidateItem, type ProductVersion, type QueueItem } from '../../api/marketplace.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fenToWanText } from './money.ts';
import { codeName, FitBar, MatchReasons, useMarketplaceOptions } from './shared.tsx';
import { TakeButton } from '../applications/links.tsx';

/** 需求工作台 (institution): open financing demands matching its live products, best fit first, with the reasons. */
export default function WorkQueuePage() {
  const { t } = useTranslation();
  const options = useMarketplaceOptions();
  const queue = useApi<{ items: QueueItem[] }>(`${MARKETPLACE_PATHS.queue}?limit=200`);
  const o = options.data;
  return (
    <div className="xr-stack" data-testid="queue-page">
      <Typography.Title level={3} className="xr-portal-title">{t('marketplace.queue.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('marketplace.queue.intro')}</Typography.Paragraph>
      <Card>
        {queue.error !== undefined && <ProblemAlert error={queue.error} />}
        {queue.data === undefined && queue.error === undefined && <Skeleton active />}
        {queue.data !== undefined && queue.data.items.length === 0 && <Empty description={t('marketplace.queue.none')} />}
        {queue.data !== undefined && queue.data.items.length > 0 && (
          <Table<QueueItem>
            rowKey={(r) => `${r.demand.id}:${r.product.id}`} size="small" pagination={{ pageSize: 20 }} scroll={{ x: 900 }} dataSource={queue.data.items} data-testid="queue-table"
            expandable={{ expandedRowRender: (r) => <MatchReasons rules={r.rules} fit={r.fit} /> }}
            columns={[
              { title: t('marketplace.queue.enterprise'), render: (_, r) => <Space orientation="vertical" size={0}><strong data-testid="queue-enterprise">{r.demand.enterpriseName ?? r.demand.uscc}</strong><Typography.Text type="secondary">{r.demand.uscc}</Typography.Text></Space> },
              { title: t('marketplace.demand.amount'), render: (_, r) => <span data-testid="queue-amount">{t('marketplace.wan', { value: fenToWanText(r.demand.amountFen) })}</span> },
              { title: t('marketplace.demand.term'), render: (_, r) => t('marketplace.months', { count: r.demand.termMonths }) },
              { title: t('marketplace.demand.purpose'), render: (_, r) => <Typography.Text ellipsis style={{ maxWidth: 200 }}>{r.demand.purpose}</Typography.Text> },
              { title: t('marketplace.demand.guarantees'), render: (_, r) => r.demand.guarantees.map((g) => <Tag key={g}>{codeName(o?.guarantees, g)}</Tag>) },
              { title: t('marketplace.demand.urgency'), render: (_, r) => <Tag color={r.demand.urgency === 'normal' ? 'default' : 'orange'}>{codeName(o?.urgencies, r.demand.urgency)}</Tag> },
              { title: t('marketplace.queue.product'), render: (_, r) => r.product.name ?? r.product.id },
              { title: t('marketplace.match.score'), render: (_, r) => <FitBar fitBp={r.fitBp} /> },
              { title: t('marketplace.queue.published'), render: (_, r) => formatTimestamp(r.demand.createdAt) },
              { title: '', render: (_, r) => <TakeButton demandId={r.demand.id} productId={r.product.id} /> },
            ]}
          />
        )}
      </Card>
      <CandidatesCard />
    </div>
  );
}

/** Enterprises (with or without a demand) meeting every rule of one of the institution's live products. */
function CandidatesCard() {
  const { t } = useTranslation();
  const products = useApi<{ items: ProductVersion[] }>(MARKETPLACE_PATHS.myProducts);
  const live = (products.data?.items ?? []).filter((p) => p.liveVersion !== null);
  const [chosen, setChosen] = useState<string>();
  const productId = chosen ?? live[0]?.id;
  const found = useApi<{ items: CandidateItem[] }>(productId ? MARKETPLACE_PATHS.candidates(productId) : null);
  return (
    <Card title={t('marketplace.queue.candidates')} data-testid="candidates"
      extra={live.length > 0 && <Select style={{ width: 240 }} value={productId} onChange={setChosen} options={live.map((p) => ({ value: p.id, label: p.name }))} />}>
      <Typography.Paragraph type="secondary">{t('marketplace.queue.candidatesIntro')}</Typography.Paragraph>
      {found.error !== undefined && <ProblemAlert error={found.error} />}
      {productId === undefined && products.data !== undefined && <Empty description={t('marketplace.queue.noLive')} />}
      {productId !== undefined && (
        <Table<CandidateItem>
          rowKey={(r) => r.enterprise.uscc} size="small" loading={found.loading} pagination={{ pageSize: 10 }} dataSource={found.data?.items ?? []} data-testid="candidates-table"
          expandable={{ expandedRowRender: (r) => <MatchReasons rules={r.rules} fit={r.fit} /> }}
          columns={[
            { title: t('marketplace.queue.enterprise'), render: (_, r) => <Space orientation="vertical" size={0}><strong>{r.enterprise.name}</strong><Typography.Text type="secondary">{r.enterprise.uscc}</Typography.Text></Space> },
            { title: t('marketplace.queue.grade'), render: (_, r) => r.enterprise.grade ?? '—' },
            { title: t('marketplace.queue.industry'), render: (_, r) => r.enterprise.industryCode },
            { title: t('marketplace.rules.classes'), render: (_, r) => t(`marketplace.size.${r.enterprise.sizeClass}`, { defaultValue: r.enterprise.sizeClass }) },
            { title: t('marketplace.match.score'), render: (_, r) => <FitBar fitBp={r.fitBp} /> },
          ]}
        />
      )}
    </Card>
  );
}
