import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, DatePicker, Drawer, Form, Grid, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { AUTHORISATIONS, LEVELS, SHARING_MODES, UPDATE_FREQUENCIES } from '../../api/types.ts';
import type { CatalogField, CatalogItem } from '../../api/types.ts';
import { codeLabel } from '../labels.ts';
import { moveField, withField, withoutField } from './draft.ts';
import { FieldForm } from './FieldForm.tsx';

/**
 * Edits one item of the draft in a drawer: its attributes and its fields. Changes stay in the drawer until
 * "确定" puts them into the draft; nothing reaches the server before the whole draft is published.
 */
export function ItemEditor({
  item: original,
  onApply,
  onClose,
}: {
  item: CatalogItem;
  onApply: (item: CatalogItem) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [item, setItem] = useState(original);
  /** the field in the field form: undefined = closed, null = a new field */
  const [fieldInForm, setFieldInForm] = useState<CatalogField | null>();

  const set = <K extends keyof CatalogItem>(key: K, value: CatalogItem[K]) => setItem((previous) => ({ ...previous, [key]: value }));
  const options = (group: string, values: readonly string[]) => values.map((value) => ({ value, label: codeLabel(t, group, value) }));

  return (
    <Drawer
      open
      size={screens.md === true ? 720 : '100%'}
      title={t('catalogEditor.editItem', { item: original.name })}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('catalogEditor.cancel')}</Button>
          <Button type="primary" onClick={() => onApply(item)} data-testid="item-editor-apply">
            {t('catalogEditor.ok')}
          </Button>
        </Space>
      }
    >
      <div data-testid="item-editor" className="xr-stack">
        <Typography.Text type="secondary">
          {t('catalogEditor.itemCode')}：<span className="xr-mono">{item.code}</span>
        </Typography.Text>
        <Form layout="vertical" component="div">
          <Form.Item label={t('catalogEditor.nameZh')} required>
            <Input value={item.name} maxLength={200} onChange={(event) => set('name', event.target.value)} data-testid="item-name" />
          </Form.Item>
          <Form.Item label={t('catalogEditor.nameEn')} required>
            <Input value={item.nameEn} maxLength={300} onChange={(event) => set('nameEn', event.target.value)} data-testid="item-name-en" />
          </Form.Item>
          <Form.Item label={t('catalog.provider')} required>
            <Input
              value={item.provider.name}
              maxLength={200}
              onChange={(event) => set('provider', { ...item.provider, name: event.target.value })}
              data-testid="item-provider"
            />
          </Form.Item>
          <Form.Item label={t('catalogEditor.providerCategory')} extra={t('catalogEditor.providerCategoryHint')}>
            <Input
              className="xr-mono"
              value={item.provider.category}
              maxLength={40}
              onChange={(event) => set('provider', { ...item.provider, category: event.target.value.trim() })}
              data-testid="item-provider-category"
            />
          </Form.Item>
          <Space wrap size="middle" align="start">
            <Form.Item label={t('catalog.sharingMode')}>
              <Select style={{ minWidth: 140 }} value={item.sharingMode} onChange={(value) => set('sharingMode', value)} options={options('catalog.mode', SHARING_MODES)} data-testid="item-sharing-mode" />
            </Form.Item>
            <Form.Item label={t('catalog.level')}>
              <Select style={{ minWidth: 120 }} value={item.level} onChange={(value) => set('level', value)} options={options('catalog.levelName', LEVELS)} data-testid="item-level" />
            </Form.Item>
            <Form.Item label={t('catalog.authorisation')}>
              <Select style={{ minWidth: 120 }} value={item.authorisation} onChange={(value) => set('authorisation', value)} options={options('catalog.auth', AUTHORISATIONS)} data-testid="item-authorisation" />
            </Form.Item>
            <Form.Item label={t('catalog.frequency')}>
              <Select style={{ minWidth: 120 }} value={item.updateFrequency} onChange={(value) => set('updateFrequency', value)} options={options('catalog.freq', UPDATE_FREQUENCIES)} data-testid="item-frequency" />
            </Form.Item>
            <Form.Item label={t('catalogEditor.deadline')}>
              <DatePicker
                value={item.deadline === null || item.deadline === undefined ? null : dayjs(item.deadline)}
                onChange={(value) => set('deadline', value === null ? null : value.format('YYYY-MM-DD'))}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t('catalogEditor.naturalKey')} extra={t('catalogEditor.naturalKeyHint')} required>
            <Select
              mode="multiple"
              value={item.naturalKey}
              onChange={(value) => set('naturalKey', value)}
              options={item.fields.map((field) => ({ value: field.code, label: `${field.name}（${field.code}）` }))}
              data-testid="item-natural-key"
            />
          </Form.Item>
        </Form>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('catalogEditor.fieldsTitle', { count: item.fields.length })}
          </Typography.Title>
          <Button icon={<PlusOutlined />} onClick={() => setFieldInForm(null)} data-testid="field-add">
            {t('catalogEditor.addField')}
          </Button>
        </Space>
        <Table<CatalogField>
          rowKey="code"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={item.fields}
          onRow={(field) => ({ 'data-testid': 'field-row', 'data-code': field.code }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t('catalogEditor.field'),
              render: (_: unknown, field) => (
                <span>
                  {field.name}
                  <br />
                  <Typography.Text type="secondary" className="xr-mono">
                    {field.code}
                  </Typography.Text>
                </span>
              ),
            },
            { key: 'type', title: t('catalogEditor.fieldType'), render: (_: unknown, field) => codeLabel(t, 'catalog.type', field.type) },
            {
              key: 'flags',
              title: t('catalogEditor.flags'),
              render: (_: unknown, field) => (
                <>
                  {field.required && <Tag color="red">{t('catalog.required')}</Tag>}
                  {field.personal && <Tag color="orange">{t('catalog.personal')}</Tag>}
                  {item.naturalKey.includes(field.code) && <Tag color="blue">{t('catalogEditor.naturalKey')}</Tag>}
                </>
              ),
            },
            {
              key: 'values',
              title: t('catalogEditor.enumOrFormat'),
              render: (_: unknown, field) => field.enum?.join(' / ') ?? field.format ?? '',
            },
            {
              key: 'actions',
              title: t('catalogEditor.actions'),
              render: (_: unknown, field, index) => (
                <Space size={0}>
                  <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('catalogEditor.edit')} onClick={() => setFieldInForm(field)} data-testid="field-edit" />
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('catalogEditor.moveUp')} disabled={index === 0} onClick={() => setItem(moveField(item, field.code, -1))} />
                  <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('catalogEditor.moveDown')} disabled={index === item.fields.length - 1} onClick={() => setItem(moveField(item, field.code, 1))} />
                  <Popconfirm title={t('catalogEditor.removeFieldConfirm', { field: field.name })} onConfirm={() => setItem(withoutField(item, field.code))}>
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('catalogEditor.remove')} data-testid="field-remove" />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>
      {fieldInForm !== undefined && (
        <FieldForm
          field={fieldInForm ?? undefined}
          takenCodes={item.fields.filter((field) => field.code !== fieldInForm?.code).map((field) => field.code)}
          onCancel={() => setFieldInForm(undefined)}
          onSave={(field) => {
            setItem(withField(item, field, fieldInForm?.code));
            setFieldInForm(undefined);
          }}
        />
      )}
    </Drawer>
  );
}
