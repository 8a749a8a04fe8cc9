import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Card, Empty, Form, Input, Modal, Skeleton, Space, Table, Tag, Typography, Button } from 'antd';
import type { UploadFile } from 'antd';
import { CheckCircleTwoTone, ClockCircleTwoTone, CloseCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { EvidenceField, pickedFiles } from '../objections/EvidenceField.tsx';
import { readEvidence } from '../objections/objections-api.ts';
import { applyRepair, REPAIR_PATHS, type RepairApplication, type RepairRecord } from './repair-api.ts';

const STATUS_COLOURS = { pending: 'blue', approved: 'green', refused: 'red' } as const;

export function RepairStatusTag({ a }: { a: Pick<RepairApplication, 'status'> }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[a.status]} data-testid="repair-status" data-status={a.status}>{t(`repair.status.${a.status}`)}</Tag>;
}

function CheckIcon({ satisfied, required }: { satisfied: boolean | null; required: boolean }) {
  if (!required) return <MinusCircleTwoTone twoToneColor="#bbb" />;
  if (satisfied === true) return <CheckCircleTwoTone twoToneColor="#52c41a" />;
  if (satisfied === false) return <CloseCircleTwoTone twoToneColor="#ff4d4f" />;
  return <ClockCircleTwoTone twoToneColor="#faad14" />;
}

/** 信用修复 (enterprise): each penalty / dishonesty record with its publicity window and checklist; apply with evidence. */
export default function RepairPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const data = useApi<{ today: string; commitment: { id: string; signedAt: string } | null; records: RepairRecord[] }>(REPAIR_PATHS.records);
  const [applying, setApplying] = useState<RepairRecord | null>(null);
  return (
    <div className="xr-stack" data-testid="repair-page">
      <Typography.Title level={3} className="xr-portal-title">{t('repair.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('repair.intro')}</Typography.Paragraph>
      {data.error !== undefined && <ProblemAlert error={data.error} testId="repair-error" />}
      {data.data === undefined && data.error === undefined && <Skeleton active />}
      {data.data !== undefined && data.data.commitment === null && (
        <Alert type="warning" showIcon data-testid="repair-commitment-missing" title={t('repair.commitment.missing')}
          description={<Link to="/enterprise/self-report">{t('repair.commitment.sign')}</Link>} />
      )}
      {data.data !== undefined && (
        <Card title={t('repair.records.title')}>
          {data.data.records.length === 0 && <Empty description={t('repair.records.none')} />}
          {data.data.records.length > 0 && (
            <Table<RepairRecord>
              rowKey={(r) => `${r.item}:${r.record.key}`}
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={data.data.records}
              onRow={(r) => ({ 'data-testid': 'repair-record-row', 'data-key': r.record.key }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'rec', title: t('repair.records.record'), render: (_v, r) => <><div>{en ? r.kindNameEn : r.kindName}</div><span className="xr-mono">{r.record.key}</span></> },
                {
                  key: 'window', title: t('repair.records.window'),
                  render: (_v, r) => r.window === null ? '—' : (
                    <div data-testid="repair-window" data-case={r.window.case}>
                      <div>{en ? r.window.caseNameEn : r.window.caseName}</div>
                      <Typography.Text type="secondary">{t('repair.window.decided', { date: r.window.decisionDate })}</Typography.Text>
                      <div><Typography.Text type="secondary">{r.window.shortestEndsOn ? t('repair.window.shortest', { date: r.window.shortestEndsOn }) : t('repair.window.noRepair')}</Typography.Text></div>
                      <div><Typography.Text type="secondary">{t('repair.window.longest', { date: r.window.longestEndsOn })}</Typography.Text></div>
                    </div>
                  ),
                },
                {
                  key: 'checklist', title: t('repair.records.checklist'),
                  render: (_v, r) => (
                    <Space orientation="vertical" size={0} data-testid="repair-checklist">
                      {r.checklist.map((c) => (
                        <span key={c.code} data-testid="repair-check" data-code={c.code} data-satisfied={String(c.satisfied)}>
                          <CheckIcon satisfied={c.satisfied} required={c.required} /> {t(`repair.check.${c.code}`, { date: c.date ?? '' })}
                        </span>
                      ))}
                    </Space>
                  ),
                },
                {
                  key: 'status', title: t('repair.records.status'),
                  render: (_v, r) => (
                    <Space orientation="vertical" size={0}>
                      {r.record.withheld !== null && <Tag data-testid="repair-withheld" data-reason={r.record.withheld.reason}>{t(`objections.withheld.${r.record.withheld.reason}`)}</Tag>}
                      {r.latest !== null && <RepairStatusTag a={r.latest} />}
                      {r.latest?.status === 'refused' && <Typography.Text type="secondary">{r.latest.decisionReason}；{t('repair.reapplyFrom', { date: r.latest.reapplyFrom })}</Typography.Text>}
                    </Space>
                  ),
                },
                {
                  key: 'apply', title: '',
                  render: (_v, r) => r.record.withheld === null && r.latest?.status !== 'pending'
                    ? <Button size="small" type="primary" onClick={() => setApplying(r)} data-testid="repair-apply">{t('repair.apply.open')}</Button> : null,
                },
              ]}
            />
          )}
        </Card>
      )}
      <ApplyModal target={applying} onClose={() => setApplying(null)} onDone={() => { setApplying(null); data.reload(); }} />
    </div>
  );
}

function ApplyModal({ target, onClose, onDone }: { target: RepairRecord | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ statement: string; performance?: UploadFile[]; training?: UploadFile[] }>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { statement: string; performance?: UploadFile[]; training?: UploadFile[] }) {
    if (target === null) return;
    setBusy(true);
    setError(undefined);
    try {
      await applyRepair({
        item: target.item, key: target.record.key, statement: v.statement,
        performanceEvidence: await readEvidence(pickedFiles(v.performance)), trainingReport: await readEvidence(pickedFiles(v.training)),
      });
      void message.success(t('repair.apply.done'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={target !== null} onCancel={() => { setError(undefined); form.resetFields(); onClose(); }} title={t('repair.apply.title', { key: target?.record.key ?? '' })} okText={t('repair.apply.submit')}
      okButtonProps={{ loading: busy, 'data-testid': 'repair-apply-submit' } as never} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('repair.apply.hint')}</Typography.Paragraph>
      {error !== undefined && <ProblemAlert error={error} testId="repair-apply-error" />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="repair-apply-form">
        <Form.Item name="statement" label={t('repair.apply.statement')} rules={[{ required: true, min: 10, message: t('repair.apply.statementRule') }]}>
          <Input.TextArea rows={3} data-testid="repair-apply-statement" />
        </Form.Item>
        <EvidenceField name="performance" label={t('repair.apply.performance')} required testId="repair-apply-performance" />
        <EvidenceField name="training" label={t('repair.apply.training')} testId="repair-apply-training" />
      </Form>
    </Modal>
  );
}
