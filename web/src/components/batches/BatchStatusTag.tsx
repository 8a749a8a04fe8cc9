import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CheckCircleOutlined, CloseCircleOutlined, SyncOutlined } from '@ant-design/icons';
import type { BatchStatus, BatchSummary } from '../../api/types.ts';
import { codeLabel } from '../labels.ts';

const STATUS_LOOK: Record<BatchStatus, { color: string; icon: ReactNode }> = {
  processing: { color: 'processing', icon: <SyncOutlined spin /> },
  completed: { color: 'success', icon: <CheckCircleOutlined /> },
  failed: { color: 'error', icon: <CloseCircleOutlined /> },
};

/** 处理中 / 已完成 / 失败, with a warning colour when a completed batch left rows in quarantine. */
export function BatchStatusTag({ batch }: { batch: Pick<BatchSummary, 'status' | 'counts'> }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[batch.status] ?? { color: 'default', icon: null };
  const openRows = batch.counts.quarantined - batch.counts.resolved;
  const color = batch.status === 'completed' && openRows > 0 ? 'warning' : look.color;
  return (
    <Tag color={color} icon={look.icon} data-testid="batch-status" data-status={batch.status}>
      {codeLabel(t, 'batch.status', batch.status)}
    </Tag>
  );
}

/** "CSV · GBK" — the format and, for CSV, the encoding the server detected. */
export function formatLabel(batch: Pick<BatchSummary, 'format' | 'encoding'>): string {
  const format = batch.format.toUpperCase();
  return batch.encoding === null ? format : `${format} · ${batch.encoding.toUpperCase()}`;
}
