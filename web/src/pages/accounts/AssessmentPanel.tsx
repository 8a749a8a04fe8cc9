import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ASSESSMENT_STATUSES, recordAssessment, type Assessment, type AssessmentStatus } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { AssessmentStatusTag } from './AccountParts.tsx';
import { validUntilProblem } from './accounts-format.ts';

const DAY = 'YYYY-MM-DD';

/** 信息安全评估 history of one institution, newest first; op_admin records the next one below it. */
export function AssessmentPanel({ orgId, assessments, canRecord, onRecorded }: {
  orgId: string;
  assessments: Assessment[];
  canRecord: boolean;
  onRecorded: () => void;
}) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  return (
    <div className="xr-stack" data-testid="assessment-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('accounts.assessment.intro')}</Typography.Paragraph>
      <Table<Assessment>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={assessments}
        locale={{ emptyText: t('accounts.assessment.none') }}
        data-testid="assessment-history"
        columns={[
          { key: 'status', title: t('accounts.assessment.status'), render: (_: unknown, a: Assessment) => <AssessmentStatusTag status={a.status} /> },
          { key: 'on', title: t('accounts.assessment.assessedOn'), dataIndex: 'assessedOn' },
          { key: 'until', title: t('accounts.assessment.validUntil'), render: (_: unknown, a: Assessment) => a.validUntil ?? '—' },
          { key: 'assessor', title: t('accounts.assessment.assessor'), dataIndex: 'assessor' },
          { key: 'note', title: t('accounts.assessment.note'), render: (_: unknown, a: Assessment) => a.note ?? '' },
          {
            key: 'recorded',
            title: t('accounts.assessment.recordedBy'),
            render: (_: unknown, a: Assessment) => <span>{a.recordedBy}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTimestamp(a.recordedAt)}</Typography.Text></span>,
          },
        ]}
      />
      {canRecord && !recording && (
        <div><Button type="primary" onClick={() => setRecording(true)} data-testid="assessment-record">{t('accounts.assessment.record')}</Button></div>
      )}
      {canRecord && recording && (
        <AssessmentForm orgId={orgId} onDone={(saved) => { setRecording(false); if (saved) onRecorded(); }} />
      )}
    </div>
  );
}

interface Values { status: AssessmentStatus; assessedOn: Dayjs; validUntil?: Dayjs; assessor: string; note?: string }

function AssessmentForm({ orgId, onDone }: { orgId: string; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const status = Form.useWatch('status', form);

  async function submit(v: Values) {
    setBusy(true);
    setProblem(undefined);
    try {
      await recordAssessment(orgId, {
        status: v.status,
        assessedOn: v.assessedOn.format(DAY),
        ...(v.status !== 'failed' && v.validUntil ? { validUntil: v.validUntil.format(DAY) } : {}),
        assessor: v.assessor.trim(),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      void message.success(t('accounts.assessment.saved'));
      onDone(true);
    } catch (error) {
      setProblem(error instanceof ApiError ? problemText(error, t('error.generic')) : String(error));
    } finally {
      setBusy(false);
    }
  }

  const today = dayjs().startOf('day');
  return (
    <Card size="small" title={t('accounts.assessment.record')} data-testid="assessment-form">
      {problem !== undefined && <Alert type="error" showIcon title={problem} data-testid="assessment-problem" style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ status: 'passed', assessedOn: today, validUntil: today.add(1, 'year').subtract(1, 'day') }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="status" label={t('accounts.assessment.status')} rules={[{ required: true, message: t('accounts.assessment.statusRequired') }]}>
          <Radio.Group data-testid="assessment-status-input">
            {ASSESSMENT_STATUSES.map((s) => <Radio key={s} value={s} data-testid={`assessment-status-${s}`}>{t(`accounts.assessmentStatus.${s}`)}</Radio>)}
          </Radio.Group>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="assessedOn" label={t('accounts.assessment.assessedOn')} rules={[{ required: true, message: t('accounts.assessment.assessedOnRequired') }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} data-testid="assessment-assessed-on" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validUntil"
              label={t('accounts.assessment.validUntil')}
              dependencies={['status', 'assessedOn']}
              hidden={status === 'failed'}
              rules={[
                { required: status !== 'failed', message: t('accounts.assessment.validUntilRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_rule, value?: Dayjs) => {
                    const on = getFieldValue('assessedOn') as Dayjs | undefined;
                    if (getFieldValue('status') !== 'failed' && validUntilProblem(on?.format(DAY), value?.format(DAY)) !== null) {
                      throw new Error(t('accounts.assessment.validUntilOrder'));
                    }
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} data-testid="assessment-valid-until" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="assessor"
          label={t('accounts.assessment.assessor')}
          extra={t('accounts.assessment.assessorHint')}
          rules={[{ required: true, whitespace: true, message: t('accounts.assessment.assessorRequired') }, { max: 100, message: t('accounts.common.tooLong', { n: 100 }) }]}
        >
          <Input data-testid="assessment-assessor" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('accounts.assessment.note')}
          rules={[
            { required: status === 'conditional', whitespace: true, message: t('accounts.assessment.conditionRequired') },
            { max: 1000, message: t('accounts.common.tooLong', { n: 1000 }) },
          ]}
        >
          <Input.TextArea rows={2} placeholder={status === 'conditional' ? t('accounts.assessment.conditionPlaceholder') : undefined} data-testid="assessment-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="assessment-save">{t('accounts.assessment.save')}</Button>
        <Button style={{ marginLeft: 8 }} onClick={() => onDone(false)}>{t('accounts.common.cancel')}</Button>
      </Form>
    </Card>
  );
}
