import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Drawer, Form, Grid, Input, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  buildList, confirmList, COORDINATION_PATHS, type Candidate, type Institution, type ListDetail, type RecommendationList,
} from '../../api/coordination.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Fen, ReasonList, StatusTag } from './CoordinationParts.tsx';
import { currentPeriod } from './coordination-format.ts';

const asApiError = (failure: unknown) => (failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));

/** 推荐清单: build a list for a month and region, the lists so far, and one list's candidates with reasons. */
export function ListsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const lists = useApi<{ items: RecommendationList[] }>(COORDINATION_PATHS.lists);
  const [open, setOpen] = useState<string>();
  const [building, setBuilding] = useState(false);
  const [buildError, setBuildError] = useState<ApiError>();

  async function build(values: { period: string; region?: string }) {
    setBuilding(true);
    setBuildError(undefined);
    try {
      const built = await buildList(values.period, values.region?.trim() ?? '');
      void message.success(t('coordination.list.built', { candidates: built.candidates, included: built.included }));
      lists.reload();
      setOpen(built.id);
    } catch (failure) {
      setBuildError(asApiError(failure));
    } finally {
      setBuilding(false);
    }
  }

  return (
    <div className="xr-stack">
      {canManage && (
        <Card title={t('coordination.list.build')} data-testid="coordination-list-build">
          {buildError !== undefined && <div style={{ marginBottom: 12 }}><ProblemAlert error={buildError} testId="coordination-list-build-error" /></div>}
          <Form layout="inline" onFinish={(v: { period: string; region?: string }) => void build(v)} initialValues={{ period: currentPeriod() }} style={{ rowGap: 8 }}>
            <Form.Item name="period" label={t('coordination.list.period')} rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: t('coordination.list.periodInvalid') }]}>
              <Input style={{ width: 110 }} data-testid="coordination-list-period" />
            </Form.Item>
            <Form.Item name="region" label={t('coordination.list.region')} rules={[{ pattern: /^\d{0,6}$/, message: t('coordination.list.regionInvalid') }]}>
              <Input style={{ width: 110 }} data-testid="coordination-list-region" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={building} icon={<UnorderedListOutlined />} data-testid="coordination-list-build-submit">{t('coordination.list.build')}</Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      <Card title={t('coordination.list.history')}>
        {lists.error !== undefined && <ProblemAlert error={lists.error} testId="coordination-lists-error" />}
        <Table<RecommendationList>
          rowKey="id"
          size="small"
          loading={lists.loading}
          dataSource={lists.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('coordination.list.none') }}
          data-testid="coordination-list-table"
          columns={[
            { key: 'period', title: t('coordination.list.period'), dataIndex: 'period', width: 90 },
            { key: 'region', title: t('coordination.visit.region'), render: (_, l) => l.regionPrefix || t('coordination.list.regionAll') },
            { key: 'status', title: t('coordination.list.status'), render: (_, l) => <Tag color={l.status === 'confirmed' ? 'success' : 'warning'}>{t(`coordination.list.statuses.${l.status}`)}</Tag> },
            { key: 'n', title: t('coordination.list.candidates'), dataIndex: 'candidates', align: 'right' },
            { key: 'in', title: t('coordination.list.included'), dataIndex: 'included', align: 'right' },
            { key: 'at', title: t('coordination.list.createdAt'), render: (_, l) => formatTimestamp(l.createdAt) },
            { key: 'open', title: '', render: (_, l) => <Button size="small" onClick={() => setOpen(l.id)} data-testid={`coordination-list-open-${l.id}`}>{t('coordination.list.open')}</Button> },
          ]}
        />
      </Card>
      <ListDrawer id={open} canManage={canManage} onClose={() => setOpen(undefined)} onConfirmed={lists.reload} />
    </div>
  );
}

function ListDrawer({ id, canManage, onClose, onConfirmed }: { id: string | undefined; canManage: boolean; onClose: () => void; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const detail = useApi<ListDetail>(id === undefined ? null : COORDINATION_PATHS.list(id));
  const institutions = useApi<{ items: Institution[] }>(canManage ? COORDINATION_PATHS.institutions : null);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<ApiError>();
  useEffect(() => {
    setChosen({});
    setConfirmError(undefined);
  }, [id]);

  const data = detail.data;
  const draft = data?.list.status === 'draft' && canManage;
  const included = data?.candidates.filter((c) => c.included) ?? [];
  const complete = included.length > 0 && included.every((c) => (chosen[c.uscc] ?? []).length > 0);
  const bankOptions = (institutions.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }));

  async function confirm() {
    if (data === undefined) return;
    setConfirming(true);
    setConfirmError(undefined);
    try {
      await confirmList(data.list.id, included.map((c) => ({ uscc: c.uscc, institutionIds: chosen[c.uscc] ?? [] })));
      void message.success(t('coordination.list.confirmed'));
      detail.reload();
      onConfirmed();
    } catch (failure) {
      setConfirmError(asApiError(failure));
    } finally {
      setConfirming(false);
    }
  }

  return (
    <Drawer
      open={id !== undefined}
      onClose={onClose}
      size={screens.lg === true ? 1080 : '100%'}
      destroyOnHidden
      data-testid="coordination-list-detail"
      title={data === undefined ? '' : t('coordination.list.detailTitle', { period: data.list.period, region: data.list.regionPrefix || t('coordination.list.regionAll') })}
      extra={draft && (
        <Button type="primary" icon={<SendOutlined />} disabled={!complete} loading={confirming} onClick={() => void confirm()} data-testid="coordination-list-confirm">
          {t('coordination.list.confirm')}
        </Button>
      )}
    >
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="coordination-list-detail-error" />}
      {data === undefined && detail.error === undefined && <Skeleton active paragraph={{ rows: 6 }} />}
      {data !== undefined && (
        <div className="xr-stack">
          <Space wrap>
            <Tag color={data.list.status === 'confirmed' ? 'success' : 'warning'} data-testid="coordination-list-status">{t(`coordination.list.statuses.${data.list.status}`)}</Tag>
            <Typography.Text type="secondary">{t('coordination.list.rules', { version: data.list.rulesVersion, days: data.list.deadlineDays })}</Typography.Text>
          </Space>
          {draft && !complete && included.length > 0 && <Alert type="info" showIcon title={t('coordination.list.needBanks')} />}
          {confirmError !== undefined && <ProblemAlert error={confirmError} testId="coordination-list-confirm-error" />}
          <Table<Candidate>
            rowKey="uscc"
            size="small"
            pagination={false}
            dataSource={data.candidates}
            scroll={{ x: 900 }}
            data-testid="coordination-candidates"
            onRow={(c) => ({ 'data-testid': `coordination-candidate-${c.uscc}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'ent', title: t('coordination.list.candidate'), width: 220,
                render: (_, c) => <Space orientation="vertical" size={0}><strong>{c.enterpriseName}</strong><Typography.Text type="secondary">{c.uscc} · {c.regionCode}</Typography.Text></Space>,
              },
              { key: 'need', title: t('coordination.list.need'), width: 130, render: (_, c) => <Fen value={c.needAmountFen} /> },
              {
                key: 'result', title: t('coordination.list.result'), width: 90,
                render: (_, c) => c.included
                  ? <Tag color="success" data-testid="coordination-candidate-included">{t('coordination.list.includedTag')}</Tag>
                  : <Tag color="error" data-testid="coordination-candidate-excluded">{t('coordination.list.excludedTag')}</Tag>,
              },
              { key: 'reasons', title: t('coordination.list.reasons'), render: (_, c) => <ReasonList reasons={c.reasons} /> },
              {
                key: 'banks', title: t('coordination.list.banks'), width: 260,
                render: (_, c) => {
                  if (!c.included) return null;
                  if (draft) {
                    return (
                      <Select mode="multiple" style={{ width: '100%' }} options={bankOptions} value={chosen[c.uscc] ?? []} placeholder={t('coordination.list.banksPlaceholder')}
                        onChange={(value: string[]) => setChosen((prev) => ({ ...prev, [c.uscc]: value }))} data-testid={`coordination-banks-${c.uscc}`} />
                    );
                  }
                  return (
                    <Space orientation="vertical" size={2}>
                      {c.assignments.map((a) => (
                        <Space key={a.id} size={4} wrap><span>{a.institutionName}</span><StatusTag status={a.status} overdue={a.overdue} />{a.grantedAmountFen !== null && <Fen value={a.grantedAmountFen} />}</Space>
                      ))}
                    </Space>
                  );
                },
              },
            ]}
          />
        </div>
      )}
    </Drawer>
  );
}
