import { useState } from 'react';
import { Card, Col, Empty, Input, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { COORDINATION_PATHS, type CoordinationCodes, type Figures, type Tracking } from '../../api/coordination.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Fen, useCodeText } from './CoordinationParts.tsx';

const COUNTS = ['recommended', 'assignments', 'responded', 'granted', 'disbursed', 'declined', 'overdue'] as const;

/** 跟踪统计: what happened to the confirmed lists, in total, per list and per region. */
export function TrackingPanel({ codes }: { codes: CoordinationCodes | undefined }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const [period, setPeriod] = useState<string>();
  const tracking = useApi<Tracking>(COORDINATION_PATHS.tracking(period));
  const data = tracking.data;

  const reasons = (f: Figures) => (
    <Space size={[0, 4]} wrap>
      {Object.entries(f.declinedByReason).map(([code, n]) => <Tag key={code}>{codeText(codes?.declineReasons, code)} {n}</Tag>)}
    </Space>
  );
  const figureColumns = [
    ...COUNTS.map((key) => ({ key, title: t(`coordination.tracking.${key}`), align: 'right' as const, render: (_: unknown, r: { figures: Figures }) => r.figures[key] })),
    { key: 'gf', title: t('coordination.tracking.grantedAmount'), align: 'right' as const, render: (_: unknown, r: { figures: Figures }) => <Fen value={r.figures.grantedFen} /> },
    { key: 'df', title: t('coordination.tracking.disbursedAmount'), align: 'right' as const, render: (_: unknown, r: { figures: Figures }) => <Fen value={r.figures.disbursedFen} /> },
    { key: 'dr', title: t('coordination.tracking.declinedByReason'), render: (_: unknown, r: { figures: Figures }) => reasons(r.figures) },
  ];

  return (
    <div className="xr-stack" data-testid="coordination-tracking">
      <Space>
        <Typography.Text>{t('coordination.tracking.period')}</Typography.Text>
        <Input.Search allowClear placeholder={t('coordination.tracking.all')} style={{ width: 180 }} onSearch={(v) => setPeriod(/^\d{4}-\d{2}$/.test(v.trim()) ? v.trim() : undefined)} data-testid="coordination-tracking-period" />
      </Space>
      {tracking.error !== undefined && <ProblemAlert error={tracking.error} testId="coordination-tracking-error" />}
      {data === undefined && tracking.error === undefined && <Skeleton active paragraph={{ rows: 4 }} />}
      {data !== undefined && data.lists.length === 0 && <Empty description={t('coordination.tracking.none')} />}
      {data !== undefined && data.lists.length > 0 && (
        <>
          <Card title={t('coordination.tracking.total')}>
            <Row gutter={[16, 16]}>
              {COUNTS.map((key) => (
                <Col key={key} xs={12} sm={8} md={6} lg={3}>
                  <Statistic title={t(`coordination.tracking.${key}`)} value={data.total[key]} styles={key === 'overdue' && data.total.overdue > 0 ? { content: { color: '#cf1322' } } : undefined}
                    data-testid={`coordination-tracking-${key}`} />
                </Col>
              ))}
              <Col xs={12} sm={8} md={6} lg={3}>
                <Typography.Text type="secondary">{t('coordination.tracking.grantedAmount')}</Typography.Text>
                <div style={{ fontSize: 18 }}><Fen value={data.total.grantedFen} testId="coordination-tracking-granted-amount" /></div>
              </Col>
            </Row>
            {data.total.declined > 0 && <div style={{ marginTop: 12 }}>{t('coordination.tracking.declinedByReason')}：{reasons(data.total)}</div>}
          </Card>
          <Card title={t('coordination.tracking.byList')}>
            <Table rowKey="listId" size="small" pagination={false} scroll={{ x: 1100 }} dataSource={data.lists} data-testid="coordination-tracking-lists"
              columns={[{ key: 'list', title: t('coordination.tracking.list'), render: (_: unknown, r: Tracking['lists'][number]) => `${r.period} ${r.regionPrefix || t('coordination.list.regionAll')}` }, ...figureColumns]} />
          </Card>
          <Card title={t('coordination.tracking.byRegion')}>
            <Table rowKey="regionCode" size="small" pagination={false} scroll={{ x: 1100 }} dataSource={data.regions} data-testid="coordination-tracking-regions"
              columns={[{ key: 'region', title: t('coordination.tracking.region'), render: (_: unknown, r: Tracking['regions'][number]) => r.regionName ?? r.regionCode }, ...figureColumns]} />
          </Card>
        </>
      )}
    </div>
  );
}
