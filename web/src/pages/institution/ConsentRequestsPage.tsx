import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation, AuthorisationStatus } from '../../api/consent.ts';
import { AUTHORISATION_STATUSES, CONSENT_PATHS, ProblemError, requestAuthorisation, USCC_SHAPE } from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useConsentReference } from '../consent/consent-reference.tsx';
import { ConsentDetailDrawer } from '../consent/ConsentDetailDrawer.tsx';
import { ConsentTable } from '../consent/ConsentTable.tsx';
import { ConsentTermsFields, DEFAULT_TERMS, termsOf } from '../consent/ConsentTermsFields.tsx';
import type { TermsValues } from '../consent/ConsentTermsFields.tsx';

interface RequestValues extends TermsValues {
  uscc?: string;
  note?: string;
}

/** 18 characters of the GB 32100-2015 code set; the server checks the check character. */

/** 授权申请: the institution asks an enterprise for an authorisation and follows its requests and grants. */
export function ConsentRequestsPage() {
  const { t } = useTranslation();
  const reference = useConsentReference();
  const [form] = Form.useForm<RequestValues>();
  const [statusFilter, setStatusFilter] = useState<AuthorisationStatus>();
  const list = useApi<{ items: Authorisation[] }>(CONSENT_PATHS.authorisations(statusFilter));
  const [openId, setOpenId] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const [sent, setSent] = useState<Authorisation>();

  const submit = async (values: RequestValues) => {
    setSaving(true);
    setFailure(undefined);
    setSent(undefined);
    try {
      const note = values.note?.trim();
      const result = await requestAuthorisation({
        uscc: (values.uscc ?? '').trim().toUpperCase(),
        ...termsOf(values),
        ...(note === undefined || note === '' ? {} : { note }),
      });
      setSent(result);
      form.resetFields();
      list.reload();
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="xr-stack" data-testid="consent-requests-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('consent.institution.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('consent.institution.intro')}</Typography.Paragraph>
      {reference.error !== undefined && <ProblemAlert error={reference.error} />}

      <Card
        title={t('consent.institution.listTitle')}
        extra={
          <Select<AuthorisationStatus>
            allowClear
            style={{ width: 140 }}
            placeholder={t('consent.allStatuses')}
            value={statusFilter}
            onChange={(value) => setStatusFilter(value)}
            options={AUTHORISATION_STATUSES.map((status) => ({ value: status, label: t(`consent.status.${status}`) }))}
          />
        }
      >
        {list.error !== undefined && <ProblemAlert error={list.error} />}
        <ConsentTable
          testId="consent-requests"
          rows={list.data?.items}
          loading={list.loading}
          reference={reference}
          counterparty="enterprise"
          onOpen={(row) => setOpenId(row.id)}
        />
      </Card>

      <Card title={t('consent.institution.formTitle')} data-testid="consent-request-card">
        <div className="xr-stack">
          {sent !== undefined && (
            <Alert
              type="success"
              showIcon
              closable
              data-testid="consent-request-sent"
              title={t('consent.institution.sent', { enterprise: sent.enterprise.name })}
            />
          )}
          {failure !== undefined && <ProblemAlert error={failure} testId="consent-request-error" />}
          <Form<RequestValues> form={form} layout="vertical" initialValues={DEFAULT_TERMS} onFinish={(values) => void submit(values)} scrollToFirstError>
            <Form.Item
              name="uscc"
              label={t('consent.field.uscc')}
              rules={[
                { required: true, message: t('consent.form.required', { field: t('consent.field.uscc') }) },
                { pattern: USCC_SHAPE, message: t('consent.form.usccShape'), transform: (value: string) => value.trim().toUpperCase() },
              ]}
            >
              <Input maxLength={18} className="xr-mono" data-testid="consent-request-uscc" placeholder={t('consent.form.usccPlaceholder')} />
            </Form.Item>
            <ConsentTermsFields reference={reference} prefix="consent-request" />
            <Form.Item name="note" label={t('consent.field.note')}>
              <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="consent-request-note" />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="consent-request-submit">
                {t('consent.institution.submit')}
              </Button>
              <Button onClick={() => form.resetFields()}>{t('consent.form.reset')}</Button>
            </Space>
          </Form>
        </div>
      </Card>

      <ConsentDetailDrawer id={openId} reference={reference} onClose={() => setOpenId(undefined)} />
    </div>
  );
}
