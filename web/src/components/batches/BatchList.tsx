import { useCallback, useEffect, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, Card, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, query } from '../../api/client.ts';
import { BATCH_STATUSES } from '../../api/types.ts';
import type { BatchStatus, BatchSummary, Page } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { codeLabel, formatTimestamp } from '../labels.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { BATCHES_PATH } from './batch-api.ts';
import { BatchStatusTag, formatLabel } from './BatchStatusTag.tsx';
import { PROCESSING_REFRESH_MS, useInterval } from '../use-interval.ts';

const PAGE_SIZE = 20;

interface ListState {
  items: BatchSummary[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | undefined;
}

const toApiError = (failure: unknown) => (failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));

/**
 * Batches received from this organisation (an operator sees every provider's), newest first. Rows still processing
 * refresh themselves every few seconds.
 */
export function BatchList({
  basePath,
  uploadPath,
  showProvider = false,
}: {
  /** detail pages live at `${basePath}/:id` */
  basePath: string;
  /** where the upload button leads; no button without it */
  uploadPath?: string;
  /** a column naming the provider, for readers who see several */
  showProvider?: boolean;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const en = currentLanguage() === 'en';
  const [status, setStatus] = useState<BatchStatus | undefined>();
  const [generation, setGeneration] = useState(0);
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: true, error: undefined });

  useEffect(() => {
    const controller = new AbortController();
    setList((previous) => ({ ...previous, loading: true, error: undefined }));
    api<Page<BatchSummary>>(`${BATCHES_PATH}${query({ status, limit: PAGE_SIZE })}`, { signal: controller.signal }).then(
      (page) => setList({ items: page.items, nextCursor: page.nextCursor, loading: false, error: undefined }),
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setList({ items: [], nextCursor: null, loading: false, error: toApiError(failure) });
      },
    );
    return () => controller.abort();
  }, [status, generation]);

  const loadMore = useCallback(() => {
    if (list.nextCursor === null) return;
    setList((previous) => ({ ...previous, loading: true }));
    api<Page<BatchSummary>>(`${BATCHES_PATH}${query({ status, limit: PAGE_SIZE, cursor: list.nextCursor })}`).then(
      (page) =>
        setList((previous) => ({
          items: [...previous.items, ...page.items.filter((item) => !previous.items.some((seen) => seen.id === item.id))],
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
        })),
      (failure: unknown) => setList((previous) => ({ ...previous, loading: false, error: toApiError(failure) })),
    );
  }, [list.nextCursor, status]);

  // Only the batches still processing are asked for again; the pages already loaded stay where they are.
  const processing = list.items.filter((batch) => batch.status === 'processing');
  useInterval(
    () => {
      for (const batch of processing) {
        api<BatchSummary>(`${BATCHES_PATH}/${encodeURIComponent(batch.id)}`).then(
          (fresh) => setList((previous) => ({ ...previous, items: previous.items.map((item) => (item.id === fresh.id ? fresh : item)) })),
          (failure: unknown) => console.warn('batch refresh failed', batch.id, failure),
        );
      }
    },
    processing.length > 0 ? PROCESSING_REFRESH_MS : null,
  );

  const count = (key: keyof BatchSummary['counts'], danger = false): TableColumnsType<BatchSummary>[number] => ({
    key,
    title: t(`batch.count.${key}`),
    align: 'right',
    render: (_: unknown, batch) => {
      const value = batch.counts[key];
      return (
        <Typography.Text type={danger && value > 0 ? 'danger' : undefined} data-testid={`batch-count-${key}`}>
          {value}
        </Typography.Text>
      );
    },
  });

  // the counts right after the status, where they are seen without scrolling; format and channel last
  const columns: TableColumnsType<BatchSummary> = [
    { key: 'createdAt', title: t('batch.createdAt'), render: (_: unknown, batch) => formatTimestamp(batch.createdAt) },
    {
      key: 'batchId',
      title: t('batch.batchId'),
      render: (_: unknown, batch) => (
        <Link to={`${basePath}/${batch.id}`} className="xr-mono" data-testid="batch-link">
          {batch.batchId}
        </Link>
      ),
    },
    { key: 'item', title: t('batch.item'), render: (_: unknown, batch) => (en ? batch.itemNameEn : batch.itemName) },
    ...(showProvider
      ? [{ key: 'provider', title: t('batch.provider'), render: (_: unknown, batch: BatchSummary) => batch.provider.name }]
      : []),
    { key: 'status', title: t('batch.statusLabel'), render: (_: unknown, batch) => <BatchStatusTag batch={batch} /> },
    count('total'),
    count('inserted'),
    count('updated'),
    count('unchanged'),
    count('quarantined', true),
    { key: 'format', title: t('batch.format'), render: (_: unknown, batch) => formatLabel(batch) },
    { key: 'source', title: t('batch.source'), render: (_: unknown, batch) => <Tag>{codeLabel(t, 'batch.sourceName', batch.source)}</Tag> },
  ];

  return (
    <Card
      title={t('batch.listTitle')}
      data-testid="batch-list"
      extra={
        uploadPath === undefined ? undefined : (
          <Link to={uploadPath}>
            <Button type="primary" icon={<CloudUploadOutlined />} data-testid="batch-new">
              {t('batch.upload')}
            </Button>
          </Link>
        )
      }
    >
      <div className="xr-stack">
        <Space wrap>
          <Select<BatchStatus | 'all'>
            style={{ minWidth: 140 }}
            value={status ?? 'all'}
            data-testid="batch-status-filter"
            aria-label={t('batch.statusLabel')}
            onChange={(value) => setStatus(value === 'all' ? undefined : value)}
            options={[
              { value: 'all', label: t('batch.allStatuses') },
              ...BATCH_STATUSES.map((value) => ({ value, label: codeLabel(t, 'batch.status', value) })),
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setGeneration((n) => n + 1)} data-testid="batch-reload">
            {t('common.reload')}
          </Button>
          {processing.length > 0 && <Typography.Text type="secondary">{t('batch.autoRefresh')}</Typography.Text>}
        </Space>
        {list.error !== undefined && <ProblemAlert error={list.error} testId="batch-list-error" />}
        <Table<BatchSummary>
          rowKey="id"
          size={screens.md === true ? 'middle' : 'small'}
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('batch.empty') }}
          onRow={(batch) => ({ 'data-testid': 'batch-row', 'data-batch-id': batch.batchId }) as HTMLAttributes<HTMLElement>}
        />
        {list.nextCursor !== null && (
          <Button block onClick={loadMore} loading={list.loading} data-testid="batch-load-more">
            {t('search.loadMore')}
          </Button>
        )}
      </div>
    </Card>
  );
}
