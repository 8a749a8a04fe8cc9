import { useState } from 'react';
import { Alert, Button, Col, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { createProduct, updateProduct, type MarketplaceOptions, type ProductFields, type ProductVersion } from '../../api/marketplace.ts';
import { bpToPercent, fenToYuanText, percentToBp, yuanToFen } from './money.ts';
import { fromRule, RuleBuilder, toRule, type RuleValues } from './RuleBuilder.tsx';
import { codeName } from './shared.tsx';

interface FormValues {
  name: string; productType: string; programme: string; amountMinYuan: string; amountMaxYuan: string; termMinMonths: number; termMaxMonths: number;
  rateMinPercent: string; rateMaxPercent: string; repaymentModes: string[]; regionPrefixes: string[]; rules: RuleValues[];
  requiredAuthorisations: string[]; requiredMaterials: string[]; description: string;
}

const plainYuan = (fen: string) => fenToYuanText(fen).replace(/,/g, '');

function initialValues(p: ProductVersion | null): Partial<FormValues> {
  if (!p) return { productType: 'credit', programme: 'none', repaymentModes: ['equal_instalment'], regionPrefixes: [], rules: [{ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] }], requiredAuthorisations: [], requiredMaterials: [], description: '' };
  return {
    name: p.name, productType: p.productType, programme: p.programme, amountMinYuan: plainYuan(p.amountMinFen), amountMaxYuan: plainYuan(p.amountMaxFen),
    termMinMonths: p.termMinMonths, termMaxMonths: p.termMaxMonths, rateMinPercent: bpToPercent(p.rateMinBp), rateMaxPercent: bpToPercent(p.rateMaxBp),
    repaymentModes: p.repaymentModes, regionPrefixes: p.regionPrefixes, rules: p.rules.map(fromRule), requiredAuthorisations: p.requiredAuthorisations,
    requiredMaterials: p.requiredMaterials, description: p.description,
  };
}

/** Create or edit a product (an edit of a published product becomes a new version for review). */
export function ProductForm({ options, product, onClose, onSaved }: { options: MarketplaceOptions; product: ProductVersion | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string[]>();

  async function save(v: FormValues) {
    const amountMinFen = yuanToFen(v.amountMinYuan);
    const amountMaxFen = yuanToFen(v.amountMaxYuan);
    const rateMinBp = percentToBp(v.rateMinPercent);
    const rateMaxBp = percentToBp(v.rateMaxPercent);
    if (!amountMinFen || !amountMaxFen || rateMinBp === null || rateMaxBp === null) {
      setFailure([t('marketplace.form.numbersInvalid')]);
      return;
    }
    const fields: ProductFields = {
      name: v.name, productType: v.productType, programme: v.programme, amountMinFen, amountMaxFen, termMinMonths: v.termMinMonths, termMaxMonths: v.termMaxMonths,
      rateMinBp, rateMaxBp, repaymentModes: v.repaymentModes, regionPrefixes: v.regionPrefixes, rules: (v.rules ?? []).map(toRule),
      requiredAuthorisations: v.requiredAuthorisations ?? [], requiredMaterials: v.requiredMaterials ?? [], description: v.description ?? '',
    };
    setSaving(true);
    setFailure(undefined);
    try {
      if (product) await updateProduct(product.id, fields);
      else await createProduct(fields);
      onSaved();
    } catch (error) {
      const e = error as ApiError & { problem?: { problems?: { path: string; zh: string; en: string }[] } };
      setFailure([e.detail ?? e.title ?? String(error)]);
    } finally {
      setSaving(false);
    }
  }

  const opts = (list: { code: string }[], all: Parameters<typeof codeName>[0]) => list.map((x) => ({ value: x.code, label: codeName(all, x.code) }));
  return (
    <Drawer open size={screens.md === true ? 820 : '100%'} onClose={onClose} destroyOnHidden data-testid="product-form"
      title={product ? t('marketplace.form.editTitle', { name: product.name }) : t('marketplace.form.createTitle')}
      footer={(
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('marketplace.form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="product-save">{t('marketplace.form.save')}</Button>
        </Space>
      )}>
      {product?.status === 'published' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('marketplace.form.newVersion')} />}
      {failure && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failure.join('；')} data-testid="product-form-error" />}
      <Form form={form} layout="vertical" initialValues={initialValues(product)} onFinish={(v) => void save(v)}>
        <Form.Item name="name" label={t('marketplace.product.name')} rules={[{ required: true, min: 2 }]}><Input data-testid="product-name-input" /></Form.Item>
        <Row gutter={12}>
          <Col span={12}><Form.Item name="productType" label={t('marketplace.product.type')} rules={[{ required: true }]}><Select options={opts(options.productTypes, options.productTypes)} /></Form.Item></Col>
          <Col span={12}><Form.Item name="programme" label={t('marketplace.product.programme')} rules={[{ required: true }]}><Select data-testid="product-programme" options={opts(options.programmes, options.programmes)} /></Form.Item></Col>
          <Col span={12}><Form.Item name="amountMinYuan" label={t('marketplace.form.amountMinYuan')} rules={[{ required: true }]}><Input data-testid="product-amount-min" /></Form.Item></Col>
          <Col span={12}><Form.Item name="amountMaxYuan" label={t('marketplace.form.amountMaxYuan')} rules={[{ required: true }]}><Input data-testid="product-amount-max" /></Form.Item></Col>
          <Col span={12}><Form.Item name="termMinMonths" label={t('marketplace.form.termMin')} rules={[{ required: true }]}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} data-testid="product-term-min" /></Form.Item></Col>
          <Col span={12}><Form.Item name="termMaxMonths" label={t('marketplace.form.termMax')} rules={[{ required: true }]}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} data-testid="product-term-max" /></Form.Item></Col>
          <Col span={12}><Form.Item name="rateMinPercent" label={t('marketplace.form.rateMin')} rules={[{ required: true }]}><Input suffix="%" data-testid="product-rate-min" /></Form.Item></Col>
          <Col span={12}><Form.Item name="rateMaxPercent" label={t('marketplace.form.rateMax')} rules={[{ required: true }]}><Input suffix="%" data-testid="product-rate-max" /></Form.Item></Col>
        </Row>
        <Form.Item name="repaymentModes" label={t('marketplace.product.repayment')} rules={[{ required: true }]}><Select mode="multiple" options={opts(options.repaymentModes, options.repaymentModes)} /></Form.Item>
        <Form.Item name="regionPrefixes" label={t('marketplace.form.regions')} extra={t('marketplace.form.regionsHelp')} rules={[{ required: true }]}>
          <Select mode="tags" tokenSeparators={[',', ' ']} data-testid="product-regions" />
        </Form.Item>
        <Typography.Title level={5}>{t('marketplace.form.rules')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('marketplace.form.rulesHelp')}</Typography.Paragraph>
        <RuleBuilder options={options} />
        <Form.Item name="requiredAuthorisations" label={t('marketplace.product.authorisations')} extra={t('marketplace.form.authorisationsHelp')} style={{ marginTop: 16 }}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.Item name="requiredMaterials" label={t('marketplace.product.materials')}><Select mode="tags" tokenSeparators={[',']} /></Form.Item>
        <Form.Item name="description" label={t('marketplace.product.description')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </Form>
    </Drawer>
  );
}
