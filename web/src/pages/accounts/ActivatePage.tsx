import { useState } from 'react';
import { Alert, Button, Card, Form, Input, QRCode, Result, Space, Typography } from 'antd';
import { KeyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { activateAccount, type ActivationResult } from '../../api/accounts.ts';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { groupSecret } from './accounts-format.ts';
import { showFormProblem } from './form-problem.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';

interface Values { username: string; code: string; password: string; confirm: string }

/**
 * 激活账号 (public): the person enters the username and one-time code their admin handed over and sets a password.
 * Where the role needs a second factor, the next step shows the TOTP secret to add to an authenticator app.
 */
export default function ActivatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<ActivationResult>();

  async function submit(v: Values) {
    setBusy(true);
    setProblem(undefined);
    try {
      setDone(await activateAccount({ username: v.username.trim(), code: v.code.trim(), password: v.password }));
    } catch (error) {
      showFormProblem(form, error, ['password', 'code'] as const, setProblem, t('error.generic'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <PublicHeader />
      <div className="xr-login">
        <Card className="xr-login-card" data-testid="activate-card" style={done?.totp ? { maxWidth: 520 } : undefined}>
          {done === undefined && (
            <>
              <Typography.Title level={3} style={{ marginTop: 0 }}>{t('accounts.activate.title')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('accounts.activate.intro')}</Typography.Paragraph>
              {problem !== undefined && <Alert type="error" showIcon title={problem} data-testid="activate-error" style={{ marginBottom: 16 }} />}
              <Form<Values>
                form={form}
                layout="vertical"
                requiredMark={false}
                initialValues={{ username: params.get('username') ?? '' }}
                onFinish={(v) => void submit(v)}
                data-testid="activate-form"
              >
                <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                  <Input prefix={<UserOutlined />} autoComplete="username" data-testid="activate-username" />
                </Form.Item>
                <Form.Item name="code" label={t('accounts.activate.code')} rules={[{ required: true, whitespace: true, message: t('accounts.activate.codeRequired') }]}>
                  <Input prefix={<KeyOutlined />} autoComplete="one-time-code" className="xr-mono" data-testid="activate-code" />
                </Form.Item>
                <NewPasswordFields
                  testIdPrefix="activate"
                  labels={{
                    password: t('accounts.activate.password'), confirm: t('accounts.activate.confirm'),
                    passwordRequired: t('accounts.activate.passwordRequired'), confirmRequired: t('accounts.activate.confirmRequired'),
                  }}
                />
                <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="activate-submit">
                  {t('accounts.activate.submit')}
                </Button>
                <div style={{ textAlign: 'center', marginTop: 12 }}>
                  <Link to="/login">{t('accounts.activate.back')}</Link>
                </div>
              </Form>
            </>
          )}
          {done !== undefined && done.totp === null && <Activated username={done.username} />}
          {done?.totp && <TotpEnrolment username={done.username} totp={done.totp} />}
        </Card>
      </div>
    </div>
  );
}

function Activated({ username }: { username: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      title={t('accounts.activate.doneTitle')}
      subTitle={<span data-testid="activate-done">{t('accounts.activate.doneNoTotp', { username })}</span>}
      extra={<Button type="primary" onClick={() => void navigate('/login')} data-testid="activate-to-login">{t('accounts.activate.toLogin')}</Button>}
    />
  );
}

/** The second factor: the secret typed (grouped in fours) or the otpauth URI, added to an authenticator app now. */
function TotpEnrolment({ username, totp }: { username: string; totp: { secret: string; uri: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="xr-stack" data-testid="activate-totp">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('accounts.activate.totpTitle')}</Typography.Title>
      <Alert type="success" showIcon title={t('accounts.activate.doneWithTotp', { username })} />
      <Typography.Paragraph>{t('accounts.activate.totpIntro')}</Typography.Paragraph>
      {/* most authenticator apps scan this; drawn in the browser, the secret never leaves the page */}
      <Space orientation="vertical" size={4} align="center" style={{ width: '100%' }}>
        <QRCode value={totp.uri} size={180} bordered={false} data-testid="activate-totp-qr" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('accounts.activate.qrHint')}</Typography.Text>
      </Space>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong>{t('accounts.activate.secret')}</Typography.Text>
        <Typography.Text
          className="xr-mono"
          copyable={{ text: totp.secret }}
          style={{ fontSize: 18, letterSpacing: 1 }}
          data-testid="activate-totp-secret"
          data-secret={totp.secret}
        >
          {groupSecret(totp.secret)}
        </Typography.Text>
      </Space>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Typography.Text strong>{t('accounts.activate.uri')}</Typography.Text>
        <Typography.Text className="xr-mono" copyable style={{ fontSize: 12 }} data-testid="activate-totp-uri">{totp.uri}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('accounts.activate.uriHint')}</Typography.Text>
      </Space>
      <Alert type="warning" showIcon title={t('accounts.activate.totpOnce')} />
      <Button type="primary" block size="large" onClick={() => void navigate('/login')} data-testid="activate-to-login">
        {t('accounts.activate.totpToLogin')}
      </Button>
    </div>
  );
}
