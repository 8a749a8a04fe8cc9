import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { createOrganisation, type AccountCodes, type Org, type OrgKind } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { NodeRegionSelect } from './AccountParts.tsx';
import { categoryOptions, needsUscc, usccShapeProblem } from './accounts-format.ts';
import { showFormProblem } from './form-problem.ts';

interface Values { name: string; uscc?: string; regionCode: string; category?: string }

/** 新增机构: registers an institution, a provider or an operator department on this node. */
export function NewOrganisationModal({ kind, codes, open, onClose, onCreated }: {
  kind: OrgKind;
  /** the categories table; the category list stays empty until it arrives */
  codes: AccountCodes | undefined;
  open: boolean;
  onClose: () => void;
  onCreated: (org: Org) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const categories = categoryOptions(codes, kind, currentLanguage());
  const hasCategory = kind !== 'operator';
  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(undefined);
    }
  }, [open, form]);
  const regionFailed = useCallback((error: ApiError) => setProblem(problemText(error, t('error.generic'))), [t]);

  async function submit(v: Values) {
    setBusy(true);
    setProblem(undefined);
    try {
      const org = await createOrganisation({
        kind,
        name: v.name.trim(),
        regionCode: v.regionCode,
        ...(needsUscc(kind) && v.uscc ? { uscc: v.uscc.trim().toUpperCase() } : {}),
        ...(hasCategory && v.category ? { category: v.category } : {}),
      });
      onCreated(org);
    } catch (error) {
      showFormProblem(form, error, ['name', 'uscc', 'regionCode', 'category'] as const, setProblem, t('error.generic'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('accounts.org.newTitle', { kind: t(`accounts.kind.${kind}`) })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('accounts.common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="org-submit">{t('accounts.org.create')}</Button>,
      ]}
    >
      {problem !== undefined && <Alert type="error" showIcon title={problem} data-testid="org-problem" style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="org-form">
        <Form.Item
          name="name"
          label={t('accounts.field.name')}
          rules={[{ required: true, whitespace: true, message: t('accounts.org.nameRequired') }, { max: 100, message: t('accounts.common.tooLong', { n: 100 }) }]}
        >
          <Input data-testid="org-name" />
        </Form.Item>
        {needsUscc(kind) && (
          <Form.Item
            name="uscc"
            label={t('accounts.field.uscc')}
            normalize={(value: string) => value.toUpperCase()}
            validateFirst
            rules={[
              { required: true, whitespace: true, message: t('accounts.org.usccRequired') },
              {
                validator: async (_rule, value?: string) => {
                  const shape = usccShapeProblem(value ?? '');
                  if (shape !== null) throw new Error(t(`accounts.org.uscc.${shape}`));
                },
              },
            ]}
          >
            <Input className="xr-mono" autoComplete="off" data-testid="org-uscc" />
          </Form.Item>
        )}
        <Form.Item name="regionCode" label={t('accounts.field.region')} rules={[{ required: true, message: t('accounts.org.regionRequired') }]}>
          <NodeRegionSelect onError={regionFailed} />
        </Form.Item>
        {hasCategory && (
          <Form.Item name="category" label={t('accounts.field.category')} rules={[{ required: true, message: t('accounts.org.categoryRequired') }]}>
            <Select
              data-testid="org-category"
              placeholder={t('accounts.org.categoryPlaceholder')}
              loading={codes === undefined}
              options={categories}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
