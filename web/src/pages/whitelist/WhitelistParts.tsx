import type { HTMLAttributes } from 'react';
import { Button, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WhitelistEntry, WhitelistReason, WhitelistRunStatus } from '../../api/whitelist.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { GradeTag } from '../evaluation/EvaluationProfile.tsx';
import { reasonFact, textOf } from './whitelist-format.ts';

const RUN_COLORS: Record<WhitelistRunStatus, string> = { running: 'processing', completed: 'success', failed: 'error' };

export function RunStatusTag({ status }: { status: WhitelistRunStatus }) {
  const { t } = useTranslation();
  return <Tag color={RUN_COLORS[status]}>{t(`whitelist.run.status.${status}`, { defaultValue: status })}</Tag>;
}

export function ChangeTag({ change }: { change: WhitelistEntry['change'] }) {
  const { t } = useTranslation();
  return <Tag color={change === 'joined' ? 'green' : 'blue'} data-testid="whitelist-change">{t(`whitelist.entries.changes.${change}`, { defaultValue: change })}</Tag>;
}

/** The rules that held (an entry) or stopped holding (a departure), each with the fact behind it. */
export function ReasonList({ reasons, failed = false, columns = false }: { reasons: WhitelistReason[]; failed?: boolean; columns?: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const icon = failed ? <CloseCircleTwoTone twoToneColor="#cf1322" /> : <CheckCircleTwoTone twoToneColor="#389e0d" />;
  return (
    <ul
      className="xr-plain-list"
      data-testid="whitelist-reasons"
      // many rules hold for a listed enterprise: two columns where the table is wide enough keep its row short
      style={columns ? { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', columnGap: 16, rowGap: 2, fontSize: 13 } : undefined}
    >
      {reasons.map((reason) => {
        const fact = reasonFact(t, reason.rule, reason.value);
        return (
          <li key={reason.rule} data-testid="whitelist-reason" data-rule={reason.rule} style={columns ? { marginTop: 0 } : undefined}>
            {icon} {textOf(reason, language)}
            {fact !== '' && <Typography.Text type="secondary"> · {fact}</Typography.Text>}
          </li>
        );
      })}
    </ul>
  );
}

/** Entries of a white-list (a run's, or the ones pushed to an institution), a page at a time. */
export function EntryTable({ items, loading, next, onMore, testId }: {
  items: WhitelistEntry[];
  loading: boolean;
  next: string | null;
  onMore: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  // a phone gets one card per enterprise: five columns and eight reasons do not fit 375 px
  const narrow = Grid.useBreakpoint().md === false;
  const where = (e: WhitelistEntry) => <span className="xr-mono" data-testid="whitelist-entry-where">{e.regionCode}<br />{e.industryCode}</span>;
  const grade = (e: WhitelistEntry) => <span data-testid="whitelist-entry-grade">{e.grade === null ? '—' : <GradeTag grade={e.grade} />} {e.score ?? ''}</span>;

  const cards = (
    <List<WhitelistEntry>
      dataSource={items}
      loading={loading}
      locale={{ emptyText: t('whitelist.entries.empty') }}
      data-testid={testId}
      renderItem={(e) => (
        <List.Item data-testid="whitelist-entry-row" data-uscc={e.uscc} style={{ display: 'block' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }}>
            <span className="xr-mono">{e.uscc}</span>
            <ChangeTag change={e.change} />
          </Space>
          <Space wrap size={[12, 4]} style={{ margin: '4px 0' }}>
            <Typography.Text type="secondary">
              {t('whitelist.entries.region')} <span className="xr-mono">{e.regionCode}</span> · {t('whitelist.entries.industry')} <span className="xr-mono">{e.industryCode}</span>
            </Typography.Text>
            {grade(e)}
          </Space>
          <ReasonList reasons={e.reasons} />
        </List.Item>
      )}
    />
  );

  const table = (
    <Table<WhitelistEntry>
      size="small"
      rowKey="uscc"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 960 }}
      locale={{ emptyText: t('whitelist.entries.empty') }}
      data-testid={testId}
      onRow={(entry) => ({ 'data-testid': 'whitelist-entry-row', 'data-uscc': entry.uscc }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'uscc', title: t('whitelist.entries.uscc'), width: 190, render: (_v, e) => <span className="xr-mono">{e.uscc}</span> },
        { key: 'where', title: `${t('whitelist.entries.region')} / ${t('whitelist.entries.industry')}`, width: 110, render: (_v, e) => where(e) },
        { key: 'grade', title: `${t('whitelist.entries.grade')} / ${t('whitelist.entries.score')}`, width: 110, render: (_v, e) => grade(e) },
        { key: 'change', title: t('whitelist.entries.change'), width: 80, render: (_v, e) => <ChangeTag change={e.change} /> },
        { key: 'reasons', title: t('whitelist.entries.reasons'), render: (_v, e) => <ReasonList reasons={e.reasons} columns /> },
      ]}
    />
  );

  return (
    <>
      {narrow ? cards : table}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid={`${testId}-shown`}>{t('whitelist.entries.shown', { count: items.length })}</Typography.Text>
        {next !== null && (
          <Button onClick={onMore} loading={loading} data-testid={`${testId}-more`}>{t('whitelist.more')}</Button>
        )}
      </div>
    </>
  );
}
