import { useState, type HTMLAttributes } from 'react';
import { App, Card, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { COORDINATION_PATHS, respond, type AssignmentStatus, type CoordinationCodes, type Queue, type QueueItem, type ResponseInput } from '../../api/coordination.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Fen, StatusTag, useCodeText, useCoordinationCodes } from './CoordinationParts.tsx';
import { yuanToFen } from './coordination-format.ts';
import { VisitsPanel } from './VisitsPanel.tsx';

/** The responses the server accepts from each state (src/modules/coordination/rules.ts TRANSITIONS); it checks again. */
const NEXT: Record<AssignmentStatus, ResponseInput['kind'][]> = {
  pending: ['accepted', 'granted', 'declined'], accepted: ['granted', 'declined'], granted: ['disbursed'], disbursed: [], declined: [],
};
/** roles the server lets respond and record visits (src/modules/coordination/routes.ts) */
const RESPONDERS = ['inst_admin', 'inst_loan_officer'];
const STATUSES: AssignmentStatus[] = ['pending', 'accepted', 'granted', 'disbursed', 'declined'];

/** 融资协调推荐清单 (institution): the enterprises pushed to this institution and the response form. */
export default function CoordinationInstitutionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canRespond = me.roles.some((r) => RESPONDERS.includes(r));
  const codes = useCoordinationCodes();
  const codeText = useCodeText();
  const [status, setStatus] = useState<AssignmentStatus>();
  const queue = useApi<Queue>(COORDINATION_PATHS.queue(status));
  const [answering, setAnswering] = useState<QueueItem>();

  return (
    <div className="xr-stack" data-testid="coordination-institution-page">
      <Typography.Title level={3} className="xr-portal-title">{t('coordination.institution.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('coordination.institution.intro')}</Typography.Paragraph>
      <Card
        title={t('coordination.institution.queue')}
        extra={<Select allowClear style={{ width: 160 }} placeholder={t('coordination.institution.allStatuses')} value={status} onChange={(v?: AssignmentStatus) => setStatus(v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`coordination.status.${s}`) }))} />}
      >
        {queue.error !== undefined && <ProblemAlert error={queue.error} testId="coordination-queue-error" />}
        <Table<QueueItem>
          rowKey="id"
          size="small"
          loading={queue.loading}
          dataSource={queue.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('coordination.institution.none') }}
          data-testid="coordination-queue"
          expandable={{
            rowExpandable: (r) => r.responses.length > 0,
            expandedRowRender: (r) => (
              <Timeline items={r.responses.map((x) => ({
                children: (
                  <Space wrap>
                    <strong>{t(`coordination.institution.kinds.${x.kind}`)}</strong>
                    {x.amountFen !== null && <Fen value={x.amountFen} />}
                    {x.on}
                    {x.reasonCode !== null && codeText(codes.data?.declineReasons, x.reasonCode)}
                    {x.note}
                    <Typography.Text type="secondary">{x.respondedBy} · {formatTimestamp(x.respondedAt)}</Typography.Text>
                  </Space>
                ),
              }))} />
            ),
          }}
          onRow={(r) => ({ 'data-testid': `coordination-queue-${r.uscc}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'ent', title: t('coordination.visit.enterprise'),
              render: (_, r) => <Space orientation="vertical" size={0}><strong>{r.enterpriseName}</strong><Typography.Text type="secondary">{r.uscc} · {r.regionCode}</Typography.Text></Space>,
            },
            {
              key: 'need', title: t('coordination.visit.need'),
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <Fen value={r.need.amountFen} />
                  <Typography.Text type="secondary">
                    {[r.need.termMonths === null ? null : t('coordination.visit.months', { count: r.need.termMonths }), r.need.purpose, r.need.guarantee].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Space>
              ),
            },
            { key: 'period', title: t('coordination.institution.period'), dataIndex: 'period', width: 90 },
            { key: 'due', title: t('coordination.institution.dueAt'), width: 150, render: (_, r) => formatTimestamp(r.dueAt) },
            {
              key: 'status', title: t('coordination.list.status'), width: 200,
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <StatusTag status={r.status} overdue={r.overdue} />
                  {r.grantedAmountFen !== null && <span>{t('coordination.status.granted')} <Fen value={r.grantedAmountFen} testId="coordination-queue-granted" /></span>}
                  {r.disbursedAmountFen !== null && <span>{t('coordination.status.disbursed')} <Fen value={r.disbursedAmountFen} /></span>}
                  {r.declineReason !== null && <Typography.Text type="danger">{codeText(codes.data?.declineReasons, r.declineReason)}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'act', title: '', width: 100,
              render: (_, r) => NEXT[r.status].length === 0
                ? <Typography.Text type="secondary">{t('coordination.institution.terminal')}</Typography.Text>
                : canRespond && <Button size="small" type="primary" onClick={() => setAnswering(r)} data-testid={`coordination-respond-${r.uscc}`}>{t('coordination.institution.respond')}</Button>,
            },
          ]}
        />
      </Card>
      {/* bank staff take part in the visits (千企万户大走访): the ones this institution recorded */}
      <VisitsPanel codes={codes.data} canRecord={canRespond} />
      {answering !== undefined && <ResponseForm item={answering} codes={codes.data} onClose={(saved) => { setAnswering(undefined); if (saved) queue.reload(); }} />}
    </div>
  );
}

interface ResponseValues { kind: ResponseInput['kind']; amount?: string; on?: Dayjs; reasonCode?: string; note?: string }

function ResponseForm({ item, codes, onClose }: { item: QueueItem; codes: CoordinationCodes | undefined; onClose: (saved: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ResponseValues>();
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const money = kind === 'granted' || kind === 'disbursed';
  const required = [{ required: true, message: t('coordination.visit.required') }];

  async function save(v: ResponseValues) {
    setSaving(true);
    setError(undefined);
    try {
      await respond(item.id, {
        kind: v.kind,
        ...(money ? { amountFen: yuanToFen(v.amount ?? '')!, on: v.on!.format('YYYY-MM-DD') } : {}),
        ...(v.kind === 'declined' ? { reasonCode: v.reasonCode } : {}),
        ...(v.note ? { note: v.note } : {}),
      });
      void message.success(t('coordination.institution.saved'));
      onClose(true);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open title={t('coordination.institution.respondTitle', { name: item.enterpriseName })} onCancel={() => onClose(false)} onOk={() => form.submit()} confirmLoading={saving}
      okText={t('coordination.visit.save')} cancelText={t('coordination.visit.cancel')} okButtonProps={{ 'data-testid': 'coordination-response-save' } as Record<string, string>} data-testid="coordination-response-form">
      {error !== undefined && <div style={{ marginBottom: 12 }}><ProblemAlert error={error} testId="coordination-response-error" /></div>}
      <Form<ResponseValues> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ kind: NEXT[item.status][0], on: dayjs() }}>
        <Form.Item name="kind" label={t('coordination.institution.kind')} rules={required}>
          <Select options={NEXT[item.status].map((k) => ({ value: k, label: t(`coordination.institution.kinds.${k}`) }))} data-testid="coordination-response-kind" />
        </Form.Item>
        {money && (
          <Space wrap align="start">
            <Form.Item name="amount" label={t('coordination.institution.amount')}
              rules={[...required, { validator: async (_, value: string | undefined) => { if (value && yuanToFen(value) === null) throw new Error(t('coordination.visit.amountInvalid')); } }]}>
              <Input inputMode="decimal" style={{ width: 200 }} placeholder={t('coordination.visit.amountPlaceholder')} data-testid="coordination-response-amount" />
            </Form.Item>
            <Form.Item name="on" label={t('coordination.institution.on')} rules={required}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Space>
        )}
        {kind === 'declined' && (
          <Form.Item name="reasonCode" label={t('coordination.institution.reason')} rules={required}>
            <Select options={(codes?.declineReasons ?? []).map((c) => ({ value: c.code, label: i18n.language === 'en' ? c.en : c.zh }))} data-testid="coordination-response-reason" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('coordination.institution.note')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}
