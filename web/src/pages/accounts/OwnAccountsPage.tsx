import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountOrgKind } from '../../api/accounts.ts';
import { useMe } from '../../auth/session.tsx';
import { UsersPanel } from './UsersPanel.tsx';

/** the role that manages the people of an organisation of each kind the page serves */
const ADMIN_ROLE: Partial<Record<string, string>> = { institution: 'inst_admin', provider: 'provider_admin', enterprise: 'enterprise_legal_rep' };

/**
 * 账号管理 for an institution's or a provider's own admin, and for an enterprise's legal representative (the agents,
 * 经办人): the accounts of the signed-in person's organisation.
 */
export default function OwnAccountsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const kind = me.org.kind as AccountOrgKind;
  const adminRole = ADMIN_ROLE[me.org.kind];
  const canManage = adminRole !== undefined && me.roles.includes(adminRole);
  const enterprise = kind === 'enterprise';
  return (
    <div className="xr-stack" data-testid="own-accounts-page">
      <Typography.Title level={3} className="xr-portal-title">{t('accounts.own.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="own-accounts-org">
        {enterprise ? t('accounts.own.introEnterprise', { org: me.org.name }) : t('accounts.own.intro', { org: me.org.name })}
      </Typography.Paragraph>
      {canManage
        ? <UsersPanel orgId={me.org.id} orgKind={kind} canManage />
        : <Alert type="info" showIcon title={enterprise ? t('accounts.own.legalRepOnly') : t('accounts.own.adminOnly')} />}
    </div>
  );
}
