import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Catalog, CatalogCategory } from '../../api/types.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import type { CatalogDiff } from './draft.ts';
import { DiffSummary } from './DiffSummary.tsx';
import { publishCatalog, PublishError } from './publish-api.ts';

interface PublishValues {
  note: string;
  effectiveFrom: Dayjs;
}

/** Shows what the draft changes, asks why (the note kept with the version) and from when, and publishes. */
export function PublishDialog({
  base,
  draft,
  diff,
  onPublished,
  onReloadLatest,
  onCancel,
}: {
  base: Catalog;
  draft: CatalogCategory[];
  diff: CatalogDiff;
  onPublished: (catalog: Catalog) => void;
  /** someone published meanwhile: drop the draft and start from the latest version */
  onReloadLatest: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PublishValues>();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<PublishError>();

  const publish = async () => {
    const values = await form.validateFields();
    setSending(true);
    setFailure(undefined);
    try {
      const published = await publishCatalog({
        note: values.note.trim(),
        baseVersion: base.version,
        effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
        categories: draft,
      });
      onPublished(published);
    } catch (error) {
      setFailure(error instanceof PublishError ? error : new PublishError(0, { title: String(error) }));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t('catalogEditor.publishTitle', { version: base.version + 1 })}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel} disabled={sending}>
            {t('catalogEditor.cancel')}
          </Button>
          <Button
            type="primary"
            loading={sending}
            onClick={() => void publish().catch((error: unknown) => console.info('publish form incomplete', error))}
            data-testid="publish-confirm"
          >
            {t('catalogEditor.publish')}
          </Button>
        </Space>
      }
    >
      <div className="xr-stack" data-testid="publish-dialog">
        <DiffSummary diff={diff} />
        <Form form={form} layout="vertical" initialValues={{ effectiveFrom: dayjs() }}>
          <Form.Item
            name="note"
            label={t('catalogEditor.note')}
            extra={t('catalogEditor.noteHint')}
            rules={[
              { required: true, whitespace: true, message: t('catalogEditor.noteRequired') },
              { min: 2, message: t('catalogEditor.noteRequired') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="publish-note" />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('catalogEditor.effectiveFrom')} rules={[{ required: true, message: t('catalogEditor.required') }]}>
            <DatePicker format="YYYY-MM-DD" allowClear={false} data-testid="publish-effective-from" />
          </Form.Item>
        </Form>
        {failure !== undefined && failure.code === 'CATALOG_INVALID' && (
          <Alert
            type="error"
            showIcon
            data-testid="publish-problems"
            title={t('catalogEditor.invalid')}
            description={
              failure.problems.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {failure.problems.map((problem) => (
                    <li key={problem} data-testid="publish-problem">
                      {problem}
                    </li>
                  ))}
                </ul>
              ) : (
                failure.detail
              )
            }
          />
        )}
        {failure !== undefined && failure.code === 'CATALOG_CHANGED' && (
          <Alert
            type="warning"
            showIcon
            data-testid="publish-conflict"
            title={t('catalogEditor.changedMeanwhile')}
            description={
              <div className="xr-stack">
                <Typography.Text>{failure.detail}</Typography.Text>
                <Typography.Text type="secondary">{t('catalogEditor.changedMeanwhileHint')}</Typography.Text>
                <div>
                  <Button onClick={onReloadLatest} data-testid="publish-reload">
                    {t('catalogEditor.reloadLatest')}
                  </Button>
                </div>
              </div>
            }
          />
        )}
        {failure !== undefined && failure.code !== 'CATALOG_INVALID' && failure.code !== 'CATALOG_CHANGED' && (
          <ProblemAlert error={failure} testId="publish-error" />
        )}
      </div>
    </Modal>
  );
}
