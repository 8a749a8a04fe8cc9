import { useEffect, useRef } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { DashboardRow } from '../../api/statistics.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { fenToWan } from './format.ts';

// Only what a bar + line chart needs (STYLE.md: ECharts via echarts/core).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * Loan amount (万元, bars) and loan count (line) per group. Clicking a drillable region's bar drills into it.
 * The drawn series are read back from the chart instance into data-drawn so a test can compare them with the API.
 */
export function StatisticsChart({ rows, onDrill }: { rows: DashboardRow[]; onDrill: (key: string) => void }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const en = currentLanguage() === 'en';
  useEffect(() => {
    const element = holder.current;
    if (element === null || rows.length === 0) return undefined;
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      // room above the plot for the legend and the axis names, below it for rotated region names
      grid: { left: 56, right: 48, top: 64, bottom: 96 },
      xAxis: { type: 'category', data: rows.map((r) => (en ? r.label.en : r.label.zh)), axisLabel: { interval: 0, rotate: rows.length > 6 ? (element.clientWidth < 500 ? 90 : 35) : 0 } },
      yAxis: [{ type: 'value', name: t('statistics.chart.amountAxis') }, { type: 'value', name: t('statistics.chart.countAxis'), minInterval: 1 }],
      series: [
        { name: t('statistics.chart.loanAmount'), type: 'bar', barMaxWidth: 40, color: '#1d5fa8', data: rows.map((r) => Number(fenToWan(r.figures.loanFen))) },
        { name: t('statistics.chart.loanCount'), type: 'line', yAxisIndex: 1, color: '#fa8c16', data: rows.map((r) => r.figures.loans) },
      ],
    });
    const drawn = chart.getOption() as { series?: { data?: unknown[] }[] };
    element.dataset.drawn = JSON.stringify((drawn.series ?? []).map((s) => s.data ?? []));
    chart.on('click', (params) => {
      const row = rows[params.dataIndex];
      if (row?.drillable) onDrill(row.key);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [rows, t, en, onDrill]);
  if (rows.length === 0) return <Empty description={t('statistics.empty')} data-testid="statistics-chart-empty" />;
  return <div ref={holder} style={{ width: '100%', height: 360 }} data-testid="statistics-chart" />;
}
