import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { approveNode, FEDERATION_PATHS, queueReport, registerWithUpper, syncNow, type Overview, type Peer, type SyncResult } from '../../api/federation.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { KeyText, StatusTag, When } from './format.tsx';
import { LowerNodesTable, RecentItemsTable } from './PeerTables.tsx';

/**
 * 平台网络 in the operator console: this node's identity, its upper node with the key pinned on first contact,
 * the lower nodes with last sync and lag, the exchange queue. op_admin registers and approves; supervisors retry.
 */
export default function FederationPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const admin = useMe().roles.includes('op_admin');
  const overview = useApi<Overview>(FEDERATION_PATHS.overview);
  const [month, setMonth] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  useInterval(overview.reload, 15_000);

  const data = overview.data;
  const act = async (name: string, work: () => Promise<unknown>) => {
    setBusy(name);
    try {
      await work();
    } catch (error) {
      void message.error(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
    } finally {
      setBusy(null);
      overview.reload();
    }
  };
  const synced = (r: SyncResult) => void message.info(t('federation.action.synced', { sent: r.sent, duplicates: r.duplicates, failed: r.failed }));

  const register = () => act('register', async () => {
    const r = await registerWithUpper();
    void message.success(t(`federation.upper.registered.${r.status}`));
  });
  const approve = (p: Peer) => modal.confirm({
    title: t('federation.action.approveConfirm', { name: p.name }),
    content: <Space direction="vertical"><span>{t('federation.action.approveCompare')}</span><Typography.Text code style={{ wordBreak: 'break-all' }}>{p.publicKey}</Typography.Text></Space>,
    okButtonProps: { 'data-testid': 'federation-approve-confirm' },
    onOk: () => act('approve', async () => {
      await approveNode(p.nodeId);
      void message.success(t('federation.action.approved', { name: p.name }));
    }),
  });
  const retry = (nodeId?: string) => act('retry', async () => synced(await syncNow(nodeId)));
  const report = () => act('report', async () => {
    const r = await queueReport(month || (data?.reportMonth ?? ''));
    void message.success(r.queued ? t('federation.report.queued', { month: month || data?.reportMonth }) : t('federation.report.unchanged'));
  });

  const upper = data?.upper ?? null;
  return (
    <div className="xr-stack" data-testid="federation-page">
      <Typography.Title level={3}>{t('federation.title')}</Typography.Title>
      {overview.error !== undefined && <ProblemAlert error={overview.error} />}
      {data && (
        <>
          <Card title={t('federation.self.title')} size="small" data-testid="federation-self">
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('federation.field.name')}><span data-testid="federation-self-name">{data.self.name}</span></Descriptions.Item>
              <Descriptions.Item label={t('federation.field.tier')}><Tag data-testid="federation-self-tier">{t(`federation.tier.${data.self.tier}`)}</Tag> {data.self.regionCode}</Descriptions.Item>
              <Descriptions.Item label={t('federation.field.nodeId')}><Typography.Text code data-testid="federation-self-id">{data.self.nodeId}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('federation.field.publicKey')}><KeyText publicKey={data.self.publicKey} /> <Tag>{data.self.alg.toUpperCase()}</Tag></Descriptions.Item>
              <Descriptions.Item label={t('federation.field.baseUrl')} span={2}>{data.self.baseUrl ?? t('federation.self.noPublicUrl')}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card
            title={t('federation.upper.title')}
            size="small"
            data-testid="federation-upper"
            extra={data.upperNodeUrl && (
              <Space wrap>
                {admin && <Button type="primary" loading={busy === 'register'} data-testid="federation-register" onClick={() => void register()}>{upper ? t('federation.action.reregister') : t('federation.action.register')}</Button>}
                {upper && <Button loading={busy === 'retry'} data-testid="federation-retry" onClick={() => void retry(upper.nodeId)}>{t('federation.action.retry')}</Button>}
              </Space>
            )}
          >
            {!data.upperNodeUrl && <Typography.Text type="secondary" data-testid="federation-no-upper">{t('federation.upper.none')}</Typography.Text>}
            {data.upperNodeUrl && !upper && <Alert type="info" showIcon title={t('federation.upper.notRegistered', { url: data.upperNodeUrl })} />}
            {upper && (
              <Space direction="vertical" style={{ width: '100%' }}>
                {upper.status === 'pending' && <Alert type="warning" showIcon title={t('federation.upper.pendingHint')} />}
                <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
                  <Descriptions.Item label={t('federation.field.name')}><span data-testid="federation-upper-name">{upper.name}</span> <Tag>{t(`federation.tier.${upper.tier}`)}</Tag></Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.status')}><StatusTag status={upper.status} testId="federation-upper-status" /></Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.nodeId')}><Typography.Text code>{upper.nodeId}</Typography.Text></Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.pinnedKey')}><KeyText publicKey={upper.publicKey} testId="federation-upper-key" /></Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.lastSuccess')}><When at={upper.lastSuccessAt} testId="federation-upper-last-success" /></Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.pending')}><span data-testid="federation-upper-pending">{upper.pending}</span>{upper.oldestPendingAt && <> · {t('federation.field.oldest')} <When at={upper.oldestPendingAt} /></>}</Descriptions.Item>
                  <Descriptions.Item label={t('federation.field.lastError')} span={2}>
                    {upper.lastError ? <Typography.Text type="danger" data-testid="federation-upper-error">{upper.lastError}</Typography.Text> : '—'}
                  </Descriptions.Item>
                </Descriptions>
                {admin && (
                  <Space wrap>
                    <span>{t('federation.report.label')}</span>
                    <Input style={{ width: 120 }} placeholder={data.reportMonth} value={month} onChange={(e) => setMonth(e.target.value.trim())} data-testid="federation-report-month" />
                    <Button loading={busy === 'report'} data-testid="federation-report" onClick={() => void report()}>{t('federation.action.report')}</Button>
                  </Space>
                )}
              </Space>
            )}
          </Card>

          <Card title={t('federation.lowers.title', { n: data.lowers.length })} size="small" data-testid="federation-lowers">
            <LowerNodesTable lowers={data.lowers} admin={admin} onApprove={approve} onRetry={(p) => void retry(p.nodeId)} />
          </Card>

          <Card title={t('federation.recent.title')} size="small">
            <RecentItemsTable items={data.recent} />
          </Card>
        </>
      )}
    </div>
  );
}
