import { useState } from 'react';
import { App, Button, Card, Empty, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ProblemError } from '../../api/problem-request.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useInterval } from '../../components/use-interval.ts';
import { DATALAB_PATHS, shortHash, startRun, type CleanroomRun, type CleanroomSpec, type SpecVersion } from './datalab-api.ts';
import { PrivacyJobs } from './PrivacyJobs.tsx';
import { RunsTable } from './RunsTable.tsx';
import { SpecEditor, type EditorTarget } from './SpecEditor.tsx';
import { SPEC_TEMPLATES } from './spec-templates.ts';

export const VERSION_STATUS_COLORS: Record<SpecVersion['status'], string> = { pending: 'gold', approved: 'green', rejected: 'red', superseded: 'default' };
const RUN_REFRESH_MS = 1500;
const AUTHORS = ['inst_admin', 'inst_risk_officer'];

/** 数据实验室 (institution): its clean-room models and versions, runs with downloads, and privacy-computing jobs. */
export default function DatalabInstitutionPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe();
  const author = me.roles.some((r) => AUTHORS.includes(r));
  const specs = useApi<{ items: CleanroomSpec[] }>(DATALAB_PATHS.specs);
  const runs = useApi<{ items: CleanroomRun[] }>(DATALAB_PATHS.runs);
  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [tab, setTab] = useState('models');
  useInterval(() => runs.reload(), runs.data?.items.some((r) => r.status === 'running') ? RUN_REFRESH_MS : null);

  async function run(spec: CleanroomSpec, version: SpecVersion) {
    try {
      await startRun(version.id);
      void message.success(t('datalab.runs.started', { name: spec.name, version: version.version }));
    } catch (error) {
      const reasons = error instanceof ProblemError ? ((error.problem.reasons ?? []) as { code: string }[]) : [];
      modal.error({
        title: t('datalab.runs.refusedTitle'),
        content: <span data-testid="datalab-run-refused">{error instanceof ProblemError ? (error.detail ?? error.title) : String(error)}{reasons.length > 0 && ` (${reasons.map((r) => r.code).join(', ')})`}</span>,
      });
    }
    runs.reload();
    setTab('runs');
  }

  const latestApproved = (s: CleanroomSpec) => [...s.versions].reverse().find((v) => v.status === 'approved');

  const models = (
    <div className="xr-stack">
      {editor !== null && (
        <SpecEditor
          key={editor.spec?.id ?? 'new'}
          target={editor}
          onCancel={() => setEditor(null)}
          onSubmitted={() => {
            setEditor(null);
            specs.reload();
          }}
        />
      )}
      <Card
        title={t('datalab.models.title')}
        data-testid="datalab-models"
        extra={author && editor === null && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="datalab-new-model" onClick={() => setEditor({ spec: null, text: JSON.stringify(SPEC_TEMPLATES[0].spec, null, 2) })}>
            {t('datalab.models.new')}
          </Button>
        )}
      >
        {specs.error !== undefined && <ProblemAlert error={specs.error} testId="datalab-models-error" />}
        {specs.data === undefined && specs.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
        {specs.data !== undefined && specs.data.items.length === 0 && <Empty description={t('datalab.models.none')} data-testid="datalab-models-none" />}
        {specs.data !== undefined && specs.data.items.length > 0 && (
          <Table<CleanroomSpec>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={specs.data.items}
            onRow={(s) => ({ 'data-testid': 'datalab-model-row', 'data-model-id': s.id }) as React.HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (s) => <VersionsTable versions={s.versions} />,
              rowExpandable: (s) => s.versions.length > 0,
            }}
            columns={[
              { key: 'name', title: t('datalab.models.name'), render: (_v, s) => <span><strong>{s.name}</strong>{s.description && <Typography.Text type="secondary"> · {s.description}</Typography.Text>}</span> },
              {
                key: 'versions', title: t('datalab.models.versions'),
                render: (_v, s) => (
                  <Space size={4} wrap data-testid="datalab-model-versions">
                    {s.versions.map((v) => <Tag key={v.id} color={VERSION_STATUS_COLORS[v.status]} data-status={v.status}>v{v.version} {t(`datalab.versionStatus.${v.status}`)}</Tag>)}
                  </Space>
                ),
              },
              { key: 'createdAt', title: t('datalab.common.createdAt'), render: (_v, s) => formatTimestamp(s.createdAt) },
              {
                key: 'actions', title: '',
                render: (_v, s) => {
                  const approved = latestApproved(s);
                  const last = s.versions[s.versions.length - 1];
                  return author && (
                    <Space>
                      <Tooltip title={approved === undefined ? t('datalab.models.runNeedsApproval') : undefined}>
                        <Button size="small" type="primary" icon={<PlayCircleOutlined />} disabled={approved === undefined} onClick={() => approved && void run(s, approved)} data-testid="datalab-model-run">
                          {approved ? t('datalab.models.run', { version: approved.version }) : t('datalab.models.runNone')}
                        </Button>
                      </Tooltip>
                      <Button size="small" onClick={() => setEditor({ spec: s, text: JSON.stringify(last.spec, null, 2) })} data-testid="datalab-model-revise">{t('datalab.models.revise')}</Button>
                    </Space>
                  );
                },
              },
            ]}
          />
        )}
      </Card>
    </div>
  );

  return (
    <div className="xr-stack" data-testid="datalab-page">
      <Typography.Title level={3} className="xr-portal-title">{t('datalab.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('datalab.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'models', label: <span data-testid="datalab-tab-models">{t('datalab.tabs.models')}</span>, children: models },
          {
            key: 'runs', label: <span data-testid="datalab-tab-runs">{t('datalab.tabs.runs')}</span>,
            children: (
              <Card title={t('datalab.runs.title')} data-testid="datalab-runs">
                <Typography.Paragraph type="secondary">{t('datalab.runs.intro')}</Typography.Paragraph>
                {runs.error !== undefined && <ProblemAlert error={runs.error} testId="datalab-runs-error" />}
                {runs.data === undefined && runs.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
                {runs.data !== undefined && <RunsTable runs={runs.data.items} audit={false} />}
              </Card>
            ),
          },
          { key: 'privacy', label: <span data-testid="datalab-tab-privacy">{t('datalab.tabs.privacy')}</span>, children: (
            <PrivacyJobs onModelSubmitted={author ? () => {
              void message.success(t('datalab.fromTraining.submitted'));
              specs.reload();
              setTab('models');
            } : undefined} />
          ) },
        ]}
      />
    </div>
  );
}

/** The versions of one model with their hash, status and the operator's decision. */
export function VersionsTable({ versions }: { versions: SpecVersion[] }) {
  const { t } = useTranslation();
  return (
    <Table<SpecVersion>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...versions].reverse()}
      onRow={(v) => ({ 'data-testid': 'datalab-version-row', 'data-status': v.status }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'version', title: t('datalab.models.version'), render: (_v, v) => `v${v.version}` },
        { key: 'kind', title: t('datalab.models.kind'), render: (_v, v) => t(`datalab.kind.${v.kind}`) },
        { key: 'status', title: t('datalab.common.status'), render: (_v, v) => <Tag color={VERSION_STATUS_COLORS[v.status]}>{t(`datalab.versionStatus.${v.status}`)}</Tag> },
        { key: 'sm3', title: 'SM3', render: (_v, v) => <Tooltip title={v.specSm3}><span className="xr-mono">{shortHash(v.specSm3)}</span></Tooltip> },
        { key: 'items', title: t('datalab.models.items'), render: (_v, v) => (v.items.length === 0 ? '—' : v.items.join(', ')) },
        { key: 'submittedAt', title: t('datalab.models.submittedAt'), render: (_v, v) => formatTimestamp(v.submittedAt) },
        { key: 'decision', title: t('datalab.models.decision'), render: (_v, v) => (v.decidedAt ? `${formatTimestamp(v.decidedAt)}${v.decisionReason ? ` · ${v.decisionReason}` : ''}` : '—') },
      ]}
    />
  );
}
