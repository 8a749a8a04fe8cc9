import { useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client.ts';
import type { LoginResponse, Me, TotpResponse } from '../../api/types.ts';
import { portalHome, useSession } from '../../auth/session.tsx';
import { problemText } from '../../components/ProblemAlert.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';

/** Where to go after signing in: the requested page when it belongs to the user's portal, else the portal home. */
function destination(me: Me, next: string | null): string | null {
  const home = portalHome(me);
  if (home === null) return null;
  if (next !== null && (next === home || next.startsWith(`${home}/`) || next.startsWith(`${home}?`))) return next;
  return home;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { session, signedIn, logout } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const prefilled = params.get('username');

  const signedInTarget = session.status === 'signed-in' ? destination(session.me, params.get('next')) : null;
  if (signedInTarget !== null && !busy) return <Navigate to={signedInTarget} replace />;

  const finish = async (me: Me) => {
    const target = destination(me, params.get('next'));
    if (target === null) {
      // The password was right but no portal serves this account: say so instead of showing an empty shell.
      await logout();
      setStep('password');
      setError(t('error.noPortal'));
      return;
    }
    signedIn(me);
    void navigate(target, { replace: true });
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof ApiError ? problemText(failure, t('login.failed')) : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (values: { username: string; password: string }) =>
    run(async () => {
      const answer = await api<LoginResponse>('/auth/login', { method: 'POST', body: values, quietUnauthorized: true });
      if (answer.mfaRequired) setStep('totp');
      else if (answer.user !== undefined) await finish(answer.user);
      else setError(t('login.failed'));
    });

  const submitTotp = (values: { code: string }) =>
    run(async () => {
      const answer = await api<TotpResponse>('/auth/totp', {
        method: 'POST',
        body: { code: values.code },
        quietUnauthorized: true,
      });
      await finish(answer.user);
    });

  return (
    <div>
      <PublicHeader showLogin={false} />
      <div className="xr-login">
        <Card className="xr-login-card" data-testid="login-card">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {step === 'password' ? t('login.title') : t('login.totpTitle')}
          </Typography.Title>
          {error !== undefined && (
            <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 16 }} />
          )}
          {step === 'password' ? (
            <Form
              layout="vertical"
              onFinish={submitPassword}
              requiredMark={false}
              // after registering, the new username is carried here
              initialValues={{ username: prefilled ?? '' }}
              data-testid="login-form"
            >
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus={prefilled === null} data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus={prefilled !== null} data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
                {t('login.submit')}
              </Button>
              <div style={{ textAlign: 'center', marginTop: 12 }}>
                <Space separator={<Divider orientation="vertical" />} wrap style={{ justifyContent: 'center' }}>
                  {/* a new account, or one whose password was reset, starts here with the code its admin handed over */}
                  <Link to="/activate" data-testid="login-activate">{t('accounts.activate.link')}</Link>
                  {/* an enterprise's legal representative opens the enterprise's first account here */}
                  <Link to="/register" data-testid="login-register">{t('accounts.register.link')}</Link>
                </Space>
                {/* nobody can recover a password alone: an admin issues a new activation code after checking who asks */}
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }} data-testid="login-forgot">
                  {t('accounts.login.forgot')}
                </Typography.Paragraph>
              </div>
            </Form>
          ) : (
            <Form layout="vertical" onFinish={submitTotp} requiredMark={false} data-testid="totp-form">
              <Typography.Paragraph type="secondary">{t('login.totpHint')}</Typography.Paragraph>
              <Form.Item
                name="code"
                label={t('login.totpCode')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpFormat') }]}
              >
                <Input
                  prefix={<SafetyOutlined />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  autoFocus
                  data-testid="totp-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="totp-submit">
                {t('login.totpSubmit')}
              </Button>
              <Button
                type="link"
                block
                data-testid="totp-back"
                onClick={() => {
                  setStep('password');
                  setError(undefined);
                }}
              >
                {t('login.back')}
              </Button>
            </Form>
          )}
        </Card>
      </div>
    </div>
  );
}
