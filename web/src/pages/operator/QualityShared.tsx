import type { HTMLAttributes } from 'react';
import { Button, Grid, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LineChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.ts';
import { formatTimestamp } from '../../components/labels.ts';

/** GET /quality/items — one item's indicators (percentages in basis points, null where they do not apply). */
export interface ItemQuality {
  item: string;
  name: string;
  nameEn: string;
  providerCategory: string;
  providerName: string;
  sharingMode: 'physical' | 'interface' | 'verification';
  updateFrequency: string;
  registeredEnterprises: number;
  coveredEnterprises: number;
  currentRecords: number;
  coverageBp: number | null;
  completeness: { fields: number; optionalFields: number; allBp: number | null; optionalBp: number | null };
  timeliness: { status: Timeliness; expectedDays: number; lastReceivedAt: string | null; ageDays: number | null };
  errors: { windowDays: number; batches: number; rowsReceived: number; rowsQuarantined: number; rateBp: number | null };
}

export type Timeliness = 'on_time' | 'late' | 'never' | 'not_applicable';

export interface QualityItemsReply {
  generatedAt: string;
  items: ItemQuality[];
}

export const TIMELINESS_COLORS: Record<Timeliness, string> = {
  on_time: 'success',
  late: 'warning',
  never: 'error',
  not_applicable: 'default',
};

/** Basis points as a percentage with two decimals ("66.67 %"); a dash where the indicator does not apply. */
export function bpText(bp: number | null): string {
  return bp === null ? '—' : `${(bp / 100).toFixed(2)}%`;
}

export function TimelinessTag({ quality }: { quality: ItemQuality }) {
  const { t } = useTranslation();
  const { status, ageDays, expectedDays, lastReceivedAt } = quality.timeliness;
  const tag = (
    <Tag color={TIMELINESS_COLORS[status]} data-testid="quality-timeliness">
      {t(`quality.timeliness.${status}`)}
    </Tag>
  );
  if (status === 'not_applicable') return tag;
  return (
    <Space orientation="vertical" size={0}>
      <Tooltip title={lastReceivedAt === null ? undefined : formatTimestamp(lastReceivedAt)}>{tag}</Tooltip>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {ageDays === null ? t('quality.expectedDays', { days: expectedDays }) : t('quality.ageDays', { days: ageDays })}
      </Typography.Text>
    </Space>
  );
}

/** The indicators of each item; `onTrend` adds a button that charts the chosen item. */
export function QualityItemsTable({
  items,
  loading,
  showProvider,
  selected,
  onTrend,
}: {
  items: ItemQuality[];
  loading: boolean;
  showProvider: boolean;
  selected: string | undefined;
  onTrend: (item: string) => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const en = currentLanguage() === 'en';
  const columns: TableColumnsType<ItemQuality> = [
    {
      key: 'item',
      title: t('quality.col.item'),
      render: (_: unknown, q) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{en ? q.nameEn : q.name}</Typography.Text>
          <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>
            {q.item}
          </Typography.Text>
        </Space>
      ),
    },
    ...(showProvider
      ? [
          {
            key: 'provider',
            title: t('quality.col.provider'),
            render: (_: unknown, q: ItemQuality) => (
              <Typography.Text style={{ maxWidth: 200 }} ellipsis={{ tooltip: q.providerName }}>
                {q.providerName}
              </Typography.Text>
            ),
          },
        ]
      : []),
    { key: 'mode', title: t('quality.col.mode'), render: (_: unknown, q) => t(`quality.sharingMode.${q.sharingMode}`) },
    {
      key: 'coverage',
      title: t('quality.col.coverage'),
      render: (_: unknown, q) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="quality-coverage">{bpText(q.coverageBp)}</span>
          {q.coverageBp !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quality.coveredOf', { covered: q.coveredEnterprises, registered: q.registeredEnterprises })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'completeness',
      title: t('quality.col.completeness'),
      render: (_: unknown, q) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="quality-completeness">{bpText(q.completeness.allBp)}</span>
          {q.completeness.optionalBp !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quality.optionalShare', { value: bpText(q.completeness.optionalBp) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'timeliness', title: t('quality.col.timeliness'), render: (_: unknown, q) => <TimelinessTag quality={q} /> },
    {
      key: 'errorRate',
      title: t('quality.col.errorRate'),
      render: (_: unknown, q) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="quality-error-rate">{bpText(q.errors.rateBp)}</span>
          {q.errors.rowsReceived > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('quality.errorRows', { quarantined: q.errors.rowsQuarantined, received: q.errors.rowsReceived })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'records', title: t('quality.col.records'), render: (_: unknown, q) => <span data-testid="quality-records">{q.currentRecords}</span> },
    {
      key: 'actions',
      title: t('quality.col.actions'),
      render: (_: unknown, q) =>
        q.sharingMode === 'physical' ? (
          <Button
            size="small"
            type={selected === q.item ? 'primary' : 'default'}
            icon={<LineChartOutlined />}
            onClick={() => onTrend(q.item)}
            data-testid="quality-show-trend"
          >
            {t('quality.showTrend')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Table<ItemQuality>
      rowKey="item"
      size={screens.md === true ? 'middle' : 'small'}
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('quality.empty') }}
      data-testid="quality-items"
      onRow={(q) => ({ 'data-testid': 'quality-row', 'data-item': q.item }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/** The item to chart first: the first physical item holding records, else the first physical one. */
export function defaultTrendItem(items: readonly ItemQuality[]): string | undefined {
  const physical = items.filter((q) => q.sharingMode === 'physical');
  return (physical.find((q) => q.currentRecords > 0) ?? physical[0])?.item;
}
