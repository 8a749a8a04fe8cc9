import { useState } from 'react';
import { App, Button, Card, Empty, Input, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { MARKETPLACE_PATHS, reviewProduct, type ReviewItem } from '../../api/marketplace.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { bpToPercent, fenToYuanText } from './money.ts';
import { codeName, useMarketplaceOptions } from './shared.tsx';

const REVIEWERS = ['op_admin', 'op_supervisor'];

/** 产品审核 (operator): versions awaiting review, what each changes against the live version, approve or reject. */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const reviewer = me.roles.some((r) => REVIEWERS.includes(r));
  const options = useMarketplaceOptions();
  const queue = useApi<{ items: ReviewItem[] }>(MARKETPLACE_PATHS.review);
  const [rejecting, setRejecting] = useState<ReviewItem>();
  const [reason, setReason] = useState('');
  const o = options.data;

  async function decide(item: ReviewItem, decision: 'approve' | 'reject', why?: string) {
    try {
      await reviewProduct(item.version.id, item.version.version, decision, why);
      void message.success(t(decision === 'approve' ? 'marketplace.review.approved' : 'marketplace.review.rejected'));
      setRejecting(undefined);
      setReason('');
      queue.reload();
    } catch (error) {
      void message.error((error as ApiError).detail ?? String(error));
    }
  }

  /** A field's value as a reviewer reads it: code names, yuan, percent; rules and the rest as JSON. */
  const showField = (field: string) => (v: unknown) => {
    let text: string;
    if (v === null || v === undefined || v === '') text = '—';
    else if (field === 'productType') text = codeName(o?.productTypes, String(v));
    else if (field === 'programme') text = codeName(o?.programmes, String(v));
    else if (field === 'repaymentModes' && Array.isArray(v)) text = v.map((m) => codeName(o?.repaymentModes, String(m))).join('、');
    else if (field.endsWith('Fen')) text = `${fenToYuanText(String(v))} ${t('marketplace.yuan')}`;
    else if (field.endsWith('Bp')) text = `${bpToPercent(Number(v))}%`;
    else text = typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    return <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</code>;
  };
  return (
    <div className="xr-stack" data-testid="review-page">
      <Typography.Title level={3} className="xr-portal-title">{t('marketplace.review.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('marketplace.review.intro')}</Typography.Paragraph>
      {queue.error !== undefined && <ProblemAlert error={queue.error} />}
      {queue.data === undefined && queue.error === undefined && <Skeleton active />}
      {queue.data !== undefined && queue.data.items.length === 0 && <Card><Empty description={t('marketplace.review.none')} /></Card>}
      {(queue.data?.items ?? []).map((item) => (
        <Card
          key={`${item.version.id}:${item.version.version}`}
          data-testid="review-item"
          title={<Space><strong>{item.version.name}</strong><Tag>v{item.version.version}</Tag>{item.version.liveVersion === null ? <Tag color="blue">{t('marketplace.review.firstVersion')}</Tag> : <Tag color="gold">{t('marketplace.review.changeOf', { version: item.version.liveVersion })}</Tag>}</Space>}
          extra={reviewer && (
            <Space>
              <Button onClick={() => setRejecting(item)} danger data-testid="review-reject">{t('marketplace.review.reject')}</Button>
              <Button type="primary" onClick={() => void decide(item, 'approve')} data-testid="review-approve">{t('marketplace.review.approve')}</Button>
            </Space>
          )}
        >
          <Typography.Paragraph type="secondary">
            {item.version.institution.name} · {codeName(o?.productTypes, item.version.productType)} · {codeName(o?.programmes, item.version.programme)} · {t('marketplace.review.submittedAt', { at: formatTimestamp(item.version.submittedAt) })}
          </Typography.Paragraph>
          <Table
            rowKey="field" size="small" pagination={false} dataSource={item.diff} data-testid="review-diff"
            columns={[
              { title: t('marketplace.review.field'), dataIndex: 'field', render: (f: string) => t(`marketplace.fields.${f}`) },
              ...(item.version.liveVersion === null ? [] : [{ title: t('marketplace.review.before'), dataIndex: 'before', render: (v: unknown, r: { field: string }) => showField(r.field)(v) }]),
              { title: item.version.liveVersion === null ? t('marketplace.review.value') : t('marketplace.review.after'), dataIndex: 'after', render: (v: unknown, r: { field: string }) => showField(r.field)(v) },
            ]}
          />
        </Card>
      ))}
      <Modal open={rejecting !== undefined} title={t('marketplace.review.rejectTitle')} onCancel={() => setRejecting(undefined)}
        onOk={() => rejecting && void decide(rejecting, 'reject', reason)} okButtonProps={{ disabled: !reason.trim(), danger: true }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('marketplace.review.reasonPlaceholder')} data-testid="review-reason" />
      </Modal>
    </div>
  );
}
