import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Divider, Form, Input, Typography, Upload } from 'antd';
import { SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ProblemError } from '../../api/problem-request.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { fileToBase64, verifyReport, type VerifyAnswer } from './reports-api.ts';

interface Values { number?: string; digest?: string }

/** 报告验真 — public: anyone checks a report number and digest, or the downloaded file, against the platform's log. */
export default function VerifyReportPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [answer, setAnswer] = useState<VerifyAnswer>();
  const [failure, setFailure] = useState<ProblemError>();
  const [loading, setLoading] = useState(false);

  const run = async (body: { number?: string; digest?: string; file?: string }) => {
    setLoading(true);
    setFailure(undefined);
    setAnswer(undefined);
    try {
      setAnswer(await verifyReport(body));
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main" data-testid="verify-report-page">
        <Typography.Title level={3}>{t('reports.verify.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('reports.verify.intro')}</Typography.Paragraph>
        <Card>
          <Form<Values> layout="vertical" initialValues={{ number: params.get('number') ?? undefined, digest: params.get('digest') ?? undefined }}
            onFinish={(v) => void run({ number: v.number?.trim(), digest: v.digest?.trim() })}>
            <Form.Item name="number" label={t('reports.view.number')} rules={[{ required: true, message: t('reports.verify.numberRequired') }]}>
              <Input className="xr-mono" maxLength={80} data-testid="verify-number" placeholder="XR-131000-20261128-…" />
            </Form.Item>
            <Form.Item name="digest" label={t('reports.view.digest')} rules={[{ required: true, message: t('reports.verify.digestRequired') }]}>
              <Input className="xr-mono" maxLength={128} data-testid="verify-digest" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={loading} data-testid="verify-submit">{t('reports.verify.submit')}</Button>
          </Form>
          <Divider plain>{t('reports.verify.or')}</Divider>
          <Upload
            accept=".pdf,.json,application/pdf,application/json" maxCount={1} showUploadList={false}
            beforeUpload={(file) => {
              void fileToBase64(file).then((b64) => run({ file: b64 }));
              // the file is read here and sent as JSON; antd does not upload it itself
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="verify-upload">{t('reports.verify.upload')}</Button>
          </Upload>
        </Card>
        {failure !== undefined && <ProblemAlert error={failure} testId="verify-error" />}
        {answer !== undefined && <Outcome answer={answer} />}
      </main>
    </div>
  );
}

function Outcome({ answer }: { answer: VerifyAnswer }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  if (!answer.authentic) {
    return (
      <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="verify-result" data-authentic="false"
        title={t('reports.verify.notAuthentic')} description={t(`reports.verify.reason.${answer.reason ?? 'REPORT_UNKNOWN'}`, { defaultValue: answer.reason ?? '' })} />
    );
  }
  return (
    <Alert type="success" showIcon style={{ marginTop: 16 }} data-testid="verify-result" data-authentic="true" title={t('reports.verify.authentic')}
      description={
        <Descriptions size="small" column={1} items={[
          { key: 'number', label: t('reports.view.number'), children: <span className="xr-mono">{answer.number}</span> },
          { key: 'name', label: t('reports.view.enterprise'), children: <span data-testid="verify-enterprise">{answer.enterpriseName}</span> },
          { key: 'version', label: t('reports.verify.version'), children: t(`reports.version.${answer.version ?? 'public'}`) },
          { key: 'at', label: t('reports.view.generatedAt'), children: answer.generatedAt ? new Date(answer.generatedAt).toLocaleString(en ? 'en-GB' : 'zh-CN') : '—' },
          { key: 'audit', label: t('reports.verify.auditIndex'), children: answer.auditIndex },
        ]} />
      }
    />
  );
}
