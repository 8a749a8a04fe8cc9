import { useEffect, useRef } from 'react';
import { Empty, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import type { ItemQuality } from './QualityShared.tsx';

// Only what a line chart needs: keeps the portal bundle small (STYLE.md: ECharts via echarts/core).
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** GET /quality/items/:item/trend — one point per daily snapshot. */
interface TrendPoint {
  day: string;
  coverageBp: number | null;
  completenessAllBp: number | null;
  errorRateBp: number | null;
}

const DAY_CHOICES = [30, 90, 180, 365] as const;
const percent = (bp: number | null) => (bp === null ? null : bp / 100);

/** Coverage, completeness and error rate of one item over the daily snapshots, as a line chart. */
export function QualityTrendChart({
  items,
  item,
  onItem,
  days,
  onDays,
  generation,
}: {
  items: readonly ItemQuality[];
  item: string | undefined;
  onItem: (item: string) => void;
  days: number;
  onDays: (days: number) => void;
  /** bumps after a snapshot so the chart reloads */
  generation: number;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const trend = useApi<{ points: TrendPoint[] }>(
    item === undefined ? null : `/quality/items/${encodeURIComponent(item)}/trend?days=${days}`,
  );
  const { reload } = trend;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const holder = useRef<HTMLDivElement>(null);
  const points = trend.data?.points ?? [];

  useEffect(() => {
    const element = holder.current;
    if (element === null || points.length === 0) return undefined;
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value.toFixed(2)}%` : '—') },
      legend: { top: 0 },
      color: ['#1d5fa8', '#389e0d', '#cf1322'],
      grid: { left: 48, right: 16, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => p.day), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('quality.trend.coverage'), type: 'line', data: points.map((p) => percent(p.coverageBp)), showSymbol: true, connectNulls: false },
        { name: t('quality.trend.completeness'), type: 'line', data: points.map((p) => percent(p.completenessAllBp)), showSymbol: true },
        { name: t('quality.trend.errorRate'), type: 'line', data: points.map((p) => percent(p.errorRateBp)), showSymbol: true },
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [points, t]);

  const physical = items.filter((q) => q.sharingMode === 'physical');
  return (
    <div data-testid="quality-trend" aria-label={t('quality.trend.axis')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('quality.trend.item')}</Typography.Text>
        <Select<string>
          style={{ minWidth: 220 }}
          value={item}
          onChange={onItem}
          showSearch={{ optionFilterProp: 'label' }}
          options={physical.map((q) => ({ value: q.item, label: en ? q.nameEn : q.name }))}
          data-testid="quality-trend-item"
        />
        <Select<number>
          style={{ width: 120 }}
          value={days}
          onChange={onDays}
          options={DAY_CHOICES.map((d) => ({ value: d, label: t('quality.trend.days', { days: d }) }))}
          data-testid="quality-trend-days"
        />
      </Space>
      {trend.error !== undefined && <ProblemAlert error={trend.error} testId="quality-trend-error" />}
      {trend.error === undefined && !trend.loading && points.length === 0 && (
        <Empty description={t('quality.trend.empty')} data-testid="quality-trend-empty" />
      )}
      {points.length > 0 && <div ref={holder} style={{ width: '100%', height: 320 }} data-testid="quality-chart" />}
    </div>
  );
}
