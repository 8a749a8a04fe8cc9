import { Skeleton } from 'antd';
import type { EntityDetail } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { EntityDetailView } from '../../components/EntityDetailView.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/** 企业档案: everything the platform holds about the user's own enterprise, free of charge (信息主体免费查询). */
export function EnterpriseHome() {
  const profile = useApi<EntityDetail>('/me/enterprise');
  return (
    <div className="xr-stack" data-testid="enterprise-profile">
      {profile.error !== undefined && <ProblemAlert error={profile.error} testId="enterprise-profile-error" />}
      {profile.data === undefined && profile.error === undefined && <Skeleton active paragraph={{ rows: 8 }} />}
      {profile.data !== undefined && <EntityDetailView entity={profile.data} />}
    </div>
  );
}
