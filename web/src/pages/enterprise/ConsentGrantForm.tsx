import { useState } from 'react';
import { Alert, Button, Form, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation, ConsentInstitution } from '../../api/consent.ts';
import { CONSENT_PATHS, grantAuthorisation, ProblemError } from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import type { ConsentReference } from '../consent/consent-reference.tsx';
import { ConsentTermsFields, DEFAULT_TERMS, termsOf } from '../consent/ConsentTermsFields.tsx';
import type { TermsValues } from '../consent/ConsentTermsFields.tsx';

interface GrantValues extends TermsValues {
  institutionId?: string;
}

/** 主动授权: the enterprise authorises one institution to use chosen items for one purpose, within limits. */
export function ConsentGrantForm({ reference, onGranted }: { reference: ConsentReference; onGranted: (granted: Authorisation) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const institutions = useApi<{ items: ConsentInstitution[] }>(CONSENT_PATHS.institutions);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const [granted, setGranted] = useState<Authorisation>();

  const submit = async (values: GrantValues) => {
    setSaving(true);
    setFailure(undefined);
    setGranted(undefined);
    try {
      const result = await grantAuthorisation({ institutionId: values.institutionId ?? '', ...termsOf(values) });
      setGranted(result);
      form.resetFields();
      onGranted(result);
    } catch (error) {
      setFailure(error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="xr-stack" data-testid="consent-grant">
      {granted !== undefined && (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="consent-granted"
          title={t('consent.grant.done', { institution: granted.institution.name })}
        />
      )}
      {failure !== undefined && <ProblemAlert error={failure} testId="consent-grant-error" />}
      {institutions.error !== undefined && <ProblemAlert error={institutions.error} />}
      <Form<GrantValues> form={form} layout="vertical" initialValues={DEFAULT_TERMS} onFinish={(values) => void submit(values)} scrollToFirstError>
        <Form.Item
          name="institutionId"
          label={t('consent.field.institution')}
          rules={[{ required: true, message: t('consent.form.required', { field: t('consent.field.institution') }) }]}
        >
          <Select
            data-testid="consent-grant-institution"
            loading={institutions.loading}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('consent.form.chooseInstitution')}
            options={(institutions.data?.items ?? []).map((institution) => ({
              value: institution.id,
              label: institution.name,
            }))}
          />
        </Form.Item>
        <ConsentTermsFields reference={reference} prefix="consent-grant" />
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="consent-grant-submit">
            {t('consent.grant.submit')}
          </Button>
          <Button onClick={() => form.resetFields()}>{t('consent.form.reset')}</Button>
        </Space>
      </Form>
    </div>
  );
}
