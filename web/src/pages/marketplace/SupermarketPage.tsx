import { useMemo, useState } from 'react';
import { Card, Col, Form, Input, InputNumber, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { MARKETPLACE_PATHS, type Product } from '../../api/marketplace.ts';
import { FilterCard, ListState } from '../../components/FilterCard.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { yuanToFen } from './money.ts';
import { AmountRange, codeName, RateRange, useMarketplaceOptions } from './shared.tsx';
import { ApplyLink } from '../applications/links.tsx';

const FACTS = { display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8, margin: '12px 0' } as const;

interface Filters { type?: string; programme?: string; amountYuan?: string; termMonths?: number; region?: string }

/** 产品超市 — the published loan products, public (no login), with filters and the special sections (专栏). */
export default function SupermarketPage() {
  const { t } = useTranslation();
  const options = useMarketplaceOptions();
  const [section, setSection] = useState('all');
  // a district edition's home page links here with ?region=<its code>
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({ region: params.get('region') ?? undefined }));
  const [form] = Form.useForm<Filters>();
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (section !== 'all') q.set('section', section);
    if (filters.type) q.set('type', filters.type);
    if (filters.programme) q.set('programme', filters.programme);
    const fen = filters.amountYuan ? yuanToFen(String(filters.amountYuan)) : null;
    if (fen) q.set('amountFen', fen);
    if (filters.termMonths) q.set('termMonths', String(filters.termMonths));
    if (filters.region && /^\d{2,6}$/.test(filters.region)) q.set('region', filters.region);
    q.set('limit', '100');
    return q.toString();
  }, [section, filters]);
  const products = useApi<{ items: Product[]; total: number }>(MARKETPLACE_PATHS.products(query));
  const o = options.data;

  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main" data-testid="supermarket-page">
        <Typography.Title level={2}>{t('marketplace.supermarket.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('marketplace.supermarket.intro')}</Typography.Paragraph>
        <Tabs
          activeKey={section}
          onChange={setSection}
          data-testid="supermarket-sections"
          items={[{ key: 'all', label: t('marketplace.supermarket.all') }, ...(o?.sections ?? []).map((s) => ({ key: s.code, label: codeName(o?.sections, s.code) }))]}
        />
        <FilterCard
          form={form} onSearch={setFilters} initialValues={filters} labels={{ search: t('marketplace.supermarket.search'), reset: t('marketplace.supermarket.reset') }}
          testIds={{ form: 'supermarket-filters', search: 'supermarket-search' }}
        >
          <Form.Item name="type" label={t('marketplace.product.type')}>
            <Select allowClear style={{ width: 140 }} options={(o?.productTypes ?? []).map((p) => ({ value: p.code, label: codeName(o?.productTypes, p.code) }))} />
          </Form.Item>
          <Form.Item name="programme" label={t('marketplace.product.programme')}>
            <Select allowClear style={{ width: 160 }} options={(o?.programmes ?? []).filter((p) => p.code !== 'none').map((p) => ({ value: p.code, label: codeName(o?.programmes, p.code) }))} />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('marketplace.supermarket.amountYuan')}>
            <Input style={{ width: 130 }} placeholder="1000000" />
          </Form.Item>
          <Form.Item name="termMonths" label={t('marketplace.supermarket.termMonths')}>
            <InputNumber min={1} max={360} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="region" label={t('marketplace.product.region')}>
            <Input style={{ width: 110 }} placeholder="131002" />
          </Form.Item>
        </FilterCard>
        <ListState data={products.data} error={products.error} empty={t('marketplace.supermarket.none')} />
        <Row gutter={[16, 16]}>
          {(products.data?.items ?? []).map((p) => (
            <Col key={p.id} xs={24} md={12} xl={8}>
              <Card
                title={<span data-testid="product-name">{p.name}</span>}
                extra={p.programme !== 'none' ? <Tag color="blue">{codeName(o?.programmes, p.programme)}</Tag> : null}
                data-testid="product-card"
                data-product-id={p.id}
              >
                <Typography.Text type="secondary">{p.institution.name}</Typography.Text>
                <div style={FACTS}>
                  <div><Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t('marketplace.product.amount')}</Typography.Text><strong><AmountRange min={p.amountMinFen} max={p.amountMaxFen} /></strong></div>
                  <div><Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t('marketplace.product.rate')}</Typography.Text><strong><RateRange min={p.rateMinBp} max={p.rateMaxBp} /></strong></div>
                  <div><Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{t('marketplace.product.term')}</Typography.Text><strong>{t('marketplace.monthsRange', { min: p.termMinMonths, max: p.termMaxMonths })}</strong></div>
                </div>
                <Space wrap size={4}>
                  <Tag>{codeName(o?.productTypes, p.productType)}</Tag>
                  {p.repaymentModes.map((m) => <Tag key={m}>{codeName(o?.repaymentModes, m)}</Tag>)}
                </Space>
                {p.description && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginTop: 8, marginBottom: 0 }}>{p.description}</Typography.Paragraph>}
                <div style={{ marginTop: 12 }}><ApplyLink productId={p.id} /></div>
              </Card>
            </Col>
          ))}
        </Row>
      </main>
    </div>
  );
}
