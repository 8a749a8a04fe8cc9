import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PeerStatus } from '../../api/federation.ts';

export const STATUS_COLOURS: Record<PeerStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red' };

export function StatusTag({ status, testId }: { status: PeerStatus; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]} data-testid={testId}>{t(`federation.status.${status}`)}</Tag>;
}

/** A time as local date and time, with how long ago it was (the lag an operator looks for). */
export function When({ at, testId }: { at: string | null; testId?: string }) {
  const { t } = useTranslation();
  if (!at) return <Typography.Text type="secondary" data-testid={testId}>{t('federation.never')}</Typography.Text>;
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 60_000));
  const ago = minutes < 1 ? t('federation.ago.now')
    : minutes < 60 ? t('federation.ago.minutes', { n: minutes })
      : minutes < 48 * 60 ? t('federation.ago.hours', { n: Math.round(minutes / 60) })
        : t('federation.ago.days', { n: Math.round(minutes / 1440) });
  return (
    <Tooltip title={new Date(at).toLocaleString()}>
      <span data-testid={testId}>{ago}</span>
    </Tooltip>
  );
}

/** A public key shown short, copyable in full, so operators of both nodes can compare it by phone. */
export function KeyText({ publicKey, testId }: { publicKey: string; testId?: string }) {
  return (
    <Typography.Text code copyable={{ text: publicKey }} data-testid={testId} style={{ wordBreak: 'break-all' }}>
      {`${publicKey.slice(0, 16)}…${publicKey.slice(-16)}`}
    </Typography.Text>
  );
}
