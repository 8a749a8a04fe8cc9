import { useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { applyFor } from '../../api/applications.ts';
import type { Product } from '../../api/marketplace.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { yuanToFen } from '../marketplace/money.ts';
import { AmountRange, RateRange } from '../marketplace/shared.tsx';

interface Values { amountYuan: string; termMonths: number; materials: string[]; authorise: boolean; purpose: string; validTo: Dayjs }

const PURPOSES = ['CREDIT_LOAN', 'WORKING_CAPITAL', 'LOAN_RENEWAL', 'GUARANTEE', 'LEASING_FACTORING'];

/** 在线申请 (enterprise): apply for one product, granting its required authorisations and listing the materials, in one step. */
export default function ApplyPage() {
  const { t } = useTranslation();
  const { productId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const product = useApi<Product>(`/marketplace/products/${productId}`);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const p = product.data;

  async function submit(v: Values) {
    if (!p) return;
    const amountFen = yuanToFen(String(v.amountYuan));
    if (amountFen === null) {
      form.setFields([{ name: 'amountYuan', errors: [t('applications.apply.amountInvalid')] }]);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const a = await applyFor({
        productId: p.id, demandId: search.get('demand') ?? undefined, amountFen, termMonths: v.termMonths, materials: v.materials ?? [],
        authorise: p.requiredAuthorisations.length ? { purpose: v.purpose, validTo: v.validTo.format('YYYY-MM-DD') } : undefined,
      });
      void navigate(`/enterprise/applications?open=${a.id}`);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="xr-stack" data-testid="apply-page">
      <Typography.Title level={3} className="xr-portal-title">{t('applications.apply.title')}</Typography.Title>
      {product.error !== undefined && <ProblemAlert error={product.error} />}
      {!p && product.error === undefined && <Skeleton active />}
      {p && (
        <>
          <Card title={<span data-testid="apply-product">{p.name}</span>} extra={p.institution.name}>
            <Space size="large" wrap>
              <span>{t('applications.amount')}: <AmountRange min={p.amountMinFen} max={p.amountMaxFen} /></span>
              <span>{t('applications.rate')}: <RateRange min={p.rateMinBp} max={p.rateMaxBp} /></span>
              <span>{t('applications.term')}: {t('applications.monthsRange', { min: p.termMinMonths, max: p.termMaxMonths })}</span>
            </Space>
          </Card>
          <Card>
            <Steps size="small" current={1} style={{ marginBottom: 24 }} items={[{ title: t('applications.apply.stepChoose') }, { title: t('applications.apply.stepFill') }, { title: t('applications.apply.stepWait') }]} />
            <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 640 }}
              initialValues={{ termMonths: p.termMinMonths, materials: [], purpose: 'CREDIT_LOAN', validTo: dayjs().add(1, 'year') }}>
              <Form.Item name="amountYuan" label={t('applications.apply.amountYuan')} rules={[{ required: true }]}>
                <Input placeholder="1000000" data-testid="apply-amount" />
              </Form.Item>
              <Form.Item name="termMonths" label={t('applications.apply.termMonths')} rules={[{ required: true }]}>
                <InputNumber min={p.termMinMonths} max={p.termMaxMonths} data-testid="apply-term" />
              </Form.Item>
              <Form.Item name="materials" label={t('applications.apply.materials')} extra={t('applications.apply.materialsHelp')}
                rules={[{ validator: async (_r, v: string[] | undefined) => { if (p.requiredMaterials.some((m) => !(v ?? []).includes(m))) throw new Error(t('applications.apply.materialsMissing')); } }]}>
                <Checkbox.Group data-testid="apply-materials" options={p.requiredMaterials.map((m) => ({ value: m, label: m }))} />
              </Form.Item>
              {p.requiredAuthorisations.length > 0 && (
                <Card size="small" type="inner" title={t('applications.apply.authoriseTitle')} style={{ marginBottom: 16 }} data-testid="apply-authorise">
                  <Typography.Paragraph>{t('applications.apply.authoriseIntro', { institution: p.institution.name ?? '' })}</Typography.Paragraph>
                  <Space wrap style={{ marginBottom: 12 }}>{p.requiredAuthorisations.map((i) => <Tag key={i} color="blue">{i}</Tag>)}</Space>
                  <Space wrap>
                    <Form.Item name="purpose" label={t('applications.apply.purpose')}>
                      <Select style={{ width: 200 }} options={PURPOSES.map((c) => ({ value: c, label: t(`applications.purpose.${c}`) }))} />
                    </Form.Item>
                    <Form.Item name="validTo" label={t('applications.apply.validTo')}>
                      <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
                    </Form.Item>
                  </Space>
                  <Form.Item name="authorise" valuePropName="checked" rules={[{ validator: async (_r, v: boolean) => { if (!v) throw new Error(t('applications.apply.authoriseRequired')); } }]}>
                    <Checkbox data-testid="apply-authorise-check">{t('applications.apply.authoriseConfirm')}</Checkbox>
                  </Form.Item>
                </Card>
              )}
              {error !== undefined && <ProblemAlert error={error} />}
              <Alert type="info" showIcon title={t('applications.apply.slaNote')} style={{ marginBottom: 16 }} />
              <Button type="primary" htmlType="submit" loading={saving} data-testid="apply-submit">{t('applications.apply.submit')}</Button>
            </Form>
          </Card>
        </>
      )}
    </div>
  );
}
