import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth/session.tsx';
import { WhitelistRules } from './WhitelistRules.tsx';
import { WhitelistRuns } from './WhitelistRuns.tsx';

const BASE = '/operator/whitelist';
const TABS = ['runs', 'rules'] as const;

/** 信易贷白名单 (operator): the runs (run now, history, each run's entries) and the rules the selection applies. */
export default function WhitelistAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes('op_admin');
  const [search, setSearch] = useSearchParams();
  const tab = TABS.find((key) => key === search.get('tab')) ?? 'runs';

  return (
    <div className="xr-stack" data-testid="whitelist-admin-page">
      <Typography.Title level={3} className="xr-portal-title">{t('whitelist.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('whitelist.operator.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'runs' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'runs', label: <span data-testid="whitelist-tab-runs">{t('whitelist.operator.tabRuns')}</span>, children: <WhitelistRuns admin={admin} basePath={BASE} /> },
          { key: 'rules', label: <span data-testid="whitelist-tab-rules">{t('whitelist.operator.tabRules')}</span>, children: <div className="xr-stack"><WhitelistRules admin={admin} /></div> },
        ]}
      />
    </div>
  );
}
