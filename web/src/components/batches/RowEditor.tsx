import { Alert, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CellValue, QuarantineField, QuarantineRow } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { localised } from './batch-api.ts';
import { booleanOf, cellFromInput, isoDateOf, problemsByField } from './quarantine-values.ts';

type FormValue = string | boolean | Dayjs | null | undefined;

/** What each kind of field shows in the editor: enums as a choice, dates as a date picker, the rest as text. */
function formValueOf(field: QuarantineField, value: CellValue | undefined): FormValue {
  if (field.type === 'boolean') return booleanOf(value);
  if (field.type === 'date') {
    const iso = isoDateOf(value);
    return iso === undefined ? undefined : dayjs(iso);
  }
  if (field.type === 'enum') return value === null || value === undefined || value === '' ? undefined : String(value);
  return value === null || value === undefined ? '' : String(value);
}

/**
 * A form generated from the item's field list for one quarantined row. Only the cells the user touches change;
 * an untouched cell goes back exactly as it arrived, so a value the picker cannot show is not lost.
 */
export function RowEditor({
  row,
  fields,
  values,
  onSave,
  onCancel,
}: {
  row: QuarantineRow;
  fields: QuarantineField[];
  /** the row as currently shown (an earlier correction, or the original) */
  values: Record<string, CellValue>;
  onSave: (values: Record<string, CellValue>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const [form] = Form.useForm<Record<string, FormValue>>();
  const problems = problemsByField(row);
  const rowProblems = problems.get('') ?? [];

  const initialValues = Object.fromEntries(fields.map((field) => [field.code, formValueOf(field, values[field.code])]));

  const save = () => {
    const entered = form.getFieldsValue(true) as Record<string, FormValue>;
    const next: Record<string, CellValue> = { ...values };
    for (const field of fields) {
      if (!form.isFieldTouched(field.code)) continue;
      const input = entered[field.code];
      next[field.code] = dayjs.isDayjs(input) ? input.format('YYYY-MM-DD') : cellFromInput(field, input);
    }
    onSave(next);
  };

  return (
    <Modal
      open
      title={t('batch.editRow', { row: row.rowNumber })}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('batch.cancel')}
        </Button>,
        <Button key="save" type="primary" onClick={save} data-testid="row-editor-save">
          {t('batch.saveCorrection')}
        </Button>,
      ]}
    >
      <div data-testid="row-editor">
      {rowProblems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={rowProblems.map((problem) => localised(problem)).join(t('batch.partSeparator'))}
        />
      )}
      <Typography.Paragraph type="secondary">{t('batch.editRowHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark initialValues={initialValues}>
        {fields.map((field) => {
          const fieldProblems = problems.get(field.code) ?? [];
          const original = values[field.code];
          const unreadableDate = field.type === 'date' && original !== null && original !== undefined && original !== '' && isoDateOf(original) === undefined;
          const help = [
            ...fieldProblems.map((problem) => localised(problem)),
            ...(unreadableDate ? [t('batch.originalValue', { value: String(original) })] : []),
          ].join(t('batch.partSeparator'));
          return (
            <Form.Item
              key={field.code}
              name={field.code}
              required={field.required}
              label={
                <span>
                  {en ? field.nameEn : field.name} <Typography.Text type="secondary" className="xr-mono">{field.code}</Typography.Text>
                </span>
              }
              validateStatus={fieldProblems.length > 0 ? 'error' : undefined}
              help={help === '' ? undefined : help}
            >
              {fieldInput(field, t('batch.yes'), t('batch.no'))}
            </Form.Item>
          );
        })}
      </Form>
      </div>
    </Modal>
  );
}

function fieldInput(field: QuarantineField, yes: string, no: string) {
  const testId = `row-editor-field-${field.code}`;
  switch (field.type) {
    case 'enum':
      return <Select allowClear data-testid={testId} options={(field.enum ?? []).map((value) => ({ value, label: value }))} />;
    case 'boolean':
      return (
        <Select
          allowClear
          data-testid={testId}
          options={[
            { value: true, label: yes },
            { value: false, label: no },
          ]}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid={testId} />;
    case 'integer':
    case 'decimal':
      return <Input inputMode="decimal" data-testid={testId} />;
    default:
      return <Input className={field.type === 'string' ? undefined : 'xr-mono'} data-testid={testId} />;
  }
}
