import { useEffect, useState } from 'react';
import { Alert as Banner, App, Button, Descriptions, Drawer, Empty, Grid, Input, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ProblemError } from '../../api/problem-request.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { fenToYuanText } from '../marketplace/money.ts';
import { acknowledgeAlert, closeAlert, factText, MONITORING_PATHS, SEVERITY_COLORS, STATUS_COLORS, type AlertDetail, type DefaultLevel } from './monitoring-api.ts';

/** The borrower's default / dishonesty level as a tag with what it means. */
export function LevelTag({ level }: { level: DefaultLevel }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <Space size={4} wrap data-testid="monitoring-level" data-level={level.level}>
      <Tag color={level.rank >= 3 ? 'red' : level.rank === 2 ? 'volcano' : 'gold'}>{en ? level.name.en : level.name.zh}</Tag>
      {level.consequences.includes('refuse_new_applications') && <Tag>{t('monitoring.level.refuses')}</Tag>}
      {level.endsAt !== null && <Typography.Text type="secondary">{t('monitoring.level.endsAt', { at: formatTimestamp(level.endsAt) })}</Typography.Text>}
    </Space>
  );
}

/**
 * One alert (预警详情): what tripped which rule on which record, the objection mark, the borrower's level, the history,
 * and — for the lender's people — acknowledge (note optional) and close (note required).
 */
export function AlertDrawer({ alertId, canAct, onClose, onChanged }: { alertId: string | null; canAct: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const en = currentLanguage() === 'en';
  const detail = useApi<AlertDetail>(alertId === null ? null : MONITORING_PATHS.alert(alertId));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  useEffect(() => {
    setNote('');
    setFailure(undefined);
  }, [alertId]);

  async function act(kind: 'acknowledge' | 'close') {
    if (alertId === null) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await (kind === 'acknowledge' ? acknowledgeAlert(alertId, note) : closeAlert(alertId, note));
      void message.success(t(kind === 'acknowledge' ? 'monitoring.drawer.acknowledged' : 'monitoring.drawer.closed'));
      setNote('');
      detail.reload();
      onChanged();
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setBusy(false);
    }
  }

  const a = detail.data?.alert;
  return (
    <Drawer open={alertId !== null} onClose={onClose} size={screens.md === true ? 640 : '100%'} title={t('monitoring.drawer.title')} destroyOnHidden>
      <div data-testid="monitoring-alert-drawer" data-alert-id={alertId ?? ''} data-status={a?.status ?? ''}>
        {detail.error !== undefined && <ProblemAlert error={detail.error} testId="monitoring-drawer-error" />}
        {a === undefined && detail.error === undefined && <Skeleton active />}
        {a !== undefined && detail.data !== undefined && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={SEVERITY_COLORS[a.severity]}>{t(`monitoring.severity.${a.severity}`)}</Tag>
              <Typography.Text strong>{en ? a.title.en : a.title.zh}</Typography.Text>
              <Tag color={STATUS_COLORS[a.status]} data-testid="monitoring-drawer-status">{t(`monitoring.status.${a.status}`)}</Tag>
            </Space>
            {a.objection !== null && (
              <Banner type="warning" showIcon data-testid="monitoring-drawer-objection"
                title={t('monitoring.drawer.objection', { at: formatTimestamp(a.objection.filedAt) })} />
            )}
            <Descriptions size="small" column={1} bordered items={[
              { key: 'enterprise', label: t('monitoring.alert.enterprise'), children: <span>{a.entityName ?? ''} <span className="xr-mono">{a.uscc}</span></span> },
              { key: 'item', label: t('monitoring.drawer.item'), children: <span className="xr-mono">{a.item}{a.recordKey !== null ? ` · ${a.recordKey} · v${a.recordVersion}` : ''}</span> },
              {
                key: 'fact', label: t('monitoring.drawer.fact'),
                children: a.facts.field === null ? t('monitoring.drawer.newRecord') : (
                  <span data-testid="monitoring-drawer-fact">
                    <span className="xr-mono">{a.facts.field}</span>: {factText(a.facts.previous, t('monitoring.yes'), t('monitoring.no'))} → <strong>{factText(a.facts.value, t('monitoring.yes'), t('monitoring.no'))}</strong>
                  </span>
                ),
              },
              { key: 'loan', label: t('monitoring.drawer.loan'), children: <span className="xr-mono">{a.applicationId}</span> },
              { key: 'level', label: t('monitoring.drawer.level'), children: detail.data.level === null ? t('monitoring.level.none') : <LevelTag level={detail.data.level} /> },
              ...(detail.data.level !== null ? [{
                key: 'basis', label: t('monitoring.drawer.basis'),
                children: t('monitoring.level.basis', { days: detail.data.level.basis.maxOverdueDays, defaults: detail.data.level.basis.defaults, amount: fenToYuanText(detail.data.level.basis.troubledAmountFen) }),
              }] : []),
              { key: 'arrived', label: t('monitoring.drawer.arrived'), children: t('monitoring.drawer.latency', { at: formatTimestamp(a.arrivedAt), seconds: (a.latencyMs / 1000).toFixed(1) }) },
            ]} />
            <Typography.Title level={5}>{t('monitoring.drawer.history')}</Typography.Title>
            {detail.data.events.length === 0 ? <Empty /> : (
              <Timeline data-testid="monitoring-drawer-history" items={detail.data.events.map((e) => ({
                content: (
                  <div data-testid="monitoring-history-entry" data-action={e.action}>
                    <div>{t(`monitoring.action.${e.action}`)} · {e.actor === 'system' ? t('monitoring.drawer.system') : e.actor} · {formatTimestamp(e.at)}</div>
                    {e.note !== null && <Typography.Text type="secondary">{e.note}</Typography.Text>}
                  </div>
                ),
              }))} />
            )}
            {canAct && a.status !== 'closed' && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {failure !== undefined && <ProblemAlert error={failure} testId="monitoring-drawer-action-error" />}
                <Input.TextArea rows={3} maxLength={1000} showCount value={note} onChange={(e) => setNote(e.target.value)}
                  placeholder={t('monitoring.drawer.notePlaceholder')} data-testid="monitoring-drawer-note" />
                <Space wrap>
                  {a.status === 'open' && <Button onClick={() => void act('acknowledge')} loading={busy} data-testid="monitoring-drawer-acknowledge">{t('monitoring.drawer.acknowledge')}</Button>}
                  <Button type="primary" danger onClick={() => void act('close')} loading={busy} data-testid="monitoring-drawer-close">{t('monitoring.drawer.close')}</Button>
                </Space>
              </Space>
            )}
          </Space>
        )}
      </div>
    </Drawer>
  );
}
