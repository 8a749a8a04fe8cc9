import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { BatchSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { codeLabel, formatTimestamp } from '../labels.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { BATCHES_PATH, localised } from './batch-api.ts';
import { BatchStatusTag, formatLabel } from './BatchStatusTag.tsx';
import type { UploadedState } from './BatchUpload.tsx';
import { QuarantinePanel } from './QuarantinePanel.tsx';
import { ResubmissionResult } from './ResubmissionResult.tsx';
import { PROCESSING_REFRESH_MS, useInterval } from '../use-interval.ts';

const COUNT_KEYS = ['total', 'inserted', 'updated', 'unchanged', 'quarantined', 'resolved'] as const;

/** One batch: what was received, what it did to the records, and the rows waiting in quarantine. */
export function BatchDetail({ basePath }: { basePath: string }) {
  const { id = '' } = useParams();
  // a fresh page per batch: following the link to a resubmission must not carry this batch's state along
  return <BatchDetailOf key={id} id={id} basePath={basePath} />;
}

function BatchDetailOf({ id, basePath }: { id: string; basePath: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const uploaded = (location.state ?? {}) as UploadedState;
  const batch = useApi<BatchSummary>(`${BATCHES_PATH}/${encodeURIComponent(id)}`);
  const [resubmitted, setResubmitted] = useState<BatchSummary>();
  const [quarantineGeneration, setQuarantineGeneration] = useState(0);

  useInterval(batch.reload, batch.data?.status === 'processing' ? PROCESSING_REFRESH_MS : null);

  if (batch.error !== undefined && batch.data === undefined) {
    return (
      <Card>
        <ProblemAlert error={batch.error} testId="batch-error" />
        <Link to={basePath}>{t('batch.backToList')}</Link>
      </Card>
    );
  }
  if (batch.data === undefined) return <Skeleton active paragraph={{ rows: 6 }} />;
  const data = batch.data;

  return (
    <div className="xr-stack" data-testid="batch-detail" data-batch-id={data.batchId}>
      <Link to={basePath} data-testid="batch-back">
        <ArrowLeftOutlined /> {t('batch.backToList')}
      </Link>
      {uploaded.replayed === true && (
        <Alert type="info" showIcon title={t('batch.replayed')} data-testid="batch-replayed" />
      )}
      <BatchSummaryCard batch={data} basePath={basePath} />
      {resubmitted !== undefined && (
        <ResubmissionResult
          key={resubmitted.id}
          initial={resubmitted}
          basePath={basePath}
          onSettled={() => {
            // the original's resolved count and its rows' status change once the new batch is through
            batch.reload();
            setQuarantineGeneration((n) => n + 1);
          }}
        />
      )}
      {data.status !== 'processing' && data.counts.quarantined > 0 && (
        <QuarantinePanel
          batch={data}
          basePath={basePath}
          generation={quarantineGeneration}
          onResubmitted={(fresh) => {
            setResubmitted(fresh);
            batch.reload();
          }}
        />
      )}
    </div>
  );
}

function BatchSummaryCard({ batch, basePath }: { batch: BatchSummary; basePath: string }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <Card
      title={
        <span>
          {t('batch.detailTitle')} <span className="xr-mono">{batch.batchId}</span>
        </span>
      }
      data-testid="batch-summary"
    >
      <div className="xr-stack">
        {batch.status === 'processing' && (
          <Alert
            type="info"
            showIcon
            data-testid="batch-processing"
            title={t('batch.processingRows', { rows: batch.rowsProcessed ?? 0 })}
          />
        )}
        {batch.status === 'failed' && batch.error !== null && (
          <Alert
            type="error"
            showIcon
            data-testid="batch-failure"
            title={
              <span>
                {t('batch.failed')} <Typography.Text code>{batch.error.code}</Typography.Text>
              </span>
            }
            description={localised(batch.error)}
          />
        )}
        <Row gutter={[12, 12]} data-testid="batch-counts">
          {COUNT_KEYS.map((key) => (
            <Col key={key} xs={8} lg={4}>
              <Card size="small">
                <Statistic
                  title={t(`batch.count.${key}`)}
                  value={batch.counts[key]}
                  styles={key === 'quarantined' && batch.counts[key] > 0 ? { content: { color: '#cf1322' } } : undefined}
                  data-testid={`batch-stat-${key}`}
                />
              </Card>
            </Col>
          ))}
        </Row>
        <Descriptions
          size="small"
          bordered
          className="xr-descriptions"
          column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
          items={[
            { key: 'status', label: t('batch.statusLabel'), children: <BatchStatusTag batch={batch} /> },
            {
              key: 'item',
              label: t('batch.item'),
              children: (
                <span data-testid="batch-item-name">
                  {en ? batch.itemNameEn : batch.itemName} <Typography.Text type="secondary">{batch.item}</Typography.Text>
                </span>
              ),
            },
            { key: 'catalogVersion', label: t('batch.catalogVersion'), children: batch.catalogVersion },
            { key: 'provider', label: t('batch.provider'), children: batch.provider.name },
            { key: 'format', label: t('batch.format'), children: formatLabel(batch) },
            { key: 'source', label: t('batch.source'), children: <Tag>{codeLabel(t, 'batch.sourceName', batch.source)}</Tag> },
            { key: 'createdAt', label: t('batch.createdAt'), children: formatTimestamp(batch.createdAt) },
            { key: 'completedAt', label: t('batch.completedAt'), children: formatTimestamp(batch.completedAt) },
            ...(batch.submittedBy === null ? [] : [{ key: 'submittedBy', label: t('batch.submittedBy'), children: batch.submittedBy }]),
            ...(batch.resubmissionOf === null
              ? []
              : [
                  {
                    key: 'resubmissionOf',
                    label: t('batch.resubmissionOf'),
                    children: (
                      <Link to={`${basePath}/${batch.resubmissionOf}`} data-testid="batch-resubmission-of">
                        {t('batch.openOriginal')}
                      </Link>
                    ),
                  },
                ]),
            ...(batch.contentSm3 === null
              ? []
              : [{ key: 'sm3', label: t('batch.contentSm3'), children: <span className="xr-mono">{batch.contentSm3}</span> }]),
          ]}
        />
      </div>
    </Card>
  );
}
