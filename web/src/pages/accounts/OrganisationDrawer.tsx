import { Card, Descriptions, Drawer, Grid, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_PATHS, type AccountCodes, type OrgDetail } from '../../api/accounts.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { AssessmentStateTag } from './AccountParts.tsx';
import { AssessmentPanel } from './AssessmentPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import { categoryName } from './accounts-format.ts';

/** One organisation in the operator console: its facts, its 信息安全评估 (institutions) and its accounts. */
export function OrganisationDrawer({ orgId, codes, admin, onClose, onChange }: {
  orgId: string | null;
  codes: AccountCodes | undefined;
  admin: boolean;
  onClose: () => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const detail = useApi<OrgDetail>(orgId === null ? null : ACCOUNT_PATHS.organisation(orgId));
  const org = detail.data !== undefined && detail.data.id === orgId ? detail.data : undefined;
  const changed = () => {
    detail.reload();
    onChange();
  };

  return (
    <Drawer
      open={orgId !== null}
      onClose={onClose}
      size={screens.md === true ? 820 : '100%'}
      title={org?.name ?? t('accounts.org.detail')}
      destroyOnHidden
      data-testid="org-drawer"
    >
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="org-drawer-error" />}
      {detail.error === undefined && org === undefined && <Skeleton active />}
      {org !== undefined && (
        <div className="xr-stack" data-testid="org-detail" data-org-id={org.id}>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} className="xr-descriptions">
            <Descriptions.Item label={t('accounts.field.name')}><span data-testid="org-detail-name">{org.name}</span></Descriptions.Item>
            <Descriptions.Item label={t('accounts.field.kind')}>{t(`accounts.kind.${org.kind}`)}</Descriptions.Item>
            {org.uscc !== null && (
              <Descriptions.Item label={t('accounts.field.uscc')}><Typography.Text className="xr-mono" copyable>{org.uscc}</Typography.Text></Descriptions.Item>
            )}
            <Descriptions.Item label={t('accounts.field.region')}>{org.regionName}<Typography.Text type="secondary"> {org.regionCode}</Typography.Text></Descriptions.Item>
            {org.category !== null && (
              <Descriptions.Item label={t('accounts.field.category')}><Tag>{categoryName(codes, org.kind, org.category, currentLanguage())}</Tag></Descriptions.Item>
            )}
            <Descriptions.Item label={t('accounts.field.createdAt')}>{formatTimestamp(org.createdAt)}</Descriptions.Item>
            {org.kind === 'institution' && (
              <Descriptions.Item label={t('accounts.field.assessment')}>
                <AssessmentStateTag state={org.assessmentState} assessment={org.assessment} testId="org-detail-assessment" />
              </Descriptions.Item>
            )}
          </Descriptions>

          {org.kind === 'institution' && (
            <Card size="small" title={t('accounts.assessment.title')}>
              <AssessmentPanel orgId={org.id} assessments={org.assessments} canRecord={admin} onRecorded={changed} />
            </Card>
          )}

          <Card size="small" title={t('accounts.users.title')}>
            {admin
              ? <UsersPanel orgId={org.id} orgKind={org.kind} canManage onChange={changed} />
              : <Typography.Text type="secondary" data-testid="org-users-count">{t('accounts.users.count', { count: org.users })}</Typography.Text>}
          </Card>
        </div>
      )}
    </Drawer>
  );
}
