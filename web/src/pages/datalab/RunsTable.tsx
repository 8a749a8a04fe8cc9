import { Button, Empty, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../components/labels.ts';
import { DATALAB_PATHS, shortHash, type CleanroomRun } from './datalab-api.ts';

export const RUN_STATUS_COLORS: Record<CleanroomRun['status'], string> = { running: 'processing', completed: 'green', failed: 'red', refused: 'volcano' };

function Hash({ value, testId }: { value: string | null; testId?: string }) {
  return value === null ? <span>—</span> : <Tooltip title={value}><span className="xr-mono" data-testid={testId} data-hash={value}>{shortHash(value)}</span></Tooltip>;
}

/**
 * Clean-room runs: for the institution with progress and downloads; for operators (audit view) with the institution,
 * the spec hash, the population digest, the output digest and the audit-log entry.
 */
export function RunsTable({ runs, audit }: { runs: CleanroomRun[]; audit: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  if (runs.length === 0) return <Empty description={t('datalab.runs.none')} data-testid="datalab-runs-none" />;
  return (
    <Table<CleanroomRun>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={runs}
      onRow={(r) => ({ 'data-testid': 'datalab-run-row', 'data-run-id': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        ...(audit ? [{ key: 'institution', title: t('datalab.common.institution'), render: (_v: unknown, r: CleanroomRun) => r.institution.name }] : []),
        { key: 'model', title: t('datalab.runs.model'), render: (_v, r) => <span>{r.model.name} <Tag>v{r.model.version}</Tag></span> },
        {
          key: 'status', title: t('datalab.common.status'),
          render: (_v, r) => (
            <Space orientation="vertical" size={2}>
              <Tag color={RUN_STATUS_COLORS[r.status]} data-testid="datalab-run-status">{t(`datalab.runs.status.${r.status}`)}</Tag>
              {r.status === 'running' && <Progress percent={Math.round(r.progress * 100)} size="small" style={{ minWidth: 120 }} />}
              {r.refusal !== null && (
                <Typography.Text type="danger" data-testid="datalab-run-refusal">
                  {r.refusal.code}: {en ? r.refusal.reasons[0]?.en : r.refusal.reasons[0]?.zh}
                </Typography.Text>
              )}
              {r.error !== null && <Typography.Text type="danger">{r.error}</Typography.Text>}
            </Space>
          ),
        },
        {
          key: 'population', title: t('datalab.runs.population'), align: 'right',
          render: (_v, r) => (
            <Tooltip title={t('datalab.runs.excludedHint', { uncovered: r.excluded.uncovered, limited: r.excluded.limited, unregistered: r.excluded.unregistered })}>
              <strong data-testid="datalab-run-population">{r.population.count}</strong>
            </Tooltip>
          ),
        },
        { key: 'scored', title: t('datalab.runs.scored'), align: 'right', render: (_v, r) => <span data-testid="datalab-run-scored">{r.scored}</span> },
        {
          key: 'bands', title: t('datalab.runs.bands'),
          render: (_v, r) => <Space size={4} wrap>{Object.entries(r.bands).map(([band, n]) => <Tag key={band}>{band} {n}</Tag>)}</Space>,
        },
        ...(audit ? [
          { key: 'specSm3', title: t('datalab.runs.specSm3'), render: (_v: unknown, r: CleanroomRun) => <Hash value={r.specSm3} testId="datalab-run-spec-sm3" /> },
          { key: 'populationSm3', title: t('datalab.runs.populationSm3'), render: (_v: unknown, r: CleanroomRun) => <Hash value={r.population.sm3} testId="datalab-run-population-sm3" /> },
          { key: 'auditIndex', title: t('datalab.runs.auditIndex'), render: (_v: unknown, r: CleanroomRun) => (r.auditIndex === null ? '—' : <span className="xr-mono">#{r.auditIndex}</span>) },
        ] : []),
        { key: 'outputSm3', title: t('datalab.runs.outputSm3'), render: (_v, r) => <Hash value={r.outputSm3} testId="datalab-run-output-sm3" /> },
        { key: 'createdAt', title: t('datalab.common.createdAt'), render: (_v, r) => formatTimestamp(r.createdAt) },
        ...(audit ? [] : [{
          key: 'download', title: '',
          render: (_v: unknown, r: CleanroomRun) => r.status === 'completed' && (
            <Space>
              <Button size="small" icon={<DownloadOutlined />} href={DATALAB_PATHS.output(r.id, 'csv')} download={`cleanroom-${r.id}.csv`} data-testid="datalab-run-download-csv">CSV</Button>
              <Button size="small" href={DATALAB_PATHS.output(r.id, 'json')} target="_blank" data-testid="datalab-run-download-json">JSON</Button>
            </Space>
          ),
        }]),
      ]}
    />
  );
}
