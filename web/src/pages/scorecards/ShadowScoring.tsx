import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { USCC_SHAPE } from '../../api/consent.ts';
import { loadShadowScore, type ModelScore, type ShadowScore } from '../../api/scorecards.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { pickText, STATUS_COLORS } from './labels.ts';

/** 影子评分: one enterprise scored by the champion and, side by side, every challenger, with the points lost. */
export function ShadowScoring() {
  const { t } = useTranslation();
  const [result, setResult] = useState<ShadowScore>();
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function look(uscc: string) {
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await loadShadowScore(uscc.trim().toUpperCase()));
    } catch (error) {
      setResult(undefined);
      setFailure(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    } finally {
      setBusy(false);
    }
  }

  const rows = result === undefined ? [] : [...(result.champion ? [result.champion] : []), ...result.challengers];
  return (
    <Card title={t('scorecards.shadow.title')} data-testid="scorecards-shadow">
      <Typography.Paragraph type="secondary">{t('scorecards.shadow.intro')}</Typography.Paragraph>
      <Form<{ uscc: string }> layout="inline" onFinish={(v) => void look(v.uscc)} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item name="uscc" rules={[{ required: true }, { transform: (v: string) => v.trim().toUpperCase(), pattern: USCC_SHAPE, message: t('scorecards.loans.usccInvalid') }]}>
          <Input style={{ width: 240 }} maxLength={18} className="xr-mono" placeholder={t('scorecards.loans.uscc')} data-testid="scorecards-shadow-uscc" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} data-testid="scorecards-shadow-submit">{t('scorecards.shadow.score')}</Button>
      </Form>
      {failure !== undefined && <ProblemAlert error={failure} />}
      {result !== undefined && (
        <>
          <Typography.Paragraph type="secondary">{t('scorecards.shadow.features', { at: formatTimestamp(result.featuresComputedAt) })}</Typography.Paragraph>
          <Table<ModelScore>
            size="small"
            rowKey="version"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 720 }}
            locale={{ emptyText: t('scorecards.shadow.noModels') }}
            onRow={(m) => ({ 'data-testid': 'scorecards-shadow-row', 'data-status': m.status }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'model', title: t('scorecards.model.version'), render: (_v, m) => <>v{m.version} <Tag color={STATUS_COLORS[m.status]}>{t(`scorecards.status.${m.status}`)}</Tag></> },
              { key: 'score', title: t('scorecards.shadow.scoreTitle'), render: (_v, m) => <strong>{m.score}</strong> },
              { key: 'pd', title: t('scorecards.shadow.pd'), render: (_v, m) => `${(m.probabilityOfBad * 100).toFixed(1)}%` },
              { key: 'reasons', title: t('scorecards.shadow.reasons'), render: (_v, m) => <ul style={{ margin: 0, paddingInlineStart: 18 }}>{m.reasons.map((r) => <li key={r.characteristic}>{pickText(r)}</li>)}</ul> },
            ]}
          />
        </>
      )}
    </Card>
  );
}
