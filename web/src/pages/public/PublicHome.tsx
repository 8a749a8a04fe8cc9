import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { ApiOutlined, DatabaseOutlined, GiftOutlined, LoginOutlined, ShopOutlined, TrophyOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { portalHome, useSession } from '../../auth/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { HeadlinePanel } from '../statistics/HeadlinePanel.tsx';
import { DistrictLinks } from '../district/DistrictLinks.tsx';
import { PublicHeader } from './PublicHeader.tsx';
import { UsccChecker } from './UsccChecker.tsx';

export default function PublicHome() {
  const { t } = useTranslation();
  const { session } = useSession();
  const summary = useApi<PublicSummary>('/public/summary');
  const home = session.status === 'signed-in' ? portalHome(session.me) : null;

  return (
    <div>
      <PublicHeader />
      <section className="xr-hero" data-testid="hero">
        <div className="xr-hero-inner">
          <Typography.Title level={1}>{t('public.heroTitle')}</Typography.Title>
          <Typography.Paragraph style={{ fontSize: 16, maxWidth: 760 }}>{t('public.heroText')}</Typography.Paragraph>
          <Space wrap>
            <Link to={home ?? '/login'}>
              <Button size="large" icon={<LoginOutlined />} data-testid="hero-login">
                {home !== null ? t('nav.myPortal') : t('nav.login')}
              </Button>
            </Link>
            {home === null && (
              <Link to="/register">
                <Button size="large" ghost icon={<UserAddOutlined />} data-testid="hero-register">
                  {t('accounts.register.link')}
                </Button>
              </Link>
            )}
            <Link to="/catalog">
              <Button size="large" ghost icon={<DatabaseOutlined />} data-testid="catalog-link">
                {t('nav.catalog')}
              </Button>
            </Link>
            <Link to="/products">
              <Button size="large" ghost icon={<ShopOutlined />} data-testid="supermarket-link">
                {t('marketplace.menu.supermarket')}
              </Button>
            </Link>
            <Link to="/institutions">
              <Button size="large" ghost icon={<TrophyOutlined />} data-testid="league-link">
                {t('marketplace.menu.league')}
              </Button>
            </Link>
            <Link to="/policies">
              <Button size="large" ghost icon={<GiftOutlined />} data-testid="policies-link">
                {t('policies.menu.public')}
              </Button>
            </Link>
            <Button size="large" ghost icon={<ApiOutlined />} href="/api/docs" data-testid="api-docs-link">
              {t('nav.apiDocs')}
            </Button>
          </Space>
        </div>
      </section>
      <main className="xr-public-main">
        <Card title={t('public.summaryTitle')} data-testid="public-summary">
          {summary.error !== undefined && <ProblemAlert error={summary.error} />}
          {summary.data === undefined && summary.error === undefined && <Skeleton active paragraph={{ rows: 1 }} />}
          {summary.data !== undefined && (
            <div className="xr-stack">
              <Typography.Text type="secondary" data-testid="summary-node">
                {t('public.node', { node: summary.data.nodeName, region: summary.data.regionName })}
              </Typography.Text>
              <Row gutter={[16, 16]}>
                <Col xs={24} sm={8}>
                  <Statistic title={t('public.enterprises')} value={summary.data.enterprises} data-testid="summary-enterprises" />
                </Col>
                <Col xs={12} sm={8}>
                  <Statistic title={t('public.institutions')} value={summary.data.institutions} data-testid="summary-institutions" />
                </Col>
                <Col xs={12} sm={8}>
                  <Statistic title={t('public.providers')} value={summary.data.providers} data-testid="summary-providers" />
                </Col>
              </Row>
            </div>
          )}
        </Card>
        <HeadlinePanel />
        {summary.data !== undefined && <DistrictLinks nodeRegion={summary.data.regionCode} />}
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={14}>
            <UsccChecker />
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('public.whoTitle')}>
              <ul className="xr-who" data-testid="public-audiences">
                <li>
                  {t('public.whoEnterprise')}
                  {home === null && <> <Link to="/register" data-testid="who-register">{t('accounts.register.whoLink')}</Link></>}
                </li>
                <li>{t('public.whoInstitution')}</li>
                <li>{t('public.whoProvider')}</li>
                <li>{t('public.whoOperator')}</li>
              </ul>
            </Card>
          </Col>
        </Row>
      </main>
      <footer className="xr-public-footer">{t('public.footer')}</footer>
    </div>
  );
}
