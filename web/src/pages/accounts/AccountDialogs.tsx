import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createUser, type AccountOrgKind, type AccountUser, type Activation } from '../../api/accounts.ts';
import { formatTimestamp, roleLabel } from '../../components/labels.ts';
import { activationAddress, ORG_ROLES, USERNAME_PATTERN } from './accounts-format.ts';
import { showFormProblem } from './form-problem.ts';

/** An activation code just issued, with whom it is for. */
export interface IssuedCode {
  user: Pick<AccountUser, 'username' | 'displayName'>;
  activation: Activation;
}

interface UserValues { username: string; displayName: string; roles: string[] }

/** 新增账号: username, name and the roles this kind of organisation may give; the server answers with the code. */
export function NewUserModal({ open, orgId, orgKind, onClose, onCreated }: {
  open: boolean;
  orgId: string;
  orgKind: AccountOrgKind;
  onClose: () => void;
  onCreated: (issued: IssuedCode) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(undefined);
    }
  }, [open, form]);

  async function submit(values: UserValues) {
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await createUser(orgId, { username: values.username.trim(), displayName: values.displayName.trim(), roles: values.roles });
      onCreated(created);
    } catch (error) {
      showFormProblem(form, error, ['username', 'displayName', 'roles'] as const, setProblem, t('error.generic'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('accounts.users.new')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('accounts.common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="account-user-submit">{t('accounts.users.create')}</Button>,
      ]}
    >
      {problem !== undefined && <Alert type="error" showIcon title={problem} data-testid="account-user-problem" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        // where the organisation gives one role only (an enterprise's agent, a provider's admin) it is already ticked
        initialValues={{ roles: ORG_ROLES[orgKind].length === 1 ? [...ORG_ROLES[orgKind]] : [] }}
        onFinish={(v) => void submit(v)}
        data-testid="account-user-form"
      >
        <Form.Item
          name="username"
          label={t('accounts.users.username')}
          extra={t('accounts.users.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.users.usernameRequired') },
            { pattern: USERNAME_PATTERN, message: t('accounts.users.usernamePattern') },
          ]}
        >
          <Input autoComplete="off" data-testid="account-user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('accounts.users.displayName')} rules={[{ required: true, whitespace: true, message: t('accounts.users.displayNameRequired') }, { max: 50, message: t('accounts.common.tooLong', { n: 50 }) }]}>
          <Input data-testid="account-user-display-name" />
        </Form.Item>
        <Form.Item name="roles" label={t('accounts.users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('accounts.users.rolesRequired') }]}>
          <Checkbox.Group
            data-testid="account-user-roles"
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={ORG_ROLES[orgKind].map((role) => ({ value: role, label: <span data-testid={`account-role-${role}`}>{roleLabel(t, role)}</span> }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The activation code, shown once: the admin copies it and hands it to the person out of band, with the address of
 * the activation page. Closing needs a deliberate click — a click beside the dialog must not lose the code.
 */
export function ActivationCodeModal({ issued, onClose }: { issued: IssuedCode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const address = activationAddress(window.location.origin);
  return (
    <Modal
      open={issued !== null}
      title={t('accounts.code.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={<Button type="primary" onClick={onClose} data-testid="activation-code-done">{t('accounts.code.done')}</Button>}
    >
      {issued !== null && (
        <div className="xr-stack" data-testid="activation-code-modal">
          <Alert type="warning" showIcon title={t('accounts.code.once')} />
          <Descriptions size="small" column={1} bordered className="xr-descriptions">
            <Descriptions.Item label={t('accounts.users.username')}>
              <Typography.Text className="xr-mono" copyable data-testid="activation-code-username">{issued.user.username}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('accounts.code.code')}>
              <Typography.Text className="xr-mono" strong copyable={{ text: issued.activation.code }} style={{ fontSize: 18 }} data-testid="activation-code">
                {issued.activation.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('accounts.code.expiresAt')}>
              <span data-testid="activation-code-expires">{formatTimestamp(issued.activation.expiresAt)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('accounts.code.address')}>
              <Typography.Text className="xr-mono" copyable data-testid="activation-code-address">{address}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph data-testid="activation-code-hand-over">
            {t('accounts.code.handOver', { name: issued.user.displayName, url: address })}
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}
