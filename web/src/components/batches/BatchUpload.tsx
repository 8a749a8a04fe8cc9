import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Progress, Select, Skeleton, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Catalog, CatalogItem } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { ProblemError, uploadBatch } from './batch-api.ts';
import { ItemFields } from './ItemFields.tsx';
import { ACCEPTED_EXTENSIONS, contentTypeOf, csvTemplate, defaultBatchId, downloadText } from './file-format.ts';

/** What the detail page shows right after an upload. */
export interface UploadedState {
  replayed?: boolean;
}

/**
 * Upload one batch file for a physical-aggregation item the organisation provides. Nothing is validated here: the
 * server reads the file, validates every row against the catalog and quarantines what is wrong.
 */
export function BatchUpload({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const en = currentLanguage() === 'en';
  const catalog = useApi<Catalog>('/catalog');
  const [itemCode, setItemCode] = useState<string>();
  const [batchId, setBatchId] = useState('');
  const [batchIdEdited, setBatchIdEdited] = useState(false);
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [progress, setProgress] = useState<number>();
  const [failure, setFailure] = useState<ProblemError>();

  const items = useMemo(() => providedItems(catalog.data, me.org.category), [catalog.data, me.org.category]);
  const item = items.find((candidate) => candidate.code === itemCode);
  const label = (x: { name: string; nameEn: string }) => (en ? x.nameEn : x.name);
  const sending = progress !== undefined;

  const chooseItem = (code: string) => {
    setItemCode(code);
    setFailure(undefined);
    if (!batchIdEdited || batchId === '') setBatchId(defaultBatchId(code, new Date()));
  };

  const fileList: UploadFile[] =
    file === undefined ? [] : [{ uid: 'batch-file', name: file.name, size: file.size, status: 'done', originFileObj: file as UploadFile['originFileObj'] }];

  const submit = async () => {
    if (item === undefined || file === undefined || batchId.trim() === '') return;
    const contentType = contentTypeOf(file.name);
    if (contentType === null) return;
    setFailure(undefined);
    setProgress(0);
    try {
      const body = await file.arrayBuffer();
      const { batch, status } = await uploadBatch({
        item: item.code,
        batchId: batchId.trim(),
        body,
        contentType,
        onProgress: (sent) => setProgress(Math.round(sent * 100)),
      });
      const state: UploadedState = { replayed: status === 200 || batch.replayed === true };
      void navigate(`${basePath}/${batch.id}`, { state });
    } catch (error) {
      setProgress(undefined);
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    }
  };

  return (
    <div className="xr-stack" data-testid="batch-upload">
      <Card
        title={t('batch.uploadTitle')}
        extra={<Link to={basePath}>{t('batch.backToList')}</Link>}
      >
        <Typography.Paragraph type="secondary">{t('batch.uploadIntro')}</Typography.Paragraph>
        {catalog.error !== undefined && <ProblemAlert error={catalog.error} />}
        {catalog.data === undefined && catalog.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
        {catalog.data !== undefined && items.length === 0 && (
          <Alert type="info" showIcon title={t('batch.noItems')} data-testid="batch-no-items" />
        )}
        {catalog.data !== undefined && items.length > 0 && (
          <Form layout="vertical" onFinish={() => void submit()} disabled={sending} requiredMark>
            <Form.Item label={t('batch.item')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                value={itemCode}
                placeholder={t('batch.itemPlaceholder')}
                onChange={chooseItem}
                data-testid="batch-item"
                options={items.map((candidate) => ({ value: candidate.code, label: `${label(candidate)}（${candidate.code}）` }))}
              />
            </Form.Item>
            <Form.Item
              label={t('batch.file')}
              required
              validateStatus={fileError === undefined ? undefined : 'error'}
              help={fileError ?? t('batch.fileHint', { extensions: ACCEPTED_EXTENSIONS.join(' ') })}
            >
              <Upload.Dragger
                accept={ACCEPTED_EXTENSIONS.join(',')}
                multiple={false}
                maxCount={1}
                fileList={fileList}
                beforeUpload={(chosen) => {
                  // the file is sent on submit, as the raw body of the batch request
                  if (contentTypeOf(chosen.name) === null) {
                    setFileError(t('batch.fileUnsupported', { name: chosen.name }));
                    setFile(undefined);
                  } else {
                    setFileError(undefined);
                    setFile(chosen);
                  }
                  setFailure(undefined);
                  return false;
                }}
                onRemove={() => {
                  setFile(undefined);
                  return true;
                }}
                data-testid="batch-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('batch.fileDrop')}</p>
              </Upload.Dragger>
            </Form.Item>
            <Form.Item label={t('batch.batchId')} required extra={t('batch.batchIdHint')}>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  value={batchId}
                  maxLength={200}
                  className="xr-mono"
                  data-testid="batch-id"
                  onChange={(event) => {
                    setBatchId(event.target.value);
                    setBatchIdEdited(true);
                  }}
                />
                <Button
                  icon={<ReloadOutlined />}
                  aria-label={t('batch.newBatchId')}
                  title={t('batch.newBatchId')}
                  disabled={item === undefined}
                  onClick={() => {
                    if (item === undefined) return;
                    setBatchId(defaultBatchId(item.code, new Date()));
                    setBatchIdEdited(false);
                  }}
                />
              </Space.Compact>
            </Form.Item>
            {failure !== undefined && <UploadFailure failure={failure} />}
            {sending && (
              <Progress percent={progress} status="active" data-testid="batch-progress" format={(p) => (p === 100 ? t('batch.validating') : `${p}%`)} />
            )}
            <Form.Item style={{ marginTop: 16, marginBottom: 0 }}>
              <Button
                type="primary"
                htmlType="submit"
                loading={sending}
                disabled={item === undefined || file === undefined || batchId.trim() === ''}
                data-testid="batch-submit"
              >
                {t('batch.submit')}
              </Button>
            </Form.Item>
          </Form>
        )}
      </Card>
      {item !== undefined && (
        <Card
          title={t('batch.itemFields', { item: label(item) })}
          data-testid="batch-item-fields"
          extra={
            <Button
              icon={<DownloadOutlined />}
              data-testid="batch-template"
              onClick={() => downloadText(`${item.code}-template.csv`, csvTemplate(item.fields), 'text/csv;charset=utf-8')}
            >
              {t('batch.template')}
            </Button>
          }
        >
          <ItemFields item={item} />
        </Card>
      )}
    </div>
  );
}

/** The server refused the whole file (nothing was stored): its code and its explanation in the reader's language. */
function UploadFailure({ failure }: { failure: ProblemError }) {
  const { t } = useTranslation();
  const title = failure.status === 0 ? t('error.network') : t('batch.rejected');
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="batch-upload-error"
      title={
        <span>
          {title}
          {failure.code !== undefined && (
            <Typography.Text code data-testid="batch-upload-error-code" style={{ marginInlineStart: 8 }}>
              {failure.code}
            </Typography.Text>
          )}
        </span>
      }
      description={
        <>
          <div data-testid="batch-upload-error-detail">{failure.detail ?? failure.title}</div>
          {failure.code === 'BATCH_ID_REUSED' && <div>{t('batch.batchIdReusedHint')}</div>}
        </>
      }
    />
  );
}

/**
 * The physical-aggregation items this organisation supplies. Without the organisation's category (older servers)
 * every physical item is offered and the server answers ITEM_NOT_YOURS for the others.
 */
export function providedItems(catalog: Catalog | undefined, category: string | null | undefined): CatalogItem[] {
  if (catalog === undefined) return [];
  const physical = catalog.categories.flatMap((c) => c.items).filter((item) => item.sharingMode === 'physical');
  if (category === undefined || category === null || category === '') return physical;
  return physical.filter((item) => item.provider.category === category);
}
