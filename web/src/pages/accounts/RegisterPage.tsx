import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Typography } from 'antd';
import { IdcardOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { registerEnterprise, type EnterpriseRegistration, type RegisteredEnterprise } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { PublicHeader } from '../public/PublicHeader.tsx';
import { USERNAME_PATTERN, usccShapeProblem } from './accounts-format.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';
import { idNumberShapeProblem, registrationBody, registrationProblemField } from './registration-format.ts';

interface Values extends EnterpriseRegistration { confirm: string }

/** A refusal shown above the form, with its code (the alert differs for "already registered" and "too many tries"). */
interface FormProblem { code: string | undefined; text: string }

const upper = (value: string | undefined) => (value ?? '').toUpperCase();

/**
 * 企业注册 (public): the enterprise's legal representative registers with the enterprise's USCC, their name and ID
 * number — checked against the market-entity registry, never shown back — and a username and password. Agents
 * (经办人) do not register: the legal representative opens their accounts afterwards under 账号管理.
 */
export default function RegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem>();
  const [done, setDone] = useState<RegisteredEnterprise>();
  const problemRef = useRef<HTMLDivElement>(null);

  // on a phone the alert above the form is out of sight of the submit button: bring it into view
  useEffect(() => {
    if (problem !== undefined) problemRef.current?.scrollIntoView({ block: 'nearest' });
  }, [problem]);

  async function submit(values: Values) {
    setBusy(true);
    setProblem(undefined);
    try {
      setDone(await registerEnterprise(registrationBody(values)));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setProblem({ code: undefined, text: String(error) });
        return;
      }
      const text = problemText(error, t('error.generic'));
      const field = registrationProblemField(error.problem);
      if (field !== null) {
        form.setFields([{ name: field, errors: [text] }]);
        form.scrollToField(field, { block: 'center' });
      } else {
        setProblem({ code: error.code, text });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <PublicHeader showRegister={false} />
      <div className="xr-login">
        <Card className="xr-login-card" style={{ maxWidth: 560 }} data-testid="register-card">
          {done === undefined
            ? (
              <>
                <Typography.Title level={3} style={{ marginTop: 0 }}>{t('accounts.register.title')}</Typography.Title>
                <Typography.Paragraph type="secondary">{t('accounts.register.intro')}</Typography.Paragraph>
                <Alert
                  type="info"
                  showIcon
                  data-testid="register-notes"
                  style={{ marginBottom: 16 }}
                  title={t('accounts.register.notesTitle')}
                  description={(
                    <ul className="xr-register-notes">
                      <li>{t('accounts.register.notes.legalRep')}</li>
                      <li>{t('accounts.register.notes.realName')}</li>
                      <li>{t('accounts.register.notes.agents')}</li>
                    </ul>
                  )}
                />
                {problem !== undefined && (
                  <div ref={problemRef} style={{ marginBottom: 16 }}>
                    <RegistrationProblem problem={problem} />
                  </div>
                )}
                <Form<Values>
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  scrollToFirstError={{ block: 'center' }}
                  onFinish={(v) => void submit(v)}
                  data-testid="register-form"
                >
                  <Form.Item
                    name="uscc"
                    label={t('accounts.field.uscc')}
                    extra={t('accounts.register.usccHint')}
                    normalize={upper}
                    rules={[
                      { required: true, whitespace: true, message: t('accounts.org.usccRequired') },
                      {
                        validator: async (_rule, value?: string) => {
                          const shape = value ? usccShapeProblem(value.replace(/\s+/g, '')) : null;
                          if (shape !== null) throw new Error(t(`accounts.org.uscc.${shape}`));
                        },
                      },
                    ]}
                  >
                    <Input autoComplete="off" className="xr-mono" data-testid="register-uscc" />
                  </Form.Item>
                  <Form.Item
                    name="legalRepName"
                    label={t('accounts.register.legalRepName')}
                    extra={t('accounts.register.legalRepNameHint')}
                    rules={[
                      { required: true, whitespace: true, message: t('accounts.register.legalRepNameRequired') },
                      { max: 50, message: t('accounts.common.tooLong', { n: 50 }) },
                    ]}
                  >
                    <Input prefix={<UserOutlined />} autoComplete="name" data-testid="register-legal-rep-name" />
                  </Form.Item>
                  <Form.Item
                    name="idNumber"
                    label={t('accounts.register.idNumber')}
                    extra={t('accounts.register.idNumberHint')}
                    normalize={upper}
                    rules={[
                      { required: true, whitespace: true, message: t('accounts.register.idNumberRequired') },
                      {
                        validator: async (_rule, value?: string) => {
                          const shape = value ? idNumberShapeProblem(value) : null;
                          if (shape !== null) throw new Error(t(`accounts.register.idNumberShape.${shape}`));
                        },
                      },
                    ]}
                  >
                    <Input prefix={<IdcardOutlined />} autoComplete="off" className="xr-mono" data-testid="register-id-number" />
                  </Form.Item>
                  <Form.Item
                    name="username"
                    label={t('login.username')}
                    extra={t('accounts.register.usernameHint')}
                    rules={[
                      { required: true, whitespace: true, message: t('login.usernameRequired') },
                      { pattern: USERNAME_PATTERN, message: t('accounts.users.usernamePattern') },
                    ]}
                  >
                    <Input prefix={<UserOutlined />} autoComplete="username" data-testid="register-username" />
                  </Form.Item>
                  <NewPasswordFields
                    testIdPrefix="register"
                    labels={{
                      password: t('login.password'), confirm: t('accounts.register.confirm'),
                      passwordRequired: t('accounts.register.passwordRequired'), confirmRequired: t('accounts.register.confirmRequired'),
                    }}
                  />
                  <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="register-submit">
                    {t('accounts.register.submit')}
                  </Button>
                  <div style={{ textAlign: 'center', marginTop: 12 }}>
                    {t('accounts.register.haveAccount')} <Link to="/login" data-testid="register-back">{t('accounts.register.toLogin')}</Link>
                  </div>
                </Form>
              </>
            )
            : <Registered done={done} />}
        </Card>
      </div>
    </div>
  );
}

/** A refusal about the enterprise or the person as a whole; "already registered" leads to the login page. */
function RegistrationProblem({ problem }: { problem: FormProblem }) {
  const { t } = useTranslation();
  const already = problem.code === 'ENTERPRISE_ALREADY_REGISTERED';
  return (
    <Alert
      type={already ? 'info' : problem.code === 'REGISTRATION_TRIES_EXCEEDED' ? 'warning' : 'error'}
      showIcon
      data-testid="register-error"
      data-code={problem.code}
      title={problem.text}
      description={already
        ? <Link to="/login" data-testid="register-error-login">{t('accounts.register.toLogin')}</Link>
        : undefined}
    />
  );
}

/** The registration's answer: which enterprise, which username, whether a predecessor's account was stopped. */
function Registered({ done }: { done: RegisteredEnterprise }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="xr-stack" data-testid="register-result">
      <Result
        status="success"
        style={{ padding: '8px 0 0' }}
        title={t('accounts.register.doneTitle')}
        subTitle={<span data-testid="register-done">{t('accounts.register.doneIntro', { enterprise: done.enterprise.name })}</span>}
      />
      <Descriptions size="small" column={1} bordered className="xr-descriptions">
        <Descriptions.Item label={t('accounts.register.enterprise')}>
          <span data-testid="register-done-enterprise">{done.enterprise.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('accounts.field.uscc')}>
          <span className="xr-mono" data-testid="register-done-uscc">{done.enterprise.uscc}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('login.username')}>
          <span className="xr-mono" data-testid="register-done-username">{done.username}</span>
        </Descriptions.Item>
      </Descriptions>
      {done.replacedPredecessor && <Alert type="warning" showIcon title={t('accounts.register.replaced')} data-testid="register-replaced" />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('accounts.register.nextStep')}</Typography.Paragraph>
      <Button
        type="primary"
        block
        size="large"
        onClick={() => void navigate(`/login?username=${encodeURIComponent(done.username)}`)}
        data-testid="register-to-login"
      >
        {t('accounts.register.doneToLogin')}
      </Button>
    </div>
  );
}
