import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Drawer, Progress, Table, Tag, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EvaluationModel, EvaluationRun } from '../../api/evaluation.ts';
import { EVALUATION_PATHS, startEvaluationRun } from '../../api/evaluation.ts';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { EvaluationProfile } from '../evaluation/EvaluationProfile.tsx';
import { ModelStructure } from '../evaluation/ModelStructure.tsx';
import { TagSearch } from '../evaluation/TagSearch.tsx';
import { useInterval } from '../../components/use-interval.ts';

const POLL_MS = 1000;

const RUN_COLORS: Record<EvaluationRun['status'], string> = { running: 'processing', completed: 'success', failed: 'error' };

/** 信用评价 (operator): indicator systems, full-coverage runs with their progress, and the tag search. */
export default function EvaluationAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes('op_admin');
  const models = useApi<{ items: EvaluationModel[] }>(EVALUATION_PATHS.models);
  const runs = useApi<{ items: EvaluationRun[] }>(EVALUATION_PATHS.runs);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError>();
  const [open, setOpen] = useState<{ uscc: string; name: string }>();

  // every run the node made (nightly, operators, the CLI); polled while one is running
  const running = runs.data?.items.some((run) => run.status === 'running') === true;
  const { reload } = runs;
  useInterval(reload, running ? POLL_MS : null);

  async function start() {
    setStarting(true);
    setStartError(undefined);
    try {
      await startEvaluationRun();
      reload();
    } catch (error) {
      setStartError(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    } finally {
      setStarting(false);
    }
  }

  const known = runs.data?.items ?? [];
  const latest = known.length > 0 ? known[0] : undefined;
  const percent = (run: EvaluationRun) => (run.total === 0 ? (run.status === 'completed' ? 100 : 0) : Math.floor((run.done / run.total) * 100));

  return (
    <div className="xr-stack" data-testid="evaluation-admin-page">
      <Typography.Title level={3} className="xr-portal-title">{t('evaluation.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('evaluation.operator.intro')}</Typography.Paragraph>

      <Card
        title={t('evaluation.operator.runs')}
        extra={admin && (
          <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={latest?.status === 'running'} onClick={() => void start()} data-testid="evaluation-run-start">
            {t('evaluation.operator.runNow')}
          </Button>
        )}
      >
        {startError !== undefined && <ProblemAlert error={startError} testId="evaluation-run-error" />}
        {runs.error !== undefined && <ProblemAlert error={runs.error} testId="evaluation-runs-error" />}
        {latest !== undefined && (
          <div data-testid="evaluation-run-progress" data-status={latest.status} style={{ marginBottom: 16 }}>
            <Typography.Text>{t(`evaluation.run.status.${latest.status}`)} · {t('evaluation.run.count', { done: latest.done, total: latest.total })}</Typography.Text>
            <Progress percent={percent(latest)} status={latest.status === 'failed' ? 'exception' : latest.status === 'completed' ? 'success' : 'active'} />
            {latest.error !== null && <Alert type="error" showIcon title={latest.error} />}
          </div>
        )}
        <Table<EvaluationRun>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={known}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('evaluation.operator.noRuns') }}
          onRow={(run) => ({ 'data-testid': 'evaluation-run-row', 'data-status': run.status }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'started', title: t('evaluation.run.startedAt'), render: (_v, run) => formatTimestamp(run.startedAt) },
            { key: 'finished', title: t('evaluation.run.finishedAt'), render: (_v, run) => formatTimestamp(run.finishedAt) || '—' },
            { key: 'trigger', title: t('evaluation.run.trigger'), render: (_v, run) => t(`evaluation.run.triggers.${run.trigger}`, { defaultValue: run.trigger }) },
            { key: 'model', title: t('evaluation.profile.model'), render: (_v, run) => (run.modelVersion === null ? '—' : `v${run.modelVersion}`) },
            { key: 'count', title: t('evaluation.run.progress'), render: (_v, run) => t('evaluation.run.count', { done: run.done, total: run.total }) },
            { key: 'status', title: t('evaluation.run.statusTitle'), render: (_v, run) => <Tag color={RUN_COLORS[run.status]}>{t(`evaluation.run.status.${run.status}`)}</Tag> },
          ]}
        />
      </Card>

      <Card title={t('evaluation.operator.models')} data-testid="evaluation-models">
        {models.error !== undefined && <ProblemAlert error={models.error} testId="evaluation-models-error" />}
        <Table<EvaluationModel>
          // defaultExpandedRowKeys counts only on mount: mount again once the models are here, the active one open
          key={models.data === undefined ? 'loading' : 'loaded'}
          size="small"
          rowKey="version"
          loading={models.loading}
          dataSource={models.data?.items ?? []}
          pagination={false}
          scroll={{ x: 600 }}
          expandable={{ expandedRowRender: (model) => <ModelStructure definition={model.definition} />, defaultExpandedRowKeys: models.data?.items.filter((m) => m.active).map((m) => m.version) }}
          onRow={() => ({ 'data-testid': 'evaluation-model-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'version', title: t('evaluation.model.version'), render: (_v, m) => `v${m.version}` },
            { key: 'name', title: t('evaluation.model.name'), render: (_v, m) => (currentLanguage() === 'en' ? m.definition.name.en : m.definition.name.zh) },
            { key: 'created', title: t('evaluation.model.createdAt'), render: (_v, m) => formatTimestamp(m.createdAt) },
            { key: 'by', title: t('evaluation.model.createdBy'), render: (_v, m) => m.createdBy },
            { key: 'active', title: t('evaluation.model.active'), render: (_v, m) => (m.active ? <Tag color="success">{t('evaluation.model.isActive')}</Tag> : '—') },
          ]}
        />
      </Card>

      <TagSearch onOpen={(hit) => setOpen({ uscc: hit.uscc, name: hit.name })} />
      <Drawer open={open !== undefined} onClose={() => setOpen(undefined)} size="large" title={open?.name} destroyOnHidden data-testid="evaluation-profile-drawer">
        {open !== undefined && <EvaluationProfile uscc={open.uscc} name={open.name} />}
      </Drawer>
    </div>
  );
}
