import type { HTMLAttributes } from 'react';
import { Button, Card, Grid, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApiOutlined, CloudUploadOutlined, FundOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiKey } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { PortalWelcome } from '../../components/PortalWelcome.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/** A provider's system access: its API key ids (the secrets are never shown again) and how machine calls sign. */
export function ProviderHome() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const keys = useApi<{ items: ApiKey[] }>('/me/api-keys');

  const columns: TableColumnsType<ApiKey> = [
    {
      key: 'keyId',
      title: t('provider.keyId'),
      dataIndex: 'keyId',
      render: (keyId: string) => <span className="xr-mono" data-testid="api-key-id">{keyId}</span>,
    },
    { key: 'label', title: t('provider.label'), render: (_: unknown, key) => key.label ?? '' },
    { key: 'alg', title: t('provider.alg'), render: (_: unknown, key) => key.alg ?? '' },
    { key: 'createdAt', title: t('provider.createdAt'), render: (_: unknown, key) => formatTimestamp(key.createdAt) },
    {
      key: 'lastUsedAt',
      title: t('provider.lastUsedAt'),
      render: (_: unknown, key) =>
        key.lastUsedAt === null || key.lastUsedAt === undefined ? t('provider.neverUsed') : formatTimestamp(key.lastUsedAt),
    },
    {
      key: 'state',
      title: t('provider.state'),
      render: (_: unknown, key) =>
        key.revokedAt === null ? (
          <Tag color="success">{t('provider.active')}</Tag>
        ) : (
          <Tag>{t('provider.revokedAt', { time: formatTimestamp(key.revokedAt) })}</Tag>
        ),
    },
  ];

  return (
    <div className="xr-stack" data-testid="provider-home">
      <PortalWelcome />
      <Card title={t('provider.aggregationTitle')} data-testid="provider-aggregation">
        <Typography.Paragraph>{t('provider.aggregationText')}</Typography.Paragraph>
        <Space wrap>
          <Link to="/provider/batches/new">
            <Button type="primary" icon={<CloudUploadOutlined />} data-testid="quick-batch-upload">
              {t('batch.upload')}
            </Button>
          </Link>
          <Link to="/provider/batches">
            <Button icon={<UnorderedListOutlined />} data-testid="quick-batch-list">
              {t('menu.batches')}
            </Button>
          </Link>
          <Link to="/provider/quality">
            <Button icon={<FundOutlined />} data-testid="quick-quality">
              {t('quality.menu.feedback')}
            </Button>
          </Link>
        </Space>
      </Card>
      <Card title={t('provider.accessTitle')}>
        <Typography.Paragraph>{t('provider.accessText')}</Typography.Paragraph>
        <Typography.Paragraph>{t('provider.signingText')}</Typography.Paragraph>
        <Button icon={<ApiOutlined />} href="/api/docs" data-testid="api-docs-link">
          {t('nav.apiDocs')}
        </Button>
      </Card>
      <Card title={t('provider.keysTitle')}>
        {keys.error !== undefined && <ProblemAlert error={keys.error} testId="api-keys-error" />}
        {keys.error === undefined && (
          <Table<ApiKey>
            rowKey="keyId"
            size={screens.md === true ? 'middle' : 'small'}
            columns={columns}
            dataSource={keys.data?.items ?? []}
            loading={keys.loading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('provider.noKeys') }}
            data-testid="api-keys"
            onRow={() => ({ 'data-testid': 'api-key-row' }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
    </div>
  );
}
