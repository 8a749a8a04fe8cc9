import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Radio, Row, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { RepairStatusTag } from './RepairPage.tsx';
import { decideRepair, REPAIR_PATHS, type RepairApplication, type RepairDetail, type RepairStatus } from './repair-api.ts';

/** 信用修复审核 (operator): applications with counts per status; approve (the record stops being published at once) or refuse. */
export default function RepairDecisionsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<RepairStatus | 'all'>('pending');
  const list = useApi<{ items: RepairApplication[]; counts: Record<RepairStatus, number> }>(REPAIR_PATHS.applications(status === 'all' ? undefined : status));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="xr-stack" data-testid="repair-decisions-page">
      <Typography.Title level={3} className="xr-portal-title">{t('repair.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('repair.operator.intro')}</Typography.Paragraph>
      {list.data !== undefined && (
        <Card>
          <Row gutter={16}>
            {(['pending', 'approved', 'refused'] as const).map((s) => (
              <Col xs={8} key={s}><Statistic title={t(`repair.status.${s}`)} value={list.data!.counts[s]} data-testid={`repair-count-${s}`} /></Col>
            ))}
          </Row>
        </Card>
      )}
      <Card>
        <Segmented<RepairStatus | 'all'> value={status} onChange={setStatus} style={{ marginBottom: 12 }} data-testid="repair-status-filter"
          options={(['pending', 'approved', 'refused', 'all'] as const).map((s) => ({ value: s, label: t(s === 'all' ? 'repair.operator.all' : `repair.status.${s}`) }))} />
        {list.error !== undefined && <ProblemAlert error={list.error} testId="repair-list-error" />}
        {list.data === undefined && list.error === undefined && <Skeleton active />}
        {list.data !== undefined && list.data.items.length === 0 && <Empty description={t('repair.operator.none')} />}
        {list.data !== undefined && list.data.items.length > 0 && (
          <Table<RepairApplication>
            rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} dataSource={list.data.items}
            onRow={(a) => ({ 'data-testid': 'repair-application-row', 'data-id': a.id, 'data-key': a.key }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'ent', title: t('repair.field.enterprise'), render: (_v, a) => a.entityName ?? a.uscc },
              { key: 'rec', title: t('repair.records.record'), render: (_v, a) => <>{a.itemName ?? a.item} · <span className="xr-mono">{a.key}</span></> },
              { key: 'window', title: t('repair.records.window'), render: (_v, a) => a.shortestEndsOn ? `${a.shortestEndsOn} – ${a.longestEndsOn}` : '—' },
              { key: 'at', title: t('repair.field.submittedAt'), render: (_v, a) => formatTimestamp(a.submittedAt) },
              { key: 'status', title: t('repair.records.status'), render: (_v, a) => <RepairStatusTag a={a} /> },
              { key: 'open', title: '', render: (_v, a) => <Button size="small" type="link" onClick={() => setOpen(a.id)} data-testid="repair-open">{t('repair.operator.open')}</Button> },
            ]}
          />
        )}
      </Card>
      <DecisionModal id={open} onClose={() => setOpen(null)} onDone={() => { setOpen(null); list.reload(); }} />
    </div>
  );
}

function DecisionModal({ id, onClose, onDone }: { id: string | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useApi<RepairDetail>(id === null ? null : REPAIR_PATHS.detail(id));
  const [form] = Form.useForm<{ decision: 'approve' | 'refuse'; reason: string; reapplyFrom?: Dayjs }>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const a = detail.data?.application;
  async function submit(v: { decision: 'approve' | 'refuse'; reason: string; reapplyFrom?: Dayjs }) {
    if (id === null) return;
    setBusy(true);
    setError(undefined);
    try {
      await decideRepair(id, { decision: v.decision, reason: v.reason, reapplyFrom: v.reapplyFrom?.format('YYYY-MM-DD') });
      void message.success(t('repair.operator.done'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={id !== null} onCancel={onClose} title={t('repair.operator.decideTitle')} destroyOnHidden width={720}
      okText={t('repair.operator.submit')} okButtonProps={{ loading: busy, disabled: a?.status !== 'pending', 'data-testid': 'repair-decide-submit' } as never} onOk={() => form.submit()}>
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="repair-detail-error" />}
      {a === undefined && detail.error === undefined && <Skeleton active />}
      {a !== undefined && (
        <div className="xr-stack">
          <Descriptions size="small" column={1} bordered className="xr-descriptions">
            <Descriptions.Item label={t('repair.field.enterprise')}>{a.entityName ?? a.uscc} <span className="xr-mono">{a.uscc}</span></Descriptions.Item>
            <Descriptions.Item label={t('repair.records.record')}>{a.itemName ?? a.item} · <span className="xr-mono">{a.key}</span></Descriptions.Item>
            <Descriptions.Item label={t('repair.records.window')}>{a.shortestEndsOn ? `${a.shortestEndsOn} – ${a.longestEndsOn}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('repair.apply.statement')}>{a.statement}</Descriptions.Item>
            <Descriptions.Item label={t('repair.field.documents')}>
              <Space wrap>{detail.data!.documents.map((d) => <a key={d.id} href={REPAIR_PATHS.document(a.id, d.id)} data-testid="repair-document">{d.name}</a>)}</Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('repair.records.status')}><RepairStatusTag a={a} /> {a.decisionReason}</Descriptions.Item>
          </Descriptions>
          {error !== undefined && <ProblemAlert error={error} testId="repair-decide-error" />}
          {a.status === 'pending' && (
            <Form form={form} layout="vertical" onFinish={submit} data-testid="repair-decide-form">
              <Form.Item name="decision" label={t('repair.operator.decision')} rules={[{ required: true, message: t('repair.operator.decisionRule') }]}>
                <Radio.Group>
                  <Radio.Button value="approve"><span data-testid="repair-decide-approve">{t('repair.operator.approve')}</span></Radio.Button>
                  <Radio.Button value="refuse"><span data-testid="repair-decide-refuse">{t('repair.operator.refuse')}</span></Radio.Button>
                </Radio.Group>
              </Form.Item>
              <Form.Item name="reason" label={t('repair.operator.reason')} rules={[{ required: true, message: t('repair.operator.reasonRule') }]}>
                <Input.TextArea rows={3} data-testid="repair-decide-reason" />
              </Form.Item>
              {decision === 'refuse' && (
                <Form.Item name="reapplyFrom" label={t('repair.operator.reapplyFrom')} extra={t('repair.operator.reapplyHint')}>
                  <DatePicker data-testid="repair-decide-reapply" />
                </Form.Item>
              )}
            </Form>
          )}
        </div>
      )}
    </Modal>
  );
}
