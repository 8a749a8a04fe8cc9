import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Input, Modal, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ProblemError } from '../../api/problem-request.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { approveVersion, DATALAB_PATHS, rejectVersion, type CleanroomRun, type PendingVersion } from './datalab-api.ts';
import { PrivacyJobs } from './PrivacyJobs.tsx';
import { RunsTable } from './RunsTable.tsx';

const DECIDERS = ['op_admin', 'op_supervisor'];
const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v));

/** 数据实验室 (operator): pending clean-room versions with their diff to approve or reject, and the audit view of runs. */
export default function DatalabOperatorPage() {
  const { t } = useTranslation();
  const me = useMe();
  const decider = me.roles.some((r) => DECIDERS.includes(r));
  const pending = useApi<{ items: PendingVersion[] }>(DATALAB_PATHS.pending);
  const runs = useApi<{ items: CleanroomRun[] }>(DATALAB_PATHS.runs);
  useInterval(() => runs.reload(), runs.data?.items.some((r) => r.status === 'running') ? 3000 : null);

  return (
    <div className="xr-stack" data-testid="datalab-operator-page">
      <Typography.Title level={3} className="xr-portal-title">{t('datalab.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('datalab.operatorIntro')}</Typography.Paragraph>
      <Tabs
        onChange={(key) => {
          // each visit shows the state now: runs finish and versions arrive while the operator is elsewhere
          if (key === 'runs') runs.reload();
          if (key === 'pending') pending.reload();
        }}
        items={[
          {
            key: 'pending', label: <span data-testid="datalab-tab-pending">{t('datalab.tabs.pending')}</span>,
            children: (
              <div className="xr-stack" data-testid="datalab-pending">
                {pending.error !== undefined && <ProblemAlert error={pending.error} testId="datalab-pending-error" />}
                {pending.data === undefined && pending.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
                {pending.data !== undefined && pending.data.items.length === 0 && <Empty description={t('datalab.pending.none')} data-testid="datalab-pending-none" />}
                {pending.data?.items.map((p) => (
                  <PendingCard key={p.version.id} item={p} decider={decider} onDecided={() => { pending.reload(); runs.reload(); }} />
                ))}
              </div>
            ),
          },
          {
            key: 'runs', label: <span data-testid="datalab-tab-audit">{t('datalab.tabs.audit')}</span>,
            children: (
              <Card title={t('datalab.audit.title')} data-testid="datalab-audit">
                <Typography.Paragraph type="secondary">{t('datalab.audit.intro')}</Typography.Paragraph>
                {runs.error !== undefined && <ProblemAlert error={runs.error} testId="datalab-audit-error" />}
                {runs.data === undefined && runs.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
                {runs.data !== undefined && <RunsTable runs={runs.data.items} audit />}
              </Card>
            ),
          },
          { key: 'privacy', label: <span data-testid="datalab-tab-privacy">{t('datalab.tabs.privacy')}</span>, children: <PrivacyJobs /> },
        ]}
      />
    </div>
  );
}

function PendingCard({ item, decider, onDecided }: { item: PendingVersion; decider: boolean; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const en = i18n.language.startsWith('en');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      void message.success(done);
      setRejecting(false);
      onDecided();
    } catch (error) {
      setFailure(error instanceof ProblemError ? (error.detail ?? error.title) : String(error));
    } finally {
      setBusy(false);
    }
  }

  const { model, version, base, diff, leaks } = item;
  return (
    <Card
      size="small"
      title={<span>{model.name} <Tag>v{version.version}</Tag> <Typography.Text type="secondary">{model.institution.name}</Typography.Text></span>}
      data-testid="datalab-pending-item"
      data-version-id={version.id}
      extra={decider && (
        <Space>
          <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void act(() => approveVersion(version.id), t('datalab.pending.approved'))} data-testid="datalab-approve">
            {t('datalab.pending.approve')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="datalab-reject">{t('datalab.pending.reject')}</Button>
        </Space>
      )}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'kind', label: t('datalab.models.kind'), children: t(`datalab.kind.${version.kind}`) },
          { key: 'submitted', label: t('datalab.models.submittedAt'), children: formatTimestamp(version.submittedAt) },
          { key: 'sm3', label: 'SM3', children: <span className="xr-mono" data-testid="datalab-pending-sm3">{version.specSm3}</span> },
          { key: 'items', label: t('datalab.models.items'), children: version.items.join(', ') || '—' },
        ]}
      />
      {failure !== undefined && <Alert type="error" showIcon title={failure} data-testid="datalab-pending-error" style={{ margin: '8px 0' }} />}
      {leaks.length > 0 && (
        <Alert type="warning" showIcon title={t('datalab.pending.leaks')} description={leaks.map((l) => `${l.code}: ${en ? l.en : l.zh}`).join('; ')} style={{ margin: '8px 0' }} />
      )}
      <Typography.Title level={5}>{base ? t('datalab.pending.diffFrom', { version: base.version }) : t('datalab.pending.firstVersion')}</Typography.Title>
      {base !== null && (
        <Table
          rowKey="path"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={diff}
          data-testid="datalab-diff"
          onRow={() => ({ 'data-testid': 'datalab-diff-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('datalab.pending.noChange') }}
          columns={[
            { key: 'path', title: t('datalab.pending.path'), render: (_v, d) => <Typography.Text code>{d.path}</Typography.Text> },
            { key: 'change', title: t('datalab.pending.change'), render: (_v, d) => <Tag color={d.change === 'added' ? 'green' : d.change === 'removed' ? 'red' : 'blue'}>{t(`datalab.pending.changes.${d.change}`)}</Tag> },
            { key: 'before', title: t('datalab.pending.before'), render: (_v, d) => <span className="xr-mono">{show(d.before)}</span> },
            { key: 'after', title: t('datalab.pending.after'), render: (_v, d) => <span className="xr-mono">{show(d.after)}</span> },
          ]}
        />
      )}
      <Collapse
        size="small"
        style={{ marginTop: 8 }}
        items={[{ key: 'spec', label: t('datalab.pending.fullSpec'), children: <pre className="xr-mono" data-testid="datalab-pending-spec" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(version.spec, null, 2)}</pre> }]}
      />
      <Modal
        open={rejecting}
        title={t('datalab.pending.rejectTitle')}
        okText={t('datalab.pending.reject')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'datalab-reject-confirm' }}
        onOk={() => void act(() => rejectVersion(version.id, reason), t('datalab.pending.rejected'))}
        onCancel={() => setRejecting(false)}
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('datalab.pending.reasonHint')} data-testid="datalab-reject-reason" />
        {failure !== undefined && <Alert type="error" showIcon title={failure} style={{ marginTop: 8 }} />}
      </Modal>
    </Card>
  );
}
