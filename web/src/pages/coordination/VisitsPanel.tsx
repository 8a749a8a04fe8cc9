import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Grid, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { COORDINATION_PATHS, recordVisit, type CoordinationCodes, type Visit } from '../../api/coordination.ts';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Fen, useCodeText } from './CoordinationParts.tsx';
import { yuanToFen } from './coordination-format.ts';

interface Filter { region?: string; uscc?: string; range?: [Dayjs | null, Dayjs | null] | null }

/** 走访记录: the visits (scoped by the server to what the caller may see), filters, and the record form. */
export function VisitsPanel({ codes, canRecord }: { codes: CoordinationCodes | undefined; canRecord: boolean }) {
  const { t } = useTranslation();
  const codeText = useCodeText();
  const [filter, setFilter] = useState<{ region?: string; uscc?: string; from?: string; to?: string }>({});
  const visits = useApi<{ items: Visit[] }>(COORDINATION_PATHS.visits(filter));
  const [recording, setRecording] = useState(false);
  const wide = Grid.useBreakpoint().md === true;
  const w = (px: number) => ({ width: wide ? px : '100%' });

  function search(values: Filter) {
    const [from, to] = values.range ?? [null, null];
    setFilter({ region: values.region?.trim() || undefined, uscc: values.uscc?.trim() || undefined, from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') });
  }

  return (
    <Card
      title={t('coordination.operator.tabVisits')}
      extra={canRecord && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="coordination-visit-new">{t('coordination.visit.record')}</Button>}
      data-testid="coordination-visits"
    >
      <Form<Filter> layout={wide ? 'inline' : 'vertical'} onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="region" label={t('coordination.visit.filterRegion')}><Input allowClear style={w(120)} data-testid="coordination-visit-filter-region" /></Form.Item>
        <Form.Item name="uscc" label={t('coordination.visit.filterUscc')}><Input allowClear style={w(210)} /></Form.Item>
        <Form.Item name="range" label={t('coordination.visit.filterPeriod')}><DatePicker.RangePicker allowEmpty={[true, true]} style={w(260)} /></Form.Item>
        <Form.Item><Button htmlType="submit" icon={<SearchOutlined />}>{t('coordination.visit.search')}</Button></Form.Item>
      </Form>
      {visits.error !== undefined && <ProblemAlert error={visits.error} testId="coordination-visits-error" />}
      <Table<Visit>
        rowKey="id"
        size="small"
        loading={visits.loading}
        dataSource={visits.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('coordination.visit.none') }}
        data-testid="coordination-visit-table"
        columns={[
          { key: 'on', title: t('coordination.visit.visitedOn'), dataIndex: 'visitedOn', width: 110 },
          {
            key: 'ent', title: t('coordination.visit.enterprise'),
            render: (_, v) => <Space orientation="vertical" size={0}><span>{v.enterpriseName}</span><Typography.Text type="secondary" copyable>{v.uscc}</Typography.Text></Space>,
          },
          { key: 'region', title: t('coordination.visit.region'), dataIndex: 'regionCode', width: 90 },
          { key: 'channel', title: t('coordination.visit.channel'), width: 100, render: (_, v) => codeText(codes?.channels, v.channel) },
          {
            key: 'need', title: t('coordination.visit.need'),
            render: (_, v) => v.need === null
              ? <Typography.Text type="secondary">{t('coordination.visit.noNeed')}</Typography.Text>
              : (
                <Space orientation="vertical" size={0}>
                  <Fen value={v.need.amountFen} testId="coordination-visit-need" />
                  <Typography.Text type="secondary">
                    {[v.need.termMonths === null ? null : t('coordination.visit.months', { count: v.need.termMonths }), v.need.purpose, v.need.guarantee].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            key: 'diff', title: t('coordination.visit.difficulties'),
            render: (_, v) => <Space size={[0, 4]} wrap>{v.difficulties.map((d) => <Tag key={d}>{codeText(codes?.difficulties, d)}</Tag>)}</Space>,
          },
          { key: 'by', title: t('coordination.visit.recordedBy'), width: 150, render: (_, v) => <Space orientation="vertical" size={0}><span>{v.visitors.join('、')}</span><Typography.Text type="secondary">{formatTimestamp(v.recordedAt)}</Typography.Text></Space> },
        ]}
      />
      {recording && <VisitForm codes={codes} onClose={(saved) => { setRecording(false); if (saved) visits.reload(); }} />}
    </Card>
  );
}

interface VisitValues {
  uscc: string; visitedOn: Dayjs; visitors: string[]; channel: string; hasNeed: boolean; amount?: string; termMonths?: number | null;
  purpose?: string; guarantee?: string; difficulties?: string[]; difficultyNote?: string; followUp?: string;
}

function VisitForm({ codes, onClose }: { codes: CoordinationCodes | undefined; onClose: (saved: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitValues>();
  const hasNeed = Form.useWatch('hasNeed', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const options = (list: { code: string; zh: string; en: string }[] | undefined) => (list ?? []).map((c) => ({ value: c.code, label: i18n.language === 'en' ? c.en : c.zh }));

  async function save(v: VisitValues) {
    setSaving(true);
    setError(undefined);
    try {
      await recordVisit({
        uscc: v.uscc.trim().toUpperCase(), visitedOn: v.visitedOn.format('YYYY-MM-DD'), visitors: v.visitors, channel: v.channel,
        need: v.hasNeed ? { amountFen: yuanToFen(v.amount ?? '')!, termMonths: v.termMonths ?? undefined, purpose: v.purpose || undefined, guarantee: v.guarantee || undefined } : null,
        difficulties: v.difficulties ?? [], difficultyNote: v.difficultyNote || undefined, followUp: v.followUp || undefined,
      });
      void message.success(t('coordination.visit.saved'));
      onClose(true);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setSaving(false);
    }
  }

  const required = [{ required: true, message: t('coordination.visit.required') }];
  return (
    <Modal open width={720} title={t('coordination.visit.recordTitle')} onCancel={() => onClose(false)} okText={t('coordination.visit.save')} cancelText={t('coordination.visit.cancel')}
      onOk={() => form.submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'coordination-visit-save' } as Record<string, string>} data-testid="coordination-visit-form">
      {error !== undefined && <div style={{ marginBottom: 12 }}><ProblemAlert error={error} testId="coordination-visit-error" /></div>}
      <Form<VisitValues> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ visitedOn: dayjs(), channel: 'on_site', hasNeed: true, visitors: [] }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="uscc" label={t('coordination.visit.uscc')} rules={required}>
              <Input maxLength={18} placeholder={t('coordination.visit.usccPlaceholder')} data-testid="coordination-visit-uscc" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="visitedOn" label={t('coordination.visit.visitedOn')} rules={required}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="channel" label={t('coordination.visit.channel')} rules={required}><Select options={options(codes?.channels)} /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="visitors" label={t('coordination.visit.visitors')} rules={required}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} placeholder={t('coordination.visit.visitorsPlaceholder')} data-testid="coordination-visit-visitors" />
        </Form.Item>
        <Form.Item name="hasNeed" label={t('coordination.visit.hasNeed')} valuePropName="checked"><Switch data-testid="coordination-visit-has-need" /></Form.Item>
        {hasNeed === true && (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="amount" label={t('coordination.visit.amount')}
                rules={[...required, { validator: async (_, value: string | undefined) => { if (value && yuanToFen(value) === null) throw new Error(t('coordination.visit.amountInvalid')); } }]}>
                <Input inputMode="decimal" placeholder={t('coordination.visit.amountPlaceholder')} data-testid="coordination-visit-amount" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}><Form.Item name="termMonths" label={t('coordination.visit.term')}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={12} md={6}><Form.Item name="purpose" label={t('coordination.visit.purpose')}><Input maxLength={200} data-testid="coordination-visit-purpose" /></Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="guarantee" label={t('coordination.visit.guarantee')}><Input maxLength={100} /></Form.Item></Col>
          </Row>
        )}
        <Form.Item name="difficulties" label={t('coordination.visit.difficulties')}><Select mode="multiple" options={options(codes?.difficulties)} data-testid="coordination-visit-difficulties" /></Form.Item>
        <Form.Item name="difficultyNote" label={t('coordination.visit.difficultyNote')}><Input.TextArea maxLength={1000} rows={2} /></Form.Item>
        <Form.Item name="followUp" label={t('coordination.visit.followUp')}><Input.TextArea maxLength={1000} rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}
