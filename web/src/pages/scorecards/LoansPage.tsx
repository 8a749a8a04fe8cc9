import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { SendOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { USCC_SHAPE } from '../../api/consent.ts';
import { ApiError } from '../../api/client.ts';
import {
  fenToYuan, loadLoans, reportLoans, uploadLoansCsv, yuanToFen,
  type Loan, type LoanOutcome, type LoanPage, type ReportResult,
} from '../../api/scorecards.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { YuanAmount } from '../../components/YuanAmount.tsx';
import { pickText } from './labels.ts';

const OUTCOMES: readonly LoanOutcome[] = ['performing', 'repaid', 'defaulted'];
const OUTCOME_COLORS: Record<LoanOutcome, string> = { performing: 'blue', repaid: 'green', defaulted: 'red' };
const CSV_HEADER = 'loan_ref,uscc,disbursed_on,amount_fen,term_months,outcome,outcome_on';
const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));

interface DisbursementForm { loanRef: string; uscc: string; disbursedOn: Dayjs; amountYuan: string; termMonths: number }
interface OutcomeForm { loanRef: string; outcome: LoanOutcome; outcomeOn: Dayjs }

/** 贷款报送 (institution): loans at disbursement and their outcomes, one by one or by CSV; the institution's own loans. */
export default function LoansPage() {
  const { t } = useTranslation();
  const [disbursement] = Form.useForm<DisbursementForm>();
  const [outcomeForm] = Form.useForm<OutcomeForm>();
  const [page, setPage] = useState<LoanPage>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [result, setResult] = useState<ReportResult>();
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    loadLoans(null).then(setPage, (error: unknown) => setLoadError(asApiError(error)));
  }, []);
  useEffect(reload, [reload]);

  async function more() {
    if (!page?.nextCursor) return;
    try {
      const next = await loadLoans(page.nextCursor);
      setPage({ ...next, items: [...page.items, ...next.items] });
    } catch (error) {
      setLoadError(asApiError(error));
    }
  }

  async function submit(send: () => Promise<ReportResult>, after?: () => void) {
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await send();
      setResult(answer);
      if (answer.rejected === 0) after?.();
      reload();
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  }

  const rejected = result?.items.filter((i) => i.result === 'rejected') ?? [];
  return (
    <div className="xr-stack" data-testid="loans-page">
      <Typography.Title level={3} className="xr-portal-title">{t('scorecards.loans.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('scorecards.loans.intro')}</Typography.Paragraph>
      {failure !== undefined && <ProblemAlert error={failure} testId="loans-error" />}
      {result !== undefined && (
        <Card size="small" data-testid="loans-result" data-rejected={result.rejected}>
          <Typography.Text>{t('scorecards.loans.result', { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected })}</Typography.Text>
          {rejected.length > 0 && (
            <ul data-testid="loans-rejected">
              {rejected.slice(0, 20).map((r, i) => <li key={`${r.loanRef}-${i}`}>{r.loanRef}: {pickText({ zh: r.zh ?? r.code ?? '', en: r.en ?? r.code ?? '' })}</li>)}
            </ul>
          )}
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('scorecards.loans.disbursement')} style={{ height: '100%' }}>
            <Form<DisbursementForm> form={disbursement} layout="vertical" initialValues={{ termMonths: 12 }}
              onFinish={(v) => void submit(() => reportLoans([{ loanRef: v.loanRef.trim(), uscc: v.uscc.trim().toUpperCase(), disbursedOn: v.disbursedOn.format('YYYY-MM-DD'), amountFen: yuanToFen(v.amountYuan) ?? '', termMonths: v.termMonths }]), () => disbursement.resetFields())}>
              <Row gutter={12}>
                <Col xs={24} sm={12}><Form.Item name="loanRef" label={t('scorecards.loans.loanRef')} rules={[{ required: true, whitespace: true, max: 64 }]}><Input data-testid="loan-ref" /></Form.Item></Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="uscc" label={t('scorecards.loans.uscc')} rules={[{ required: true }, { transform: (v: string) => v.trim().toUpperCase(), pattern: USCC_SHAPE, message: t('scorecards.loans.usccInvalid') }]}>
                    <Input maxLength={18} className="xr-mono" data-testid="loan-uscc" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}><Form.Item name="disbursedOn" label={t('scorecards.loans.disbursedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="loan-disbursed-on" /></Form.Item></Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="amountYuan" label={t('scorecards.loans.amountYuan')} rules={[{ required: true }, { validator: async (_r, v: string | undefined) => { if (v && yuanToFen(v) === null) throw new Error(t('scorecards.loans.amountInvalid')); } }]}>
                    <Input inputMode="decimal" data-testid="loan-amount" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}><Form.Item name="termMonths" label={t('scorecards.loans.termMonths')} rules={[{ required: true }]}><InputNumber min={1} max={600} style={{ width: '100%' }} data-testid="loan-term" /></Form.Item></Col>
              </Row>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="loan-submit">{t('scorecards.loans.reportDisbursement')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('scorecards.loans.outcome')} style={{ height: '100%' }}>
            <Form<OutcomeForm> form={outcomeForm} layout="vertical"
              onFinish={(v) => void submit(() => reportLoans([{ loanRef: v.loanRef.trim(), outcome: v.outcome, outcomeOn: v.outcomeOn.format('YYYY-MM-DD') }]), () => outcomeForm.resetFields())}>
              <Form.Item name="loanRef" label={t('scorecards.loans.loanRef')} rules={[{ required: true, whitespace: true }]}><Input data-testid="outcome-loan-ref" /></Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="outcome" label={t('scorecards.loans.outcomeKind')} rules={[{ required: true }]}>
                    <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`scorecards.outcome.${o}`) }))} data-testid="outcome-kind" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}><Form.Item name="outcomeOn" label={t('scorecards.loans.outcomeOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" /></Form.Item></Col>
              </Row>
              <Typography.Paragraph type="secondary">{t('scorecards.loans.outcomeHelp')}</Typography.Paragraph>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="outcome-submit">{t('scorecards.loans.reportOutcome')}</Button>
            </Form>
          </Card>
        </Col>
      </Row>

      <Card title={t('scorecards.loans.csv')}>
        <Typography.Paragraph type="secondary">{t('scorecards.loans.csvHelp')}</Typography.Paragraph>
        <Typography.Paragraph><Typography.Text code copyable>{CSV_HEADER}</Typography.Text></Typography.Paragraph>
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void submit(async () => uploadLoansCsv(await file.text()));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="loans-csv-upload">{t('scorecards.loans.csvUpload')}</Button>
        </Upload>
      </Card>

      <Card title={t('scorecards.loans.list')} data-testid="loans-list"
        extra={page !== undefined && <Space data-testid="loans-counts">{t('scorecards.loans.counts', page.counts)}</Space>}>
        {loadError !== undefined && <ProblemAlert error={loadError} />}
        <Table<Loan>
          size="small"
          rowKey={(l) => l.loanRef}
          loading={page === undefined && loadError === undefined}
          dataSource={page?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('scorecards.loans.empty') }}
          onRow={(l) => ({ 'data-testid': 'loan-row', 'data-ref': l.loanRef, 'data-outcome': l.outcome ?? 'none' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'ref', title: t('scorecards.loans.loanRef'), render: (_v, l) => l.loanRef },
            { key: 'uscc', title: t('scorecards.loans.uscc'), render: (_v, l) => <span className="xr-mono">{l.uscc}</span> },
            { key: 'disbursed', title: t('scorecards.loans.disbursedOn'), render: (_v, l) => l.disbursedOn },
            { key: 'amount', title: t('scorecards.loans.amount'), render: (_v, l) => <YuanAmount value={fenToYuan(l.amountFen)} /> },
            { key: 'term', title: t('scorecards.loans.termMonths'), render: (_v, l) => l.termMonths },
            { key: 'outcome', title: t('scorecards.loans.outcomeKind'), render: (_v, l) => (l.outcome === null ? <Tag>{t('scorecards.outcome.none')}</Tag> : <Tag color={OUTCOME_COLORS[l.outcome]}>{t(`scorecards.outcome.${l.outcome}`)} · {l.outcomeOn}</Tag>) },
            { key: 'reported', title: t('scorecards.loans.reportedAt'), render: (_v, l) => formatTimestamp(l.reportedAt) },
          ]}
        />
        {page?.nextCursor && <Button style={{ marginTop: 12 }} onClick={() => void more()}>{t('scorecards.loans.more')}</Button>}
      </Card>
    </div>
  );
}
