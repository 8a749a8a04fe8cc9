import { useState } from 'react';
import { Alert, App, Button, Card, Col, Collapse, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { createDemand, MARKETPLACE_PATHS, updateDemand, type Demand, type Inbox, type MarketplaceOptions, type MatchView } from '../../api/marketplace.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { fenToWanText, yuanToFen } from './money.ts';
import { AmountRange, codeName, FitBar, MatchReasons, RateRange, textOf, useMarketplaceOptions } from './shared.tsx';
import { ApplyLink } from '../applications/links.tsx';

interface DemandValues { amountYuan: string; termMonths: number; purpose: string; guarantees: string[]; urgency: string }

/** 融资对接 (enterprise): publish a financing demand; the products recommended for it and for the profile, with reasons. */
export default function FinancingPage() {
  const { t } = useTranslation();
  const options = useMarketplaceOptions();
  const inbox = useApi<Inbox>(MARKETPLACE_PATHS.inbox);
  const o = options.data;
  return (
    <div className="xr-stack" data-testid="financing-page">
      <Typography.Title level={3} className="xr-portal-title">{t('marketplace.financing.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('marketplace.financing.intro')}</Typography.Paragraph>
      {o && <DemandForm options={o} onSaved={inbox.reload} />}
      {inbox.error !== undefined && <ProblemAlert error={inbox.error} />}
      {inbox.data === undefined && inbox.error === undefined && <Skeleton active />}
      {inbox.data !== undefined && o && (
        <>
          {inbox.data.demands.map((d) => (
            <Card key={d.demand.id} data-testid="inbox-demand" data-demand-id={d.demand.id}
              title={t('marketplace.financing.forDemand', { amount: fenToWanText(d.demand.amountFen), term: d.demand.termMonths })}
              extra={<CloseDemand demand={d.demand} onDone={inbox.reload} />}>
              <Typography.Paragraph type="secondary">{d.demand.purpose} · {d.demand.guarantees.map((g) => codeName(o.guarantees, g)).join('、')} · {codeName(o.urgencies, d.demand.urgency)}</Typography.Paragraph>
              <Matches options={o} recommended={d.recommended} nearMisses={d.nearMisses} demandId={d.demand.id} />
            </Card>
          ))}
          <Card title={t('marketplace.financing.forProfile')} data-testid="inbox-profile">
            {!inbox.data.profile.evaluated && <Alert type="info" showIcon title={t('marketplace.financing.notEvaluated')} style={{ marginBottom: 12 }} />}
            <Matches options={o} recommended={inbox.data.profile.recommended} nearMisses={inbox.data.profile.nearMisses} />
          </Card>
        </>
      )}
    </div>
  );
}

function Matches({ options, recommended, nearMisses, demandId }: { options: MarketplaceOptions; recommended: MatchView[]; nearMisses: MatchView[]; demandId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {recommended.length === 0 && <Empty description={t('marketplace.financing.noneRecommended')} />}
      <Collapse
        data-testid="recommended"
        items={recommended.map((m) => ({ key: m.product.id, label: <MatchHeader options={options} m={m} demandId={demandId} />, children: <MatchReasons rules={m.rules} fit={m.fit} /> }))}
      />
      {nearMisses.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('marketplace.financing.nearMisses')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('marketplace.financing.nearMissesHelp')}</Typography.Paragraph>
          <Collapse
            data-testid="near-misses"
            items={nearMisses.map((m) => ({
              key: m.product.id,
              label: (
                <Space orientation="vertical" size={0}>
                  <MatchHeader options={options} m={m} />
                  {m.rules.filter((r) => !r.held).map((r) => <Typography.Text key={r.rule} type="danger" data-testid="near-miss-reason">{textOf(r)}</Typography.Text>)}
                </Space>
              ),
              children: <MatchReasons rules={m.rules} fit={m.fit} />,
            }))}
          />
        </>
      )}
    </>
  );
}

function MatchHeader({ options, m, demandId }: { options: MarketplaceOptions; m: MatchView; demandId?: string }) {
  return (
    <Space wrap data-testid="match-header" data-product-id={m.product.id}>
      <strong data-testid="match-product-name">{m.product.name}</strong>
      <Typography.Text type="secondary">{m.product.institution.name}</Typography.Text>
      {m.product.programme !== 'none' && <Tag color="blue">{codeName(options.programmes, m.product.programme)}</Tag>}
      <AmountRange min={m.product.amountMinFen} max={m.product.amountMaxFen} />
      <RateRange min={m.product.rateMinBp} max={m.product.rateMaxBp} />
      {m.eligible && <FitBar fitBp={m.fitBp} />}
      {m.eligible && <ApplyLink productId={m.product.id} demandId={demandId} />}
    </Space>
  );
}

function CloseDemand({ demand, onDone }: { demand: Demand; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  async function close() {
    try {
      await updateDemand(demand.id, { amountFen: demand.amountFen, termMonths: demand.termMonths, purpose: demand.purpose, guarantees: demand.guarantees, urgency: demand.urgency, status: 'closed' });
      onDone();
    } catch (error) {
      void message.error((error as ApiError).detail ?? String(error));
    }
  }
  return <Popconfirm title={t('marketplace.financing.closeConfirm')} onConfirm={() => void close()}><Button size="small">{t('marketplace.financing.close')}</Button></Popconfirm>;
}

function DemandForm({ options, onSaved }: { options: MarketplaceOptions; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DemandValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string>();
  async function save(v: DemandValues) {
    const amountFen = yuanToFen(v.amountYuan);
    if (!amountFen) { setFailure(t('marketplace.financing.amountInvalid')); return; }
    setSaving(true);
    setFailure(undefined);
    try {
      await createDemand({ amountFen, termMonths: v.termMonths, purpose: v.purpose, guarantees: v.guarantees, urgency: v.urgency });
      void message.success(t('marketplace.financing.published'));
      form.resetFields();
      onSaved();
    } catch (error) {
      setFailure((error as ApiError).detail ?? String(error));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card title={t('marketplace.financing.publish')} data-testid="demand-form">
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} data-testid="demand-error" />}
      <Form form={form} layout="vertical" initialValues={{ guarantees: ['credit'], urgency: 'normal', termMonths: 12 }} onFinish={(v) => void save(v)}>
        <Row gutter={12}>
          <Col xs={24} md={8}><Form.Item name="amountYuan" label={t('marketplace.financing.amountYuan')} rules={[{ required: true }]}><Input data-testid="demand-amount" suffix={t('marketplace.yuan')} /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item name="termMonths" label={t('marketplace.demand.termMonths')} rules={[{ required: true }]}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} data-testid="demand-term" /></Form.Item></Col>
          <Col xs={24} md={8}><Form.Item name="urgency" label={t('marketplace.demand.urgency')}><Select options={options.urgencies.map((u) => ({ value: u.code, label: codeName(options.urgencies, u.code) }))} /></Form.Item></Col>
        </Row>
        <Form.Item name="guarantees" label={t('marketplace.demand.guarantees')} rules={[{ required: true }]}>
          <Select mode="multiple" data-testid="demand-guarantees" options={options.guarantees.map((g) => ({ value: g.code, label: codeName(options.guarantees, g.code) }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('marketplace.demand.purpose')} rules={[{ required: true }]}><Input.TextArea rows={2} maxLength={500} data-testid="demand-purpose" /></Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="demand-submit">{t('marketplace.financing.submit')}</Button>
      </Form>
    </Card>
  );
}
