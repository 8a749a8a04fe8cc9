import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { applicationAction, type Application, type WorkflowOptions } from '../../api/applications.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { bpToPercent, fenToYuanText, percentToBp, yuanToFen } from '../marketplace/money.ts';
import { textOf, useMarketplaceOptions } from '../marketplace/shared.tsx';

type Kind = 'approve' | 'decline' | 'disburse' | 'repayment';
interface Values { amountYuan?: string; ratePercent?: string; termMonths?: number; repaymentMode?: string; security?: string; reasonCode?: string; note?: string; on?: Dayjs; status?: string; overdueDays?: number }

/** The institution's next steps on an application: accept, approve with terms, decline with a reason, disbursement, repayment. */
export function OfficerActions({ a, options, onDone }: { a: Application; options: WorkflowOptions; onDone: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind | null>(null);
  return (
    <Space wrap data-testid="officer-actions">
      {a.status === 'submitted' && <OfficerActions.Confirm label={t('applications.actions.accept')} id={a.id} action="accept" onDone={onDone} primary />}
      {a.status === 'accepted' && <Button type="primary" onClick={() => setKind('approve')} data-testid="action-approve">{t('applications.actions.approve')}</Button>}
      {(a.status === 'submitted' || a.status === 'accepted') && <Button danger onClick={() => setKind('decline')} data-testid="action-decline">{t('applications.actions.decline')}</Button>}
      {a.status === 'approved' && <Button type="primary" onClick={() => setKind('disburse')} data-testid="action-disburse">{t('applications.actions.disburse')}</Button>}
      {(a.status === 'disbursed' || a.status === 'repaying') && <Button onClick={() => setKind('repayment')} data-testid="action-repayment">{t('applications.actions.repayment')}</Button>}
      {kind && <ActionModal kind={kind} a={a} options={options} onClose={(done) => { setKind(null); if (done) onDone(); }} />}
    </Space>
  );
}

OfficerActions.Confirm = function Confirm({ label, id, action, onDone, primary, danger }: { label: string; id: string; action: 'accept' | 'withdraw'; onDone: () => void; primary?: boolean; danger?: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError>();
  return (
    <>
      <Popconfirm title={t('applications.confirm')} onConfirm={async () => {
        try { await applicationAction(id, action); onDone(); } catch (e) { setError(e as ApiError); }
      }}>
        <Button type={primary ? 'primary' : 'default'} danger={danger} data-testid={`action-${action}`}>{label}</Button>
      </Popconfirm>
      {error !== undefined && <ProblemAlert error={error} />}
    </>
  );
};

function ActionModal({ kind, a, options, onClose }: { kind: Kind; a: Application; options: WorkflowOptions; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const marketplace = useMarketplaceOptions();
  const base = a.terms ?? { amountFen: a.amountFen, rateBp: 400, termMonths: a.termMonths, repaymentMode: 'equal_instalment', security: 'credit' };
  const initial: Values = {
    amountYuan: fenToYuanText(base.amountFen).replace(/,/g, ''), ratePercent: bpToPercent(base.rateBp), termMonths: base.termMonths,
    repaymentMode: base.repaymentMode ?? 'equal_instalment', security: base.security ?? 'credit', on: dayjs(), status: 'performing',
  };
  const coded = (list: { code: string; zh: string; en: string }[]) => list.map((c) => ({ value: c.code, label: textOf(c) }));

  async function submit(v: Values) {
    const amountFen = v.amountYuan !== undefined ? yuanToFen(String(v.amountYuan)) : null;
    const rateBp = v.ratePercent !== undefined ? percentToBp(String(v.ratePercent)) : null;
    if ((kind === 'approve' || kind === 'disburse') && (amountFen === null || rateBp === null)) {
      form.setFields([{ name: amountFen === null ? 'amountYuan' : 'ratePercent', errors: [t('applications.invalidNumber')] }]);
      return;
    }
    const body = kind === 'approve' ? { amountFen, rateBp, termMonths: v.termMonths, repaymentMode: v.repaymentMode, security: v.security }
      : kind === 'disburse' ? { amountFen, rateBp, termMonths: v.termMonths, security: v.security, disbursedOn: v.on?.format('YYYY-MM-DD') }
        : kind === 'decline' ? { reasonCode: v.reasonCode, note: v.note || undefined }
          : { status: v.status, on: v.on?.format('YYYY-MM-DD'), ...(v.status === 'overdue' ? { overdueDays: v.overdueDays } : {}) };
    setSaving(true);
    setError(undefined);
    try {
      await applicationAction(a.id, kind, body);
      onClose(true);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={t(`applications.actions.${kind}`)} onCancel={() => onClose(false)} onOk={() => form.submit()} okButtonProps={{ loading: saving, 'data-testid': 'action-submit' } as never} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} data-testid={`form-${kind}`}>
        {(kind === 'approve' || kind === 'disburse') && (
          <>
            <Form.Item name="amountYuan" label={t('applications.form.amountYuan')} rules={[{ required: true }]}><Input data-testid="form-amount" /></Form.Item>
            <Form.Item name="ratePercent" label={t('applications.form.ratePercent')} rules={[{ required: true }]}><Input data-testid="form-rate" /></Form.Item>
            <Form.Item name="termMonths" label={t('applications.form.termMonths')} rules={[{ required: true }]}><InputNumber min={1} max={360} /></Form.Item>
            <Form.Item name="security" label={t('applications.form.security')}><Select options={coded(options.securities)} /></Form.Item>
          </>
        )}
        {kind === 'approve' && (
          <Form.Item name="repaymentMode" label={t('applications.form.repaymentMode')}>
            <Select options={coded(marketplace.data?.repaymentModes ?? [])} />
          </Form.Item>
        )}
        {kind === 'decline' && (
          <>
            <Form.Item name="reasonCode" label={t('applications.form.reason')} rules={[{ required: true }]}><Select options={coded(options.declineReasons)} data-testid="form-reason" /></Form.Item>
            <Form.Item name="note" label={t('applications.form.note')}><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          </>
        )}
        {kind === 'repayment' && (
          <>
            <Form.Item name="status" label={t('applications.form.repaymentStatus')}><Select options={coded(options.repaymentStatuses)} /></Form.Item>
            <Form.Item noStyle shouldUpdate>{() => form.getFieldValue('status') === 'overdue' && (
              <Form.Item name="overdueDays" label={t('applications.form.overdueDays')} rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
            )}</Form.Item>
          </>
        )}
        {(kind === 'disburse' || kind === 'repayment') && (
          <Form.Item name="on" label={t(kind === 'disburse' ? 'applications.form.disbursedOn' : 'applications.form.on')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        )}
        {error !== undefined && <ProblemAlert error={error} />}
      </Form>
    </Modal>
  );
}
