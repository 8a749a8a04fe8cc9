import type { HTMLAttributes } from 'react';
import { Button, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../api/types.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { SelfReportedRecord } from './SelfReportPage.tsx';

/** What the enterprise has reported (current versions), each tagged 自主申报; "edit" submits a new version. */
export function SelfReportTable({
  records,
  items,
  loading,
  onEdit,
}: {
  records: SelfReportedRecord[] | undefined;
  items: CatalogItem[];
  loading: boolean;
  onEdit: (record: SelfReportedRecord) => void;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';

  /** The record's natural-key values and its first amount or name: enough to recognise it in a list. */
  const summary = (record: SelfReportedRecord) => {
    const item = items.find((candidate) => candidate.code === record.item);
    if (item === undefined) return record.key.split('\u001f').join(' / ');
    const shown = item.fields.filter((field) => field.code !== 'uscc' && field.code !== 'entity_name' && (item.naturalKey.includes(field.code) || field.format === 'CNY'));
    return shown
      .slice(0, 4)
      .filter((field) => record.data[field.code] !== null && record.data[field.code] !== undefined)
      .map((field) => `${en ? field.nameEn : field.name}：${String(record.data[field.code])}`)
      .join('；');
  };

  return (
    <Table<SelfReportedRecord>
      rowKey={(record) => `${record.item}\u001e${record.key}`}
      size="small"
      loading={loading}
      dataSource={records ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('selfReport.table.empty') }}
      onRow={() => ({ 'data-testid': 'self-report-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'item',
          title: t('selfReport.table.item'),
          render: (_: unknown, record) => (
            <span>
              {en ? record.itemNameEn : record.itemName}{' '}
              <Tag color={record.origin === 'self_report' ? 'gold' : 'default'} data-testid="self-report-origin">
                {record.origin === 'self_report' ? t('selfReport.origin.self_report') : t('selfReport.origin.provider')}
              </Tag>
            </span>
          ),
        },
        { key: 'summary', title: t('selfReport.table.summary'), render: (_: unknown, record) => <Typography.Text>{summary(record)}</Typography.Text> },
        { key: 'version', title: t('selfReport.table.version'), dataIndex: 'version', align: 'right' },
        { key: 'validFrom', title: t('selfReport.table.validFrom'), render: (_: unknown, record) => formatTimestamp(record.validFrom) },
        {
          key: 'actions',
          title: t('selfReport.table.actions'),
          render: (_: unknown, record) => (
            <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(record)} data-testid="self-report-edit">
              {t('selfReport.table.edit')}
            </Button>
          ),
        },
      ]}
    />
  );
}
