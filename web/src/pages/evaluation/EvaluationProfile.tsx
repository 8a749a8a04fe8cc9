import type { HTMLAttributes } from 'react';
import { Card, Col, Descriptions, Empty, List, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EnterpriseEvaluation, EvaluationHistoryEntry, EvaluationModel, EvaluationReason, Page } from '../../api/evaluation.ts';
import { EVALUATION_PATHS } from '../../api/evaluation.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { DimensionRadar, ScoreHistoryChart } from './EvaluationCharts.tsx';

/** Grade letter → colour: green for A, blue B, orange C, red D. */
export const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

export function GradeTag({ grade }: { grade: string }) {
  return <Tag color={GRADE_COLORS[grade.charAt(0)] ?? 'default'} data-testid="evaluation-grade-tag">{grade}</Tag>;
}

/** One enterprise's evaluation: score and grade, dimensions, reasons up and down, profile tags and the score history. */
export function EvaluationProfile({ uscc, name }: { uscc: string; name?: string }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const evaluation = useApi<EnterpriseEvaluation>(EVALUATION_PATHS.enterprise(uscc));
  const history = useApi<Page<EvaluationHistoryEntry>>(EVALUATION_PATHS.history(uscc));
  const models = useApi<{ items: EvaluationModel[] }>(EVALUATION_PATHS.models);

  if (evaluation.error !== undefined) {
    if (evaluation.error.status === 404) return <Empty description={t('evaluation.profile.notEvaluated')} data-testid="evaluation-not-found" />;
    return <ProblemAlert error={evaluation.error} testId="evaluation-error" />;
  }
  const result = evaluation.data;
  if (result === undefined || result.uscc !== uscc) return <Spin data-testid="evaluation-loading" />;

  const model = models.data?.items.find((m) => m.version === result.modelVersion);
  const scale = model?.definition.scale ?? 1000;
  const gradeWording = model?.definition.grades.find((g) => g.grade === result.grade.charAt(0));
  const text = (x: { zh: string; en: string }) => (en ? x.en : x.zh);
  const up = result.reasons.filter((r) => r.direction === 'up');
  const down = result.reasons.filter((r) => r.direction === 'down');

  const reasonList = (reasons: EvaluationReason[], direction: 'up' | 'down') => (
    <List<EvaluationReason>
      size="small"
      dataSource={reasons}
      locale={{ emptyText: t('evaluation.profile.noReasons') }}
      data-testid={`evaluation-reasons-${direction}`}
      renderItem={(reason) => (
        <List.Item data-testid="evaluation-reason">
          <span className="xr-reason">
            {direction === 'up' ? <ArrowUpOutlined style={{ color: '#389e0d' }} /> : <ArrowDownOutlined style={{ color: '#cf1322' }} />}
            <span className="xr-reason-text">{text(reason)}</span>
            <Typography.Text type={direction === 'up' ? 'success' : 'danger'} strong className="xr-reason-points">
              {reason.points === 0 ? t('evaluation.profile.cap') : `${direction === 'up' ? '+' : '−'}${Math.abs(Math.round(reason.points))}`}
            </Typography.Text>
          </span>
        </List.Item>
      )}
    />
  );

  return (
    <div className="xr-stack" data-testid="evaluation-profile" data-uscc={uscc}>
      <Card data-testid="evaluation-summary">
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} sm={12} md={8}>
            <Space size="large" align="center">
              <div className="xr-grade" data-testid="evaluation-grade" style={{ color: `var(--xr-grade-${result.grade.charAt(0)})` }}>{result.grade}</div>
              <Statistic title={t('evaluation.profile.score')} value={result.score} suffix={`/ ${scale}`} data-testid="evaluation-score" />
            </Space>
            {gradeWording !== undefined && <div><Typography.Text type="secondary" data-testid="evaluation-grade-wording">{text(gradeWording)}</Typography.Text></div>}
          </Col>
          <Col xs={24} sm={12} md={16}>
            <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} className="xr-descriptions">
              {name !== undefined && <Descriptions.Item label={t('evaluation.profile.name')}>{name}</Descriptions.Item>}
              <Descriptions.Item label={t('evaluation.profile.uscc')}><span className="xr-mono">{uscc}</span></Descriptions.Item>
              <Descriptions.Item label={t('evaluation.profile.model')}>
                <span data-testid="evaluation-model-version">{model === undefined ? `v${result.modelVersion}` : `v${result.modelVersion} ${text(model.definition.name)}`}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('evaluation.profile.computedAt')}><span data-testid="evaluation-computed-at">{formatTimestamp(result.computedAt)}</span></Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('evaluation.profile.dimensions')} style={{ height: '100%' }}>
            {result.dimensions.length > 0 && <DimensionRadar dimensions={result.dimensions} />}
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={result.dimensions}
              data-testid="evaluation-dimensions"
              columns={[
                { key: 'name', title: t('evaluation.profile.dimension'), render: (_v, d) => text(d) },
                { key: 'weight', title: t('evaluation.profile.weight'), align: 'right', render: (_v, d) => d.weight },
                { key: 'score', title: t('evaluation.profile.dimensionScore'), align: 'right', render: (_v, d) => Math.round(d.score * 10) / 10 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('evaluation.profile.reasonsUp')} size="small">{reasonList(up, 'up')}</Card>
            <Card title={t('evaluation.profile.reasonsDown')} size="small">{reasonList(down, 'down')}</Card>
            <Card title={t('evaluation.profile.tags')} size="small">
              {result.tags.length === 0 ? (
                <Typography.Text type="secondary">{t('evaluation.profile.noTags')}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={result.tags}
                  data-testid="evaluation-tags"
                  renderItem={(tag) => (
                    <List.Item data-testid="evaluation-tag" data-tag={tag.tag}>
                      <Space wrap size={4}>
                        <Tag color="geekblue">{tagLabel(t, tag.tag)}</Tag>
                        <Typography.Text type="secondary">{text(tag)}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      <Card title={t('evaluation.profile.history')} data-testid="evaluation-history">
        {history.error !== undefined && <ProblemAlert error={history.error} testId="evaluation-history-error" />}
        {(history.data?.items.length ?? 0) > 1 && <ScoreHistoryChart items={history.data?.items ?? []} scale={scale} />}
        <Table<EvaluationHistoryEntry>
          size="small"
          rowKey="computedAt"
          loading={history.loading}
          pagination={false}
          dataSource={history.data?.items ?? []}
          scroll={{ x: 420 }}
          onRow={() => ({ 'data-testid': 'evaluation-history-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'at', title: t('evaluation.profile.computedAt'), render: (_v, h) => formatTimestamp(h.computedAt) },
            { key: 'score', title: t('evaluation.profile.score'), align: 'right', render: (_v, h) => h.score },
            { key: 'grade', title: t('evaluation.profile.grade'), render: (_v, h) => <GradeTag grade={h.grade} /> },
            { key: 'model', title: t('evaluation.profile.model'), render: (_v, h) => `v${h.modelVersion}` },
          ]}
        />
      </Card>
    </div>
  );
}

/** The name of a tag code: fixed tags by code, parameterised ones (`size:small`) by their prefix and value. */
export function tagLabel(t: (key: string, options?: Record<string, unknown>) => string, code: string): string {
  const [prefix, value] = code.split(':');
  if (value === undefined) return t(`evaluation.tag.${code}`, { defaultValue: code });
  return `${t(`evaluation.tagPrefix.${prefix}`, { defaultValue: prefix })}: ${t(`evaluation.tagValue.${prefix}.${value}`, { defaultValue: value })}`;
}
