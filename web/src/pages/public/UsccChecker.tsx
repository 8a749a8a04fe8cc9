import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { UsccCheck } from '../../api/types.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';

/** Asks the server to check a USCC (GB 32100-2015) and shows its verdict, position and expected check character. */
export function UsccChecker() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<{ code: string; result: UsccCheck }>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);

  const check = async () => {
    const trimmed = code.trim();
    if (trimmed === '') return;
    setLoading(true);
    setError(undefined);
    setChecked(undefined);
    try {
      const result = await api<UsccCheck>(`/codes/uscc/${encodeURIComponent(trimmed)}`);
      setChecked({ code: trimmed, result });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { title: String(failure) }));
    } finally {
      setLoading(false);
    }
  };

  const result = checked?.result;
  return (
    <Card title={t('public.uscc.title')} data-testid="uscc-checker">
      <div className="xr-stack">
        <Typography.Paragraph type="secondary">{t('public.uscc.hint')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={code}
            onChange={(event) => setCode(event.target.value)}
            onPressEnter={() => void check()}
            maxLength={32}
            placeholder={t('public.uscc.placeholder')}
            className="xr-mono"
            data-testid="uscc-input"
            aria-label={t('public.uscc.title')}
          />
          <Button type="primary" loading={loading} disabled={code.trim() === ''} onClick={() => void check()} data-testid="uscc-check">
            {t('public.uscc.check')}
          </Button>
        </Space.Compact>
        {error !== undefined && <ProblemAlert error={error} testId="uscc-error" />}
        {result?.valid === true && (
          <Alert type="success" showIcon data-testid="uscc-result" title={t('public.uscc.valid', { code: checked?.code })} />
        )}
        {result?.valid === false && (
          <Alert
            type="error"
            showIcon
            data-testid="uscc-result"
            title={
              <span data-testid="uscc-message">
                {currentLanguage() === 'en' && result.error.messageEn ? result.error.messageEn : result.error.message}
              </span>
            }
            description={
              <div>
                <div data-testid="uscc-position">{t('public.uscc.position', { position: result.error.position })}</div>
                {result.error.expected !== undefined && (
                  <div>
                    {t('public.uscc.expected')}{' '}
                    <Typography.Text code strong data-testid="uscc-expected">
                      {result.error.expected}
                    </Typography.Text>
                  </div>
                )}
              </div>
            }
          />
        )}
      </div>
    </Card>
  );
}
