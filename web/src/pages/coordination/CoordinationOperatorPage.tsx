import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useCoordinationCodes } from './CoordinationParts.tsx';
import { ListsPanel } from './ListsPanel.tsx';
import { TrackingPanel } from './TrackingPanel.tsx';
import { VisitsPanel } from './VisitsPanel.tsx';

const TABS = ['visits', 'lists', 'tracking'] as const;
/** roles the server lets record visits and build/confirm lists (src/modules/coordination/routes.ts) */
const MANAGERS = ['op_admin', 'op_supervisor'];

/** 小微企业融资协调工作机制 (operator): visits, recommendation lists, tracking. */
export default function CoordinationOperatorPage() {
  const { t } = useTranslation();
  const me = useMe();
  const manager = me.roles.some((r) => MANAGERS.includes(r));
  const codes = useCoordinationCodes();
  const [search, setSearch] = useSearchParams();
  const tab = TABS.find((key) => key === search.get('tab')) ?? 'visits';

  return (
    <div className="xr-stack" data-testid="coordination-operator-page">
      <Typography.Title level={3} className="xr-portal-title">{t('coordination.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('coordination.operator.intro')}</Typography.Paragraph>
      {codes.error !== undefined && <ProblemAlert error={codes.error} testId="coordination-codes-error" />}
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(key) => setSearch(key === 'visits' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'visits', label: <span data-testid="coordination-tab-visits">{t('coordination.operator.tabVisits')}</span>, children: <VisitsPanel codes={codes.data} canRecord={manager} /> },
          { key: 'lists', label: <span data-testid="coordination-tab-lists">{t('coordination.operator.tabLists')}</span>, children: <ListsPanel canManage={manager} /> },
          { key: 'tracking', label: <span data-testid="coordination-tab-tracking">{t('coordination.operator.tabTracking')}</span>, children: <TrackingPanel codes={codes.data} /> },
        ]}
      />
    </div>
  );
}
