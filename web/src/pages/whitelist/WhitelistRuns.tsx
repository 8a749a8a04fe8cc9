import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Grid, List, Progress, Space, Table, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import type { Page } from '../../api/evaluation.ts';
import { startWhitelistRun, WHITELIST_PATHS, type WhitelistRun } from '../../api/whitelist.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { usePaged } from './use-paged.ts';
import { RunStatusTag } from './WhitelistParts.tsx';
import { runDuration, textOf } from './whitelist-format.ts';
import { useInterval } from '../../components/use-interval.ts';

const POLL_MS = 1000;
const PAGE_SIZE = 20;

/** One line of a run's counts: evaluated, listed (joined / stayed), left, pushes. */
export function RunCounts({ run }: { run: WhitelistRun }) {
  const { t } = useTranslation();
  return <>{t('whitelist.run.counts', { evaluated: run.evaluated, listed: run.listed, joined: run.joined, stayed: run.stayed, left: run.left, pushes: run.pushes })}</>;
}

/** 筛选运行: run the selection now (op_admin), the outcome of that run, and every run the node made. */
export function WhitelistRuns({ admin, basePath }: { admin: boolean; basePath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const runs = usePaged<WhitelistRun, Page<WhitelistRun>>('runs', (cursor) => WHITELIST_PATHS.runs(cursor, PAGE_SIZE));
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError>();
  const [finished, setFinished] = useState<WhitelistRun>();
  // a phone gets one card per run: thirteen columns do not fit 375 px
  const narrow = Grid.useBreakpoint().md === false;

  // a run started elsewhere (the monthly job, another operator) or this one: follow it until it ends
  const running = starting || runs.items.some((run) => run.status === 'running');
  const { reload } = runs;
  useInterval(reload, running ? POLL_MS : null);

  async function start() {
    setStarting(true);
    setStartError(undefined);
    setFinished(undefined);
    try {
      setFinished(await startWhitelistRun());
    } catch (error) {
      setStartError(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    } finally {
      setStarting(false);
      reload();
    }
  }

  const skipped = finished?.summary.skipped ?? [];
  return (
    <Card
      title={t('whitelist.run.title')}
      extra={admin && (
        <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={running} onClick={() => void start()} data-testid="whitelist-run-start">
          {t('whitelist.run.runNow')}
        </Button>
      )}
      data-testid="whitelist-runs"
    >
      {startError !== undefined && <ProblemAlert error={startError} testId="whitelist-run-error" />}
      {runs.error !== undefined && <ProblemAlert error={runs.error} testId="whitelist-runs-error" />}
      {running && (
        <div data-testid="whitelist-run-progress" style={{ marginBottom: 16 }}>
          <Typography.Text>{t('whitelist.run.running')}</Typography.Text>
          <Progress percent={100} status="active" showInfo={false} />
        </div>
      )}
      {finished !== undefined && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="whitelist-run-result"
          data-run-id={finished.id}
          title={t('whitelist.run.done', { period: finished.period, version: finished.ruleVersion })}
          description={(
            <Space orientation="vertical" size={4}>
              <Typography.Text data-testid="whitelist-run-result-counts"><RunCounts run={finished} /></Typography.Text>
              {skipped.length > 0 && (
                <Typography.Text type="secondary">{t('whitelist.run.skipped')}：{skipped.map((s) => textOf(s, currentLanguage())).join('；')}</Typography.Text>
              )}
              <Link to={`${basePath}/runs/${finished.id}`} data-testid="whitelist-run-result-open">{t('whitelist.run.open')}</Link>
            </Space>
          )}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('whitelist.run.history')}</Typography.Title>
      {narrow ? (
        <List<WhitelistRun>
          dataSource={runs.items}
          loading={runs.loading && runs.items.length === 0}
          locale={{ emptyText: t('whitelist.run.none') }}
          data-testid="whitelist-run-table"
          renderItem={(run) => (
            <List.Item
              data-testid="whitelist-run-row"
              data-run-id={run.id}
              data-status={run.status}
              onClick={() => navigate(`${basePath}/runs/${run.id}`)}
              style={{ display: 'block', cursor: 'pointer' }}
            >
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <a>{run.period} · {t(`whitelist.run.triggers.${run.trigger}`, { defaultValue: run.trigger })} · v{run.ruleVersion}</a>
                <RunStatusTag status={run.status} />
              </Space>
              <div>
                {t('whitelist.run.listed')} <strong data-testid="whitelist-run-listed">{run.listed}</strong>
                {' · '}{t('whitelist.run.joined')} {run.joined} · {t('whitelist.run.stayed')} {run.stayed} · {t('whitelist.run.left')} {run.left} · {t('whitelist.run.pushes')} {run.pushes}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTimestamp(run.startedAt)} · {t('whitelist.run.evaluated')} {run.evaluated}
                {run.finishedAt !== null && ` · ${t('whitelist.run.duration')} ${runDuration(t, run.startedAt, run.finishedAt)}`}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<WhitelistRun>
          size="small"
          rowKey="id"
          loading={runs.loading && runs.items.length === 0}
          dataSource={runs.items}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('whitelist.run.none') }}
          data-testid="whitelist-run-table"
          onRow={(run) => ({
            'data-testid': 'whitelist-run-row', 'data-run-id': run.id, 'data-status': run.status,
            onClick: () => navigate(`${basePath}/runs/${run.id}`), style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'started', title: t('whitelist.run.startedAt'), width: 140, render: (_v, run) => <a>{formatTimestamp(run.startedAt)}</a> },
            { key: 'trigger', title: t('whitelist.run.trigger'), width: 84, render: (_v, run) => t(`whitelist.run.triggers.${run.trigger}`, { defaultValue: run.trigger }) },
            { key: 'period', title: t('whitelist.run.period'), width: 80, render: (_v, run) => run.period },
            { key: 'version', title: t('whitelist.run.ruleVersion'), width: 76, render: (_v, run) => `v${run.ruleVersion}` },
            { key: 'evaluated', title: t('whitelist.run.evaluated'), align: 'right', render: (_v, run) => run.evaluated },
            { key: 'listed', title: t('whitelist.run.listed'), align: 'right', render: (_v, run) => <strong data-testid="whitelist-run-listed">{run.listed}</strong> },
            { key: 'joined', title: t('whitelist.run.joined'), align: 'right', render: (_v, run) => run.joined },
            { key: 'stayed', title: t('whitelist.run.stayed'), align: 'right', render: (_v, run) => run.stayed },
            { key: 'left', title: t('whitelist.run.left'), align: 'right', render: (_v, run) => run.left },
            { key: 'pushes', title: t('whitelist.run.pushes'), align: 'right', render: (_v, run) => run.pushes },
            { key: 'status', title: t('whitelist.run.statusTitle'), width: 80, render: (_v, run) => <RunStatusTag status={run.status} /> },
            {
              key: 'finished',
              title: t('whitelist.run.finishedAt'),
              width: 150,
              render: (_v, run) => (run.finishedAt === null ? '—' : (
                <>
                  {formatTimestamp(run.finishedAt)}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('whitelist.run.duration')} {runDuration(t, run.startedAt, run.finishedAt)}</Typography.Text>
                </>
              )),
            },
          ]}
        />
      )}
      {runs.next !== null && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={runs.more} loading={runs.loading} data-testid="whitelist-runs-more">{t('whitelist.more')}</Button>
        </div>
      )}
    </Card>
  );
}
