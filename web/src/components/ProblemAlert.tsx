import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';

/** Shows the server's problem+json `detail` (or a local explanation when the server could not be reached). */
export function ProblemAlert({ error, testId = 'problem' }: { error: ApiError; testId?: string }) {
  const { t } = useTranslation();
  const title =
    error.status === 0 ? t('error.network') : error.status === 403 ? t('error.forbiddenTitle') : t('error.generic');
  const description = error.detail ?? error.title;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={description ?? title}
      description={description === undefined ? undefined : title}
    />
  );
}

/** The text to show for an API failure in compact places (forms, inline). */
export function problemText(error: ApiError, fallback: string): string {
  return error.detail ?? error.title ?? fallback;
}
