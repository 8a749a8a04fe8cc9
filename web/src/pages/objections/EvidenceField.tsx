import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { writtenContentTypeOf } from '../consent/WrittenDocumentField.tsx';

const MAX_BYTES = 5 * 1024 * 1024;

/** The files picked in an evidence field (kept in the form, sent as base64 with it). */
export const pickedFiles = (files: UploadFile[] | undefined): File[] =>
  (files ?? []).map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => f !== undefined);

/** Evidence files (PDF, PNG, JPEG, TIFF, ≤ 5 MB each, up to 5), checked here and again on the server. */
export function EvidenceField({ name, label, required = false, testId }: { name: string; label: string; required?: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
    <Form.Item
      name={name}
      label={label}
      required={required}
      valuePropName="fileList"
      getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-5)}
      rules={[{
        validator: async (_rule, files: UploadFile[] | undefined) => {
          const picked = pickedFiles(files);
          if (required && picked.length === 0) throw new Error(t('objections.evidence.required'));
          for (const f of picked) {
            if (writtenContentTypeOf(f) === undefined) throw new Error(t('objections.evidence.type', { name: f.name }));
            if (f.size === 0 || f.size > MAX_BYTES) throw new Error(t('objections.evidence.size', { name: f.name }));
          }
        },
      }]}
    >
      <Upload multiple maxCount={5} beforeUpload={() => false} accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff">
        <Button icon={<UploadOutlined />}>{t('objections.evidence.pick')}</Button>
      </Upload>
    </Form.Item>
    </div>
  );
}
