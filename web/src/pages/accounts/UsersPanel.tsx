import { useState, type HTMLAttributes } from 'react';
import { App, Button, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_PATHS, disableUser, enableUser, reissueActivation, type AccountOrgKind, type AccountUser } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert, problemText } from '../../components/ProblemAlert.tsx';
import { ActivationCodeModal, NewUserModal, type IssuedCode } from './AccountDialogs.tsx';
import { RoleTags, UserStateTag } from './AccountParts.tsx';
import { managedHere } from './accounts-format.ts';

/**
 * The user accounts of one organisation: who they are, their roles and state. With `canManage` (op_admin, or the
 * organisation's own admin) it adds accounts, disables and enables them and issues a fresh activation code.
 * Used by the operator's organisation drawer and by the institution, provider and enterprise 账号管理 pages.
 */
export function UsersPanel({ orgId, orgKind, canManage, canCreate = canManage, managesAll = false, onChange }: {
  orgId: string;
  orgKind: AccountOrgKind;
  canManage: boolean;
  /** whether this reader opens accounts here (the operator does not open an enterprise's) */
  canCreate?: boolean;
  /** the operator at the counter acts on every account, a legal representative's too */
  managesAll?: boolean;
  onChange?: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe();
  const users = useApi<{ items: AccountUser[] }>(ACCOUNT_PATHS.users(orgId));
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const fail = (error: unknown) => void message.error(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
  const changed = () => {
    users.reload();
    onChange?.();
  };

  async function act(user: AccountUser, work: () => Promise<void>) {
    setBusy(user.id);
    try {
      await work();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
      changed();
    }
  }

  const setEnabled = (user: AccountUser, enabled: boolean) => {
    if (enabled) {
      void act(user, async () => {
        await enableUser(user.id);
        void message.success(t('accounts.users.enabled', { name: user.displayName }));
      });
      return;
    }
    modal.confirm({
      title: t('accounts.users.disableConfirm', { name: user.displayName }),
      content: t('accounts.users.disableContent'),
      okButtonProps: { danger: true, 'data-testid': 'account-disable-confirm' },
      okText: t('accounts.users.disable'),
      cancelText: t('accounts.common.cancel'),
      onOk: () => act(user, async () => {
        await disableUser(user.id);
        void message.success(t('accounts.users.disabled', { name: user.displayName }));
      }),
    });
  };

  const reissue = (user: AccountUser) => modal.confirm({
    title: t('accounts.users.reissueConfirm', { name: user.displayName }),
    content: t('accounts.users.reissueContent'),
    okButtonProps: { 'data-testid': 'account-reissue-confirm' },
    okText: t('accounts.users.reissue'),
    cancelText: t('accounts.common.cancel'),
    onOk: () => act(user, async () => {
      const activation = await reissueActivation(user.id);
      setIssued({ user, activation });
    }),
  });

  return (
    <div className="xr-stack" data-testid="account-users" data-org-id={orgId}>
      {canCreate && (
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="account-user-new">{t('accounts.users.new')}</Button>
        </Space>
      )}
      {users.error !== undefined && <ProblemAlert error={users.error} testId="account-users-error" />}
      <Table<AccountUser>
        size="small"
        rowKey="id"
        loading={users.loading}
        scroll={{ x: true }}
        pagination={false}
        dataSource={users.data?.items ?? []}
        locale={{ emptyText: t('accounts.users.empty') }}
        onRow={(u) => ({ 'data-testid': 'account-user-row', 'data-username': u.username, 'data-state': u.state }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'who',
            title: t('accounts.users.displayName'),
            render: (_: unknown, u: AccountUser) => (
              <Space orientation="vertical" size={0}>
                <span>{u.displayName}{u.id === me.id && <Typography.Text type="secondary">{t('accounts.users.self')}</Typography.Text>}</span>
                <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{u.username}</Typography.Text>
              </Space>
            ),
          },
          { key: 'roles', title: t('accounts.users.roles'), render: (_: unknown, u: AccountUser) => <RoleTags roles={u.roles} /> },
          {
            key: 'state',
            title: t('accounts.users.state'),
            render: (_: unknown, u: AccountUser) => (
              <Space orientation="vertical" size={0}>
                <UserStateTag state={u.state} />
                {u.state === 'pending_activation' && u.activationExpiresAt !== null && (
                  <Typography.Text type={Date.parse(u.activationExpiresAt) < Date.now() ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {Date.parse(u.activationExpiresAt) < Date.now()
                      ? t('accounts.users.activationExpired')
                      : t('accounts.users.activationUntil', { at: formatTimestamp(u.activationExpiresAt) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'login',
            title: t('accounts.users.lastLogin'),
            responsive: ['sm'],
            render: (_: unknown, u: AccountUser) => (u.lastLoginAt === null ? <Typography.Text type="secondary">{t('accounts.users.never')}</Typography.Text> : formatTimestamp(u.lastLoginAt)),
          },
          ...(canManage
            ? [{
              key: 'actions',
              title: '',
              render: (_: unknown, u: AccountUser) => (managesAll || managedHere(u.roles)) && (
                <Space wrap size={4}>
                  {u.state === 'disabled'
                    ? <Button size="small" loading={busy === u.id} onClick={() => setEnabled(u, true)} data-testid="account-enable">{t('accounts.users.enable')}</Button>
                    : u.id !== me.id && <Button size="small" danger loading={busy === u.id} onClick={() => setEnabled(u, false)} data-testid="account-disable">{t('accounts.users.disable')}</Button>}
                  {u.id !== me.id && u.state !== 'disabled' && <Button size="small" loading={busy === u.id} onClick={() => reissue(u)} data-testid="account-reissue">{t('accounts.users.reissue')}</Button>}
                </Space>
              ),
            }]
            : []),
        ]}
      />
      <NewUserModal
        open={adding}
        orgId={orgId}
        orgKind={orgKind}
        onClose={() => setAdding(false)}
        onCreated={(created) => {
          setAdding(false);
          setIssued(created);
          changed();
        }}
      />
      <ActivationCodeModal issued={issued} onClose={() => setIssued(null)} />
    </div>
  );
}
