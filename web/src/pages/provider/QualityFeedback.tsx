import { useState } from 'react';
import { Card, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { defaultTrendItem, QualityItemsTable, type QualityItemsReply } from '../operator/QualityShared.tsx';
import { QualityTrendChart } from '../operator/QualityTrendChart.tsx';
import { UsageTable, type UsageRow } from './UsageTable.tsx';

const ERROR_WINDOW_DAYS = 30;
const USAGE_DAY_CHOICES = [7, 30, 90, 365] as const;

/** 数据质量与使用反馈 — a provider's own items: their indicators and trend, and who used them for what. */
export default function QualityFeedback() {
  const { t } = useTranslation();
  // the server narrows a provider to its own category
  const quality = useApi<QualityItemsReply>('/quality/items');
  const items = quality.data?.items ?? [];
  const [chosen, setChosen] = useState<string>();
  const [trendDays, setTrendDays] = useState(90);
  const [usageDays, setUsageDays] = useState(30);
  const usage = useApi<{ days: number; items: UsageRow[] }>(`/quality/usage?days=${usageDays}`);

  return (
    <div className="xr-stack" data-testid="quality-feedback">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('quality.feedbackTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('quality.intro', { days: ERROR_WINDOW_DAYS })}
      </Typography.Paragraph>
      <Card title={t('quality.itemsTitle')}>
        {quality.error !== undefined && <ProblemAlert error={quality.error} testId="quality-error" />}
        {quality.error === undefined && (
          <QualityItemsTable
            items={items}
            loading={quality.loading}
            showProvider={false}
            selected={chosen ?? defaultTrendItem(items)}
            onTrend={setChosen}
          />
        )}
      </Card>
      <Card title={t('quality.trend.title')}>
        <QualityTrendChart
          items={items}
          item={chosen ?? defaultTrendItem(items)}
          onItem={setChosen}
          days={trendDays}
          onDays={setTrendDays}
          generation={0}
        />
      </Card>
      <Card
        title={t('quality.usage.title')}
        extra={
          <Select<number>
            style={{ width: 120 }}
            value={usageDays}
            onChange={setUsageDays}
            options={USAGE_DAY_CHOICES.map((d) => ({ value: d, label: t('quality.trend.days', { days: d }) }))}
            data-testid="usage-days"
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('quality.usage.intro', { days: usageDays })}</Typography.Paragraph>
        {usage.error !== undefined && <ProblemAlert error={usage.error} testId="usage-error" />}
        {usage.error === undefined && <UsageTable rows={usage.data?.items ?? []} loading={usage.loading} days={usageDays} />}
      </Card>
    </div>
  );
}
