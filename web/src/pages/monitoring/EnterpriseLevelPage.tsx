import { Card, Descriptions, Empty, Result, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { fenToYuanText } from '../marketplace/money.ts';
import { LevelTag } from './AlertDrawer.tsx';
import type { DefaultLevel } from './monitoring-api.ts';

interface MyLevel { level: DefaultLevel | null; history: { action: string; from: string | null; to: string | null; toName: { zh: string; en: string } | null; at: string }[] }

/** 违约失信等级 (enterprise): its own level on platform loans, what it means and when it ends, and its history (信息主体免费查询). */
export default function EnterpriseLevelPage() {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const mine = useApi<MyLevel>('/monitoring/my-level');
  const level = mine.data?.level ?? null;
  return (
    <div className="xr-stack" data-testid="monitoring-my-level-page">
      <Typography.Title level={3} className="xr-portal-title">{t('monitoring.mine.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('monitoring.mine.intro')}</Typography.Paragraph>
      {mine.error !== undefined && <ProblemAlert error={mine.error} testId="monitoring-my-level-error" />}
      {mine.data === undefined && mine.error === undefined && <Skeleton active />}
      {mine.data !== undefined && level === null && <Result status="success" title={t('monitoring.mine.none')} data-testid="monitoring-my-level-none" />}
      {level !== null && (
        <Card>
          <Descriptions size="small" column={1} bordered items={[
            { key: 'level', label: t('monitoring.levels.level'), children: <LevelTag level={level} /> },
            { key: 'basis', label: t('monitoring.drawer.basis'), children: t('monitoring.level.basis', { days: level.basis.maxOverdueDays, defaults: level.basis.defaults, amount: fenToYuanText(level.basis.troubledAmountFen) }) },
            { key: 'since', label: t('monitoring.levels.since'), children: formatTimestamp(level.since) },
            { key: 'ends', label: t('monitoring.mine.ends'), children: level.endsAt === null ? t('monitoring.mine.endsOpen') : formatTimestamp(level.endsAt) },
            { key: 'what', label: t('monitoring.rules.consequences'), children: level.consequences.map((c) => t(`monitoring.consequence.${c}`)).join(en ? ', ' : '、') },
          ]} />
        </Card>
      )}
      {mine.data !== undefined && mine.data.history.length > 0 && (
        <Card title={t('monitoring.drawer.history')}>
          <Timeline items={mine.data.history.map((h) => ({ content: `${formatTimestamp(h.at)} · ${t(`monitoring.levelAction.${h.action}`)} ${h.toName === null ? '' : en ? h.toName.en : h.toName.zh}` }))} />
        </Card>
      )}
      {mine.data !== undefined && mine.data.history.length === 0 && level === null && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.mine.noHistory')} />}
    </div>
  );
}
