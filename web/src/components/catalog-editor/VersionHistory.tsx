import type { HTMLAttributes } from 'react';
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import type { CatalogVersionSummary } from '../../api/types.ts';
import { formatTimestamp } from '../labels.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';

/** Every published catalog version, newest first, with why it was published and by whom. */
export function VersionHistory({
  versions,
  loading,
  error,
  current,
}: {
  versions: CatalogVersionSummary[];
  loading: boolean;
  error: ApiError | undefined;
  current: number | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t('catalogEditor.historyTitle')} data-testid="catalog-versions">
      {error !== undefined && <ProblemAlert error={error} testId="catalog-versions-error" />}
      {error === undefined && (
        <Table<CatalogVersionSummary>
          rowKey="version"
          size="small"
          pagination={false}
          loading={loading}
          scroll={{ x: 'max-content' }}
          dataSource={versions}
          onRow={(version) => ({ 'data-testid': 'catalog-version-row', 'data-version': version.version }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'version',
              title: t('catalogEditor.version'),
              render: (_: unknown, version) => (
                <span>
                  <span data-testid="catalog-version-number">{version.version}</span>
                  {version.version === current && (
                    <Tag color="success" style={{ marginInlineStart: 8 }}>
                      {t('catalogEditor.current')}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              key: 'note',
              title: t('catalogEditor.note'),
              render: (_: unknown, version) => (
                <div style={{ minWidth: 200, maxWidth: 480 }} data-testid="catalog-version-note">
                  {version.note}
                </div>
              ),
            },
            { key: 'items', title: t('catalogEditor.itemCount'), align: 'right', render: (_: unknown, version) => version.items },
            { key: 'publishedAt', title: t('catalogEditor.publishedAt'), render: (_: unknown, version) => formatTimestamp(version.publishedAt) },
            {
              key: 'publishedBy',
              title: t('catalogEditor.publishedBy'),
              render: (_: unknown, version) =>
                version.publishedBy === null ? (
                  t('catalogEditor.bundled')
                ) : (
                  <Typography.Text ellipsis={{ tooltip: version.publishedBy }} style={{ maxWidth: 180 }}>
                    {version.publisherName ?? version.publishedBy}
                  </Typography.Text>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
