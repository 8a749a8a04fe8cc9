import { Button, Card, Col, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { BookOutlined, DatabaseOutlined, FundOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { PortalWelcome } from '../../components/PortalWelcome.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function OperatorHome() {
  const { t } = useTranslation();
  const summary = useApi<PublicSummary>('/public/summary');
  return (
    <div className="xr-stack" data-testid="operator-home">
      {summary.error !== undefined && <ProblemAlert error={summary.error} />}
      {summary.data === undefined && summary.error === undefined && <Skeleton active paragraph={{ rows: 2 }} />}
      {summary.data !== undefined && (
        <>
          <Typography.Text type="secondary" data-testid="summary-node">
            {t('public.node', { node: summary.data.nodeName, region: summary.data.regionName })}
          </Typography.Text>
          <Row gutter={[16, 16]} data-testid="operator-summary">
            <Col xs={24} sm={8}>
              <Card>
                <Statistic title={t('public.enterprises')} value={summary.data.enterprises} data-testid="summary-enterprises" />
              </Card>
            </Col>
            <Col xs={12} sm={8}>
              <Card>
                <Statistic title={t('public.institutions')} value={summary.data.institutions} data-testid="summary-institutions" />
              </Card>
            </Col>
            <Col xs={12} sm={8}>
              <Card>
                <Statistic title={t('public.providers')} value={summary.data.providers} data-testid="summary-providers" />
              </Card>
            </Col>
          </Row>
        </>
      )}
      <PortalWelcome
        extra={
          <Space wrap style={{ marginTop: 16 }}>
            <Link to="/operator/entities">
              <Button type="primary" icon={<SearchOutlined />} data-testid="quick-entity-search">
                {t('menu.entitySearch')}
              </Button>
            </Link>
            <Link to="/operator/catalog">
              <Button icon={<BookOutlined />} data-testid="quick-catalog-admin">
                {t('menu.catalogAdmin')}
              </Button>
            </Link>
            <Link to="/operator/batches">
              <Button icon={<DatabaseOutlined />} data-testid="quick-batches">
                {t('menu.batches')}
              </Button>
            </Link>
            <Link to="/operator/quality">
              <Button icon={<FundOutlined />} data-testid="quick-quality">
                {t('quality.menu.dashboard')}
              </Button>
            </Link>
          </Space>
        }
      />
    </div>
  );
}
