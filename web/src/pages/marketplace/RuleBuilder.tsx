import { Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MarketplaceOptions, ProductRule } from '../../api/marketplace.ts';
import { fenToYuanText, yuanToFen } from './money.ts';
import { codeName } from './shared.tsx';

/** A rule as the form holds it: every kind's fields side by side; `toRule` keeps the ones of its kind. */
export interface RuleValues {
  rule: string;
  sections?: string[];
  excludedPrefixes?: string[];
  classes?: string[];
  types?: string[];
  statuses?: string[];
  prefixes?: string[];
  grade?: string;
  years?: number;
  tags?: string[];
  mode?: 'any' | 'all';
  capitalYuan?: string;
  feature?: string;
  op?: string;
  value?: number;
}

const SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('');
const OPS = ['>=', '<=', '>', '<', '=', '!='];
const STATUSES = ['active', 'revoked', 'cancelled', 'moved_out'];

/** Form values → the JSON rule the server validates (eligibility.ts). Capital is typed in yuan and sent as fen text. */
export function toRule(v: RuleValues): ProductRule {
  switch (v.rule) {
    case 'industry': return { rule: 'industry', sections: v.sections ?? [], excludedPrefixes: v.excludedPrefixes ?? [] };
    case 'size': return { rule: 'size', classes: v.classes ?? [] };
    case 'entity_type': return { rule: 'entity_type', types: v.types ?? [] };
    case 'status': return { rule: 'status', statuses: v.statuses ?? [] };
    case 'region': return { rule: 'region', prefixes: v.prefixes ?? [] };
    case 'min_grade': return { rule: 'min_grade', grade: v.grade ?? '' };
    case 'min_years': return { rule: 'min_years', years: v.years ?? 0 };
    case 'tags_required': return { rule: 'tags_required', tags: v.tags ?? [], mode: v.mode ?? 'any' };
    case 'tags_excluded': return { rule: 'tags_excluded', tags: v.tags ?? [] };
    case 'min_capital': return { rule: 'min_capital', fen: yuanToFen(v.capitalYuan ?? '') ?? (v.capitalYuan ?? '') };
    case 'feature': return { rule: 'feature', feature: v.feature ?? '', op: v.op ?? '>=', value: v.value ?? 0 };
    default: return { rule: v.rule };
  }
}

export function fromRule(r: ProductRule): RuleValues {
  const v = { ...r } as RuleValues & { fen?: string };
  if (r.rule === 'min_capital' && typeof r.fen === 'string') v.capitalYuan = fenToYuanText(r.fen).replace(/,/g, '');
  return v;
}

/** 准入规则 builder: one card per rule, its fields chosen by its kind. */
export function RuleBuilder({ options }: { options: MarketplaceOptions }) {
  const { t } = useTranslation();
  const multi = (values: readonly string[], label: (v: string) => string = (v) => v) => values.map((v) => ({ value: v, label: label(v) }));
  return (
    <Form.List name="rules">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="rule-builder">
          {fields.map((field) => (
            <Card key={field.key} size="small" data-testid="rule-card"
              extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('marketplace.rules.remove')} />}>
              <Form.Item name={[field.name, 'rule']} label={t('marketplace.rules.kind')} rules={[{ required: true }]}>
                <Select data-testid="rule-kind" options={options.ruleKinds.map((k) => ({ value: k, label: t(`marketplace.rules.kinds.${k}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => {
                  const kind = getFieldValue(['rules', field.name, 'rule']) as string | undefined;
                  switch (kind) {
                    case 'industry': return (
                      <>
                        <Form.Item name={[field.name, 'sections']} label={t('marketplace.rules.sections')}><Select mode="multiple" options={multi(SECTIONS)} /></Form.Item>
                        <Form.Item name={[field.name, 'excludedPrefixes']} label={t('marketplace.rules.excludedPrefixes')}><Select mode="tags" tokenSeparators={[',', ' ']} /></Form.Item>
                      </>
                    );
                    case 'size': return <Form.Item name={[field.name, 'classes']} label={t('marketplace.rules.classes')}><Select mode="multiple" options={multi(options.sizeClasses, (v) => t(`marketplace.size.${v}`))} /></Form.Item>;
                    case 'entity_type': return <Form.Item name={[field.name, 'types']} label={t('marketplace.rules.types')}><Select mode="multiple" options={multi(options.entityTypes, (v) => t(`marketplace.entityType.${v}`))} /></Form.Item>;
                    case 'status': return <Form.Item name={[field.name, 'statuses']} label={t('marketplace.rules.statuses')}><Select mode="multiple" options={multi(STATUSES, (v) => t(`marketplace.status.${v}`))} /></Form.Item>;
                    case 'region': return <Form.Item name={[field.name, 'prefixes']} label={t('marketplace.rules.prefixes')}><Select mode="tags" tokenSeparators={[',', ' ']} /></Form.Item>;
                    case 'min_grade': return <Form.Item name={[field.name, 'grade']} label={t('marketplace.rules.grade')}><Select data-testid="rule-grade" options={multi(['A', 'B', 'C', 'D', ...options.grades])} /></Form.Item>;
                    case 'min_years': return <Form.Item name={[field.name, 'years']} label={t('marketplace.rules.years')}><InputNumber min={0} max={100} precision={0} /></Form.Item>;
                    case 'tags_required':
                    case 'tags_excluded': return (
                      <>
                        <Form.Item name={[field.name, 'tags']} label={t('marketplace.rules.tags')}><Select mode="multiple" data-testid="rule-tags" options={options.profileTags.map((c) => ({ value: c.code, label: `${codeName(options.profileTags, c.code)} (${c.code})` }))} /></Form.Item>
                        {kind === 'tags_required' && (
                          <Form.Item name={[field.name, 'mode']} label={t('marketplace.rules.mode')} initialValue="any">
                            <Select options={[{ value: 'any', label: t('marketplace.rules.any') }, { value: 'all', label: t('marketplace.rules.all') }]} />
                          </Form.Item>
                        )}
                      </>
                    );
                    case 'min_capital': return <Form.Item name={[field.name, 'capitalYuan']} label={t('marketplace.rules.capitalYuan')}><Input /></Form.Item>;
                    case 'feature': return (
                      <Space wrap>
                        <Form.Item name={[field.name, 'feature']} label={t('marketplace.rules.feature')}><Select showSearch style={{ width: 220 }} options={multi(options.features)} /></Form.Item>
                        <Form.Item name={[field.name, 'op']} initialValue=">="><Select style={{ width: 80 }} options={multi(OPS)} /></Form.Item>
                        <Form.Item name={[field.name, 'value']}><InputNumber /></Form.Item>
                      </Space>
                    );
                    default: return null;
                  }
                }}
              </Form.Item>
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] })} data-testid="rule-add">
            {t('marketplace.rules.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
