import { useEffect, useState } from 'react';
import { Alert, Button, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CatalogField, CatalogItem } from '../../api/types.ts';
import { useMe } from '../../auth/session.tsx';
import { localised, postJson, ProblemError } from '../../components/batches/batch-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import type { Cell, SelfReportedRecord } from './SelfReportPage.tsx';

type FormValue = string | boolean | Dayjs | null | undefined;

interface FieldProblem {
  field: string | null;
  code: string;
  zh: string;
  en: string;
}

/** The form shows dates as pickers, yes/no and enumerations as choices, everything else (money included) as text. */
function formValueOf(field: CatalogField, value: Cell | undefined): FormValue {
  if (value === null || value === undefined) return field.type === 'enum' || field.type === 'boolean' || field.type === 'date' ? undefined : '';
  if (field.type === 'date') return dayjs(String(value));
  if (field.type === 'boolean') return typeof value === 'boolean' ? value : undefined;
  return String(value);
}

function cellOf(input: FormValue): Cell {
  if (input === undefined || input === null) return null;
  if (dayjs.isDayjs(input)) return input.format('YYYY-MM-DD');
  if (typeof input === 'boolean') return input;
  const text = input.trim();
  return text === '' ? null : text;
}

/**
 * A form generated from the catalog item's fields. The enterprise's own USCC is fixed (the server forces it);
 * problems come back from the server per field, in the reader's language, exactly as for a provider's row.
 */
export function SelfReportForm({
  item,
  disabled,
  editing,
  onSaved,
  onCancelEdit,
}: {
  item: CatalogItem;
  disabled: boolean;
  editing: SelfReportedRecord | undefined;
  onSaved: () => void;
  onCancelEdit: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const en = currentLanguage() === 'en';
  const [form] = Form.useForm<Record<string, FormValue>>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const [rowProblems, setRowProblems] = useState<FieldProblem[]>([]);
  const [saved, setSaved] = useState<{ version: number; changed: boolean }>();
  const fields = item.fields.filter((field) => field.code !== 'uscc');

  useEffect(() => {
    form.resetFields();
    const values = Object.fromEntries(fields.map((field) => [field.code, formValueOf(field, editing?.data[field.code])]));
    if (editing === undefined) values.entity_name = me.org.name;
    form.setFieldsValue(values);
    setFailure(undefined);
    setRowProblems([]);
    // fields follow item.code: re-run only when the record being edited or the item changes
  }, [editing, item.code]);

  const submit = async () => {
    const entered = form.getFieldsValue(true) as Record<string, FormValue>;
    const values: Record<string, Cell> = {};
    for (const field of fields) values[field.code] = cellOf(entered[field.code]);
    setSaving(true);
    setFailure(undefined);
    setRowProblems([]);
    setSaved(undefined);
    form.setFields(fields.map((field) => ({ name: field.code, errors: [] })));
    try {
      const result = await postJson<{ changed: boolean; record: SelfReportedRecord }>('/self-reports', { item: item.code, values });
      setSaved({ version: result.record.version, changed: result.changed });
      form.resetFields();
      form.setFieldsValue({ entity_name: me.org.name });
      onSaved();
    } catch (error) {
      const problem = error instanceof ProblemError ? error : undefined;
      const problems = (problem?.problem.problems as FieldProblem[] | undefined) ?? [];
      const known = new Set(fields.map((field) => field.code));
      form.setFields(
        fields.map((field) => ({
          name: field.code,
          errors: problems.filter((p) => p.field === field.code).map((p) => localised(p)),
        })),
      );
      setRowProblems(problems.filter((p) => p.field === null || !known.has(p.field)));
      if (problems.length === 0) setFailure(error as ProblemError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="xr-stack" data-testid={`self-report-form-${item.code}`}>
      {disabled && <Alert type="warning" showIcon title={t('selfReport.form.needsCommitment')} data-testid="self-report-needs-commitment" />}
      {editing !== undefined && (
        <Alert
          type="info"
          showIcon
          title={t('selfReport.form.editing', { version: editing.version })}
          action={
            <Button size="small" onClick={onCancelEdit}>
              {t('selfReport.cancel')}
            </Button>
          }
        />
      )}
      {saved !== undefined && (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="self-report-saved"
          title={saved.changed ? t('selfReport.form.saved', { version: saved.version }) : t('selfReport.form.unchanged', { version: saved.version })}
        />
      )}
      {rowProblems.length > 0 && <Alert type="error" showIcon title={rowProblems.map((p) => localised(p)).join(t('selfReport.separator'))} />}
      {failure !== undefined && <ProblemAlert error={failure} testId="self-report-form-error" />}
      <Typography.Text type="secondary">
        {t('selfReport.form.ownUscc')}：<span className="xr-mono">{me.org.uscc}</span>
      </Typography.Text>
      <Form form={form} layout="vertical" requiredMark disabled={disabled} onFinish={() => void submit()}>
        <Row gutter={16}>
          {fields.map((field) => (
            <Col key={field.code} xs={24} md={12}>
              <Form.Item
                name={field.code}
                required={field.required}
                label={en ? field.nameEn : field.name}
                extra={field.format === 'CNY' ? t('selfReport.form.yuanHint') : undefined}
              >
                {fieldInput(field, editing !== undefined && item.naturalKey.includes(field.code), t('selfReport.yes'), t('selfReport.no'))}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="self-report-submit">
            {editing === undefined ? t('selfReport.form.submit') : t('selfReport.form.submitVersion')}
          </Button>
          <Typography.Text type="secondary">{t('selfReport.form.commitmentNote')}</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}

function fieldInput(field: CatalogField, keyLocked: boolean, yes: string, no: string) {
  const testId = `self-report-field-${field.code}`;
  switch (field.type) {
    case 'enum':
      return <Select allowClear disabled={keyLocked} data-testid={testId} options={(field.enum ?? []).map((value) => ({ value, label: value }))} />;
    case 'boolean':
      return (
        <Select
          allowClear
          disabled={keyLocked}
          data-testid={testId}
          options={[
            { value: true, label: yes },
            { value: false, label: no },
          ]}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabled={keyLocked} data-testid={testId} />;
    case 'integer':
    case 'decimal':
      return <Input inputMode="decimal" disabled={keyLocked} data-testid={testId} />;
    default:
      return <Input className={field.type === 'string' ? undefined : 'xr-mono'} disabled={keyLocked} data-testid={testId} />;
  }
}
