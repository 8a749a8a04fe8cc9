import type { HTMLAttributes } from 'react';
import { Card, Empty, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { APPLICATION_PATHS, type LeagueRow } from '../../api/applications.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { bpToPercent, fenToWanText } from './money.ts';

const dash = '—';
const percent = (bp: number | null) => (bp === null ? dash : `${bpToPercent(bp)}%`);

/** 机构服务榜 — public: how each institution serves enterprises on the platform (SPEC C9, issue 6 item 6). */
export default function LeaguePage() {
  const { t } = useTranslation();
  const league = useApi<{ institutions: LeagueRow[] }>(APPLICATION_PATHS.league);
  const rows = league.data?.institutions ?? [];
  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main">
        <Typography.Title level={3}>{t('marketplace.league.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('marketplace.league.intro')}</Typography.Paragraph>
        <Card>
          {league.error !== undefined && <ProblemAlert error={league.error} />}
          {league.data === undefined && league.error === undefined && <Skeleton active />}
          {league.data !== undefined && rows.length === 0 && <Empty description={t('marketplace.league.empty')} />}
          {rows.length > 0 && (
            <Table<LeagueRow>
              rowKey="institutionOrgId" size="middle" pagination={false} dataSource={rows} scroll={{ x: 900 }}
              onRow={(r) => ({ 'data-testid': 'league-row', 'data-institution': r.institutionName ?? r.institutionOrgId }) as HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'rank', title: t('marketplace.league.rank'), width: 64, render: (_v, _r, i) => i + 1 },
                { key: 'name', title: t('marketplace.league.institution'), render: (_v, r) => r.institutionName ?? r.institutionOrgId },
                { key: 'applications', title: t('marketplace.league.applications'), dataIndex: 'applications', align: 'right' },
                { key: 'approval', title: t('marketplace.league.approvalRate'), align: 'right', render: (_v, r) => percent(r.approvalRateBp) },
                { key: 'disbursed', title: t('marketplace.league.disbursed'), align: 'right', render: (_v, r) => <span data-testid="league-disbursed">{r.disbursedCount}</span> },
                { key: 'amount', title: t('marketplace.league.amountWan'), align: 'right', render: (_v, r) => fenToWanText(r.disbursedFen) },
                { key: 'credit', title: t('marketplace.league.creditShare'), align: 'right', render: (_v, r) => percent(r.creditShareBp) },
                { key: 'rate', title: t('marketplace.league.averageRate'), align: 'right', render: (_v, r) => percent(r.averageRateBp) },
                {
                  key: 'response', title: t('marketplace.league.response'), align: 'right',
                  render: (_v, r) => (r.averageResponseWorkingDaysX100 === null ? dash : t('marketplace.league.workingDays', { days: bpToPercent(r.averageResponseWorkingDaysX100) })),
                },
                { key: 'escalated', title: t('marketplace.league.escalated'), dataIndex: 'escalated', align: 'right' },
              ]}
            />
          )}
        </Card>
      </main>
    </div>
  );
}
