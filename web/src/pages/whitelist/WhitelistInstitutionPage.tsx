import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import {
  INDUSTRY_PREFIX, REGION_PREFIX, saveWhitelistSubscription, WHITELIST_PATHS, type WhitelistEntry, type WhitelistPushed, type WhitelistSubscription,
} from '../../api/whitelist.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePaged } from './use-paged.ts';
import { EntryTable } from './WhitelistParts.tsx';
import { invalidPrefixes, normalisePrefixes } from './whitelist-format.ts';

const PAGE_SIZE = 50;

/** 信易贷白名单 (institution): the latest white-list pushed to it, with each enterprise's reasons, and its subscription. */
export default function WhitelistInstitutionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.roles.includes('inst_admin');
  const pushed = usePaged<WhitelistEntry, WhitelistPushed>('pushed', (cursor) => WHITELIST_PATHS.pushed(cursor, PAGE_SIZE));
  const head = pushed.head;

  return (
    <div className="xr-stack" data-testid="whitelist-institution-page">
      <Typography.Title level={3} className="xr-portal-title">{t('whitelist.institution.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('whitelist.institution.intro')}</Typography.Paragraph>

      <Card title={t('whitelist.institution.pushed')} data-testid="whitelist-pushed" data-run-id={head?.runId ?? ''}>
        {pushed.error !== undefined && <ProblemAlert error={pushed.error} testId="whitelist-pushed-error" />}
        {head === undefined && pushed.error === undefined && <Skeleton active paragraph={{ rows: 4 }} />}
        {head !== undefined && head.runId === null && (
          <Empty description={t('whitelist.institution.nothingPushed')} data-testid="whitelist-pushed-none" />
        )}
        {head !== undefined && head.runId !== null && (
          <>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 3 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'period', label: t('whitelist.run.period'), children: <span data-testid="whitelist-pushed-period">{head.period}</span> },
                { key: 'at', label: t('whitelist.detail.pushedAt'), children: formatTimestamp(head.pushedAt) },
                { key: 'count', label: t('whitelist.institution.entryCount'), children: <strong data-testid="whitelist-pushed-count">{head.entryCount}</strong> },
              ]}
            />
            <EntryTable items={pushed.items} loading={pushed.loading} next={pushed.next} onMore={pushed.more} testId="whitelist-pushed-entries" />
          </>
        )}
      </Card>

      <SubscriptionCard admin={admin} />
    </div>
  );
}

interface SubscriptionValues { regionPrefixes: string[]; industryPrefixes: string[] }

/** The regions and industries the institution subscribes to: inst_admin edits, other roles read. */
function SubscriptionCard({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const subscription = useApi<WhitelistSubscription>(WHITELIST_PATHS.subscription);
  const [form] = Form.useForm<SubscriptionValues>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError>();

  async function save(values: SubscriptionValues) {
    setSaving(true);
    setSaveError(undefined);
    try {
      const saved = await saveWhitelistSubscription({
        regionPrefixes: normalisePrefixes(values.regionPrefixes ?? []),
        industryPrefixes: normalisePrefixes(values.industryPrefixes ?? []),
      });
      form.setFieldsValue({ regionPrefixes: saved.regionPrefixes, industryPrefixes: saved.industryPrefixes });
      void message.success(t('whitelist.subscription.saved'));
      subscription.reload();
    } catch (error) {
      setSaveError(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    } finally {
      setSaving(false);
    }
  }

  const prefixRule = (shape: RegExp, messageKey: string) => ({
    validator: async (_rule: unknown, value: string[] | undefined) => {
      const wrong = invalidPrefixes(normalisePrefixes(value ?? []), shape);
      if (wrong.length > 0) throw new Error(t(messageKey, { values: wrong.join(', ') }));
    },
  });

  const data = subscription.data;
  const tags = (values: string[], testId: string) => (
    <span data-testid={testId}>
      {values.length === 0 ? <Typography.Text type="secondary">{t('whitelist.subscription.all')}</Typography.Text> : values.map((v) => <Tag key={v} className="xr-mono">{v}</Tag>)}
    </span>
  );

  return (
    <Card title={t('whitelist.subscription.title')} data-testid="whitelist-subscription" data-editable={String(admin)}>
      <Typography.Paragraph type="secondary">{t('whitelist.subscription.intro')}</Typography.Paragraph>
      {subscription.error !== undefined && <ProblemAlert error={subscription.error} testId="whitelist-subscription-load-error" />}
      {data === undefined && subscription.error === undefined && <Skeleton active paragraph={{ rows: 2 }} />}
      {data !== undefined && !admin && (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'regions', label: t('whitelist.subscription.regions'), children: tags(data.regionPrefixes, 'whitelist-subscription-regions') },
              { key: 'industries', label: t('whitelist.subscription.industries'), children: tags(data.industryPrefixes, 'whitelist-subscription-industries') },
              { key: 'updated', label: t('whitelist.subscription.updatedAt'), children: formatTimestamp(data.updatedAt) || t('whitelist.subscription.never') },
            ]}
          />
          <Typography.Text type="secondary">{t('whitelist.subscription.readOnly')}</Typography.Text>
        </>
      )}
      {data !== undefined && admin && (
        <Form<SubscriptionValues>
          form={form}
          layout="vertical"
          initialValues={{ regionPrefixes: data.regionPrefixes, industryPrefixes: data.industryPrefixes }}
          onFinish={(values) => void save(values)}
          style={{ maxWidth: 640 }}
        >
          {saveError !== undefined && <ProblemAlert error={saveError} testId="whitelist-subscription-error" />}
          <Form.Item
            name="regionPrefixes"
            label={t('whitelist.subscription.regions')}
            extra={t('whitelist.subscription.regionsHint')}
            rules={[prefixRule(REGION_PREFIX, 'whitelist.subscription.regionInvalid')]}
          >
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} placeholder={t('whitelist.subscription.all')} data-testid="whitelist-subscription-regions-input" />
          </Form.Item>
          <Form.Item
            name="industryPrefixes"
            label={t('whitelist.subscription.industries')}
            extra={t('whitelist.subscription.industriesHint')}
            rules={[prefixRule(INDUSTRY_PREFIX, 'whitelist.subscription.industryInvalid')]}
          >
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} placeholder={t('whitelist.subscription.all')} data-testid="whitelist-subscription-industries-input" />
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="whitelist-subscription-save">{t('whitelist.subscription.save')}</Button>
            <Typography.Text type="secondary" data-testid="whitelist-subscription-updated">
              {t('whitelist.subscription.updatedAt')}：{formatTimestamp(data.updatedAt) || t('whitelist.subscription.never')}
            </Typography.Text>
          </Space>
        </Form>
      )}
    </Card>
  );
}
