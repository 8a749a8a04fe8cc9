import type { HTMLAttributes } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CatalogItem, Level } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { codeLabel } from '../labels.ts';
import { itemState } from './draft.ts';
import type { CatalogDiff } from './draft.ts';

const LEVEL_COLOR: Record<Level, string> = { L1: 'green', L2: 'blue', L3: 'red' };

/** The items of one category with every attribute an operator checks; edit actions while a draft is open. */
export function CatalogItemsTable({
  items,
  diff,
  onEdit,
  onRemoveAdded,
}: {
  items: CatalogItem[];
  /** set while editing: marks added and changed items and shows the edit actions */
  diff: CatalogDiff | undefined;
  onEdit: (item: CatalogItem) => void;
  onRemoveAdded: (item: CatalogItem) => void;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const fieldName = (item: CatalogItem, code: string) => {
    const field = item.fields.find((candidate) => candidate.code === code);
    return field === undefined ? code : en ? field.nameEn : field.name;
  };

  const columns: TableColumnsType<CatalogItem> = [
    {
      key: 'name',
      title: t('catalog.item'),
      render: (_: unknown, item) => {
        const state = diff === undefined ? undefined : itemState(diff, item.code);
        return (
          <span>
            <span data-testid="catalog-admin-item-name">{en ? item.nameEn : item.name}</span>
            {state !== undefined && (
              <Tag color={state === 'added' ? 'green' : 'blue'} style={{ marginInlineStart: 8 }} data-testid="catalog-item-state">
                {t(state === 'added' ? 'catalogEditor.itemAdded' : 'catalogEditor.itemChanged')}
              </Tag>
            )}
            <br />
            <Typography.Text type="secondary" className="xr-mono">
              {item.code}
            </Typography.Text>
          </span>
        );
      },
    },
    { key: 'provider', title: t('catalog.provider'), render: (_: unknown, item) => <div style={{ maxWidth: 220 }}>{item.provider.name}</div> },
    { key: 'mode', title: t('catalog.sharingMode'), render: (_: unknown, item) => codeLabel(t, 'catalog.mode', item.sharingMode) },
    {
      key: 'level',
      title: t('catalog.level'),
      render: (_: unknown, item) => <Tag color={LEVEL_COLOR[item.level]}>{codeLabel(t, 'catalog.levelName', item.level)}</Tag>,
    },
    { key: 'auth', title: t('catalog.authorisation'), render: (_: unknown, item) => codeLabel(t, 'catalog.auth', item.authorisation) },
    {
      key: 'freq',
      title: t('catalog.frequency'),
      render: (_: unknown, item) => <span data-testid="catalog-admin-item-frequency">{codeLabel(t, 'catalog.freq', item.updateFrequency)}</span>,
    },
    {
      key: 'naturalKey',
      title: t('catalogEditor.naturalKey'),
      render: (_: unknown, item) => (
        <div style={{ maxWidth: 240 }}>{item.naturalKey.map((code) => fieldName(item, code)).join(t('common.listSeparator'))}</div>
      ),
    },
    { key: 'fields', title: t('catalog.fields'), align: 'right', render: (_: unknown, item) => item.fields.length },
    ...(diff === undefined
      ? []
      : [
          {
            key: 'actions',
            title: t('catalogEditor.actions'),
            render: (_: unknown, item: CatalogItem) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(item)} data-testid="catalog-item-edit">
                  {t('catalogEditor.edit')}
                </Button>
                {itemState(diff, item.code) === 'added' && (
                  <Button size="small" danger icon={<DeleteOutlined />} onClick={() => onRemoveAdded(item)} aria-label={t('catalogEditor.remove')} />
                )}
              </Space>
            ),
          },
        ]),
  ];

  return (
    <Table<CatalogItem>
      rowKey="code"
      size="small"
      pagination={false}
      // a minimum width rather than max-content: on a desktop the columns wrap to fit, on a phone the table scrolls
      scroll={{ x: 880 }}
      dataSource={items}
      columns={columns}
      onRow={(item) => ({ 'data-testid': 'catalog-admin-item', 'data-code': item.code }) as HTMLAttributes<HTMLElement>}
    />
  );
}
