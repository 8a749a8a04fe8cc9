import { useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation, AuthorisationAction, AuthorisationStatus } from '../../api/consent.ts';
import { AUTHORISATION_STATUSES, changeAuthorisation, CONSENT_PATHS, ProblemError } from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useConsentReference } from '../consent/consent-reference.tsx';
import { ConsentDetailDrawer } from '../consent/ConsentDetailDrawer.tsx';
import { ConsentTable } from '../consent/ConsentTable.tsx';
import { ConsentGrantForm } from './ConsentGrantForm.tsx';

/** Which actions an authorisation in each status offers its enterprise; the server checks them again. */
const ACTIONS_BY_STATUS: Partial<Record<AuthorisationStatus, AuthorisationAction[]>> = {
  PENDING: ['approve', 'decline'],
  ACTIVE: ['pause', 'revoke'],
  PAUSED: ['resume', 'revoke'],
};

/** 授权管理: the enterprise's authorisations, institutions' requests awaiting its answer, and granting new ones. */
export function ConsentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reference = useConsentReference();
  const [statusFilter, setStatusFilter] = useState<AuthorisationStatus>();
  const pending = useApi<{ items: Authorisation[] }>(CONSENT_PATHS.authorisations('PENDING'));
  const list = useApi<{ items: Authorisation[] }>(CONSENT_PATHS.authorisations(statusFilter));
  const [openId, setOpenId] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<ProblemError>();
  const [reason, setReason] = useState('');

  const reload = () => {
    pending.reload();
    list.reload();
  };

  const act = async (row: Authorisation, action: AuthorisationAction) => {
    setBusy(`${row.id}:${action}`);
    setFailure(undefined);
    try {
      await changeAuthorisation(row.id, action, action === 'revoke' || action === 'decline' ? reason : undefined);
      setReason('');
      void message.success(t(`consent.done.${action}`, { institution: row.institution.name }));
      reload();
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setBusy(undefined);
    }
  };

  const actionButtons = (row: Authorisation) =>
    (ACTIONS_BY_STATUS[row.status] ?? []).map((action) => (
      <Popconfirm
        key={action}
        title={t(`consent.confirm.${action}.title`)}
        description={
          <div style={{ maxWidth: 320 }}>
            <div>{t(`consent.confirm.${action}.text`, { institution: row.institution.name })}</div>
            {(action === 'revoke' || action === 'decline') && (
              <Input.TextArea
                style={{ marginTop: 8 }}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder={t('consent.confirm.reasonPlaceholder')}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                data-testid={`consent-${action}-reason`}
              />
            )}
          </div>
        }
        onOpenChange={(open) => {
          if (open) setReason('');
        }}
        okText={t(`consent.confirm.${action}.ok`)}
        cancelText={t('consent.confirm.cancel')}
        okButtonProps={{ danger: action === 'revoke' || action === 'decline' }}
        onConfirm={() => act(row, action)}
      >
        <Button
          size="small"
          type={action === 'approve' ? 'primary' : 'default'}
          danger={action === 'revoke' || action === 'decline'}
          loading={busy === `${row.id}:${action}`}
          data-testid={`consent-${action}`}
        >
          {t(`consent.action.${action}`)}
        </Button>
      </Popconfirm>
    ));

  const pendingCount = pending.data?.items.length ?? 0;
  return (
    <div className="xr-stack" data-testid="consent-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('consent.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('consent.intro')}</Typography.Paragraph>
      {reference.error !== undefined && <ProblemAlert error={reference.error} testId="consent-reference-error" />}
      {failure !== undefined && <ProblemAlert error={failure} testId="consent-action-error" />}

      <Card title={t('consent.pendingTitle', { count: pendingCount })} data-testid="consent-pending-card">
        {pending.error !== undefined && <ProblemAlert error={pending.error} />}
        <ConsentTable
          testId="consent-pending"
          rows={pending.data?.items}
          loading={pending.loading}
          reference={reference}
          counterparty="institution"
          actions={actionButtons}
          onOpen={(row) => setOpenId(row.id)}
        />
      </Card>

      <Card
        title={t('consent.listTitle')}
        data-testid="consent-list-card"
        extra={
          <Select<AuthorisationStatus>
            allowClear
            style={{ width: 140 }}
            placeholder={t('consent.allStatuses')}
            value={statusFilter}
            onChange={(value) => setStatusFilter(value)}
            data-testid="consent-status-filter"
            options={AUTHORISATION_STATUSES.map((status) => ({ value: status, label: t(`consent.status.${status}`) }))}
          />
        }
      >
        {list.error !== undefined && <ProblemAlert error={list.error} />}
        <ConsentTable
          testId="consent-list"
          rows={list.data?.items}
          loading={list.loading}
          reference={reference}
          counterparty="institution"
          actions={actionButtons}
          onOpen={(row) => setOpenId(row.id)}
        />
      </Card>

      <Card title={t('consent.grant.title')} data-testid="consent-grant-card">
        <Typography.Paragraph type="secondary">{t('consent.grant.intro')}</Typography.Paragraph>
        <ConsentGrantForm reference={reference} onGranted={reload} />
      </Card>

      <ConsentDetailDrawer id={openId} reference={reference} onClose={() => setOpenId(undefined)} evidence />
    </div>
  );
}
