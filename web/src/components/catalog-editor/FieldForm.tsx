import { Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES } from '../../api/types.ts';
import type { CatalogField } from '../../api/types.ts';
import { codeLabel } from '../labels.ts';

/** The shape the server accepts for a field code (src/modules/catalog/schemas.ts), so typos show before publishing. */
const FIELD_CODE = /^[a-z][a-z0-9_]{0,62}$/;

/** Adds or edits one field of an item: code, names, type, required, personal, enum values, format. */
export function FieldForm({
  field,
  takenCodes,
  onSave,
  onCancel,
}: {
  /** undefined to add a field */
  field: CatalogField | undefined;
  /** codes of the item's other fields */
  takenCodes: readonly string[];
  onSave: (field: CatalogField) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CatalogField>();
  const type = Form.useWatch('type', form);
  const initial: Partial<CatalogField> = field ?? { type: 'string', required: false, personal: false };

  const save = async () => {
    const values = await form.validateFields();
    const next: CatalogField = { ...(field ?? {}), ...values, code: values.code.trim(), name: values.name.trim(), nameEn: values.nameEn.trim() };
    if (values.type !== 'enum') delete next.enum;
    onSave(next);
  };

  return (
    <Modal
      open
      title={field === undefined ? t('catalogEditor.addField') : t('catalogEditor.editField', { field: field.name })}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel}>{t('catalogEditor.cancel')}</Button>
          <Button type="primary" onClick={() => void save().catch((error: unknown) => console.info('field form incomplete', error))} data-testid="field-form-save">
            {t('catalogEditor.ok')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="field-form">
        <Form.Item
          name="code"
          label={t('catalogEditor.fieldCode')}
          extra={t('catalogEditor.fieldCodeHint')}
          rules={[
            { required: true, message: t('catalogEditor.required') },
            { pattern: FIELD_CODE, message: t('catalogEditor.fieldCodeFormat') },
            {
              validator: (_, value: string | undefined) =>
                value !== undefined && takenCodes.includes(value.trim())
                  ? Promise.reject(new Error(t('catalogEditor.fieldCodeTaken')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input className="xr-mono" data-testid="field-form-code" />
        </Form.Item>
        <Form.Item name="name" label={t('catalogEditor.nameZh')} rules={[{ required: true, whitespace: true, message: t('catalogEditor.required') }]}>
          <Input maxLength={200} data-testid="field-form-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalogEditor.nameEn')} rules={[{ required: true, whitespace: true, message: t('catalogEditor.required') }]}>
          <Input maxLength={300} data-testid="field-form-name-en" />
        </Form.Item>
        <Form.Item name="type" label={t('catalogEditor.fieldType')} rules={[{ required: true }]}>
          <Select
            data-testid="field-form-type"
            options={FIELD_TYPES.map((value) => ({ value, label: `${codeLabel(t, 'catalog.type', value)}（${value}）` }))}
          />
        </Form.Item>
        {type === 'enum' && (
          <Form.Item
            name="enum"
            label={t('catalogEditor.enumValues')}
            extra={t('catalogEditor.enumHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('catalogEditor.enumRequired') }]}
          >
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} data-testid="field-form-enum" />
          </Form.Item>
        )}
        <Form.Item name="format" label={t('catalogEditor.format')} extra={t('catalogEditor.formatHint')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="required" valuePropName="checked" noStyle>
            <Checkbox data-testid="field-form-required">{t('catalog.required')}</Checkbox>
          </Form.Item>
          <Form.Item name="personal" valuePropName="checked" noStyle>
            <Checkbox data-testid="field-form-personal">{t('catalog.personal')}</Checkbox>
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
