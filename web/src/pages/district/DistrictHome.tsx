import { Button, Card, Col, List, Row, Space, Typography } from 'antd';
import { GiftOutlined, ShopOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MARKETPLACE_PATHS, type Product } from '../../api/marketplace.ts';
import { POLICY_PATHS, type Policy } from '../../api/policies.ts';
import { STATISTICS_PATHS, type Headline } from '../../api/statistics.ts';
import { useApi } from '../../api/use-api.ts';
import { ListState } from '../../components/FilterCard.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { AmountRange, RateRange } from '../marketplace/shared.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { HeadlinePanel } from '../statistics/HeadlinePanel.tsx';

const SHOWN = 6;

/**
 * A district edition's home page (SPEC C15: a city node serves its counties as district editions): the county's own
 * headline figures, the loan products and policies that serve it, and the way in for its enterprises.
 */
export default function DistrictHome() {
  const { t } = useTranslation();
  const code = useParams().code ?? '';
  const headline = useApi<Headline>(STATISTICS_PATHS.headlineOf(code));
  const products = useApi<{ items: Product[]; total: number }>(MARKETPLACE_PATHS.products(`region=${code}&limit=${SHOWN}`));
  const policies = useApi<{ items: Policy[] }>(POLICY_PATHS.publicList(`region=${code}`));
  const name = headline.data?.node.regionName;

  return (
    <div>
      <PublicHeader />
      <section className="xr-hero" data-testid="district-hero">
        <div className="xr-hero-inner">
          <Typography.Title level={1} data-testid="district-title">{name !== undefined ? t('district.title', { region: name }) : ' '}</Typography.Title>
          {headline.data !== undefined && <Typography.Paragraph style={{ fontSize: 16 }}>{t('district.intro', { node: headline.data.node.name })}</Typography.Paragraph>}
          <Space wrap>
            <Link to="/register"><Button size="large" icon={<UserAddOutlined />}>{t('district.register')}</Button></Link>
            <Link to={`/products?region=${code}`}><Button size="large" ghost icon={<ShopOutlined />} data-testid="district-all-products">{t('district.allProducts')}</Button></Link>
            <Link to={`/policies?region=${code}`}><Button size="large" ghost icon={<GiftOutlined />} data-testid="district-all-policies">{t('district.allPolicies')}</Button></Link>
          </Space>
        </div>
      </section>
      <main className="xr-public-main">
        {headline.error !== undefined ? <ProblemAlert error={headline.error} /> : <HeadlinePanel region={code} />}
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={14}>
            <Card title={t('district.products', { count: products.data?.total ?? 0 })} data-testid="district-products">
              <ListState data={products.data} error={products.error} empty={t('district.noProducts')} />
              {products.data !== undefined && products.data.items.length > 0 && (
                <List
                  dataSource={products.data.items}
                  renderItem={(p) => (
                    <List.Item key={p.id} data-testid="district-product">
                      <List.Item.Meta
                        title={p.name}
                        description={<Space wrap size={[12, 0]}><span>{p.institution.name}</span><AmountRange min={p.amountMinFen} max={p.amountMaxFen} /><RateRange min={p.rateMinBp} max={p.rateMaxBp} /></Space>}
                      />
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('district.policies')} data-testid="district-policies">
              <ListState data={policies.data} error={policies.error} empty={t('district.noPolicies')} />
              {policies.data !== undefined && policies.data.items.length > 0 && (
                <List
                  dataSource={policies.data.items.slice(0, SHOWN)}
                  renderItem={(p) => (
                    <List.Item key={p.id} data-testid="district-policy">
                      <List.Item.Meta title={<Link to={`/policies/${p.id}`}>{p.name}</Link>} description={p.authority} />
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Col>
        </Row>
      </main>
      <footer className="xr-public-footer">{t('public.footer')}</footer>
    </div>
  );
}
