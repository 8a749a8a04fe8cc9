import { useState, type HTMLAttributes } from 'react';
import { App, Button, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { POLICY_PATHS, publishPolicy, withdrawPolicy, type Policy } from '../../api/policies.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PayoutsPanel, ReviewPanel } from './ReviewPanel.tsx';
import { BudgetUse, KindTag, STATUS_COLOURS } from './shared.tsx';

/** 惠企政策 in the operator console: the policy editor and budget use, the review queue, the payouts. op_admin acts; others read. */
export default function OperatorPoliciesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const admin = useMe().roles.includes('op_admin');
  const list = useApi<{ items: Policy[] }>(POLICY_PATHS.manageList);
  const [editing, setEditing] = useState<{ policy: Policy | null } | null>(null);
  const [withdrawing, setWithdrawing] = useState<Policy | null>(null);
  const [reason, setReason] = useState('');

  const fail = (error: unknown) => void message.error(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));

  function publish(p: Policy) {
    modal.confirm({
      title: t('policies.manage.publishConfirm', { name: p.name, version: p.version }),
      okButtonProps: { 'data-testid': 'policy-publish-confirm' },
      onOk: async () => {
        try {
          const out = await publishPolicy(p.id, p.version);
          void message.success(t('policies.manage.published', { noticed: out.noticed }));
          list.reload();
        } catch (error) { fail(error); }
      },
    });
  }

  async function withdraw() {
    if (!withdrawing) return;
    try {
      await withdrawPolicy(withdrawing.id, reason);
      setWithdrawing(null);
      setReason('');
      list.reload();
    } catch (error) { fail(error); }
  }

  const policies = (
    <div className="xr-stack">
      {admin && <Space><Button type="primary" data-testid="policy-new" onClick={() => setEditing({ policy: null })}>{t('policies.manage.new')}</Button></Space>}
      {list.error !== undefined && <ProblemAlert error={list.error} />}
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        scroll={{ x: true }}
        dataSource={list.data?.items ?? []}
        onRow={(p) => ({ 'data-testid': 'policy-row', 'data-policy-id': p.id, 'data-status': p.status }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('policies.field.name'), render: (_: unknown, p: Policy) => <Space direction="vertical" size={0}><strong data-testid="policy-row-name">{p.name}</strong><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.authority}</Typography.Text></Space> },
          { title: t('policies.field.kind'), render: (_: unknown, p: Policy) => <KindTag policy={p} /> },
          {
            title: t('policies.manage.version'),
            render: (_: unknown, p: Policy) => <Space size={4}><Tag color={STATUS_COLOURS[p.status]} data-testid="policy-row-status">{t(`policies.status.${p.status}`)}</Tag><span>v{p.version}</span>{p.liveVersion !== null && p.liveVersion !== p.version && <Tag>{t('policies.manage.live', { version: p.liveVersion })}</Tag>}</Space>,
          },
          { title: t('policies.field.validity'), render: (_: unknown, p: Policy) => `${p.validFrom} ~ ${p.validTo}` },
          { title: t('policies.budget.title'), width: 260, render: (_: unknown, p: Policy) => <BudgetUse policy={p} /> },
          {
            title: '',
            render: (_: unknown, p: Policy) => admin && (
              <Space wrap>
                <Button size="small" data-testid="policy-edit" onClick={() => setEditing({ policy: p })}>{p.status === 'draft' ? t('policies.manage.edit') : t('policies.manage.newVersion')}</Button>
                {p.status === 'draft' && <Button size="small" type="primary" data-testid="policy-publish" onClick={() => publish(p)}>{t('policies.manage.publish')}</Button>}
                {p.liveVersion !== null && <Button size="small" danger data-testid="policy-withdraw" onClick={() => setWithdrawing(p)}>{t('policies.manage.withdraw')}</Button>}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );

  return (
    <div className="xr-stack" data-testid="operator-policies-page">
      <Typography.Title level={3}>{t('policies.manage.title')}</Typography.Title>
      <Tabs
        data-testid="operator-policies-tabs"
        items={[
          { key: 'policies', label: <span data-testid="policies-tab-policies">{t('policies.manage.tabPolicies')}</span>, children: policies },
          { key: 'review', label: <span data-testid="policies-tab-review">{t('policies.manage.tabReview')}</span>, children: <ReviewPanel admin={admin} onChange={list.reload} /> },
          { key: 'payouts', label: <span data-testid="policies-tab-payouts">{t('policies.manage.tabPayouts')}</span>, children: <PayoutsPanel admin={admin} onChange={list.reload} /> },
        ]}
      />
      <PolicyEditor open={editing !== null} policy={editing?.policy ?? null} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); list.reload(); }} />
      <Modal open={withdrawing !== null} title={t('policies.manage.withdrawTitle', { name: withdrawing?.name ?? '' })} onCancel={() => setWithdrawing(null)} onOk={() => void withdraw()} okButtonProps={{ danger: true, disabled: !reason.trim() }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('policies.manage.withdrawReason')} data-testid="policy-withdraw-reason" />
      </Modal>
    </div>
  );
}
