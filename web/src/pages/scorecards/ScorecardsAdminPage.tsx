import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Col, Descriptions, Drawer, Form, InputNumber, Popconfirm, Progress, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  promoteModel, recomputeStability, retireModel, SCORECARD_PATHS, startTraining,
  type ModelSummary, type PopulationReply, type TrainingJob, type TrainingRequest,
} from '../../api/scorecards.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { metric, pickText, STATUS_COLORS } from './labels.ts';
import { ModelCardView } from './ModelCardView.tsx';
import { ShadowScoring } from './ShadowScoring.tsx';
import { useInterval } from '../../components/use-interval.ts';

const POLL_MS = 1000;
const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));

/** 评分卡 (operator): the model registry, training on institutions' loan outcomes with progress, model cards, promotion. */
export default function ScorecardsAdminPage() {
  const { t } = useTranslation();
  const admin = useMe().roles.includes('op_admin');
  const models = useApi<{ items: ModelSummary[] }>(SCORECARD_PATHS.models);
  const jobs = useApi<{ items: TrainingJob[] }>(SCORECARD_PATHS.jobs);
  const [form] = Form.useForm<TrainingRequest>();
  const [windowRule, setWindowRule] = useState({ windowMonths: 12, maxSnapshotLagDays: 31 });
  const population = useApi<PopulationReply>(`${SCORECARD_PATHS.population}?windowMonths=${windowRule.windowMonths}&maxSnapshotLagDays=${windowRule.maxSnapshotLagDays}`);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError>();
  const [open, setOpen] = useState<number>();

  const latest = jobs.data?.items[0];
  const running = latest?.status === 'running';
  const { reload: reloadJobs } = jobs;
  const { reload: reloadModels } = models;
  useInterval(reloadJobs, running ? POLL_MS : null);
  // a job that just finished stored a new version: show it
  useEffect(() => {
    if (latest?.status === 'completed') reloadModels();
  }, [latest?.status, latest?.id, reloadModels]);

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  }

  const train = (values: TrainingRequest) => act(async () => {
    await startTraining(values);
    reloadJobs();
  });
  const changeStatus = (version: number, promote: boolean) => act(async () => {
    await (promote ? promoteModel(version) : retireModel(version));
    reloadModels();
  });

  const pop = population.data?.population;
  const defaults = population.data?.defaults;
  return (
    <div className="xr-stack" data-testid="scorecards-admin-page">
      <Typography.Title level={3} className="xr-portal-title">{t('scorecards.operator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('scorecards.operator.intro')}</Typography.Paragraph>
      {failure !== undefined && <ProblemAlert error={failure} testId="scorecards-error" />}

      <Card title={t('scorecards.training.title')} data-testid="scorecards-training">
        {population.error !== undefined && <ProblemAlert error={population.error} />}
        {pop !== undefined && (
          <Descriptions size="small" column={{ xs: 2, sm: 4 }} data-testid="scorecards-population" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('scorecards.population.good')}><span data-testid="scorecards-population-good">{pop.good}</span></Descriptions.Item>
            <Descriptions.Item label={t('scorecards.population.bad')}><span data-testid="scorecards-population-bad">{pop.bad}</span></Descriptions.Item>
            <Descriptions.Item label={t('scorecards.population.indeterminate')}>{pop.indeterminate}</Descriptions.Item>
            <Descriptions.Item label={t('scorecards.population.lateSnapshot')}>{pop.lateSnapshot}</Descriptions.Item>
          </Descriptions>
        )}
        {admin && defaults !== undefined && (
          <Form<TrainingRequest>
            form={form}
            layout="vertical"
            initialValues={{ windowMonths: defaults.windowMonths, maxSnapshotLagDays: defaults.maxSnapshotLagDays, repaidNeedsWindow: false, minBads: defaults.minBads, minGoods: defaults.minGoods, folds: defaults.folds, baseScore: 600, baseOdds: 50, pdo: 20 }}
            onValuesChange={(_changed, all) => setWindowRule({ windowMonths: all.windowMonths ?? 12, maxSnapshotLagDays: all.maxSnapshotLagDays ?? 31 })}
            onFinish={(values) => void train(values)}
          >
            <Row gutter={16}>
              <Col xs={12} md={6}><Form.Item name="windowMonths" label={t('scorecards.training.windowMonths')} tooltip={t('scorecards.training.windowHelp')}><InputNumber min={1} max={60} style={{ width: '100%' }} data-testid="scorecards-window" /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="maxSnapshotLagDays" label={t('scorecards.training.maxLag')} tooltip={t('scorecards.training.maxLagHelp')}><InputNumber min={0} max={3650} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="minBads" label={t('scorecards.training.minBads')}><InputNumber min={10} style={{ width: '100%' }} data-testid="scorecards-min-bads" /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="minGoods" label={t('scorecards.training.minGoods')}><InputNumber min={10} style={{ width: '100%' }} data-testid="scorecards-min-goods" /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="folds" label={t('scorecards.training.folds')}><InputNumber min={2} max={10} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="baseScore" label={t('scorecards.training.baseScore')}><InputNumber min={100} max={2000} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="baseOdds" label={t('scorecards.training.baseOdds')}><InputNumber min={1} max={10000} style={{ width: '100%' }} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="pdo" label={t('scorecards.training.pdo')}><InputNumber min={1} max={200} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
            <Form.Item name="repaidNeedsWindow" label={t('scorecards.training.repaidNeedsWindow')} valuePropName="checked"><Switch /></Form.Item>
            <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={busy} disabled={running} data-testid="scorecards-train">
              {t('scorecards.training.start')}
            </Button>
          </Form>
        )}
        {latest !== undefined && (
          <div data-testid="scorecards-job" data-status={latest.status} style={{ marginTop: 16 }}>
            <Typography.Text>
              {t(`scorecards.job.status.${latest.status}`)}{latest.status === 'running' && ` · ${t(`scorecards.job.stage.${latest.stage}`, { defaultValue: latest.stage })}`} · {formatTimestamp(latest.startedAt)}
              {latest.modelVersion !== null && ` · v${latest.modelVersion}`}
            </Typography.Text>
            <Progress percent={latest.progress} status={latest.status === 'failed' ? 'exception' : latest.status === 'completed' ? 'success' : 'active'} />
            {latest.error !== null && <Alert type="error" showIcon title={pickText(latest.error)} data-testid="scorecards-job-error" />}
          </div>
        )}
      </Card>

      <Card title={t('scorecards.registry.title')} data-testid="scorecards-registry">
        {models.error !== undefined && <ProblemAlert error={models.error} />}
        <Table<ModelSummary>
          size="small"
          rowKey="version"
          loading={models.loading}
          dataSource={models.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('scorecards.registry.empty') }}
          onRow={(m) => ({ 'data-testid': 'scorecards-model-row', 'data-version': m.version, 'data-status': m.status }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'version', title: t('scorecards.model.version'), render: (_v, m) => `v${m.version}` },
            { key: 'status', title: t('scorecards.model.status'), render: (_v, m) => <Tag color={STATUS_COLORS[m.status]} data-testid="scorecards-model-status">{t(`scorecards.status.${m.status}`)}</Tag> },
            { key: 'population', title: t('scorecards.model.population'), render: (_v, m) => t('scorecards.model.goodBad', { good: m.population.good, bad: m.population.bad }) },
            { key: 'chars', title: t('scorecards.model.characteristics'), render: (_v, m) => m.characteristics },
            { key: 'auc', title: t('scorecards.model.auc'), render: (_v, m) => `${metric(m.trainAuc)} / ${metric(m.cvAuc)}` },
            { key: 'ks', title: t('scorecards.model.ks'), render: (_v, m) => `${metric(m.trainKs)} / ${metric(m.cvKs)}` },
            { key: 'psi', title: 'PSI', render: (_v, m) => metric(m.psi) },
            { key: 'created', title: t('scorecards.model.created'), render: (_v, m) => `${formatTimestamp(m.createdAt)} · ${m.createdBy}` },
            {
              key: 'actions', title: t('scorecards.model.actions'), fixed: 'right', width: 260, render: (_v, m) => (
                <Space wrap>
                  <Button size="small" onClick={() => setOpen(m.version)} data-testid="scorecards-open-card">{t('scorecards.model.card')}</Button>
                  {admin && m.status !== 'retired' && (
                    <Button size="small" loading={busy} onClick={() => void act(async () => { await recomputeStability(m.version); reloadModels(); })} data-testid="scorecards-monitor">
                      {t('scorecards.model.stability')}
                    </Button>
                  )}
                  {admin && m.status === 'challenger' && (
                    <>
                      <Popconfirm title={t('scorecards.model.promoteConfirm', { version: m.version })} onConfirm={() => void changeStatus(m.version, true)} okButtonProps={{ 'data-testid': 'scorecards-promote-ok' } as never}>
                        <Button size="small" type="primary" loading={busy} data-testid="scorecards-promote">{t('scorecards.model.promote')}</Button>
                      </Popconfirm>
                      <Popconfirm title={t('scorecards.model.retireConfirm', { version: m.version })} onConfirm={() => void changeStatus(m.version, false)}>
                        <Button size="small" danger loading={busy} data-testid="scorecards-retire">{t('scorecards.model.retire')}</Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <ShadowScoring />

      <Drawer open={open !== undefined} onClose={() => setOpen(undefined)} size="large" title={open === undefined ? '' : t('scorecards.card.title', { version: open })} destroyOnHidden data-testid="scorecards-card-drawer">
        {open !== undefined && <ModelCardView version={open} />}
      </Drawer>
    </div>
  );
}
