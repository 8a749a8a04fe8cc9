import { useState } from 'react';
import { Card, Col, Empty, Row, Segmented, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ObjectionTable } from './EnterpriseObjectionsPage.tsx';
import { ObjectionDrawer } from './ObjectionDrawer.tsx';
import { OBJECTION_PATHS, type Objection, type ObjectionState, type ObjectionStatistics } from './objections-api.ts';

type View = 'todo' | 'escalated' | 'overdue' | 'appealed' | 'all';
const VIEWS: Record<View, { states: ObjectionState[]; overdue: boolean }> = {
  todo: { states: ['open', 'escalated', 'appealed'], overdue: false },
  escalated: { states: ['escalated'], overdue: false },
  overdue: { states: [], overdue: true },
  appealed: { states: ['appealed'], overdue: false },
  all: { states: [], overdue: false },
};

/** Objections to answer: a provider its own (with the countdown), operators every case with the counts (escalated, overdue, appeals). */
export default function HandlerObjectionsPage({ side }: { side: 'provider' | 'operator' }) {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('todo');
  const list = useApi<{ items: Objection[] }>(OBJECTION_PATHS.list(VIEWS[view].states, VIEWS[view].overdue));
  const stats = useApi<ObjectionStatistics>(side === 'operator' ? OBJECTION_PATHS.statistics : null);
  const [open, setOpen] = useState<string | null>(null);
  const views: View[] = side === 'operator' ? ['todo', 'escalated', 'overdue', 'appealed', 'all'] : ['todo', 'overdue', 'all'];
  const refresh = () => {
    list.reload();
    stats.reload();
  };
  return (
    <div className="xr-stack" data-testid="objections-handler-page" data-side={side}>
      <Typography.Title level={3} className="xr-portal-title">{t(`objections.handler.title.${side}`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`objections.handler.intro.${side}`)}</Typography.Paragraph>
      {side === 'operator' && stats.data !== undefined && (
        <Card data-testid="objections-statistics">
          <Row gutter={[16, 16]}>
            {(['open', 'escalated', 'overdue', 'answeredLate', 'appealed', 'all'] as const).map((k) => (
              <Col xs={12} sm={8} md={4} key={k}>
                <Statistic title={t(`objections.stats.${k}`)} value={stats.data!.total[k]} data-testid={`objections-stat-${k}`} />
              </Col>
            ))}
          </Row>
          {stats.data.handlers.length > 0 && (
            <Table
              rowKey={(h) => `${h.handlerKind}:${h.handlerOrgId ?? ''}`}
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              style={{ marginTop: 16 }}
              dataSource={stats.data.handlers}
              columns={[
                { key: 'h', title: t('objections.field.handler'), render: (_v, h) => h.handlerName ?? t('objections.handler.operator') },
                { key: 'live', title: t('objections.stats.live'), dataIndex: 'live', align: 'right' },
                { key: 'esc', title: t('objections.stats.everEscalated'), dataIndex: 'everEscalated', align: 'right' },
                { key: 'over', title: t('objections.stats.overdue'), dataIndex: 'overdue', align: 'right' },
                { key: 'late', title: t('objections.stats.answeredLate'), dataIndex: 'answeredLate', align: 'right' },
                { key: 'all', title: t('objections.stats.all'), dataIndex: 'all', align: 'right' },
              ]}
            />
          )}
        </Card>
      )}
      <Card>
        <Segmented<View>
          value={view}
          onChange={setView}
          options={views.map((v) => ({ value: v, label: t(`objections.view.${v}`) }))}
          data-testid="objections-view"
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        />
        {list.error !== undefined && <ProblemAlert error={list.error} testId="objections-list-error" />}
        {list.data === undefined && list.error === undefined && <Skeleton active />}
        {list.data !== undefined && list.data.items.length === 0 && <Empty description={t('objections.handler.none')} data-testid="objections-none" />}
        {list.data !== undefined && list.data.items.length > 0 && <ObjectionTable rows={list.data.items} onOpen={setOpen} showSubject />}
      </Card>
      <ObjectionDrawer id={open} onClose={() => setOpen(null)} onChanged={refresh} />
    </div>
  );
}
