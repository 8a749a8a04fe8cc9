import { InboxOutlined } from '@ant-design/icons';
import { Form, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WrittenContentType, WrittenDocument } from '../../api/consent.ts';
import { MAX_WRITTEN_DOCUMENT_BYTES, WRITTEN_CONTENT_TYPES } from '../../api/consent.ts';

/** Browsers leave `type` empty for some files (TIFF on several systems): the extension decides then. */
const TYPE_BY_EXTENSION: Record<string, WrittenContentType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

const ACCEPT = [...Object.keys(TYPE_BY_EXTENSION).map((ext) => `.${ext}`), ...WRITTEN_CONTENT_TYPES].join(',');

/** The type to declare for a picked scan, or undefined when the server would not accept it. */
export function writtenContentTypeOf(file: Pick<File, 'name' | 'type'>): WrittenContentType | undefined {
  const declared = WRITTEN_CONTENT_TYPES.find((type) => type === file.type);
  if (declared !== undefined) return declared;
  if (file.type !== '' && file.type !== 'application/octet-stream') return undefined;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPE_BY_EXTENSION[extension];
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads the scan as base64 in the browser; the server checks its first bytes against `contentType` again. */
export async function readWrittenDocument(file: File, contentType: WrittenContentType): Promise<WrittenDocument> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
  return { name: file.name, contentType, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

/** The picked file of a `WrittenDocumentField`, once its checks passed. */
export function pickedFile(files: UploadFile[] | undefined): File | undefined {
  return files?.[0]?.originFileObj;
}

/**
 * The scanned written authorisation (书面授权书), picked with antd Upload and kept in the form (never uploaded on
 * its own): one file, its type and the 5 MB limit checked before anything is sent.
 */
export function WrittenDocumentField({ name, testId }: { name: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={t('consent.written.document')}
      required
      valuePropName="fileList"
      getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-1)}
      rules={[
        {
          validator: async (_rule, files: UploadFile[] | undefined) => {
            const file = pickedFile(files);
            if (file === undefined) throw new Error(t('consent.written.documentRequired'));
            if (writtenContentTypeOf(file) === undefined) throw new Error(t('consent.written.documentType'));
            if (file.size === 0) throw new Error(t('consent.written.documentEmpty'));
            if (file.size > MAX_WRITTEN_DOCUMENT_BYTES) throw new Error(t('consent.written.documentTooLarge', { size: megabytes(file.size) }));
          },
        },
      ]}
    >
      <Upload.Dragger
        accept={ACCEPT}
        maxCount={1}
        multiple={false}
        // kept in the form and sent with the terms as base64
        beforeUpload={() => false}
        data-testid={testId}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('consent.written.documentPick')}</p>
        <p className="ant-upload-hint">{t('consent.written.documentHint')}</p>
      </Upload.Dragger>
    </Form.Item>
  );
}
