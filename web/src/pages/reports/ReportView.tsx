import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemError } from '../../api/problem-request.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { downloadReportJson, downloadReportPdf, type Report, type ReportItem, type ReportRequest, type Scalar } from './reports-api.ts';

const VERSION_COLORS: Record<string, string> = { public: 'default', authorised: 'blue', subject: 'green', operator: 'purple' };
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(currentLanguage() === 'en' ? 'en-GB' : 'zh-CN') : '—');

/** One generated report as the reader may see it; the server has already chosen and masked its content. */
export function ReportView({ report, request }: { report: Report; request: ReportRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const en = currentLanguage() === 'en';
  const [pdfLoading, setPdfLoading] = useState(false);
  const c = report.content;
  const r = c.registry;

  const pdf = async () => {
    setPdfLoading(true);
    try {
      const { number } = await downloadReportPdf(request);
      message.success(t('reports.view.pdfReady', { number }));
    } catch (error) {
      message.error(error instanceof ProblemError ? (error.detail ?? error.title ?? t('error.generic')) : String(error));
    } finally {
      setPdfLoading(false);
    }
  };

  return (
    <div className="xr-stack" data-testid="report-view" data-version={c.version} data-number={c.number}>
      <Card
        title={
          <Space wrap>
            <span>{t('reports.view.title')}</span>
            <Tag color={VERSION_COLORS[c.version]} data-testid="report-version">{t(`reports.version.${c.version}`)}</Tag>
          </Space>
        }
      >
        {/* in the body, not the card's header: on a phone the header has no room beside the title */}
        <Space wrap style={{ marginBottom: 12 }}>
          <Button icon={<FilePdfOutlined />} loading={pdfLoading} onClick={() => void pdf()} data-testid="report-pdf">{t('reports.view.pdf')}</Button>
          <Button icon={<DownloadOutlined />} onClick={() => downloadReportJson(report)} data-testid="report-json">{t('reports.view.json')}</Button>
        </Space>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { key: 'number', label: t('reports.view.number'), children: <Typography.Text className="xr-mono" copyable data-testid="report-number">{c.number}</Typography.Text> },
          { key: 'at', label: t('reports.view.generatedAt'), children: new Date(c.generatedAt).toLocaleString(en ? 'en-GB' : 'zh-CN') },
          { key: 'name', label: t('reports.view.enterprise'), children: <span data-testid="report-enterprise">{r.name}</span> },
          { key: 'uscc', label: t('reports.view.uscc'), children: <span className="xr-mono">{r.uscc}</span> },
          { key: 'requester', label: t('reports.view.requester'), children: c.requester.orgName },
          { key: 'purpose', label: t('reports.view.purpose'), children: c.purpose ?? '—' },
          { key: 'digest', label: t('reports.view.digest'), span: { xs: 1, md: 2 }, children: <Typography.Text className="xr-mono" copyable style={{ wordBreak: 'break-all' }} data-testid="report-digest">{report.digest}</Typography.Text> },
          { key: 'evidence', label: t('reports.view.evidence'), span: { xs: 1, md: 2 }, children: (
            <Space wrap>
              <span>{t('reports.view.auditIndex', { index: report.evidence.auditIndex })}</span>
              <Link to={`/verify-report?number=${encodeURIComponent(c.number)}&digest=${report.digest}`} data-testid="report-verify-link">
                <SafetyCertificateOutlined /> {t('reports.view.verify')}
              </Link>
            </Space>
          ) },
        ]} />
      </Card>

      <Card title={t('reports.view.registry')} size="small">
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={[
          { key: 'status', label: t('reports.registry.status'), children: t(`reports.status.${r.status}`, { defaultValue: r.status }) },
          { key: 'established', label: t('reports.registry.establishedOn'), children: r.establishedOn ?? '—' },
          { key: 'authority', label: t('reports.registry.authority'), children: r.registrationAuthority },
          { key: 'capital', label: t('reports.registry.capital'), children: r.registeredCapital ?? '—' },
          { key: 'region', label: t('reports.registry.region'), children: `${r.regionName} (${r.regionCode})` },
          { key: 'industry', label: t('reports.registry.industry'), children: `${r.industryName} (${r.industryCode})` },
          { key: 'rep', label: t('reports.registry.legalRep'), children: `${r.legalRepName ?? '—'} ${r.legalRepIdNumber ?? ''}`.trim() },
          { key: 'size', label: t('reports.registry.size'), children: `${t(`reports.size.${r.sizeClass}`, { defaultValue: r.sizeClass })} · ${r.sizeRule}` },
        ]} />
      </Card>

      <Card title={t('reports.view.evaluation')} size="small" data-testid="report-evaluation">
        {c.evaluation === null ? <Empty description={t('reports.view.noEvaluation')} /> : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color="blue" style={{ fontSize: 16, padding: '2px 10px' }} data-testid="report-grade">{c.evaluation.grade}</Tag>
              <span>{t('reports.view.score', { score: c.evaluation.score })}</span>
            </Space>
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {c.evaluation.reasons.map((x) => <li key={x.code}>{x.direction === 'up' ? '↑' : '↓'} {en ? x.en : x.zh}</li>)}
            </ul>
            <Space wrap>{c.evaluation.tags.map((x) => <Tag key={x.tag}>{en ? x.en : x.zh}</Tag>)}</Space>
          </Space>
        )}
      </Card>

      {(c.objectionsInProgress > 0 || c.withheld.total > 0 || c.notIncluded.length > 0) && (
        <Alert type="info" showIcon data-testid="report-notes" title={
          <div>
            {c.objectionsInProgress > 0 && <div>{t('reports.view.objections', { count: c.objectionsInProgress })}</div>}
            {c.withheld.total > 0 && <div data-testid="report-withheld">{t('reports.view.withheld', { count: c.withheld.total })}</div>}
            {c.notIncluded.length > 0 && <div>{t('reports.view.notIncluded', { count: c.notIncluded.length })}</div>}
          </div>
        } />
      )}

      {c.sections.map((s) => (
        <Card key={s.code} title={en ? s.nameEn : s.name} size="small" data-testid="report-section" data-section={s.code}>
          <div className="xr-stack">
            {s.items.filter((item) => item.records.length > 0).map((item) => <ItemBlock key={item.code} item={item} />)}
            {s.items.some((item) => item.records.length === 0) && (
              // items without records: one line, not a block each (a phone user scrolls less)
              <div data-testid="report-empty-items">
                <Typography.Text type="secondary">{t('reports.view.emptyItems')}</Typography.Text>
                {s.items.filter((item) => item.records.length === 0).map((item) => (
                  <Tag key={item.code} data-item={item.code} style={{ marginTop: 4 }}>
                    {en ? item.nameEn : item.name}{item.sharingMode === 'physical' ? '' : ` · ${t('reports.view.onDemandShort')}`}
                  </Tag>
                ))}
              </div>
            )}
          </div>
        </Card>
      ))}
    </div>
  );
}

function show(value: Scalar, t: (k: string) => string): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'reports.yes' : 'reports.no');
  return String(value);
}

function ItemBlock({ item }: { item: ReportItem }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const names = new Map(item.fields.map((f) => [f.code, en ? f.nameEn : f.name]));
  return (
    <div data-testid="report-item" data-item={item.code}>
      <Space wrap>
        <Typography.Text strong>{en ? item.nameEn : item.name}</Typography.Text>
        <Tag>{item.level}</Tag>
        <Tag color={item.access === 'authorised' ? 'blue' : 'default'}>{t(`reports.access.${item.access}`, { defaultValue: item.access })}</Tag>
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reports.view.source', {
            provider: item.provider, frequency: t(`reports.frequency.${item.updateFrequency}`, { defaultValue: item.updateFrequency }), latest: day(item.latestValidFrom),
          })}
        </Typography.Text>
      </div>
      {item.records.map((rec) => (
        <Descriptions
          key={`${rec.key}-${rec.version}`} size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginTop: 8 }} data-testid="report-record"
          title={
            <Space wrap>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('reports.view.recordHeading', { version: rec.version, validFrom: day(rec.validFrom) })}</Typography.Text>
              {rec.objection !== null && (
                <Tag color="orange" icon={<WarningOutlined />} data-testid="report-objection">{t('reports.view.underObjection')}</Tag>
              )}
            </Space>
          }
          items={Object.entries(rec.data).map(([code, value]) => ({
            key: code, label: names.get(code) ?? code,
            children: <span style={{ wordBreak: 'break-word' }}>{show(value, t)}{rec.masked.includes(code) && <Tag style={{ marginLeft: 6 }}>{t('reports.view.masked')}</Tag>}</span>,
          }))}
        />
      ))}
    </div>
  );
}
