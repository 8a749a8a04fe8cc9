import type { HTMLAttributes } from 'react';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogField, CatalogItem } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { codeLabel } from '../labels.ts';

/** The columns a batch file of `item` carries: header name, type, required mark, natural key, allowed values. */
export function ItemFields({ item }: { item: CatalogItem }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <div className="xr-stack">
      <Typography.Text data-testid="batch-natural-key">
        {t('batch.naturalKey')}：
        {item.naturalKey.map((code) => {
          const field = item.fields.find((candidate) => candidate.code === code);
          return (
            <Tag key={code} color="blue">
              {field === undefined ? code : en ? field.nameEn : field.name}
            </Tag>
          );
        })}
      </Typography.Text>
      <Table<CatalogField>
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={item.fields}
        onRow={() => ({ 'data-testid': 'batch-field-row' }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('batch.fieldHeader'),
            render: (_: unknown, field) => (
              <span>
                {field.required && <Typography.Text type="danger">* </Typography.Text>}
                {en ? field.nameEn : field.name}
              </span>
            ),
          },
          { key: 'code', title: t('batch.fieldCode'), render: (_: unknown, field) => <span className="xr-mono">{field.code}</span> },
          { key: 'type', title: t('batch.fieldType'), render: (_: unknown, field) => codeLabel(t, 'catalog.type', field.type) },
          {
            key: 'flags',
            title: t('batch.fieldFlags'),
            render: (_: unknown, field) => (
              <>
                {field.required && <Tag color="red">{t('catalog.required')}</Tag>}
                {item.naturalKey.includes(field.code) && <Tag color="blue">{t('batch.naturalKey')}</Tag>}
                {field.personal && <Tag color="orange">{t('catalog.personal')}</Tag>}
              </>
            ),
          },
          {
            key: 'values',
            title: t('batch.fieldValues'),
            render: (_: unknown, field) =>
              field.enum !== undefined ? field.enum.join(' / ') : (field.format ?? (field.type === 'date' ? 'YYYY-MM-DD' : '')),
          },
        ]}
      />
    </div>
  );
}
