import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDecimal, formatScaled, integerDigitCount } from '../format/money.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * A yuan decimal string: exact with thousands separators, and for large amounts a short form first
 * (万元 in Chinese from 10,000; million in English from 1,000,000). Text only, no float arithmetic.
 */
export function YuanAmount({ value, testId }: { value: string | null; testId?: string }) {
  const { t } = useTranslation();
  if (value === null) {
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('common.notProvided')}
      </Typography.Text>
    );
  }
  const exact = formatDecimal(value);
  if (exact === null) return <span data-testid={testId}>{value}</span>;
  const english = currentLanguage() === 'en';
  const shift = english ? 6 : 4;
  const exactText = t('money.yuan', { amount: exact });
  if (integerDigitCount(value) <= shift) return <span data-testid={testId}>{exactText}</span>;
  const short = t(english ? 'money.million' : 'money.wan', { amount: formatScaled(value, shift) });
  return (
    <span data-testid={testId}>
      <span>{short}</span>
      <Typography.Text type="secondary" className="xr-amount-exact">
        {exactText}
      </Typography.Text>
    </span>
  );
}
