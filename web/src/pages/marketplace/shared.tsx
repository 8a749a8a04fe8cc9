import { Descriptions, Progress, Space, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { MARKETPLACE_PATHS, type Coded, type FitReason, type MarketplaceOptions, type RuleOutcome } from '../../api/marketplace.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { bpToPercent, fenToWanText, fenToYuanText } from './money.ts';

/** Codes and their zh/en names from the server (src/data/marketplace/matching-v1.json). */
export function useMarketplaceOptions() {
  return useApi<MarketplaceOptions>(MARKETPLACE_PATHS.options);
}

export function codeName(list: readonly Coded[] | undefined, code: string): string {
  const found = list?.find((c) => c.code === code);
  if (!found) return code;
  return currentLanguage() === 'en' ? found.en : found.zh;
}

export const textOf = (x: { zh: string; en: string }) => (currentLanguage() === 'en' ? x.en : x.zh);

export function AmountRange({ min, max }: { min: string; max: string }) {
  const { t } = useTranslation();
  // 万元 reads naturally in Chinese; English readers get whole yuan
  if (currentLanguage() === 'en') return <span>CNY {fenToYuanText(min)}–{fenToYuanText(max)}</span>;
  return <span>{t('marketplace.wanRange', { min: fenToWanText(min), max: fenToWanText(max) })}</span>;
}

export function RateRange({ min, max }: { min: number; max: number }) {
  return <span>{bpToPercent(min)}% – {bpToPercent(max)}%</span>;
}

/** Fit score (basis points) as a bar with its percentage. */
export function FitBar({ fitBp }: { fitBp: number }) {
  return <Progress percent={Math.round(fitBp / 100)} size="small" style={{ width: 140, margin: 0 }} data-testid="fit-score" />;
}

/** Every rule with held / failed and its sentence, failed ones first; and the fit criteria with their points. */
export function MatchReasons({ rules, fit }: { rules: readonly RuleOutcome[]; fit: readonly FitReason[] }) {
  const { t } = useTranslation();
  const ordered = [...rules].sort((a, b) => Number(a.held) - Number(b.held));
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('marketplace.match.rules')}>
        <Space orientation="vertical" size={2} data-testid="match-rules">
          {ordered.map((r) => (
            <span key={r.rule} data-testid={r.held ? 'rule-held' : 'rule-failed'}>
              {r.held ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />} {textOf(r)}
            </span>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('marketplace.match.fit')}>
        <Space orientation="vertical" size={2} data-testid="match-fit">
          {fit.map((f) => (
            <span key={f.criterion}>
              <Tag>{t(`marketplace.criteria.${f.criterion}`)} {Math.round(f.points / 100)}/{Math.round(f.max / 100)}</Tag>
              <Typography.Text type="secondary">{textOf(f)}</Typography.Text>
            </span>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default', submitted: 'processing', published: 'success', rejected: 'error', superseded: 'default', withdrawn: 'warning',
};
