import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation, AuthorisationStatus, ConsentInstitution } from '../../api/consent.ts';
import {
  activateWrittenAuthorisation, AUTHORISATION_STATUSES, changeAuthorisation, CONSENT_PATHS, ProblemError, uploadWrittenAuthorisation, USCC_SHAPE,
} from '../../api/consent.ts';
import { useApi } from '../../api/use-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useConsentReference } from '../consent/consent-reference.tsx';
import { ConsentDetailDrawer } from '../consent/ConsentDetailDrawer.tsx';
import { ConsentTable } from '../consent/ConsentTable.tsx';
import { ConsentTermsFields, DEFAULT_TERMS, termsOf } from '../consent/ConsentTermsFields.tsx';
import type { TermsValues } from '../consent/ConsentTermsFields.tsx';
import { pickedFile, readWrittenDocument, writtenContentTypeOf, WrittenDocumentField } from '../consent/WrittenDocumentField.tsx';

interface WrittenValues extends TermsValues {
  uscc?: string;
  institutionId?: string;
  note?: string;
  document?: UploadFile[];
}

/** The server asks operators for a reason of at least this many characters when they revoke. */
const MIN_REVOKE_REASON = 4;

const asProblem = (error: unknown) => (error instanceof ProblemError ? error : new ProblemError(0, { title: String(error) }));

/**
 * 书面授权: an operator enters an authorisation the enterprise signed on paper, with the scan, and activates it
 * once the original is checked (or revokes it). The server checks every rule again, the scan's content included.
 */
export function WrittenConsentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reference = useConsentReference();
  const [form] = Form.useForm<WrittenValues>();
  const institutions = useApi<{ items: ConsentInstitution[] }>(CONSENT_PATHS.institutions);
  const [statusFilter, setStatusFilter] = useState<AuthorisationStatus>();
  const [usccFilter, setUsccFilter] = useState('');
  const uscc = usccFilter.trim().toUpperCase();
  const usccFilterOk = uscc === '' || USCC_SHAPE.test(uscc);
  const list = useApi<{ items: Authorisation[] }>(CONSENT_PATHS.authorisationsOf({ status: statusFilter, uscc: usccFilterOk && uscc !== '' ? uscc : undefined }));
  const rows = list.data?.items.filter((row) => row.channel === 'written');
  const [openId, setOpenId] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ProblemError>();
  const [uploaded, setUploaded] = useState<Authorisation>();
  const [busy, setBusy] = useState<string>();
  const [actionFailure, setActionFailure] = useState<ProblemError>();
  const [reason, setReason] = useState('');

  const submit = async (values: WrittenValues) => {
    const file = pickedFile(values.document);
    const contentType = file === undefined ? undefined : writtenContentTypeOf(file);
    // the field's rules have passed: a file of an accepted type is there
    if (file === undefined || contentType === undefined) return;
    setSaving(true);
    setFailure(undefined);
    setUploaded(undefined);
    try {
      let document;
      try {
        document = await readWrittenDocument(file, contentType);
      } catch (error) {
        console.warn('reading the scan failed', error);
        form.setFields([{ name: 'document', errors: [t('consent.written.documentUnreadable')] }]);
        return;
      }
      const note = values.note?.trim();
      const result = await uploadWrittenAuthorisation({
        uscc: (values.uscc ?? '').trim().toUpperCase(),
        institutionId: values.institutionId ?? '',
        ...termsOf(values),
        ...(note === undefined || note === '' ? {} : { note }),
        document,
      });
      setUploaded(result);
      form.resetFields();
      list.reload();
    } catch (error) {
      setFailure(asProblem(error));
    } finally {
      setSaving(false);
    }
  };

  const act = async (row: Authorisation, action: 'activate' | 'revoke') => {
    setBusy(`${row.id}:${action}`);
    setActionFailure(undefined);
    try {
      if (action === 'activate') await activateWrittenAuthorisation(row.id);
      else await changeAuthorisation(row.id, 'revoke', reason);
      setReason('');
      const names = { enterprise: row.enterprise.name, institution: row.institution.name };
      void message.success(t(action === 'activate' ? 'consent.written.activated' : 'consent.written.revoked', names));
      list.reload();
    } catch (error) {
      setActionFailure(asProblem(error));
    } finally {
      setBusy(undefined);
    }
  };

  const actions = (row: Authorisation) => (
    <>
      {row.status === 'PENDING' && (
        <Popconfirm
          title={t('consent.written.activateTitle')}
          description={<div style={{ maxWidth: 320 }}>{t('consent.written.activateText', { institution: row.institution.name })}</div>}
          okText={t('consent.written.activateOk')}
          cancelText={t('consent.confirm.cancel')}
          onConfirm={() => act(row, 'activate')}
        >
          <Button size="small" type="primary" loading={busy === `${row.id}:activate`} data-testid="written-activate">
            {t('consent.written.activate')}
          </Button>
        </Popconfirm>
      )}
      {(row.status === 'ACTIVE' || row.status === 'PAUSED') && (
        <Popconfirm
          title={t('consent.confirm.revoke.title')}
          description={
            <div style={{ maxWidth: 320 }}>
              <div>{t('consent.written.revokeText', { institution: row.institution.name })}</div>
              <Input.TextArea
                style={{ marginTop: 8 }}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder={t('consent.written.revokeReason')}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                data-testid="written-revoke-reason"
              />
            </div>
          }
          onOpenChange={(open) => {
            if (open) setReason('');
          }}
          okText={t('consent.confirm.revoke.ok')}
          cancelText={t('consent.confirm.cancel')}
          okButtonProps={{ danger: true, disabled: reason.trim().length < MIN_REVOKE_REASON }}
          onConfirm={() => act(row, 'revoke')}
        >
          <Button size="small" danger loading={busy === `${row.id}:revoke`} data-testid="written-revoke">
            {t('consent.action.revoke')}
          </Button>
        </Popconfirm>
      )}
    </>
  );

  return (
    <div className="xr-stack" data-testid="written-consent-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('consent.written.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('consent.written.intro')}</Typography.Paragraph>
      {reference.error !== undefined && <ProblemAlert error={reference.error} />}

      <Card title={t('consent.written.listTitle')} data-testid="written-list-card">
        <div className="xr-stack">
          <Space wrap>
            <Select<AuthorisationStatus>
              allowClear
              style={{ width: 140 }}
              placeholder={t('consent.allStatuses')}
              value={statusFilter}
              onChange={(value) => setStatusFilter(value)}
              data-testid="written-status-filter"
              options={AUTHORISATION_STATUSES.map((status) => ({ value: status, label: t(`consent.status.${status}`) }))}
            />
            <Input.Search
              allowClear
              maxLength={18}
              className="xr-mono"
              style={{ width: 260, maxWidth: '100%' }}
              placeholder={t('consent.written.usccFilter')}
              status={usccFilterOk ? undefined : 'warning'}
              onSearch={(value) => setUsccFilter(value)}
              data-testid="written-uscc-filter"
            />
          </Space>
          {!usccFilterOk && <Typography.Text type="warning">{t('consent.form.usccShape')}</Typography.Text>}
          {list.error !== undefined && <ProblemAlert error={list.error} />}
          {actionFailure !== undefined && <ProblemAlert error={actionFailure} testId="written-action-error" />}
          <ConsentTable
            testId="written-list"
            rows={rows}
            loading={list.loading}
            reference={reference}
            counterparty="both"
            showCreated
            actions={actions}
            onOpen={(row) => setOpenId(row.id)}
          />
        </div>
      </Card>

      <Card title={t('consent.written.formTitle')} data-testid="written-form-card">
        <div className="xr-stack">
          {institutions.error !== undefined && <ProblemAlert error={institutions.error} />}
          <Form<WrittenValues> form={form} layout="vertical" initialValues={DEFAULT_TERMS} onFinish={(values) => void submit(values)} scrollToFirstError data-testid="written-form">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="uscc"
                  label={t('consent.field.uscc')}
                  extra={t('consent.written.usccHint')}
                  normalize={(value: string | undefined) => value?.toUpperCase()}
                  rules={[
                    { required: true, message: t('consent.form.required', { field: t('consent.field.uscc') }) },
                    { pattern: USCC_SHAPE, message: t('consent.form.usccShape'), transform: (value: string) => value.trim().toUpperCase() },
                  ]}
                >
                  <Input maxLength={18} className="xr-mono" data-testid="written-uscc" placeholder={t('consent.written.usccPlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="institutionId"
                  label={t('consent.field.institution')}
                  rules={[{ required: true, message: t('consent.form.required', { field: t('consent.field.institution') }) }]}
                >
                  <Select
                    data-testid="written-institution"
                    loading={institutions.loading}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('consent.form.chooseInstitution')}
                    options={(institutions.data?.items ?? []).map((institution) => ({ value: institution.id, label: institution.name }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <ConsentTermsFields reference={reference} prefix="written" />
            <Form.Item name="note" label={t('consent.written.note')}>
              <Input.TextArea
                maxLength={500}
                showCount
                autoSize={{ minRows: 2, maxRows: 4 }}
                placeholder={t('consent.written.notePlaceholder')}
                data-testid="written-note"
              />
            </Form.Item>
            <WrittenDocumentField name="document" testId="written-document" />
            {/* the answer next to the button that asked: the form is long and its top is out of sight */}
            {uploaded !== undefined && (
              <Alert
                type="success"
                showIcon
                closable
                style={{ marginBottom: 16 }}
                data-testid="written-uploaded"
                title={t('consent.written.uploaded', { enterprise: uploaded.enterprise.name, institution: uploaded.institution.name })}
              />
            )}
            {failure !== undefined && (
              <div style={{ marginBottom: 16 }}>
                <ProblemAlert error={failure} testId="written-error" />
              </div>
            )}
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="written-submit">
                {t('consent.written.submit')}
              </Button>
              <Button onClick={() => form.resetFields()}>{t('consent.form.reset')}</Button>
            </Space>
          </Form>
        </div>
      </Card>

      <ConsentDetailDrawer id={openId} reference={reference} onClose={() => setOpenId(undefined)} evidence />
    </div>
  );
}
