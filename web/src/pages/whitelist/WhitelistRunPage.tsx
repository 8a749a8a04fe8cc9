import { useState, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { ArrowLeftOutlined, FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import {
  WHITELIST_PATHS, type EntryFilter, type WhitelistDeparture, type WhitelistEntry, type WhitelistPush, type WhitelistRules, type WhitelistRunDetail,
} from '../../api/whitelist.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { usePaged } from './use-paged.ts';
import { EntryTable, ReasonList, RunStatusTag } from './WhitelistParts.tsx';
import { runDuration, textOf } from './whitelist-format.ts';

const BASE = '/operator/whitelist';
const PAGE_SIZE = 50;
const COUNTS = ['evaluated', 'listed', 'joined', 'stayed', 'left', 'pushes'] as const;

/** One white-list run: its counts, the rules nobody or many failed, the pushes, the entries with reasons and the departures. */
export default function WhitelistRunPage() {
  const { id = '' } = useParams();
  return <RunOf key={id} id={id} />;
}

function RunOf({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const detail = useApi<WhitelistRunDetail>(WHITELIST_PATHS.run(id));
  const rules = useApi<WhitelistRules>(WHITELIST_PATHS.rules);

  const back = <Link to={BASE} data-testid="whitelist-run-back"><ArrowLeftOutlined /> {t('whitelist.detail.back')}</Link>;
  if (detail.error !== undefined && detail.data === undefined) return <div className="xr-stack">{back}<Card><ProblemAlert error={detail.error} testId="whitelist-run-load-error" /></Card></div>;
  if (detail.data === undefined) return <div className="xr-stack">{back}<Card><Skeleton active paragraph={{ rows: 6 }} /></Card></div>;
  const { run, pushes } = detail.data;
  const ruleSet = rules.data?.versions.find((v) => v.version === run.ruleVersion);
  const ruleName = (ruleId: string) => {
    const rule = ruleSet?.definition.rules.find((r) => r.id === ruleId);
    return rule === undefined ? ruleId : textOf(rule, language);
  };
  const failedBy = Object.entries(run.summary.failedBy ?? {}).sort((a, b) => b[1] - a[1]);
  const skipped = run.summary.skipped ?? [];

  return (
    <div className="xr-stack" data-testid="whitelist-run-page" data-run-id={run.id}>
      {back}
      <Typography.Title level={3} className="xr-portal-title">{t('whitelist.detail.title', { period: run.period })}</Typography.Title>
      <Card title={t('whitelist.detail.summary')} extra={<RunStatusTag status={run.status} />} data-testid="whitelist-run-summary" data-status={run.status}>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {COUNTS.map((key) => (
            <Col key={key} xs={12} sm={8} md={4}>
              <Statistic title={t(`whitelist.run.${key}`)} value={run[key]} data-testid={`whitelist-run-${key}`} />
            </Col>
          ))}
        </Row>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'trigger', label: t('whitelist.run.trigger'), children: t(`whitelist.run.triggers.${run.trigger}`, { defaultValue: run.trigger }) },
            { key: 'version', label: t('whitelist.run.ruleVersion'), children: `v${run.ruleVersion}` },
            { key: 'started', label: t('whitelist.run.startedAt'), children: formatTimestamp(run.startedAt) },
            { key: 'finished', label: t('whitelist.run.finishedAt'), children: formatTimestamp(run.finishedAt) || '—' },
            { key: 'duration', label: t('whitelist.run.duration'), children: runDuration(t, run.startedAt, run.finishedAt) || '—' },
            {
              key: 'previous',
              label: t('whitelist.detail.previous'),
              children: run.previousRunId === null ? t('whitelist.detail.firstRun') : <Link to={`${BASE}/runs/${run.previousRunId}`}>{t('whitelist.detail.openPrevious')}</Link>,
            },
          ]}
        />
        {run.error !== null && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('whitelist.detail.failed')} description={run.error} />}
        {skipped.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="whitelist-run-skipped"
            title={t('whitelist.run.skipped')}
            description={<ul className="xr-plain-list">{skipped.map((s) => <li key={s.id}>{textOf(s, language)}</li>)}</ul>}
          />
        )}
      </Card>

      {failedBy.length > 0 && (
        <Card title={t('whitelist.detail.failedBy')} data-testid="whitelist-run-failed-by">
          <Table<[string, number]>
            size="small"
            rowKey={(row) => row[0]}
            dataSource={failedBy}
            pagination={false}
            columns={[
              { key: 'rule', title: t('whitelist.rules.rule'), render: (_v, row) => <span>{ruleName(row[0])} <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{row[0]}</Typography.Text></span> },
              { key: 'count', title: t('whitelist.detail.failedCount'), align: 'right', render: (_v, row) => row[1] },
            ]}
          />
        </Card>
      )}

      <Card title={t('whitelist.detail.pushes')} data-testid="whitelist-run-pushes">
        <Table<WhitelistPush>
          size="small"
          // an institution with a webhook has two pushes per run: in-app and webhook
          rowKey={(p) => `${p.institutionOrgId}:${p.channel}`}
          dataSource={pushes}
          pagination={false}
          scroll={{ x: 620 }}
          locale={{ emptyText: t('whitelist.detail.noPushes') }}
          onRow={() => ({ 'data-testid': 'whitelist-push-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'org', title: t('whitelist.detail.institution'), render: (_v, p) => <span className="xr-mono">{p.institutionOrgId}</span> },
            { key: 'count', title: t('whitelist.detail.entryCount'), align: 'right', render: (_v, p) => p.entryCount },
            { key: 'channel', title: t('whitelist.detail.channel'), render: (_v, p) => t(`whitelist.detail.channels.${p.channel}`, { defaultValue: p.channel }) },
            { key: 'at', title: t('whitelist.detail.pushedAt'), render: (_v, p) => formatTimestamp(p.pushedAt) },
          ]}
        />
      </Card>

      <RunEntries runId={run.id} />
      <RunDepartures runId={run.id} left={run.left} />
    </div>
  );
}

/** The run's entries, filtered by region and industry prefix, a page at a time. */
function RunEntries({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EntryFilter>();
  const [filter, setFilter] = useState<EntryFilter>({});
  const entries = usePaged<WhitelistEntry>(`${runId}|${filter.region ?? ''}|${filter.industry ?? ''}`, (cursor) => WHITELIST_PATHS.entries(runId, filter, cursor, PAGE_SIZE));

  return (
    <Card title={t('whitelist.entries.title')} data-testid="whitelist-run-entries">
      <Form<EntryFilter>
        form={form}
        layout="inline"
        style={{ rowGap: 8, marginBottom: 16 }}
        onFinish={(values) => setFilter({ region: values.region?.trim() || undefined, industry: values.industry?.trim().toUpperCase() || undefined })}
      >
        <Form.Item name="region" label={t('whitelist.entries.regionPrefix')} rules={[{ pattern: /^\s*[0-9]{1,6}\s*$/, message: t('whitelist.entries.regionInvalid') }]}>
          <Input style={{ width: 140 }} maxLength={6} placeholder={t('whitelist.entries.regionPlaceholder')} allowClear data-testid="whitelist-filter-region" />
        </Form.Item>
        <Form.Item name="industry" label={t('whitelist.entries.industryPrefix')} rules={[{ pattern: /^\s*[A-Ta-t][0-9]{0,4}\s*$/, message: t('whitelist.entries.industryInvalid') }]}>
          <Input style={{ width: 140 }} maxLength={5} placeholder={t('whitelist.entries.industryPlaceholder')} allowClear data-testid="whitelist-filter-industry" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<FilterOutlined />} data-testid="whitelist-filter-submit">{t('whitelist.entries.filter')}</Button>
        </Form.Item>
      </Form>
      {entries.error !== undefined && <ProblemAlert error={entries.error} testId="whitelist-entries-error" />}
      <EntryTable items={entries.items} loading={entries.loading} next={entries.next} onMore={entries.more} testId="whitelist-entries" />
    </Card>
  );
}

/** Enterprises listed last time and not this time, with the rules that stopped holding. */
function RunDepartures({ runId, left }: { runId: string; left: number }) {
  const { t } = useTranslation();
  const departures = usePaged<WhitelistDeparture>(left > 0 ? runId : null, (cursor) => WHITELIST_PATHS.departures(runId, cursor, PAGE_SIZE));
  return (
    <Card title={t('whitelist.departures.title', { count: left })} data-testid="whitelist-run-departures">
      <Typography.Paragraph type="secondary">{t('whitelist.departures.intro')}</Typography.Paragraph>
      {departures.error !== undefined && <ProblemAlert error={departures.error} testId="whitelist-departures-error" />}
      <Table<WhitelistDeparture>
        size="small"
        rowKey="uscc"
        loading={departures.loading}
        dataSource={departures.items}
        pagination={false}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('whitelist.departures.empty') }}
        onRow={(d) => ({ 'data-testid': 'whitelist-departure-row', 'data-uscc': d.uscc }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'uscc', title: t('whitelist.entries.uscc'), width: 200, render: (_v, d) => <span className="xr-mono">{d.uscc}</span> },
          { key: 'reasons', title: t('whitelist.departures.reasons'), render: (_v, d) => <ReasonList reasons={d.reasons} failed /> },
        ]}
      />
      {departures.next !== null && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={departures.more} loading={departures.loading} data-testid="whitelist-departures-more">{t('whitelist.more')}</Button>
        </div>
      )}
    </Card>
  );
}
