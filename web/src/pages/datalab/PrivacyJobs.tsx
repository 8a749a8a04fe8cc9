import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Progress, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { privacyJobs, type PrivacyJob } from './datalab-api.ts';
import { FromTrainingModal } from './FromTrainingModal.tsx';

const REFRESH_MS = 5000;
const FINISHED = new Set(['finished', 'converged']);
const STATUS_COLORS: Record<string, string> = { finished: 'green', converged: 'green', running: 'blue', intersecting: 'blue', failed: 'red' };

function summaryText(summary: unknown): string {
  if (summary === null || summary === undefined) return '';
  if (typeof summary === 'string') return summary;
  return JSON.stringify(summary);
}

/** One list of privacy-computing jobs (PSI or federated training), or a note while the server does not offer it. */
function JobList({ path, title, testId, action }: {
  path: '/privacy/psi-jobs' | '/privacy/trainings'; title: string; testId: string;
  /** an action on a finished job (a training's "use in the clean room") */
  action?: { label: string; run: (job: PrivacyJob) => void };
}) {
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<PrivacyJob[] | null>();
  const [error, setError] = useState<ApiError>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    privacyJobs(path, controller.signal).then(
      (value) => {
        setJobs(value);
        setError(undefined);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
      },
    );
    return () => controller.abort();
  }, [path, generation]);
  useInterval(() => setGeneration((n) => n + 1), jobs?.some((j) => j.finishedAt === null) ? REFRESH_MS : null);

  return (
    <Card title={title} size="small" data-testid={testId} data-available={jobs === undefined ? 'loading' : jobs === null ? 'false' : 'true'}>
      {error !== undefined && <ProblemAlert error={error} testId={`${testId}-error`} />}
      {jobs === undefined && error === undefined && <Skeleton active paragraph={{ rows: 2 }} />}
      {jobs === null && <Alert type="info" showIcon title={t('datalab.privacy.unavailable')} data-testid={`${testId}-unavailable`} />}
      {jobs !== undefined && jobs !== null && jobs.length === 0 && <Empty description={t('datalab.privacy.none')} />}
      {jobs !== undefined && jobs !== null && jobs.length > 0 && (
        <Table<PrivacyJob>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={jobs}
          onRow={() => ({ 'data-testid': `${testId}-row` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'institution', title: t('datalab.common.institution'), render: (_v, j) => j.institution.name },
            { key: 'status', title: t('datalab.common.status'), render: (_v, j) => <Tag color={STATUS_COLORS[j.status]}>{t(`datalab.privacy.status.${j.status}`, { defaultValue: j.status })}</Tag> },
            { key: 'progress', title: t('datalab.common.progress'), render: (_v, j) => <Progress percent={Math.round(j.progress * 100)} size="small" style={{ minWidth: 120 }} /> },
            { key: 'createdAt', title: t('datalab.common.createdAt'), render: (_v, j) => formatTimestamp(j.createdAt) },
            { key: 'finishedAt', title: t('datalab.common.finishedAt'), render: (_v, j) => formatTimestamp(j.finishedAt) },
            { key: 'summary', title: t('datalab.privacy.summary'), render: (_v, j) => <Typography.Text ellipsis style={{ maxWidth: 320 }}>{summaryText(j.summary)}</Typography.Text> },
            ...(action ? [{
              key: 'action', title: '', render: (_v: unknown, j: PrivacyJob) => (FINISHED.has(j.status)
                ? <Button size="small" onClick={() => action.run(j)} data-testid={`${testId}-action`}>{action.label}</Button>
                : null),
            }] : []),
          ]}
        />
      )}
    </Card>
  );
}

/** PSI jobs and federated trainings (隐私求交 / 联邦建模), from the privacy module's routes; a finished training can become a clean-room model. */
export function PrivacyJobs({ onModelSubmitted }: { onModelSubmitted?: () => void }) {
  const { t } = useTranslation();
  const [training, setTraining] = useState<PrivacyJob | null>(null);
  return (
    <div className="xr-stack" data-testid="datalab-privacy">
      <Typography.Paragraph type="secondary">{t('datalab.privacy.intro')}</Typography.Paragraph>
      <JobList path="/privacy/psi-jobs" title={t('datalab.privacy.psi')} testId="datalab-psi" />
      <JobList
        path="/privacy/trainings" title={t('datalab.privacy.trainings')} testId="datalab-trainings"
        action={onModelSubmitted ? { label: t('datalab.fromTraining.action'), run: setTraining } : undefined}
      />
      {training !== null && onModelSubmitted && (
        <FromTrainingModal training={training} onClose={() => setTraining(null)} onSubmitted={() => { setTraining(null); onModelSubmitted(); }} />
      )}
    </div>
  );
}
