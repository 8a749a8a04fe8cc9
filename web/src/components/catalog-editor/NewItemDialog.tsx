import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogCategory, CatalogItem } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { blankItem } from './draft.ts';

/** The shape the server accepts for an item code (src/modules/catalog/schemas.ts). */
const ITEM_CODE = /^[A-Z][A-Z0-9_]{0,62}$/;

/** Where an operator-added item comes from, kept with the item (the catalog's `source`), in the source locale. */
const OPERATOR_SOURCE_NOTE = '运营方在目录维护中新增';

interface NewItemValues {
  category: string;
  code: string;
  name: string;
  nameEn: string;
  providerName: string;
  providerCategory: string;
}

/** Starts a new item in a category: its code, names and provider; the item editor opens next for the rest. */
export function NewItemDialog({
  categories,
  takenCodes,
  onCreate,
  onCancel,
}: {
  categories: readonly CatalogCategory[];
  takenCodes: ReadonlySet<string>;
  onCreate: (categoryCode: string, item: CatalogItem) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const [form] = Form.useForm<NewItemValues>();

  const create = async () => {
    const values = await form.validateFields();
    onCreate(
      values.category,
      blankItem({
        code: values.code.trim(),
        name: values.name.trim(),
        nameEn: values.nameEn.trim(),
        provider: { category: values.providerCategory.trim(), name: values.providerName.trim() },
        note: OPERATOR_SOURCE_NOTE,
      }),
    );
  };

  const required = { required: true, whitespace: true, message: t('catalogEditor.required') };
  return (
    <Modal
      open
      title={t('catalogEditor.addItem')}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>{t('catalogEditor.cancel')}</Button>
          <Button type="primary" onClick={() => void create().catch((error: unknown) => console.info('new item form incomplete', error))} data-testid="new-item-create">
            {t('catalogEditor.ok')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ category: categories[0]?.code }} data-testid="new-item-form">
        <Form.Item name="category" label={t('catalogEditor.category')} rules={[{ required: true }]}>
          <Select options={categories.map((category) => ({ value: category.code, label: en ? category.nameEn : category.name }))} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('catalogEditor.itemCode')}
          extra={t('catalogEditor.itemCodeHint')}
          rules={[
            required,
            { pattern: ITEM_CODE, message: t('catalogEditor.itemCodeFormat') },
            {
              validator: (_, value: string | undefined) =>
                value !== undefined && takenCodes.has(value.trim())
                  ? Promise.reject(new Error(t('catalogEditor.itemCodeTaken')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input className="xr-mono" data-testid="new-item-code" />
        </Form.Item>
        <Form.Item name="name" label={t('catalogEditor.nameZh')} rules={[required]}>
          <Input maxLength={200} data-testid="new-item-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalogEditor.nameEn')} rules={[required]}>
          <Input maxLength={300} data-testid="new-item-name-en" />
        </Form.Item>
        <Form.Item name="providerName" label={t('catalog.provider')} rules={[required]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="providerCategory" label={t('catalogEditor.providerCategory')} extra={t('catalogEditor.providerCategoryHint')} rules={[required]}>
          <Input className="xr-mono" maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
