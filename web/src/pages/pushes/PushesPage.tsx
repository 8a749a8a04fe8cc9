import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Descriptions, Empty, Form, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePaged } from '../whitelist/use-paged.ts';
import {
  INDUSTRY_PREFIX, PUSH_PATHS, REGION_PREFIX, savePushSubscription, type PublicItem, type PushBatch, type PushFrequency, type PushSubscription,
} from './pushes-api.ts';

const PAGE_SIZE = 20;

const normalise = (values: string[]) => [...new Set(values.map((v) => v.trim().toUpperCase()).filter((v) => v !== ''))];

/** 公开信息批量推送 (institution): the batches pushed to it and its subscription (inst_admin edits, other roles read). */
export default function PushesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes('inst_admin');
  const items = useApi<{ items: PublicItem[] }>(PUSH_PATHS.items);
  const [generation, setGeneration] = useState(0);
  const batches = usePaged<PushBatch>(`batches-${generation}`, (cursor) => PUSH_PATHS.batches(cursor, PAGE_SIZE));
  const itemName = (code: string) => {
    const item = items.data?.items.find((i) => i.code === code);
    return item === undefined ? code : i18n.language.startsWith('en') ? item.nameEn : item.name;
  };

  return (
    <div className="xr-stack" data-testid="pushes-page">
      <Typography.Title level={3} className="xr-portal-title">{t('pushes.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pushes.intro')}</Typography.Paragraph>

      <SubscriptionCard admin={admin} items={items.data?.items} itemName={itemName} onSaved={() => setGeneration((n) => n + 1)} />

      <Card title={t('pushes.batches.title')} data-testid="pushes-batches">
        {batches.error !== undefined && <ProblemAlert error={batches.error} testId="pushes-batches-error" />}
        {batches.head === undefined && batches.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
        {batches.head !== undefined && batches.items.length === 0 && <Empty description={t('pushes.batches.none')} data-testid="pushes-batches-none" />}
        {batches.items.length > 0 && (
          <Table<PushBatch>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={batches.items}
            loading={batches.loading}
            onRow={(b) => ({ 'data-testid': 'pushes-batch-row', 'data-batch-id': b.id }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'period', title: t('pushes.batches.period'), render: (_v, b) => <span className="xr-mono">{b.period}</span> },
              { key: 'trigger', title: t('pushes.batches.trigger'), render: (_v, b) => <Tag>{t(`pushes.batches.${b.trigger}`)}</Tag> },
              { key: 'entries', title: t('pushes.batches.entries'), align: 'right', render: (_v, b) => <strong data-testid="pushes-batch-count">{b.entryCount}</strong> },
              {
                key: 'counts', title: t('pushes.batches.counts'),
                render: (_v, b) => <Space size={4} wrap>{Object.entries(b.counts).map(([code, n]) => <Tag key={code}>{itemName(code)} {n}</Tag>)}</Space>,
              },
              { key: 'readyAt', title: t('pushes.batches.readyAt'), render: (_v, b) => formatTimestamp(b.readyAt) },
              { key: 'open', title: '', render: (_v, b) => <Link to={`/institution/pushes/${b.id}`} data-testid="pushes-batch-open">{t('pushes.batches.open')}</Link> },
            ]}
          />
        )}
        {batches.next !== null && (
          <Button onClick={batches.more} loading={batches.loading} style={{ marginTop: 12 }} data-testid="pushes-batches-more">{t('pushes.batches.more')}</Button>
        )}
      </Card>
    </div>
  );
}

interface SubscriptionValues { regionPrefixes: string[]; industryPrefixes: string[]; items: string[]; frequency: PushFrequency }

function SubscriptionCard(props: { admin: boolean; items: PublicItem[] | undefined; itemName: (code: string) => string; onSaved: () => void }) {
  const { admin, items, itemName, onSaved } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const subscription = useApi<PushSubscription>(PUSH_PATHS.subscription);
  const [form] = Form.useForm<SubscriptionValues>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError>();

  async function save(values: SubscriptionValues) {
    setSaving(true);
    setSaveError(undefined);
    try {
      await savePushSubscription({
        regionPrefixes: normalise(values.regionPrefixes ?? []),
        industryPrefixes: normalise(values.industryPrefixes ?? []),
        items: values.items ?? [],
        frequency: values.frequency,
      });
      void message.success(t('pushes.subscription.saved'));
      subscription.reload();
      onSaved();
    } catch (error) {
      setSaveError(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    } finally {
      setSaving(false);
    }
  }

  const prefixRule = (shape: RegExp, messageKey: string) => ({
    validator: async (_rule: unknown, value: string[] | undefined) => {
      const wrong = normalise(value ?? []).filter((v) => !shape.test(v));
      if (wrong.length > 0) throw new Error(t(messageKey, { values: wrong.join(', ') }));
    },
  });
  const tags = (values: string[], testId: string, label: (v: string) => string = (v) => v) => (
    <span data-testid={testId}>
      {values.length === 0 ? <Typography.Text type="secondary">{t('pushes.subscription.all')}</Typography.Text> : values.map((v) => <Tag key={v}>{label(v)}</Tag>)}
    </span>
  );
  const data = subscription.data;

  return (
    <Card title={t('pushes.subscription.title')} data-testid="pushes-subscription" data-subscribed={String(data?.subscribed ?? false)}>
      {subscription.error !== undefined && <ProblemAlert error={subscription.error} testId="pushes-subscription-load-error" />}
      {data === undefined && subscription.error === undefined && <Skeleton active paragraph={{ rows: 3 }} />}
      {data !== undefined && !admin && (
        <>
          {!data.subscribed && <Empty description={t('pushes.subscription.none')} />}
          {data.subscribed && (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'items', label: t('pushes.subscription.items'), children: tags(data.items, 'pushes-subscription-items', itemName) },
                { key: 'regions', label: t('pushes.subscription.regions'), children: tags(data.regionPrefixes, 'pushes-subscription-regions') },
                { key: 'industries', label: t('pushes.subscription.industries'), children: tags(data.industryPrefixes, 'pushes-subscription-industries') },
                { key: 'frequency', label: t('pushes.subscription.frequency'), children: t(`pushes.subscription.${data.frequency}`) },
                { key: 'next', label: t('pushes.subscription.nextDue'), children: formatTimestamp(data.nextDueAt) },
              ]}
            />
          )}
          <Typography.Text type="secondary">{t('pushes.subscription.readOnly')}</Typography.Text>
        </>
      )}
      {data !== undefined && admin && (
        <Form<SubscriptionValues>
          form={form}
          layout="vertical"
          initialValues={{ regionPrefixes: data.regionPrefixes, industryPrefixes: data.industryPrefixes, items: data.items, frequency: data.frequency }}
          onFinish={(values) => void save(values)}
          style={{ maxWidth: 720 }}
        >
          {saveError !== undefined && <ProblemAlert error={saveError} testId="pushes-subscription-error" />}
          <Form.Item name="items" label={t('pushes.subscription.items')} extra={t('pushes.subscription.itemsHint')} rules={[{ required: true, message: t('pushes.subscription.itemsRequired') }]}>
            <Select
              mode="multiple"
              loading={items === undefined}
              data-testid="pushes-subscription-items-input"
              optionFilterProp="label"
              options={(items ?? []).map((i) => ({ value: i.code, label: `${itemName(i.code)} (${i.code})` }))}
            />
          </Form.Item>
          <Form.Item name="regionPrefixes" label={t('pushes.subscription.regions')} extra={t('pushes.subscription.regionsHint')} rules={[prefixRule(REGION_PREFIX, 'pushes.subscription.regionInvalid')]}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} placeholder={t('pushes.subscription.all')} data-testid="pushes-subscription-regions-input" />
          </Form.Item>
          <Form.Item name="industryPrefixes" label={t('pushes.subscription.industries')} extra={t('pushes.subscription.industriesHint')} rules={[prefixRule(INDUSTRY_PREFIX, 'pushes.subscription.industryInvalid')]}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} placeholder={t('pushes.subscription.all')} data-testid="pushes-subscription-industries-input" />
          </Form.Item>
          <Form.Item name="frequency" label={t('pushes.subscription.frequency')}>
            <Radio.Group data-testid="pushes-subscription-frequency">
              <Radio value="daily">{t('pushes.subscription.daily')}</Radio>
              <Radio value="weekly">{t('pushes.subscription.weekly')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="pushes-subscription-save">{t('pushes.subscription.save')}</Button>
            {data.subscribed && (
              <Typography.Text type="secondary" data-testid="pushes-subscription-next">
                {t('pushes.subscription.nextDue')}：{formatTimestamp(data.nextDueAt)}
              </Typography.Text>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}
