import { Descriptions, List, Progress, Space, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Outcome, Policy } from '../../api/policies.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { bpToPercent, fenToYuanText } from '../marketplace/money.ts';

export const textOf = (x: { zh: string; en: string }) => (currentLanguage() === 'en' ? x.en : x.zh);
export const yuan = (fen: string) => fenToYuanText(fen);

const KIND_COLOURS: Record<string, string> = { interest_subsidy: 'blue', risk_compensation: 'volcano', guarantee_fee_subsidy: 'green', re_guarantee: 'purple' };

export function KindTag({ policy }: { policy: Pick<Policy, 'kind' | 'kindName'> }) {
  return <Tag color={KIND_COLOURS[policy.kind]} data-testid="policy-kind">{textOf(policy.kindName)}</Tag>;
}

/** Budget use: paid and committed (approved, unpaid) against the budget, as exact yuan and a bar. */
export function BudgetUse({ policy }: { policy: Pick<Policy, 'budgetFen' | 'committedFen' | 'paidFen' | 'availableFen'> }) {
  const { t } = useTranslation();
  const budget = BigInt(policy.budgetFen);
  const used = BigInt(policy.committedFen) + BigInt(policy.paidFen);
  // integer percent of the budget used, rounded down (no float on money)
  const percent = budget === 0n ? 0 : Number((used * 100n) / budget);
  return (
    <div data-testid="policy-budget">
      <Progress percent={percent} size="small" status={percent >= 100 ? 'exception' : 'normal'} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('policies.budget.summary', { budget: yuan(policy.budgetFen), paid: yuan(policy.paidFen), committed: yuan(policy.committedFen), available: yuan(policy.availableFen) })}
      </Typography.Text>
    </div>
  );
}

/** The formula's parameters in words. */
export function FormulaFacts({ policy }: { policy: Pick<Policy, 'formula' | 'formulaText'> }) {
  const { t } = useTranslation();
  const f = policy.formula;
  return (
    <Descriptions size="small" column={1} bordered data-testid="policy-formula">
      <Descriptions.Item label={t('policies.formula.title')}>{textOf(policy.formulaText)}</Descriptions.Item>
      {f.rateBp !== undefined && <Descriptions.Item label={t('policies.formula.rate')}>{bpToPercent(f.rateBp)}%</Descriptions.Item>}
      {f.maxDays !== undefined && <Descriptions.Item label={t('policies.formula.maxDays')}>{f.maxDays}</Descriptions.Item>}
      {f.shareBp !== undefined && <Descriptions.Item label={t('policies.formula.share')}>{bpToPercent(f.shareBp)}%</Descriptions.Item>}
      {f.feeRateCapBp !== undefined && <Descriptions.Item label={t('policies.formula.feeRateCap')}>{bpToPercent(f.feeRateCapBp)}%</Descriptions.Item>}
      <Descriptions.Item label={t('policies.formula.cap')}>{t('policies.yuan', { amount: yuan(f.capFen) })}</Descriptions.Item>
    </Descriptions>
  );
}

/** Each rule's outcome with its sentence (the reasons shown to the enterprise and the reviewer). */
export function Outcomes({ items, testId = 'policy-reasons' }: { items: Outcome[]; testId?: string }) {
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={items}
      renderItem={(o) => (
        <List.Item data-held={o.held ? 'true' : 'false'}>
          <Space>
            {o.held ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />}
            <span>{textOf(o)}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

export const STATUS_COLOURS: Record<string, string> = { submitted: 'processing', approved: 'success', rejected: 'error', paid: 'green', draft: 'default', published: 'success', superseded: 'default', withdrawn: 'warning' };
