import { useState } from 'react';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { CameraOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { defaultTrendItem, QualityItemsTable, type QualityItemsReply } from './QualityShared.tsx';
import { QualityTrendChart } from './QualityTrendChart.tsx';

const ERROR_WINDOW_DAYS = 30;

/** 数据质量 — the operator's view of every provider's items: the four indicators, their trend, the daily snapshot. */
export default function QualityDashboard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [provider, setProvider] = useState<string | undefined>();
  const all = useApi<QualityItemsReply>('/quality/items');
  const shown = useApi<QualityItemsReply>(provider === undefined ? null : `/quality/items${query({ provider })}`);
  const data = provider === undefined ? all : shown;
  const items = data.data?.items ?? [];
  const [chosen, setChosen] = useState<string>();
  const [days, setDays] = useState(90);
  const [generation, setGeneration] = useState(0);
  const [taking, setTaking] = useState(false);
  const trendItem = chosen ?? defaultTrendItem(items);

  const providers = new Map<string, string>();
  for (const q of all.data?.items ?? []) if (!providers.has(q.providerCategory)) providers.set(q.providerCategory, q.providerName);

  async function takeSnapshot() {
    setTaking(true);
    try {
      const done = await api<{ day: string; items: number }>('/quality/snapshots', { method: 'POST', body: {} });
      void message.success(t('quality.snapshotDone', { day: done.day, items: done.items }));
      setGeneration((n) => n + 1);
    } catch (failure) {
      void message.error(failure instanceof ApiError ? problemText(failure, t('quality.snapshotFailed')) : t('quality.snapshotFailed'));
    } finally {
      setTaking(false);
    }
  }

  return (
    <div className="xr-stack" data-testid="quality-dashboard">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('quality.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('quality.intro', { days: ERROR_WINDOW_DAYS })}
      </Typography.Paragraph>
      <Card
        title={t('quality.itemsTitle')}
        extra={
          <Space wrap>
            <Select<string>
              allowClear
              style={{ minWidth: 180 }}
              placeholder={t('quality.allProviders')}
              value={provider}
              onChange={(value) => setProvider(value)}
              options={[...providers].map(([value, label]) => ({ value, label }))}
              aria-label={t('quality.providerFilter')}
              data-testid="quality-provider-filter"
            />
            <Button icon={<ReloadOutlined />} onClick={data.reload} aria-label={t('quality.refresh')} />
            {me.roles.includes('op_admin') && (
              <Button type="primary" icon={<CameraOutlined />} loading={taking} onClick={() => void takeSnapshot()} data-testid="quality-take-snapshot">
                {t('quality.snapshot')}
              </Button>
            )}
          </Space>
        }
      >
        {data.error !== undefined && <ProblemAlert error={data.error} testId="quality-error" />}
        {data.error === undefined && (
          <QualityItemsTable items={items} loading={data.loading} showProvider selected={trendItem} onTrend={setChosen} />
        )}
      </Card>
      <Card title={t('quality.trend.title')}>
        <QualityTrendChart items={items} item={trendItem} onItem={setChosen} days={days} onDays={setDays} generation={generation} />
      </Card>
    </div>
  );
}
