import { useEffect, useRef } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { SEVERITIES, type Dashboard } from './monitoring-api.ts';

// Only what a stacked bar chart needs (STYLE.md: ECharts via echarts/core).
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = { high: '#cf1322', medium: '#fa8c16', low: '#fadb14' } as const;

/** Alerts raised per day, stacked by severity (China-time days from the server). */
export function TrendChart({ trend }: { trend: Dashboard['trend'] }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (element === null || trend.length === 0) return undefined;
    const days = [...new Set(trend.map((p) => p.day))].sort();
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: SEVERITIES.map((s) => ({
        name: t(`monitoring.severity.${s}`), type: 'bar', stack: 'alerts', color: COLORS[s], barMaxWidth: 48,
        data: days.map((d) => trend.find((p) => p.day === d && p.severity === s)?.n ?? 0),
      })),
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [trend, t]);
  if (trend.length === 0) return <Empty description={t('monitoring.dashboard.noTrend')} data-testid="monitoring-trend-empty" />;
  return <div ref={holder} style={{ width: '100%', height: 280 }} data-testid="monitoring-trend-chart" />;
}
