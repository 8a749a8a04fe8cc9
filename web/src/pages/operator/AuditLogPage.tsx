import type { HTMLAttributes } from 'react';
import { useEffect, useState } from 'react';
import { Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditCheckpoint, AuditEntry, AuditSearch } from '../../api/audit.ts';
import { AUDIT_OUTCOMES, AUDIT_PATHS, downloadAuditExport, useCursorList } from '../../api/audit.ts';
import { ProblemError } from '../../api/problem-request.ts';
import { useApi } from '../../api/use-api.ts';
import { codeLabel, formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useConsentReference } from '../consent/consent-reference.tsx';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  subject?: string;
  action?: string;
  outcome?: string;
}

const OUTCOME_COLORS: Record<string, string> = { allowed: 'success', ok: 'success', refused: 'error', failed: 'warning' };

function searchOf(values: FilterValues): AuditSearch {
  const [from, to] = values.range ?? [null, null];
  return {
    from: from?.startOf('day').toISOString(),
    to: to?.endOf('day').toISOString(),
    subject: values.subject?.trim().toUpperCase() || undefined,
    action: values.action?.trim() || undefined,
    outcome: values.outcome,
  };
}

/** 审计日志: the auditor searches the tamper-evident log, sees its latest signed checkpoint and exports a range. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState<AuditSearch>({});
  const entries = useCursorList<AuditEntry>(AUDIT_PATHS.entries(search));
  const checkpoint = useApi<AuditCheckpoint>(AUDIT_PATHS.checkpoint);
  const reference = useConsentReference();
  const [range, setRange] = useState<{ fromSeq: number | null; toSeq: number | null }>({ fromSeq: null, toSeq: null });

  // the export range starts as the whole signed tree
  const size = checkpoint.data?.size;
  useEffect(() => {
    if (size !== undefined && size > 0) setRange((current) => (current.toSeq === null ? { fromSeq: 0, toSeq: size - 1 } : current));
  }, [size]);

  const [exporting, setExporting] = useState(false);
  const [exportFailure, setExportFailure] = useState<ProblemError>();
  const exportReady = range.fromSeq !== null && range.toSeq !== null && range.fromSeq <= range.toSeq;
  const runExport = async () => {
    if (range.fromSeq === null || range.toSeq === null) return;
    setExporting(true);
    setExportFailure(undefined);
    try {
      await downloadAuditExport(range.fromSeq, range.toSeq);
    } catch (error) {
      setExportFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setExporting(false);
    }
  };
  return (
    <div className="xr-stack" data-testid="audit-log-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('audit.log.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.log.intro')}</Typography.Paragraph>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={<Space><SafetyCertificateOutlined />{t('audit.checkpoint.title')}</Space>} data-testid="audit-checkpoint" style={{ height: '100%' }}>
            {checkpoint.error !== undefined && <ProblemAlert error={checkpoint.error} />}
            {checkpoint.data !== undefined && (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('audit.checkpoint.size')}>
                  <span data-testid="audit-checkpoint-size">{checkpoint.data.size}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.checkpoint.root')}>
                  <Typography.Text className="xr-mono" copyable style={{ wordBreak: 'break-all' }}>
                    {checkpoint.data.root}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.checkpoint.signedAt')}>{formatTimestamp(checkpoint.data.createdAt) || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.checkpoint.note')}>
                  <pre className="xr-mono" style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }} data-testid="audit-checkpoint-note">
                    {checkpoint.data.note}
                  </pre>
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('audit.export.title')} data-testid="audit-export" style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('audit.export.intro')}</Typography.Paragraph>
            <Space wrap>
              <InputNumber
                min={0}
                precision={0}
                value={range.fromSeq}
                onChange={(value) => setRange((current) => ({ ...current, fromSeq: value }))}
                prefix={t('audit.export.fromSeq')}
                data-testid="audit-export-from"
              />
              <InputNumber
                min={0}
                precision={0}
                value={range.toSeq}
                onChange={(value) => setRange((current) => ({ ...current, toSeq: value }))}
                prefix={t('audit.export.toSeq')}
                data-testid="audit-export-to"
              />
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                disabled={!exportReady}
                loading={exporting}
                onClick={() => void runExport()}
                data-testid="audit-export-download"
              >
                {t('audit.export.download')}
              </Button>
            </Space>
            {exportFailure !== undefined && (
              <div style={{ marginTop: 12 }}>
                <ProblemAlert error={exportFailure} testId="audit-export-error" />
              </div>
            )}
          </Card>
        </Col>
      </Row>

      <Card title={t('audit.log.searchTitle')}>
        <Form<FilterValues> layout="vertical" onFinish={(values) => setSearch(searchOf(values))}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={7}>
              <Form.Item name="range" label={t('audit.field.range')}>
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} data-testid="audit-filter-range" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="subject" label={t('audit.field.subject')}>
                <Input allowClear maxLength={18} className="xr-mono" data-testid="audit-filter-subject" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="action" label={t('audit.field.action')}>
                <Input allowClear placeholder="records.read" data-testid="audit-filter-action" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="outcome" label={t('audit.field.outcome')}>
                <Select
                  allowClear
                  data-testid="audit-filter-outcome"
                  options={AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`audit.outcome.${outcome}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter-submit">
            {t('audit.log.search')}
          </Button>
        </Form>
      </Card>

      <Card title={t('audit.log.resultsTitle')}>
        {entries.error !== undefined && <ProblemAlert error={entries.error} testId="audit-log-error" />}
        <Table<AuditEntry>
          data-testid="audit-entries"
          rowKey="seq"
          size="small"
          loading={entries.loading}
          dataSource={entries.items ?? []}
          scroll={{ x: 1100 }}
          pagination={false}
          locale={{ emptyText: t('audit.log.empty') }}
          onRow={() => ({ 'data-testid': 'audit-entry-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'seq', title: t('audit.field.seq'), dataIndex: 'seq', width: 70 },
            { key: 'at', title: t('audit.field.at'), width: 140, render: (_v, row) => formatTimestamp(row.time) },
            {
              key: 'outcome',
              title: t('audit.field.outcome'),
              width: 150,
              render: (_v, row) => (
                <span>
                  <Tag color={OUTCOME_COLORS[row.outcome] ?? 'default'}>{t(`audit.outcome.${row.outcome}`, { defaultValue: row.outcome })}</Tag>
                  {row.reason !== null && <Typography.Text type="secondary">{t(`audit.reason.${row.reason}`, { defaultValue: row.reason })}</Typography.Text>}
                </span>
              ),
            },
            {
              key: 'actor',
              title: t('audit.field.actor'),
              render: (_v, row) => (
                <span>
                  {codeLabel(t, 'role', row.actor.role)}
                  <br />
                  <Typography.Text type="secondary" className="xr-mono">{row.actor.userId ?? row.actor.keyId ?? ''}</Typography.Text>
                </span>
              ),
            },
            { key: 'action', title: t('audit.field.action'), render: (_v, row) => <span className="xr-mono">{row.action}</span> },
            { key: 'subject', title: t('audit.field.subject'), render: (_v, row) => <span className="xr-mono">{row.subject ?? '—'}</span> },
            { key: 'items', title: t('audit.field.items'), render: (_v, row) => row.items.map((code) => reference.itemName(code)).join(t('audit.separator')) },
            { key: 'purpose', title: t('audit.field.purpose'), render: (_v, row) => reference.purposeName(row.purpose) || '—' },
          ]}
        />
        {entries.hasMore && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={entries.loadMore} loading={entries.loading} data-testid="audit-entries-more">
              {t('audit.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
