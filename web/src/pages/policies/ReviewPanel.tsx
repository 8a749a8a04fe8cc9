import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { App, Button, Descriptions, Drawer, Form, Input, Modal, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { approveApplication, POLICY_PATHS, recordPayout, rejectApplication, type ApplicationDetail, type PolicyApplication } from '../../api/policies.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { bpToPercent, yuanToFen } from '../marketplace/money.ts';
import { Outcomes, STATUS_COLOURS, textOf, yuan } from './shared.tsx';

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function useFail() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (error: unknown) => void message.error(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
}

function ApplicationsTable({ items, loading, action }: { items: PolicyApplication[]; loading: boolean; action: (a: PolicyApplication) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small" rowKey="id" loading={loading} scroll={{ x: true }} dataSource={items}
      onRow={(a) => ({ 'data-testid': 'policy-application-row', 'data-application-id': a.id, 'data-status': a.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('policies.application.policy'), dataIndex: 'policyName' },
        { title: t('policies.application.uscc'), dataIndex: 'uscc' },
        { title: t('policies.application.submittedAt'), render: (_: unknown, a: PolicyApplication) => new Date(a.submittedAt).toLocaleString() },
        { title: t('policies.application.computed'), render: (_: unknown, a: PolicyApplication) => t('policies.yuan', { amount: yuan(a.approvedFen ?? a.computation.amountFen) }) },
        { title: t('policies.application.status'), render: (_: unknown, a: PolicyApplication) => <Tag color={STATUS_COLOURS[a.status]}>{t(`policies.status.${a.status}`)}</Tag> },
        { title: t('policies.application.payout'), render: (_: unknown, a: PolicyApplication) => (a.payout ? `${yuan(a.payout.amountFen)} · ${a.payout.paidOn} · ${a.payout.voucherNo}` : '—') },
        { title: '', render: (_: unknown, a: PolicyApplication) => action(a) },
      ]}
    />
  );
}

/** The review queue: each submitted application with its loan, the reasons and the amount computed now (the formula's inputs). */
export function ReviewPanel({ admin, onChange }: { admin: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const queue = useApi<{ items: PolicyApplication[] }>(POLICY_PATHS.applications('status=submitted'));
  const [open, setOpen] = useState<string | null>(null);
  const detail = useApi<ApplicationDetail>(open ? POLICY_PATHS.application(open) : null);
  const [reason, setReason] = useState('');
  const d = detail.data;

  async function decide(approve: boolean) {
    if (!open) return;
    try {
      if (approve) await approveApplication(open);
      else await rejectApplication(open, reason);
      setOpen(null);
      setReason('');
      queue.reload();
      onChange();
    } catch (error) { fail(error); }
  }

  return (
    <>
      {queue.error !== undefined && <ProblemAlert error={queue.error} />}
      <ApplicationsTable items={queue.data?.items ?? []} loading={queue.loading} action={(a) => <Button size="small" data-testid="policy-review-open" onClick={() => setOpen(a.id)}>{t('policies.review.open')}</Button>} />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={720} title={t('policies.review.title')} destroyOnHidden>
        {detail.error !== undefined && <ProblemAlert error={detail.error} />}
        {open && d === undefined && detail.error === undefined && <Skeleton active />}
        {d && (
          <div className="xr-stack" data-testid="policy-review">
            <Descriptions size="small" bordered column={1}>
              <Descriptions.Item label={t('policies.application.policy')}>{d.application.policyName} (v{d.application.policyVersion})</Descriptions.Item>
              <Descriptions.Item label={t('policies.application.uscc')}>{d.application.uscc}</Descriptions.Item>
              {d.loan && <Descriptions.Item label={t('policies.review.loan')}>{t('policies.review.loanText', { product: d.loan.productName ?? '—', institution: d.loan.institutionName, amount: yuan(d.loan.amountFen), rate: bpToPercent(d.loan.rateBp), term: d.loan.termMonths, date: d.loan.disbursedOn, security: t(`policies.security.${d.loan.security}`, { defaultValue: d.loan.security }) })}</Descriptions.Item>}
              <Descriptions.Item label={t('policies.apply.materials')}>{d.application.materials.join('、') || '—'}</Descriptions.Item>
              {d.application.declared.guaranteeFeeFen && <Descriptions.Item label={t('policies.apply.fee')}>{yuan(d.application.declared.guaranteeFeeFen)}</Descriptions.Item>}
              {d.application.declared.lossFen && <Descriptions.Item label={t('policies.apply.loss')}>{yuan(d.application.declared.lossFen)}</Descriptions.Item>}
            </Descriptions>
            {d.preview && (
              <Descriptions size="small" bordered column={1} title={t('policies.review.computation')} data-testid="policy-review-computation">
                <Descriptions.Item label={t('policies.review.formula')}><span data-testid="policy-review-formula">{textOf(d.preview.text)}</span></Descriptions.Item>
                {Object.entries(d.preview.inputs).map(([k, v]) => <Descriptions.Item key={k} label={t(`policies.inputs.${k}`, { defaultValue: k })}>{k.endsWith('Fen') ? yuan(String(v)) : k.endsWith('Bp') ? `${bpToPercent(Number(v))}%` : String(v)}</Descriptions.Item>)}
                <Descriptions.Item label={t('policies.review.amount')}><strong data-testid="policy-review-amount">{t('policies.yuan', { amount: yuan(d.preview.amountFen) })}</strong>{d.preview.capped && <Tag color="orange" style={{ marginLeft: 8 }}>{t('policies.review.capped')}</Tag>}</Descriptions.Item>
              </Descriptions>
            )}
            {d.judgement && <><Typography.Title level={5}>{t('policies.review.reasons')}</Typography.Title><Outcomes items={[...d.judgement.enterprise, ...d.judgement.loan]} /></>}
            {admin && d.application.status === 'submitted' && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button type="primary" data-testid="policy-approve" onClick={() => void decide(true)}>{t('policies.review.approve')}</Button>
                <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('policies.review.rejectReason')} data-testid="policy-reject-reason" />
                <Button danger disabled={!reason.trim()} data-testid="policy-reject" onClick={() => void decide(false)}>{t('policies.review.reject')}</Button>
              </Space>
            )}
          </div>
        )}
      </Drawer>
    </>
  );
}

/** Approved applications awaiting payout, and the payout records (兑付登记: amount, date, voucher number). */
export function PayoutsPanel({ admin, onChange }: { admin: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const approved = useApi<{ items: PolicyApplication[] }>(POLICY_PATHS.applications('status=approved'));
  const payouts = useApi<{ items: PolicyApplication[] }>(POLICY_PATHS.payouts);
  const [paying, setPaying] = useState<PolicyApplication | null>(null);
  const [form] = Form.useForm<{ amountYuan: string; paidOn: string; voucherNo: string }>();

  async function pay() {
    if (!paying) return;
    const v = await form.validateFields();
    try {
      await recordPayout(paying.id, { amountFen: yuanToFen(v.amountYuan) ?? v.amountYuan, paidOn: v.paidOn, voucherNo: v.voucherNo });
      setPaying(null);
      approved.reload();
      payouts.reload();
      onChange();
    } catch (error) { fail(error); }
  }

  return (
    <div className="xr-stack">
      <Typography.Title level={5}>{t('policies.payout.awaiting')}</Typography.Title>
      <ApplicationsTable items={approved.data?.items ?? []} loading={approved.loading} action={(a) => admin && (
        <Button size="small" type="primary" data-testid="policy-payout-open" onClick={() => { setPaying(a); form.setFieldsValue({ amountYuan: yuan(a.approvedFen ?? '0').replace(/,/g, ''), paidOn: chinaToday(), voucherNo: '' }); }}>{t('policies.payout.record')}</Button>
      )} />
      <Typography.Title level={5}>{t('policies.payout.records')}</Typography.Title>
      <div data-testid="policy-payout-records"><ApplicationsTable items={payouts.data?.items ?? []} loading={payouts.loading} action={() => null} /></div>
      <Modal open={paying !== null} title={t('policies.payout.title')} onCancel={() => setPaying(null)} onOk={() => void pay()} okButtonProps={{ 'data-testid': 'policy-payout-submit' }} destroyOnHidden forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="amountYuan" label={t('policies.payout.amount')} rules={[{ required: true }]}><Input suffix={t('policies.yuanUnit')} data-testid="policy-payout-amount" /></Form.Item>
          <Form.Item name="paidOn" label={t('policies.payout.paidOn')} rules={[{ required: true }]}><Input data-testid="policy-payout-date" /></Form.Item>
          <Form.Item name="voucherNo" label={t('policies.payout.voucher')} rules={[{ required: true }]}><Input data-testid="policy-payout-voucher" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
