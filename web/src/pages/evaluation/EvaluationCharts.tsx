import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { LineChart, RadarChart } from 'echarts/charts';
import { GridComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { DimensionScore, EvaluationHistoryEntry } from '../../api/evaluation.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';

// Only what a radar and a line chart need (STYLE.md: ECharts via echarts/core).
echarts.use([RadarChart, LineChart, GridComponent, RadarComponent, TooltipComponent, CanvasRenderer]);

/** Mounts an ECharts instance on a div, resizes it with its box and disposes it on change. */
function useChart(option: echarts.EChartsCoreOption | null) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (element === null || option === null) return undefined;
    const chart = echarts.init(element);
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return holder;
}

/** Breaks a long axis name into short lines so it fits beside the radar on a phone. */
function wrapLabel(name: string): string {
  if (!name.includes(' ')) return name.replace(/(.{4})(?=.)/gu, '$1\n');
  const lines: string[] = [];
  for (const word of name.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + word.length < 14) lines[last] = `${lines[last]} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** The dimension scores (0–100) as a radar. */
export function DimensionRadar({ dimensions }: { dimensions: readonly DimensionScore[] }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const option = useMemo<echarts.EChartsCoreOption>(() => ({
    tooltip: { trigger: 'item' },
    color: ['#1d5fa8'],
    radar: {
      radius: '52%',
      center: ['50%', '52%'],
      indicator: dimensions.map((d) => ({ name: en ? d.en : d.zh, max: 100 })),
      axisName: { color: '#434343', fontSize: 11, formatter: (name?: string) => wrapLabel(name ?? '') },
    },
    series: [{
      type: 'radar',
      name: t('evaluation.profile.dimensions'),
      areaStyle: { opacity: 0.2 },
      data: [{ value: dimensions.map((d) => Math.round(d.score * 10) / 10), name: t('evaluation.profile.dimensionScore') }],
    }],
  }), [dimensions, en, t]);
  const holder = useChart(option);
  return <div ref={holder} style={{ width: '100%', height: 300 }} data-testid="evaluation-radar" />;
}

/** The score over its recorded changes, oldest first. */
export function ScoreHistoryChart({ items, scale }: { items: readonly EvaluationHistoryEntry[]; scale: number }) {
  const { t } = useTranslation();
  const option = useMemo<echarts.EChartsCoreOption>(() => {
    const points = [...items].reverse();
    return {
      tooltip: { trigger: 'axis' },
      color: ['#1d5fa8'],
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => formatTimestamp(p.computedAt)), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: scale },
      series: [{ name: t('evaluation.profile.score'), type: 'line', data: points.map((p) => p.score), showSymbol: true }],
    };
  }, [items, scale, t]);
  const holder = useChart(option);
  return <div ref={holder} style={{ width: '100%', height: 200 }} data-testid="evaluation-history-chart" />;
}
