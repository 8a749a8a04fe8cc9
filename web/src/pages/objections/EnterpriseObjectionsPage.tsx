import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { EvidenceField, pickedFiles } from './EvidenceField.tsx';
import { Countdown, ObjectionDrawer, StateTag } from './ObjectionDrawer.tsx';
import { dueText, fileObjection, OBJECTION_PATHS, readEvidence, type Cell, type Objection } from './objections-api.ts';

interface CatalogItemLite { code: string; name: string; nameEn: string; sharingMode: string; fields: { code: string; name: string; nameEn: string }[] }
interface RecordRow {
  key: string; version: number; validFrom: string; data: Record<string, Cell>;
  objection: { id: string; state: string } | null; withheld: { reason: string } | null;
}

/** 异议申诉 (enterprise): its records by item, each with "object"; complaints about the platform; its objections with their history. */
export default function EnterpriseObjectionsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const uscc = me.org.uscc ?? '';
  const en = i18n.language.startsWith('en');
  const catalog = useApi<{ categories: { items: CatalogItemLite[] }[] }>('/catalog');
  const items = useMemo(() => (catalog.data?.categories.flatMap((c) => c.items) ?? []).filter((i) => i.sharingMode === 'physical'), [catalog.data]);
  const [item, setItem] = useState('ADMIN_PENALTY');
  const records = useApi<{ records: RecordRow[] }>(uscc ? OBJECTION_PATHS.records(uscc, item) : null);
  const mine = useApi<{ items: Objection[] }>(OBJECTION_PATHS.list());
  const [filing, setFiling] = useState<{ type: 'record' | 'platform_conduct'; key?: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const current = items.find((i) => i.code === item);
  const summary = (r: RecordRow) => (current?.fields ?? [])
    .filter((f) => f.code !== 'uscc' && r.data[f.code] !== undefined && r.data[f.code] !== null)
    .slice(0, 4)
    .map((f) => `${en ? f.nameEn : f.name}: ${String(r.data[f.code])}`)
    .join('；');
  const refresh = () => {
    records.reload();
    mine.reload();
  };

  return (
    <div className="xr-stack" data-testid="objections-page">
      <Typography.Title level={3} className="xr-portal-title">{t('objections.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('objections.intro')}</Typography.Paragraph>

      <Card
        title={t('objections.records.title')}
        extra={<Button onClick={() => setFiling({ type: 'platform_conduct' })} data-testid="objections-complain">{t('objections.records.complain')}</Button>}
      >
        <div className="xr-stack">
          <Select
            value={item}
            onChange={setItem}
            showSearch
            optionFilterProp="label"
            style={{ width: '100%', maxWidth: 420 }}
            loading={catalog.loading}
            options={items.map((i) => ({ value: i.code, label: `${en ? i.nameEn : i.name} (${i.code})` }))}
            data-testid="objections-item"
          />
          {records.error !== undefined && <ProblemAlert error={records.error} testId="objections-records-error" />}
          {records.data === undefined && records.error === undefined && <Skeleton active paragraph={{ rows: 2 }} />}
          {records.data !== undefined && records.data.records.length === 0 && <Empty description={t('objections.records.none')} />}
          {records.data !== undefined && records.data.records.length > 0 && (
            <Table<RecordRow>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={records.data.records}
              onRow={(r) => ({ 'data-testid': 'objections-record-row', 'data-key': r.key }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'key', title: t('objections.records.key'), render: (_v, r) => <span className="xr-mono">{r.key}</span> },
                { key: 'summary', title: t('objections.records.content'), render: (_v, r) => <Typography.Text style={{ maxWidth: 360 }} ellipsis={{ tooltip: summary(r) }}>{summary(r)}</Typography.Text> },
                { key: 'version', title: t('objections.records.version'), render: (_v, r) => `v${r.version} · ${formatTimestamp(r.validFrom)}` },
                {
                  key: 'status', title: t('objections.records.status'),
                  render: (_v, r) => (
                    <Space size={4} wrap>
                      {r.objection !== null && <Tag color="orange" data-testid="objections-record-flag">{t('objections.flag')}</Tag>}
                      {r.withheld !== null && <Tag data-testid="objections-record-withheld">{t(`objections.withheld.${r.withheld.reason}`)}</Tag>}
                    </Space>
                  ),
                },
                {
                  key: 'action', title: '',
                  render: (_v, r) => r.objection === null && r.withheld === null
                    ? <Button size="small" onClick={() => setFiling({ type: 'record', key: r.key })} data-testid="objections-record-object">{t('objections.records.object')}</Button>
                    : null,
                },
              ]}
            />
          )}
        </div>
      </Card>

      <Card title={t('objections.mine.title')} data-testid="objections-mine">
        {mine.error !== undefined && <ProblemAlert error={mine.error} testId="objections-mine-error" />}
        {mine.data !== undefined && mine.data.items.length === 0 && <Empty description={t('objections.mine.none')} />}
        {mine.data !== undefined && mine.data.items.length > 0 && <ObjectionTable rows={mine.data.items} onOpen={setOpen} />}
      </Card>

      <FileModal target={filing} item={item} onClose={() => setFiling(null)} onFiled={(o) => { setFiling(null); refresh(); setOpen(o.id); }} />
      <ObjectionDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />
    </div>
  );
}

/** The objections list shared by the enterprise, provider and operator pages. */
export function ObjectionTable({ rows, onOpen, showSubject = false }: { rows: Objection[]; onOpen: (id: string) => void; showSubject?: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <Table<Objection>
      rowKey="id"
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      onRow={(o) => ({ 'data-testid': 'objection-row', 'data-id': o.id, 'data-key': o.key ?? '' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        ...(showSubject ? [{ key: 'subject', title: t('objections.field.subject'), render: (_v: unknown, o: Objection) => o.entityName ?? o.uscc }] : []),
        {
          key: 'record', title: t('objections.field.record'),
          render: (_v, o) => (o.type === 'record' ? <>{en ? o.itemNameEn : o.itemName} · <span className="xr-mono">{o.key}</span></> : t('objections.type.platform_conduct')),
        },
        { key: 'state', title: t('objections.field.state'), render: (_v, o) => <StateTag o={o} /> },
        { key: 'due', title: t('objections.field.dueAt'), render: (_v, o) => <Space size={4} wrap>{dueText(o.dueAt)}<Countdown o={o} /></Space> },
        { key: 'outcome', title: t('objections.field.outcome'), render: (_v, o) => (o.appealOutcome ?? o.outcome) ? t(`objections.outcome.${o.appealOutcome ?? o.outcome}`) : '' },
        { key: 'open', title: '', render: (_v, o) => <Button size="small" type="link" onClick={() => onOpen(o.id)} data-testid="objection-open">{t('objections.open')}</Button> },
      ]}
    />
  );
}

function FileModal(props: { target: { type: 'record' | 'platform_conduct'; key?: string } | null; item: string; onClose: () => void; onFiled: (o: Objection) => void }) {
  const { target, item, onClose, onFiled } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string; evidence?: UploadFile[] }>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { reason: string; evidence?: UploadFile[] }) {
    if (target === null) return;
    setBusy(true);
    setError(undefined);
    try {
      const evidence = await readEvidence(pickedFiles(v.evidence));
      const o = await fileObjection({ type: target.type, item: target.type === 'record' ? item : undefined, key: target.key, reason: v.reason, evidence });
      void message.success(t('objections.file.done'));
      form.resetFields();
      onFiled(o);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={target !== null}
      onCancel={() => { setError(undefined); form.resetFields(); onClose(); }}
      title={target?.type === 'platform_conduct' ? t('objections.file.complainTitle') : t('objections.file.title', { key: target?.key ?? '' })}
      okText={t('objections.file.submit')}
      okButtonProps={{ loading: busy, 'data-testid': 'objection-file-submit' } as never}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{target?.type === 'platform_conduct' ? t('objections.file.complainHint') : t('objections.file.hint')}</Typography.Paragraph>
      {error !== undefined && <ProblemAlert error={error} testId="objection-file-error" />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="objection-file-form">
        <Form.Item name="reason" label={t('objections.field.reason')} rules={[{ required: true, min: 10, message: t('objections.reasonRule') }]}>
          <Input.TextArea rows={4} data-testid="objection-file-reason" />
        </Form.Item>
        <EvidenceField name="evidence" label={t('objections.evidence.label')} testId="objection-file-evidence" />
      </Form>
    </Modal>
  );
}
