import { useMemo, useState } from 'react';
import { Card, Col, Form, Input, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { POLICY_KINDS, POLICY_PATHS, POLICY_SECTIONS, type Policy } from '../../api/policies.ts';
import { FilterCard, ListState } from '../../components/FilterCard.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { BudgetUse, KindTag } from './shared.tsx';

interface Filters { kind?: string; region?: string }

/** 惠企政策 on the public site: published financing policies, filters by kind and region, and the special sections (专栏). */
export default function PublicPoliciesPage() {
  const { t } = useTranslation();
  const [section, setSection] = useState('all');
  // a district edition's home page links here with ?region=<its code>
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({ region: params.get('region') ?? undefined }));
  const [form] = Form.useForm<Filters>();
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (section !== 'all') q.set('section', section);
    if (filters.kind) q.set('kind', filters.kind);
    if (filters.region && /^\d{2,6}$/.test(filters.region)) q.set('region', filters.region);
    return q.toString();
  }, [section, filters]);
  const policies = useApi<{ items: Policy[] }>(POLICY_PATHS.publicList(query));

  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main" data-testid="policies-page">
        <Typography.Title level={2}>{t('policies.public.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('policies.public.intro')}</Typography.Paragraph>
        <Tabs
          activeKey={section}
          onChange={setSection}
          data-testid="policies-sections"
          items={[{ key: 'all', label: t('policies.public.all') }, ...POLICY_SECTIONS.map((s) => ({ key: s, label: <span data-testid={`policies-section-${s}`}>{t(`policies.sections.${s}`)}</span> }))]}
        />
        <FilterCard
          form={form} onSearch={setFilters} initialValues={filters} labels={{ search: t('policies.public.search'), reset: t('policies.public.reset') }}
          testIds={{ form: 'policies-filters', search: 'policies-search' }}
        >
          <Form.Item name="kind" label={t('policies.field.kind')}>
            <Select allowClear style={{ width: 160 }} data-testid="policies-filter-kind" options={POLICY_KINDS.map((k) => ({ value: k, label: t(`policies.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="region" label={t('policies.field.region')}>
            <Input style={{ width: 110 }} placeholder="131002" data-testid="policies-filter-region" />
          </Form.Item>
        </FilterCard>
        <ListState data={policies.data} error={policies.error} empty={t('policies.public.none')} />
        <Row gutter={[16, 16]}>
          {(policies.data?.items ?? []).map((p) => (
            <Col key={p.id} xs={24} md={12} xl={8}>
              <Card
                title={<Link to={`/policies/${p.id}`} data-testid="policy-name">{p.name}</Link>}
                extra={<KindTag policy={p} />}
                data-testid="policy-card"
                data-policy-id={p.id}
              >
                <Typography.Text type="secondary">{p.authority}</Typography.Text>
                <div style={{ margin: '8px 0' }}>
                  <Typography.Text>{t('policies.validity', { from: p.validFrom, to: p.validTo })}</Typography.Text>
                </div>
                <Space wrap size={4} style={{ marginBottom: 8 }}>
                  {p.sections.map((s) => <Tag key={s} color="cyan">{t(`policies.sections.${s}`)}</Tag>)}
                  {p.regionPrefixes.map((r) => <Tag key={r}>{r}</Tag>)}
                </Space>
                {p.summary && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>{p.summary}</Typography.Paragraph>}
                <BudgetUse policy={p} />
              </Card>
            </Col>
          ))}
        </Row>
      </main>
    </div>
  );
}
