import { Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { POLICY_PATHS, type Policy } from '../../api/policies.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { BudgetUse, FormulaFacts, KindTag } from './shared.tsx';
import { RuleSentences } from './rule-sentences.tsx';

/** One published policy: who issued it, where and when it applies, the formula, the conditions and the materials. */
export default function PolicyDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const policy = useApi<Policy>(POLICY_PATHS.publicOne(id));
  const p = policy.data;
  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main" data-testid="policy-detail-page">
        <Link to="/policies">{t('policies.public.back')}</Link>
        {policy.error !== undefined && <ProblemAlert error={policy.error} />}
        {p === undefined && policy.error === undefined && <Skeleton active />}
        {p !== undefined && (
          <Space direction="vertical" size={16} style={{ width: '100%', marginTop: 12 }}>
            <Typography.Title level={2} data-testid="policy-detail-name">{p.name} <KindTag policy={p} /></Typography.Title>
            {p.summary && <Typography.Paragraph>{p.summary}</Typography.Paragraph>}
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('policies.field.authority')}>{p.authority}</Descriptions.Item>
              <Descriptions.Item label={t('policies.field.validity')}>{t('policies.validity', { from: p.validFrom, to: p.validTo })}</Descriptions.Item>
              <Descriptions.Item label={t('policies.field.regions')}>{p.regionPrefixes.join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('policies.field.beneficiary')}>{t(`policies.beneficiary.${p.beneficiary}`)}</Descriptions.Item>
              <Descriptions.Item label={t('policies.field.sections')}>{p.sections.map((s) => <Tag key={s} color="cyan">{t(`policies.sections.${s}`)}</Tag>)}</Descriptions.Item>
              <Descriptions.Item label={t('policies.field.source')}>{p.source}</Descriptions.Item>
            </Descriptions>
            <Card size="small" title={t('policies.formula.card')}><FormulaFacts policy={p} /></Card>
            <Card size="small" title={t('policies.rules.title')}><RuleSentences policy={p} /></Card>
            <Card size="small" title={t('policies.field.materials')}>
              <ul data-testid="policy-materials">{p.requiredMaterials.map((m) => <li key={m}>{m}</li>)}</ul>
            </Card>
            <Card size="small" title={t('policies.budget.title')}><BudgetUse policy={p} /></Card>
            <Typography.Text type="secondary">{t('policies.public.applyHint')}</Typography.Text>
          </Space>
        )}
      </main>
    </div>
  );
}
