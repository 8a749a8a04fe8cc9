import type { HTMLAttributes } from 'react';
import { Card, Descriptions, List, Skeleton, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SCORECARD_PATHS, type CardBin, type ModelCard } from '../../api/scorecards.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { metric, pickText, STATUS_COLORS } from './labels.ts';

type Variable = ModelCard['variables'][number];

/** 模型卡: purpose, data and bad definition, performance, the points table of every characteristic, stability, limitations, approvals. */
export function ModelCardView({ version }: { version: number }) {
  const { t } = useTranslation();
  const { data: card, error } = useApi<ModelCard>(SCORECARD_PATHS.card(version));
  if (error !== undefined) return <ProblemAlert error={error} testId="scorecard-card-error" />;
  if (card === undefined) return <Skeleton active />;
  const cv = card.performance.crossValidation;
  return (
    <div className="xr-stack" data-testid="scorecard-card" data-version={card.version}>
      <Descriptions size="small" column={1} bordered title={t('scorecards.card.purpose')}>
        <Descriptions.Item label={t('scorecards.model.status')}><Tag color={STATUS_COLORS[card.status]}>{t(`scorecards.status.${card.status}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('scorecards.card.purpose')}>{pickText(card.purpose)}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.model.created')}>{formatTimestamp(card.createdAt)} · {card.createdBy}</Descriptions.Item>
      </Descriptions>

      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered title={t('scorecards.card.data')} data-testid="scorecard-card-data">
        <Descriptions.Item label={t('scorecards.population.good')}>{card.data.good}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.population.bad')}>{card.data.bad} ({(card.data.badRate * 100).toFixed(1)}%)</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.population.indeterminate')}>{card.data.indeterminate}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.population.lateSnapshot')}>{card.data.lateSnapshot}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.population.period')}>{card.data.from ?? '—'} – {card.data.to ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.population.institutions')}>{card.data.institutions}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.card.badDefinition')} span={2}>{pickText(card.data.badDefinition)}</Descriptions.Item>
      </Descriptions>

      <Descriptions size="small" column={{ xs: 1, sm: 3 }} bordered title={t('scorecards.card.performance')} data-testid="scorecard-card-performance">
        <Descriptions.Item label={t('scorecards.card.trainAuc')}><span data-testid="scorecard-card-auc">{metric(card.performance.train.auc)}</span></Descriptions.Item>
        <Descriptions.Item label={t('scorecards.card.trainKs')}>{metric(card.performance.train.ks)}</Descriptions.Item>
        <Descriptions.Item label={t('scorecards.card.trainGini')}>{metric(card.performance.train.gini)}</Descriptions.Item>
        {cv !== null && (
          <>
            <Descriptions.Item label={t('scorecards.card.cvAuc', { folds: cv.folds, repeats: cv.repeats })}><span data-testid="scorecard-card-cv-auc">{metric(cv.auc.mean)} ± {metric(cv.auc.sd)}</span></Descriptions.Item>
            <Descriptions.Item label={t('scorecards.card.cvKs')}>{metric(cv.ks.mean)} ± {metric(cv.ks.sd)}</Descriptions.Item>
            <Descriptions.Item label={t('scorecards.card.cvGini')}>{metric(cv.gini)}</Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('scorecards.card.scaling')} span={3}>
          {t('scorecards.card.scalingText', { baseScore: card.scaling.baseScore, baseOdds: card.scaling.baseOdds, pdo: card.scaling.pdo })}
        </Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('scorecards.card.variables')}>
        <Table<Variable>
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={card.variables}
          scroll={{ x: 560 }}
          expandable={{ expandedRowRender: (v) => <PointsTable bins={v.bins} />, defaultExpandAllRows: true }}
          onRow={(v) => ({ 'data-testid': 'scorecard-card-variable', 'data-name': v.name }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('scorecards.card.characteristic'), render: (_v, v) => <span title={v.name}>{pickText(v.label)}</span> },
            { key: 'iv', title: 'IV', render: (_v, v) => metric(v.iv) },
            { key: 'strength', title: t('scorecards.card.strength'), render: (_v, v) => pickText(v.strength) },
            { key: 'missing', title: t('scorecards.card.missingRate'), render: (_v, v) => `${(v.missingRate * 100).toFixed(1)}%` },
            { key: 'coef', title: t('scorecards.card.coefficient'), render: (_v, v) => metric(v.coefficient) },
          ]}
        />
        {card.dropped.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t('scorecards.card.dropped')}</Typography.Title>
            <List size="small" dataSource={card.dropped} renderItem={(d) => <List.Item>{pickText(d.label)} — {pickText(d.reason)} <Typography.Text type="secondary">({d.detail})</Typography.Text></List.Item>} />
          </>
        )}
      </Card>

      <Card size="small" title={t('scorecards.card.stability')} data-testid="scorecard-card-stability">
        {card.stability === null ? <Typography.Text type="secondary">{t('scorecards.card.noStability')}</Typography.Text> : (
          <>
            <Typography.Paragraph>
              {t('scorecards.card.psiText', { psi: metric(card.stability.psi), enterprises: card.stability.enterprises, at: formatTimestamp(card.stability.at) })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('scorecards.card.psiReading')}</Typography.Paragraph>
            <List size="small" dataSource={card.stability.csi} renderItem={(c) => {
              const v = card.variables.find((x) => x.name === c.characteristic);
              return <List.Item>{v ? pickText(v.label) : c.characteristic}: CSI {metric(c.csi)}</List.Item>;
            }} />
          </>
        )}
      </Card>

      <Card size="small" title={t('scorecards.card.limitations')}>
        <ul>{card.limitations.map((l) => <li key={l.en}>{pickText(l)}</li>)}</ul>
      </Card>

      <Card size="small" title={t('scorecards.card.approvals')} data-testid="scorecard-card-approvals">
        <Timeline items={card.approvals.map((a) => ({
          content: <span data-testid="scorecard-approval" data-action={a.action}>{formatTimestamp(a.at)} · {t(`scorecards.approval.${a.action}`, { defaultValue: a.action })} · {a.actor}{a.note ? ` — ${a.note}` : ''}</span>,
        }))} />
      </Card>
    </div>
  );
}

function PointsTable({ bins }: { bins: CardBin[] }) {
  const { t } = useTranslation();
  return (
    <Table<CardBin>
      size="small"
      rowKey="label"
      pagination={false}
      dataSource={bins}
      onRow={() => ({ 'data-testid': 'scorecard-card-bin' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'bin', title: t('scorecards.card.bin'), render: (_v, b) => <span className="xr-mono">{b.label}</span> },
        { key: 'count', title: t('scorecards.card.count'), render: (_v, b) => b.count },
        { key: 'badRate', title: t('scorecards.card.badRate'), render: (_v, b) => `${b.count ? ((b.bads / b.count) * 100).toFixed(1) : '0.0'}%` },
        { key: 'woe', title: 'WOE', render: (_v, b) => metric(b.woe) },
        { key: 'points', title: t('scorecards.card.points'), render: (_v, b) => <strong>{b.points}</strong> },
      ]}
    />
  );
}
