import { Button, Card, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PortalWelcome } from '../../components/PortalWelcome.tsx';

export function InstitutionHome() {
  const { t } = useTranslation();
  return (
    <div className="xr-stack" data-testid="institution-home">
      <PortalWelcome />
      <Card title={t('institution.searchTitle')}>
        <Typography.Paragraph>{t('institution.searchText')}</Typography.Paragraph>
        <Link to="/institution/entities">
          <Button type="primary" icon={<SearchOutlined />} data-testid="quick-entity-search">
            {t('menu.entitySearch')}
          </Button>
        </Link>
      </Card>
    </div>
  );
}
