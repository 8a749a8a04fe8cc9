import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Checkbox, Collapse, Empty, Form, Input, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { applyForPolicy, POLICY_PATHS, type EligibleEntry, type Loan, type Policy, type PolicyApplication } from '../../api/policies.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { bpToPercent, yuanToFen } from '../marketplace/money.ts';
import { KindTag, Outcomes, STATUS_COLOURS, textOf, yuan } from './shared.tsx';

interface Target { policy: Policy; loan: Loan }

/**
 * 惠企政策 in the enterprise portal (subsidies over its own platform loans) and the institution portal (risk compensation and
 * re-guarantee over the loans it made): live policies with the reasons for each loan; apply; the caller's applications.
 */
export default function EnterprisePoliciesPage({ side = 'enterprise' }: { side?: 'enterprise' | 'institution' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const eligible = useApi<{ items: EligibleEntry[] }>(POLICY_PATHS.eligible);
  const mine = useApi<{ items: PolicyApplication[] }>(POLICY_PATHS.applications());
  const [target, setTarget] = useState<Target | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ materials: string[]; feeYuan?: string; lossYuan?: string }>();
  const applied = new Set((mine.data?.items ?? []).filter((a) => a.status !== 'rejected').map((a) => `${a.policyId}/${a.loanId}`));

  async function submit() {
    if (!target) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const declared = target.policy.declared === 'guarantee_fee' ? { guaranteeFeeFen: yuanToFen(v.feeYuan ?? '') ?? '' }
        : target.policy.declared === 'loss' ? { lossFen: yuanToFen(v.lossYuan ?? '') ?? '' } : undefined;
      const a = await applyForPolicy({ policyId: target.policy.id, loanId: target.loan.id, materials: v.materials ?? [], declared });
      void message.success(t('policies.apply.done', { amount: yuan(a.computation.amountFen) }));
      setTarget(null);
      form.resetFields();
      mine.reload();
    } catch (error) {
      void message.error(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="xr-stack" data-testid={`${side}-policies-page`}>
      <Typography.Title level={3}>{t(`policies.${side}.title`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`policies.${side}.intro`)}</Typography.Paragraph>
      {eligible.error !== undefined && <ProblemAlert error={eligible.error} />}
      {eligible.data === undefined && eligible.error === undefined && <Skeleton active />}
      {eligible.data !== undefined && eligible.data.items.length === 0 && <Empty description={t(`policies.${side}.none`)} />}
      {(eligible.data?.items ?? []).map((e) => {
        const anyEligible = e.loans.some((l) => l.judgement.eligible);
        return (
          <Card
            key={e.policy.id}
            size="small"
            data-testid="policies-eligible-card"
            data-policy-id={e.policy.id}
            title={<Space wrap><Link to={`/policies/${e.policy.id}`}>{e.policy.name}</Link><KindTag policy={e.policy} /></Space>}
            extra={<Tag color={anyEligible ? 'success' : 'default'} data-testid="policy-eligibility">{anyEligible ? t('policies.enterprise.eligible') : t('policies.enterprise.notEligible')}</Tag>}
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{e.policy.authority} · {textOf(e.policy.formulaText)}</Typography.Paragraph>
            {side === 'enterprise' && <Collapse size="small" items={[{ key: 'ent', label: t('policies.enterprise.enterpriseReasons'), children: <Outcomes items={e.enterprise} testId="policy-enterprise-reasons" /> }]} />}
            {e.loans.length === 0 ? <Typography.Text type="secondary">{t(`policies.${side}.noLoans`)}</Typography.Text> : (
              <Table
                size="small"
                rowKey={(r) => r.loan.id}
                pagination={false}
                style={{ marginTop: 8 }}
                scroll={{ x: true }}
                dataSource={e.loans}
                onRow={(r) => ({ 'data-testid': 'policy-loan-row', 'data-loan-id': r.loan.id, 'data-eligible': String(r.judgement.eligible) }) as HTMLAttributes<HTMLElement>}
                expandable={{ expandedRowRender: (r) => <Outcomes items={[...r.judgement.enterprise, ...r.judgement.loan]} testId="policy-loan-reasons" /> }}
                columns={[
                  ...(side === 'institution' ? [{ title: t('policies.application.uscc'), render: (_: unknown, r: EligibleEntry['loans'][number]) => r.loan.uscc }] : []),
                  { title: t('policies.loan.product'), render: (_: unknown, r) => r.loan.productName ?? '—' },
                  { title: t('policies.loan.institution'), render: (_: unknown, r) => r.loan.institutionName },
                  { title: t('policies.loan.amount'), render: (_: unknown, r) => t('policies.yuan', { amount: yuan(r.loan.amountFen) }) },
                  { title: t('policies.loan.rate'), render: (_: unknown, r) => `${bpToPercent(r.loan.rateBp)}%` },
                  { title: t('policies.loan.disbursedOn'), render: (_: unknown, r) => r.loan.disbursedOn },
                  {
                    title: t('policies.loan.result'),
                    render: (_: unknown, r) => (r.judgement.eligible
                      ? <Tag color="success">{t('policies.enterprise.eligible')}</Tag>
                      : <Tag>{textOf([...r.judgement.enterprise, ...r.judgement.loan].find((o) => !o.held) ?? { zh: '', en: '' })}</Tag>),
                  },
                  {
                    title: '',
                    render: (_: unknown, r) => (applied.has(`${e.policy.id}/${r.loan.id}`)
                      ? <Tag data-testid="policy-applied">{t('policies.enterprise.applied')}</Tag>
                      : r.judgement.eligible && !e.policy.applyStatuses.includes(r.loan.status)
                        ? <Tag data-testid="policy-apply-later">{t(e.policy.applyStatuses.includes('defaulted') ? 'policies.enterprise.applyAfterDefault' : 'policies.enterprise.notInStatus')}</Tag>
                        : <Button size="small" type="primary" disabled={!r.judgement.eligible} data-testid="policy-apply" onClick={() => setTarget({ policy: e.policy, loan: r.loan })}>{t('policies.apply.button')}</Button>),
                  },
                ]}
              />
            )}
          </Card>
        );
      })}

      <Card title={t('policies.enterprise.mine')} size="small">
        {mine.error !== undefined && <ProblemAlert error={mine.error} />}
        <Table
          size="small"
          rowKey="id"
          loading={mine.loading}
          scroll={{ x: true }}
          dataSource={mine.data?.items ?? []}
          onRow={(a) => ({ 'data-testid': 'my-policy-application-row', 'data-status': a.status }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('policies.application.policy'), dataIndex: 'policyName' },
            { title: t('policies.application.submittedAt'), render: (_: unknown, a) => new Date(a.submittedAt).toLocaleString() },
            { title: t('policies.application.computed'), render: (_: unknown, a) => t('policies.yuan', { amount: yuan(a.computation.amountFen) }) },
            { title: t('policies.application.status'), render: (_: unknown, a) => <Tag color={STATUS_COLOURS[a.status]} data-testid="my-policy-application-status">{t(`policies.status.${a.status}`)}</Tag> },
            { title: t('policies.application.approved'), render: (_: unknown, a) => (a.approvedFen ? t('policies.yuan', { amount: yuan(a.approvedFen) }) : a.rejectReason ?? '—') },
            { title: t('policies.application.payout'), render: (_: unknown, a) => (a.payout ? `${a.payout.paidOn} · ${a.payout.voucherNo}` : '—') },
          ]}
        />
      </Card>

      <Modal
        open={target !== null}
        title={target ? t('policies.apply.title', { name: target.policy.name }) : ''}
        onCancel={() => setTarget(null)}
        onOk={() => void submit()}
        okText={t('policies.apply.submit')}
        okButtonProps={{ loading: busy, 'data-testid': 'policy-apply-submit' }}
        destroyOnHidden
      >
        {target && (
          <Form form={form} layout="vertical" data-testid="policy-apply-form">
            <Typography.Paragraph>{t('policies.apply.loan', { product: target.loan.productName ?? '—', amount: yuan(target.loan.amountFen), date: target.loan.disbursedOn })}</Typography.Paragraph>
            <Form.Item name="materials" label={t('policies.apply.materials')} rules={[{ validator: async (_r, v: string[] | undefined) => {
              if ((v ?? []).length < target.policy.requiredMaterials.length) throw new Error(t('policies.apply.materialsAll'));
            } }]}>
              <Checkbox.Group data-testid="policy-apply-materials" options={target.policy.requiredMaterials.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
            {target.policy.declared === 'guarantee_fee' && (
              <Form.Item name="feeYuan" label={t('policies.apply.fee')} rules={[{ required: true }]}><Input suffix={t('policies.yuanUnit')} data-testid="policy-apply-fee" /></Form.Item>
            )}
            {target.policy.declared === 'loss' && (
              <Form.Item name="lossYuan" label={t('policies.apply.loss')} rules={[{ required: true }]}><Input suffix={t('policies.yuanUnit')} data-testid="policy-apply-loss" /></Form.Item>
            )}
          </Form>
        )}
      </Modal>
    </div>
  );
}
