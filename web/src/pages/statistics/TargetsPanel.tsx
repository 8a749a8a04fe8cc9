import { useState } from 'react';
import { App, Card, Form, Input, Modal, Progress, Select, Skeleton, Space, Table, Tag, Typography, Button } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { setTarget, STATISTICS_PATHS, type TargetProgress, type Targets } from '../../api/statistics.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { bpToPercent, yuanToFen } from '../marketplace/money.ts';
import { percentInputToBp, yuanText } from './format.ts';

const STATUS_COLOR = { met: 'green', behind: 'orange', unknown: 'default', unset: 'default' } as const;

const valueText = (unit: 'bp' | 'count', v: number | null) => (v === null ? '—' : unit === 'bp' ? `${v < 0 ? '-' : ''}${bpToPercent(Math.abs(v))}%` : String(v));

/** 目标进度: the year's targets (seed 004 defaults or the operator's), the actual figures and progress; op_admin edits. */
export function TargetsPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const en = currentLanguage() === 'en';
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState<TargetProgress | null>(null);
  const targets = useApi<Targets>(STATISTICS_PATHS.targets(year));
  const admin = me.roles.includes('op_admin');
  return (
    <Card
      title={t('statistics.targets.title')} data-testid="statistics-targets"
      extra={<Select value={year} onChange={setYear} data-testid="statistics-targets-year" style={{ width: 100 }}
        options={[thisYear - 3, thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))} />}
    >
      {targets.error !== undefined && <ProblemAlert error={targets.error} />}
      {targets.data === undefined && targets.error === undefined && <Skeleton active />}
      {targets.data !== undefined && (
        <div className="xr-stack">
          <Typography.Text type="secondary">{t('statistics.targets.source', { source: targets.data.source })}</Typography.Text>
          <Table<TargetProgress>
            size="small" rowKey="metric" pagination={false} dataSource={targets.data.items} scroll={{ x: 760 }}
            onRow={(r) => ({ 'data-testid': 'statistics-target-row', 'data-metric': r.metric, 'data-status': r.status } as React.HTMLAttributes<HTMLElement>)}
            columns={[
              { key: 'name', title: t('statistics.targets.metric'), render: (_, r) => (en ? r.name.en : r.name.zh) },
              {
                key: 'target', title: t('statistics.targets.target'), align: 'right',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <span>{valueText(r.unit, r.target.value)}</span>
                    {r.target.origin !== 'none' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`statistics.targets.origin.${r.target.origin}`, { year: r.target.fromYear })}</Typography.Text>}
                  </Space>
                ),
              },
              { key: 'actual', title: t('statistics.targets.actual'), align: 'right', render: (_, r) => <span data-testid="statistics-target-actual">{valueText(r.unit, r.actual)}</span> },
              {
                key: 'progress', title: t('statistics.targets.progress'), width: 200,
                render: (_, r) => (r.progressBp === null
                  ? <Tag color={STATUS_COLOR[r.status]}>{t(`statistics.targets.status.${r.status}`)}</Tag>
                  : <Progress percent={Math.min(100, Math.round(r.progressBp / 100))} size="small" status={r.status === 'met' ? 'success' : 'active'} format={() => `${bpToPercent(r.progressBp!)}%`} />),
              },
              ...(admin ? [{ key: 'edit', title: '', render: (_: unknown, r: TargetProgress) => <Button size="small" onClick={() => setEditing(r)} data-testid="statistics-target-edit">{t('statistics.targets.edit')}</Button> }] : []),
            ]}
          />
        </div>
      )}
      {editing !== null && <TargetEditor year={year} target={editing} onClose={(saved) => { setEditing(null); if (saved) targets.reload(); }} />}
    </Card>
  );
}

function TargetEditor({ year, target, onClose }: { year: number; target: TargetProgress; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const en = currentLanguage() === 'en';
  const [form] = Form.useForm<{ value: string; external: string; note: string }>();
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const initial = target.target.origin === 'operator' && target.target.value !== null
    ? (target.unit === 'bp' ? bpToPercent(target.target.value) : String(target.target.value)) : '';
  const save = async () => {
    const v = await form.validateFields();
    const targetValue = v.value.trim() === '' ? null : target.unit === 'bp' ? percentInputToBp(v.value) : Number(v.value);
    const externalTotalFen = target.external && v.external.trim() !== '' ? yuanToFen(v.external) : null;
    setSaving(true);
    try {
      await setTarget(target.metric, year, { targetValue, externalTotalFen, note: v.note });
      message.success(t('statistics.targets.saved'));
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`${en ? target.name.en : target.name.zh} · ${year}`} onCancel={() => onClose(false)} onOk={() => void save()} confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'statistics-target-save' } as Record<string, string>} data-testid="statistics-target-editor">
      {error !== undefined && <ProblemAlert error={error} />}
      <Form form={form} layout="vertical" initialValues={{ value: initial, external: target.externalTotalFen ? yuanText(target.externalTotalFen).replace(/,/g, '') : '', note: '' }}>
        <Form.Item name="value" label={target.unit === 'bp' ? t('statistics.targets.valuePercent') : t('statistics.targets.valueCount')}
          rules={[{ validator: async (_, v: string) => {
            if (!v || v.trim() === '') return;
            if (target.unit === 'bp' ? percentInputToBp(v) === null : !/^\d{1,9}$/.test(v)) throw new Error(t('statistics.targets.invalid'));
          } }]}>
          <Input data-testid="statistics-target-value" />
        </Form.Item>
        {target.external && (
          <Form.Item name="external" label={`${en ? target.external.en : target.external.zh}（${t('statistics.yuan')}）`}
            rules={[{ validator: async (_, v: string) => { if (v && v.trim() !== '' && yuanToFen(v) === null) throw new Error(t('statistics.targets.invalid')); } }]}>
            <Input data-testid="statistics-target-external" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('statistics.targets.note')}><Input maxLength={500} /></Form.Item>
      </Form>
    </Modal>
  );
}
