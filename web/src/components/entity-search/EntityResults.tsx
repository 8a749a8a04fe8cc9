import type { HTMLAttributes } from 'react';
import { Card, Empty, Grid, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EntitySummary } from '../../api/types.ts';
import { codeLabel, SIZE_TAG_COLORS, STATUS_TAG_COLORS } from '../labels.ts';

/** Search results: a horizontally scrollable table on wide screens, one card per entity on phones. */
export function EntityResults({
  items,
  loading,
  onOpen,
}: {
  items: EntitySummary[];
  loading: boolean;
  onOpen: (uscc: string) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();

  const sizeTag = (entity: EntitySummary) => (
    <Tag color={SIZE_TAG_COLORS[entity.sizeClass] ?? 'default'}>{codeLabel(t, 'sizeClass', entity.sizeClass)}</Tag>
  );
  const statusTag = (entity: EntitySummary) => (
    <Tag color={STATUS_TAG_COLORS[entity.status] ?? 'default'}>{codeLabel(t, 'status', entity.status)}</Tag>
  );

  if (screens.md !== true) {
    if (items.length === 0) {
      return loading ? null : <Empty description={t('search.empty')} data-testid="entity-empty" />;
    }
    return (
      <div className="xr-stack" data-testid="entity-cards">
        {items.map((entity) => (
          <Card
            key={entity.uscc}
            className="xr-entity-card"
            hoverable
            data-testid="entity-row"
            data-uscc={entity.uscc}
            onClick={() => onOpen(entity.uscc)}
          >
            <div className="xr-entity-card-title" data-testid="entity-row-name">
              {entity.name}
            </div>
            <Typography.Text type="secondary" className="xr-mono">
              {entity.uscc}
            </Typography.Text>
            <div>
              {sizeTag(entity)}
              {statusTag(entity)}
              <Tag>{codeLabel(t, 'entityType', entity.entityType)}</Tag>
            </div>
            <Typography.Text type="secondary">
              <span data-testid="entity-row-region">{entity.regionName}</span> · {entity.industryName}
            </Typography.Text>
          </Card>
        ))}
      </div>
    );
  }

  const columns: TableColumnsType<EntitySummary> = [
    {
      key: 'name',
      title: t('entity.field.name'),
      dataIndex: 'name',
      render: (name: string) => <span data-testid="entity-row-name">{name}</span>,
    },
    {
      key: 'uscc',
      title: t('entity.field.uscc'),
      dataIndex: 'uscc',
      render: (uscc: string) => <span className="xr-mono">{uscc}</span>,
    },
    {
      key: 'entityType',
      title: t('entity.field.entityType'),
      // most rows read 企业; the column earns its width only on very wide screens (cards and detail show it)
      responsive: ['xxl'],
      render: (_: unknown, entity) => codeLabel(t, 'entityType', entity.entityType),
    },
    {
      key: 'region',
      title: t('entity.field.region'),
      dataIndex: 'regionName',
      render: (regionName: string) => <span data-testid="entity-row-region">{regionName}</span>,
    },
    { key: 'industry', title: t('entity.field.industry'), dataIndex: 'industryName' },
    { key: 'size', title: t('entity.field.sizeClass'), render: (_: unknown, entity) => sizeTag(entity) },
    { key: 'status', title: t('entity.field.status'), render: (_: unknown, entity) => statusTag(entity) },
    {
      key: 'establishedOn',
      title: t('entity.field.establishedOn'),
      render: (_: unknown, entity) => entity.establishedOn ?? '',
    },
  ];

  return (
    <Table<EntitySummary>
      rowKey="uscc"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('search.empty')} data-testid="entity-empty" /> }}
      data-testid="entity-table"
      onRow={(entity) =>
        ({
          onClick: () => onOpen(entity.uscc),
          style: { cursor: 'pointer' },
          'data-testid': 'entity-row',
          'data-uscc': entity.uscc,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
