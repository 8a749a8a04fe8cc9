import type { HTMLAttributes } from 'react';
import { Grid, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../components/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** GET /quality/usage — uses of the provider's items grouped by institution, item, purpose and mode. */
export interface UsageRow {
  consumerOrgId: string;
  consumerName: string;
  item: string;
  itemName: string;
  itemNameEn: string;
  providerCategory: string;
  purpose: string | null;
  mode: 'verification' | 'interface_call' | 'record_read';
  uses: number;
  enterprises: number;
  lastUsedAt: string;
}

const MODE_COLORS: Record<UsageRow['mode'], string> = { verification: 'blue', interface_call: 'purple', record_read: 'cyan' };

export function UsageTable({ rows, loading, days }: { rows: UsageRow[]; loading: boolean; days: number }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const en = currentLanguage() === 'en';
  const columns: TableColumnsType<UsageRow> = [
    { key: 'institution', title: t('quality.usage.institution'), render: (_: unknown, r) => <span data-testid="usage-institution">{r.consumerName}</span> },
    { key: 'item', title: t('quality.usage.item'), render: (_: unknown, r) => (en ? r.itemNameEn : r.itemName) },
    { key: 'purpose', title: t('quality.usage.purpose'), render: (_: unknown, r) => r.purpose ?? t('quality.usage.noPurpose') },
    {
      key: 'mode',
      title: t('quality.usage.mode'),
      render: (_: unknown, r) => <Tag color={MODE_COLORS[r.mode]}>{t(`quality.usage.modes.${r.mode}`)}</Tag>,
    },
    { key: 'uses', title: t('quality.usage.uses'), align: 'right', render: (_: unknown, r) => <span data-testid="usage-count">{r.uses}</span> },
    { key: 'enterprises', title: t('quality.usage.enterprises'), align: 'right', render: (_: unknown, r) => r.enterprises },
    { key: 'lastUsed', title: t('quality.usage.lastUsed'), render: (_: unknown, r) => formatTimestamp(r.lastUsedAt) },
  ];
  return (
    <Table<UsageRow>
      rowKey={(r) => `${r.consumerOrgId}|${r.item}|${r.purpose ?? ''}|${r.mode}`}
      size={screens.md === true ? 'middle' : 'small'}
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('quality.usage.empty', { days }) }}
      data-testid="usage-table"
      onRow={() => ({ 'data-testid': 'usage-row' }) as HTMLAttributes<HTMLElement>}
    />
  );
}
