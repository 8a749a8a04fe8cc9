import { Card, Skeleton, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EntityDetail } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { EntityDetailView } from '../../components/EntityDetailView.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

/** 企业档案: everything the platform holds about the user's own enterprise, free of charge (信息主体免费查询). */
export function EnterpriseHome() {
  const { t } = useTranslation();
  const profile = useApi<EntityDetail>('/me/enterprise');
  return (
    <div className="xr-stack" data-testid="enterprise-profile">
      <Card size="small">
        <Link to="/enterprise/self-report" data-testid="self-report-link">
          <FormOutlined /> {t('selfReport.homeLink')}
        </Link>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('selfReport.homeLinkHint')}
        </Typography.Paragraph>
      </Card>
      {profile.error !== undefined && <ProblemAlert error={profile.error} testId="enterprise-profile-error" />}
      {profile.data === undefined && profile.error === undefined && <Skeleton active paragraph={{ rows: 8 }} />}
      {profile.data !== undefined && <EntityDetailView entity={profile.data} />}
    </div>
  );
}
