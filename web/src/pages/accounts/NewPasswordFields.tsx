import { Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/**
 * A password a person chooses, typed twice: the server's rule as the hint, the second entry checked against the
 * first before anything is sent. Fields `password` and `confirm`; test ids `<testIdPrefix>-password` / `-confirm`.
 */
export function NewPasswordFields({ testIdPrefix, labels }: {
  testIdPrefix: string;
  labels: { password: string; confirm: string; passwordRequired: string; confirmRequired: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="password" label={labels.password} extra={t('accounts.activate.passwordHint')} rules={[{ required: true, message: labels.passwordRequired }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid={`${testIdPrefix}-password`} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={labels.confirm}
        dependencies={['password']}
        rules={[
          { required: true, message: labels.confirmRequired },
          ({ getFieldValue }) => ({
            validator: async (_rule, value?: string) => {
              if (value && value !== getFieldValue('password')) throw new Error(t('accounts.activate.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid={`${testIdPrefix}-confirm`} />
      </Form.Item>
    </>
  );
}
