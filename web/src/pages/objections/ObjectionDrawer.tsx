import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Form, Grid, Input, Radio, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { appealObjection, decideObjection, dueText, OBJECTION_PATHS, type Cell, type Objection, type ObjectionDetail, type ObjectionOutcome } from './objections-api.ts';

const STATE_COLOURS: Record<string, string> = { open: 'blue', escalated: 'orange', decided: 'green', appealed: 'purple', closed: 'default' };

export function StateTag({ o }: { o: Pick<Objection, 'state' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={STATE_COLOURS[o.state]} data-testid="objection-state" data-state={o.state}>{t(`objections.state.${o.state}`)}</Tag>
      {o.overdue && <Tag color="red" data-testid="objection-overdue">{t('objections.overdue')}</Tag>}
    </Space>
  );
}

/** Days left to the answer, for cases still to be answered: the handler's countdown. */
export function Countdown({ o }: { o: Pick<Objection, 'daysLeft' | 'dueAt'> }) {
  const { t } = useTranslation();
  if (o.daysLeft === null) return null;
  const colour = o.daysLeft < 0 ? 'red' : o.daysLeft <= 5 ? 'orange' : 'default';
  return (
    <Tag color={colour} data-testid="objection-countdown" title={dueText(o.dueAt)}>
      {o.daysLeft < 0 ? t('objections.countdown.overdue', { days: -o.daysLeft }) : t('objections.countdown.left', { days: o.daysLeft })}
    </Tag>
  );
}

/** One objection: its record, the full history (dates, handlers by role, outcome, reasons), and what the viewer may do. */
export function ObjectionDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const detail = useApi<ObjectionDetail>(id === null ? null : OBJECTION_PATHS.detail(id));
  const d = detail.data;
  const en = i18n.language.startsWith('en');
  const screens = Grid.useBreakpoint();
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <Drawer open={id !== null} onClose={onClose} size={screens.md === true ? 720 : '100%'} title={t('objections.detail.title')} destroyOnHidden data-testid="objection-drawer">
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="objection-detail-error" />}
      {d === undefined && detail.error === undefined && <Skeleton active />}
      {d !== undefined && (
        <div className="xr-stack">
          <Descriptions size="small" column={1} bordered className="xr-descriptions">
            <Descriptions.Item label={t('objections.field.subject')}>{d.objection.entityName ?? d.objection.uscc} <span className="xr-mono">{d.objection.uscc}</span></Descriptions.Item>
            <Descriptions.Item label={t('objections.field.record')}>
              {d.objection.type === 'record' ? <>{en ? d.objection.itemNameEn : d.objection.itemName} · <span className="xr-mono">{d.objection.key}</span></> : t('objections.type.platform_conduct')}
            </Descriptions.Item>
            <Descriptions.Item label={t('objections.field.state')}><StateTag o={d.objection} /> <Countdown o={d.objection} /></Descriptions.Item>
            <Descriptions.Item label={t('objections.field.handler')}>{d.objection.handlerKind === 'provider' ? d.objection.handlerName : t('objections.handler.operator')}</Descriptions.Item>
            <Descriptions.Item label={t('objections.field.filedAt')}>{formatTimestamp(d.objection.filedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('objections.field.dueAt')}>{dueText(d.objection.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('objections.field.reason')}>{d.objection.reason}</Descriptions.Item>
            {d.objection.outcome !== null && (
              <Descriptions.Item label={t('objections.field.outcome')}>
                <span data-testid="objection-outcome" data-outcome={d.objection.outcome}>{t(`objections.outcome.${d.objection.outcome}`)}</span>：{d.objection.outcomeReason}
              </Descriptions.Item>
            )}
            {d.objection.appealOutcome !== null && (
              <Descriptions.Item label={t('objections.field.appealOutcome')}>{t(`objections.outcome.${d.objection.appealOutcome}`)}：{d.objection.appealOutcomeReason}</Descriptions.Item>
            )}
          </Descriptions>

          {d.record !== null && (
            <Descriptions size="small" column={1} bordered title={t('objections.detail.record', { version: d.record.version })} className="xr-descriptions" data-testid="objection-record">
              {d.record.fields.filter((f) => ![undefined, null, ''].includes(d.record!.data[f.code] as never)).map((f) => (
                <Descriptions.Item key={f.code} label={en ? f.nameEn : f.name}><span data-field={f.code}>{String(d.record!.data[f.code] ?? '')}</span></Descriptions.Item>
              ))}
            </Descriptions>
          )}

          {d.documents.length > 0 && (
            <Space wrap>
              {d.documents.map((doc) => <a key={doc.id} href={OBJECTION_PATHS.document(d.objection.id, doc.id)} data-testid="objection-document">{doc.name}</a>)}
            </Space>
          )}

          <Typography.Title level={5}>{t('objections.detail.history')}</Typography.Title>
          <Timeline
            data-testid="objection-timeline"
            items={d.events.map((e) => ({
              color: e.action === 'escalate' ? 'orange' : e.action.includes('decide') ? 'green' : 'blue',
              content: (
                <div data-testid="objection-event" data-action={e.action}>
                  <strong>{t(`objections.action.${e.action}`)}</strong> · {formatTimestamp(e.at)}
                  <div>
                    <Typography.Text type="secondary">{t(`objections.role.${e.actorKind}`, { defaultValue: e.actorKind })}{e.actorOrgName ? ` · ${e.actorOrgName}` : ''}</Typography.Text>
                  </div>
                  {typeof e.details.outcome === 'string' && <div>{t(`objections.outcome.${e.details.outcome}`)}</div>}
                  {typeof e.details.reason === 'string' && <div>{e.details.reason}</div>}
                </div>
              ),
            }))}
          />

          {d.party === 'subject' && d.objection.mayAppeal && <AppealForm id={d.objection.id} onDone={changed} />}
          {(d.party === 'handler' || d.party === 'operator') && ['open', 'escalated', 'appealed'].includes(d.objection.state)
            && !(d.party === 'handler' && d.objection.state === 'appealed') && <DecisionForm detail={d} onDone={changed} />}
        </div>
      )}
    </Drawer>
  );
}

function AppealForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { reason: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await appealObjection(id, v.reason);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form layout="vertical" onFinish={submit} data-testid="objection-appeal-form">
      <Typography.Paragraph type="secondary">{t('objections.appeal.hint')}</Typography.Paragraph>
      {error !== undefined && <ProblemAlert error={error} testId="objection-appeal-error" />}
      <Form.Item name="reason" label={t('objections.appeal.reason')} rules={[{ required: true, min: 10, message: t('objections.reasonRule') }]}>
        <Input.TextArea rows={3} data-testid="objection-appeal-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-appeal-submit">{t('objections.appeal.submit')}</Button>
    </Form>
  );
}

function DecisionForm({ detail, onDone }: { detail: ObjectionDetail; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: ObjectionOutcome; reason: string; values?: Record<string, string> }>();
  const outcome = Form.useWatch('outcome', form);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const o = detail.objection;
  const outcomes: ObjectionOutcome[] = o.type === 'record' ? ['corrected', 'deleted', 'upheld'] : ['resolved', 'upheld'];
  const editable = detail.record?.fields.filter((f) => !f.key) ?? [];
  async function submit(v: { outcome: ObjectionOutcome; reason: string; values?: Record<string, string> }) {
    setBusy(true);
    setError(undefined);
    try {
      let values: Record<string, Cell> | undefined;
      if (v.outcome === 'corrected' && detail.record !== null) {
        values = {};
        for (const [k, value] of Object.entries(v.values ?? {})) if (String(detail.record.data[k] ?? '') !== (value ?? '')) values[k] = value === '' ? null : value;
      }
      await decideObjection(o.id, { outcome: v.outcome, reason: v.reason, values });
      void message.success(t('objections.decide.done'));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="objection-decision-form"
      initialValues={{ values: Object.fromEntries(editable.map((f) => [f.code, detail.record?.data[f.code] === undefined || detail.record?.data[f.code] === null ? '' : String(detail.record?.data[f.code])])) }}>
      <Typography.Title level={5}>{o.state === 'appealed' ? t('objections.decide.appealTitle') : t('objections.decide.title')}</Typography.Title>
      {error !== undefined && <ProblemAlert error={error} testId="objection-decision-error" />}
      <Form.Item name="outcome" label={t('objections.field.outcome')} rules={[{ required: true, message: t('objections.decide.outcomeRule') }]}>
        <Radio.Group data-testid="objection-decision-outcome">
          {outcomes.map((x) => <Radio.Button key={x} value={x}><span data-testid={`objection-outcome-${x}`}>{t(`objections.outcome.${x}`)}</span></Radio.Button>)}
        </Radio.Group>
      </Form.Item>
      {outcome === 'corrected' && editable.map((f) => (
        <Form.Item key={f.code} name={['values', f.code]} label={i18n.language.startsWith('en') ? f.nameEn : f.name}>
          <Input data-testid={`objection-value-${f.code}`} />
        </Form.Item>
      ))}
      <Form.Item name="reason" label={t('objections.decide.reason')} rules={[{ required: true, min: 10, message: t('objections.reasonRule') }]}>
        <Input.TextArea rows={3} data-testid="objection-decision-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-decision-submit">{t('objections.decide.submit')}</Button>
    </Form>
  );
}
