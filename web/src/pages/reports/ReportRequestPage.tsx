import { useState } from 'react';
import { Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ProblemError } from '../../api/problem-request.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useConsentReference } from '../consent/consent-reference.tsx';
import { generateReport, type Report, type ReportRequest } from './reports-api.ts';
import { ReportView } from './ReportView.tsx';

interface Values { uscc?: string; purpose?: string; reason?: string }

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * 企业信用报告查询 — an institution asks for an enterprise's report (public without a purpose; with a purpose, also what
 * its live authorisations cover); an operator asks with a stated reason. The server decides and logs.
 */
export default function ReportRequestPage({ side }: { side: 'institution' | 'operator' }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const [params] = useSearchParams();
  const reference = useConsentReference();
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<{ report: Report; request: ReportRequest }>();
  const [failure, setFailure] = useState<ProblemError>();

  const submit = async (values: Values) => {
    const request: ReportRequest = { uscc: (values.uscc ?? '').trim().toUpperCase() };
    if (values.purpose) request.purpose = values.purpose;
    if (values.reason?.trim()) request.reason = values.reason.trim();
    setLoading(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult({ report: await generateReport(request), request });
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="xr-stack" data-testid="report-request-page">
      <Typography.Title level={3} className="xr-portal-title">{t(`reports.request.title.${side}`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`reports.request.intro.${side}`)}</Typography.Paragraph>
      <Card>
        <Form<Values> form={form} layout="vertical" initialValues={{ uscc: params.get('uscc') ?? undefined }} onFinish={(v) => void submit(v)}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="uscc" label={t('reports.view.uscc')} rules={[
                { required: true, message: t('reports.request.usccRequired') },
                { validator: async (_r, v?: string) => { if (v && !USCC.test(v.trim().toUpperCase())) throw new Error(t('reports.request.usccInvalid')); } },
              ]}>
                <Input maxLength={18} className="xr-mono" allowClear data-testid="report-uscc" />
              </Form.Item>
            </Col>
            {side === 'institution' && (
              <Col xs={24} md={8}>
                <Form.Item name="purpose" label={t('reports.request.purpose')} extra={t('reports.request.purposeHint')}>
                  <Select allowClear data-testid="report-purpose" placeholder={t('reports.request.publicOnly')}
                    options={reference.purposes.map((p) => ({ value: p.code, label: en ? p.en : p.zh }))} />
                </Form.Item>
              </Col>
            )}
            {side === 'operator' && (
              <Col xs={24} md={16}>
                <Form.Item name="reason" label={t('reports.request.reason')} rules={[{ required: true, min: 4, message: t('reports.request.reasonRequired') }]}>
                  <Input maxLength={500} data-testid="report-reason" />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={loading} data-testid="report-submit">{t('reports.request.submit')}</Button>
        </Form>
      </Card>
      {failure !== undefined && <ProblemAlert error={failure} testId="report-error" />}
      {result !== undefined && <ReportView report={result.report} request={result.request} />}
    </div>
  );
}
