import { List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Policy } from '../../api/policies.ts';
import { bpToPercent, fenToYuanText } from '../marketplace/money.ts';

type AnyRule = { rule: string } & Record<string, unknown>;
const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : '');

/** The policy's conditions as sentences: region scope, the enterprise rules and the loan rules (display only; the server judges). */
export function RuleSentences({ policy }: { policy: Pick<Policy, 'enterpriseRules' | 'loanRules' | 'regionPrefixes' | 'validFrom' | 'validTo'> }) {
  const { t } = useTranslation();
  const say = (r: AnyRule): string => {
    switch (r.rule) {
      case 'security': return t('policies.rule.security', { values: list(r.securities).split('、').map((s) => t(`policies.security.${s}`, { defaultValue: s })).join('、') });
      case 'amount': return t('policies.rule.amount', { min: r.minFen ? fenToYuanText(String(r.minFen)) : '—', max: r.maxFen ? fenToYuanText(String(r.maxFen)) : '—' });
      case 'rate_cap': return t('policies.rule.rateCap', { rate: bpToPercent(Number(r.maxBp)) });
      case 'term': return t('policies.rule.term', { min: r.minMonths ?? 1, max: r.maxMonths ?? 360 });
      case 'institution_category': return t('policies.rule.institution', { values: list(r.categories) });
      case 'size': return t('policies.rule.size', { values: list(r.classes) });
      case 'tags_required': return t('policies.rule.tagsRequired', { values: list(r.tags) });
      case 'tags_excluded': return t('policies.rule.tagsExcluded', { values: list(r.tags) });
      case 'min_grade': return t('policies.rule.minGrade', { grade: String(r.grade) });
      case 'region': return t('policies.rule.region', { values: list(r.prefixes) });
      default: return `${r.rule}: ${JSON.stringify(r)}`;
    }
  };
  const items = [
    t('policies.rule.region', { values: policy.regionPrefixes.join('、') }),
    t('policies.rule.window', { from: policy.validFrom, to: policy.validTo }),
    ...policy.enterpriseRules.map(say),
    ...policy.loanRules.map(say),
  ];
  return <List size="small" data-testid="policy-rules" dataSource={items} renderItem={(s) => <List.Item>{s}</List.Item>} />;
}
