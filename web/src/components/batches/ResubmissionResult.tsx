import { useEffect, useRef, useState } from 'react';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { BatchSummary } from '../../api/types.ts';
import { BATCHES_PATH } from './batch-api.ts';
import { BatchStatusTag } from './BatchStatusTag.tsx';
import { PROCESSING_REFRESH_MS, useInterval } from '../use-interval.ts';

/** The outcome of "重新提交": the new batch, followed until the server has processed it. */
export function ResubmissionResult({
  initial,
  basePath,
  onSettled,
}: {
  initial: BatchSummary;
  basePath: string;
  /** called once, when the new batch is no longer processing (mount one per new batch: key it by id) */
  onSettled: () => void;
}) {
  const { t } = useTranslation();
  const [batch, setBatch] = useState(initial);
  const settled = useRef(false);

  useInterval(
    () => {
      api<BatchSummary>(`${BATCHES_PATH}/${encodeURIComponent(batch.id)}`).then(setBatch, (failure: unknown) =>
        console.warn('resubmission refresh failed', batch.id, failure),
      );
    },
    batch.status === 'processing' ? PROCESSING_REFRESH_MS : null,
  );

  useEffect(() => {
    if (batch.status === 'processing' || settled.current) return;
    settled.current = true;
    onSettled();
  }, [batch.status, onSettled]);

  const stillWrong = batch.counts.quarantined;
  const type = batch.status === 'failed' ? 'error' : batch.status === 'processing' ? 'info' : stillWrong > 0 ? 'warning' : 'success';
  return (
    <Alert
      type={type}
      showIcon
      data-testid="resubmission-result"
      data-status={batch.status}
      title={
        <span>
          {t('batch.resubmittedAs')}{' '}
          <Link to={`${basePath}/${batch.id}`} className="xr-mono" data-testid="resubmission-link">
            {batch.batchId}
          </Link>{' '}
          <BatchStatusTag batch={batch} />
        </span>
      }
      description={
        batch.status === 'processing' ? (
          t('batch.resubmissionProcessing')
        ) : (
          <span data-testid="resubmission-counts">
            {t('batch.resubmissionCounts', {
              count: batch.counts.total,
              inserted: batch.counts.inserted,
              updated: batch.counts.updated,
              unchanged: batch.counts.unchanged,
              quarantined: stillWrong,
            })}
            {stillWrong > 0 && (
              <>
                {' '}
                <Link to={`${basePath}/${batch.id}`}>
                  <Button size="small" type="link">
                    {t('batch.continueInNewBatch')}
                  </Button>
                </Link>
              </>
            )}
          </span>
        )
      }
    />
  );
}
