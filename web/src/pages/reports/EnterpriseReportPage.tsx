import { useCallback, useEffect, useState } from 'react';
import { Button, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../api/problem-request.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useMe } from '../../auth/session.tsx';
import { generateReport, type Report } from './reports-api.ts';
import { ReportView } from './ReportView.tsx';

/** 我的信用报告 — the enterprise's own full report (信息主体免费查询), generated from current data when opened. */
export default function EnterpriseReportPage() {
  const { t } = useTranslation();
  const uscc = useMe().org.uscc;
  const [report, setReport] = useState<Report>();
  const [failure, setFailure] = useState<ProblemError>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    if (uscc === null) return;
    setLoading(true);
    setFailure(undefined);
    try {
      setReport(await generateReport({ uscc }));
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setLoading(false);
    }
  }, [uscc]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="xr-stack" data-testid="enterprise-report-page">
      <Typography.Title level={3} className="xr-portal-title">{t('reports.enterprise.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.enterprise.intro')}</Typography.Paragraph>
      <div>
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="report-regenerate">{t('reports.enterprise.regenerate')}</Button>
      </div>
      {failure !== undefined && <ProblemAlert error={failure} testId="report-error" />}
      {report === undefined && failure === undefined && <Skeleton active />}
      {report !== undefined && uscc !== null && <ReportView report={report} request={{ uscc }} />}
    </div>
  );
}
