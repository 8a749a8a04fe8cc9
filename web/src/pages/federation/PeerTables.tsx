import type { HTMLAttributes } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OutboxItem, Peer } from '../../api/federation.ts';
import { KeyText, StatusTag, When } from './format.tsx';

/**
 * Lower nodes registered with this node: tier, region, status, last sync and lag, with approve and retry. The tables
 * have a fixed scroll width: on a phone they scroll sideways inside their card instead of squeezing columns to a letter.
 */
export function LowerNodesTable({ lowers, admin, onApprove, onRetry }: { lowers: Peer[]; admin: boolean; onApprove: (p: Peer) => void; onRetry: (p: Peer) => void }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="nodeId"
      scroll={{ x: 940 }}
      dataSource={lowers}
      pagination={false}
      locale={{ emptyText: t('federation.lowers.empty') }}
      onRow={(p) => ({ 'data-testid': 'federation-lower-row', 'data-node-id': p.nodeId, 'data-status': p.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('federation.field.node'),
          width: 240,
          render: (_: unknown, p: Peer) => (
            <Space direction="vertical" size={0}>
              <strong data-testid="federation-lower-name">{p.name}</strong>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.nodeId}</Typography.Text>
              <KeyText publicKey={p.publicKey} />
            </Space>
          ),
        },
        { title: t('federation.field.tier'), render: (_: unknown, p: Peer) => <Tag>{t(`federation.tier.${p.tier}`)}</Tag> },
        { title: t('federation.field.region'), dataIndex: 'regionCode' },
        { title: t('federation.field.status'), render: (_: unknown, p: Peer) => <StatusTag status={p.status} testId="federation-lower-status" /> },
        { title: t('federation.field.lastSuccess'), render: (_: unknown, p: Peer) => <When at={p.lastSuccessAt} /> },
        {
          title: t('federation.field.lag'),
          render: (_: unknown, p: Peer) => (
            <Space direction="vertical" size={0} data-testid="federation-lower-lag">
              <span>{p.latestMonth ? t('federation.lag.latestMonth', { month: p.latestMonth }) : t('federation.lag.noReport')}</span>
              {p.monthsBehind !== null && <Tag color={p.monthsBehind > 0 ? 'orange' : 'green'}>{t('federation.lag.monthsBehind', { n: p.monthsBehind })}</Tag>}
            </Space>
          ),
        },
        { title: t('federation.field.received'), render: (_: unknown, p: Peer) => <span data-testid="federation-lower-received">{p.received}</span> },
        { title: t('federation.field.pendingDown'), dataIndex: 'pending' },
        { title: t('federation.field.lastError'), render: (_: unknown, p: Peer) => p.lastError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{p.lastError}</Typography.Text> : '—' },
        {
          title: '',
          render: (_: unknown, p: Peer) => (
            <Space wrap>
              {admin && p.status === 'pending' && <Button size="small" type="primary" data-testid="federation-approve" onClick={() => onApprove(p)}>{t('federation.action.approve')}</Button>}
              {p.status === 'approved' && p.pending > 0 && <Button size="small" onClick={() => onRetry(p)}>{t('federation.action.retry')}</Button>}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** The newest items this node queued for its peers, with attempts, errors and the receiver's receipt. */
export function RecentItemsTable({ items }: { items: OutboxItem[] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="key"
      scroll={{ x: 900 }}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('federation.recent.empty') }}
      onRow={(o) => ({ 'data-testid': 'federation-item-row', 'data-status': o.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('federation.field.kind'), width: 110, render: (_: unknown, o: OutboxItem) => <Tag>{t(`federation.kind.${o.kind}`)}</Tag> },
        { title: t('federation.field.subject'), dataIndex: 'subject', width: 150 },
        {
          title: t('federation.field.itemStatus'),
          width: 100,
          render: (_: unknown, o: OutboxItem) => o.status === 'sent'
            ? <Tag color="green">{t(`federation.receipt.${o.receipt ?? 'stored'}`)}</Tag>
            : <Tag color={o.lastError ? 'red' : 'gold'}>{t('federation.itemStatus.pending')}</Tag>,
        },
        { title: t('federation.field.attempts'), dataIndex: 'attempts', width: 90 },
        { title: t('federation.field.when'), width: 100, render: (_: unknown, o: OutboxItem) => <When at={o.sentAt ?? o.createdAt} /> },
        { title: t('federation.field.lastError'), width: 240, render: (_: unknown, o: OutboxItem) => o.lastError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{o.lastError}</Typography.Text> : '—' },
        { title: t('federation.field.key'), width: 260, render: (_: unknown, o: OutboxItem) => <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>{o.key}</Typography.Text> },
      ]}
    />
  );
}
