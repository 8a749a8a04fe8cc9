import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_PATHS } from '../../api/accounts.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { UsersPanel } from './UsersPanel.tsx';

/**
 * 平台账号 under an enterprise's details in the operator's entity search (op_admin): the enterprise's accounts, to help
 * at the counter — a forgotten password reset with a new activation code, an account stopped or started again. The
 * operator opens no enterprise account: the legal representative registers, and opens agents' accounts.
 */
export function EnterpriseAccountsCard({ uscc }: { uscc: string }) {
  const { t } = useTranslation();
  const found = useApi<{ orgId: string | null; name: string | null }>(ACCOUNT_PATHS.enterprise(uscc));
  return (
    <Card size="small" title={t('accounts.enterprise.title')} style={{ marginTop: 16 }} data-testid="enterprise-accounts">
      {found.error !== undefined && <ProblemAlert error={found.error} />}
      {found.data?.orgId === null && <Typography.Text type="secondary" data-testid="enterprise-accounts-none">{t('accounts.enterprise.notRegistered')}</Typography.Text>}
      {found.data?.orgId && (
        <div className="xr-stack">
          <Typography.Text type="secondary">{t('accounts.enterprise.intro')}</Typography.Text>
          <UsersPanel orgId={found.data.orgId} orgKind="enterprise" canManage canCreate={false} managesAll />
        </div>
      )}
    </Card>
  );
}
