import { useMemo } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation, AuthorisationStatus, ConsentItem, ConsentPurpose, FrequencyLimit } from '../../api/consent.ts';
import { CONSENT_PATHS } from '../../api/consent.ts';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const STATUS_COLORS: Record<AuthorisationStatus, string> = {
  PENDING: 'processing',
  ACTIVE: 'success',
  PAUSED: 'warning',
  REVOKED: 'error',
  EXPIRED: 'default',
  DECLINED: 'default',
};

export function ConsentStatusTag({ status }: { status: AuthorisationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="consent-status" data-status={status}>
      {t(`consent.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** 书面 — marks an authorisation entered from a signed paper document rather than granted online. */
export function ConsentChannelTag({ channel }: { channel: Authorisation['channel'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={channel === 'written' ? 'purple' : 'default'} data-testid="consent-channel" data-channel={channel}>
      {t(`consent.channelShort.${channel}`, { defaultValue: channel })}
    </Tag>
  );
}

/** Purposes and authorisable items with their names in the reader's language; codes stay shown when unknown. */
export interface ConsentReference {
  purposes: ConsentPurpose[];
  items: ConsentItem[];
  purposeName: (code: string | null | undefined) => string;
  itemName: (code: string) => string;
  error: ApiError | undefined;
  loading: boolean;
}

export function useConsentReference(): ConsentReference {
  const purposes = useApi<{ items: ConsentPurpose[] }>(CONSENT_PATHS.purposes);
  const items = useApi<{ items: ConsentItem[] }>(CONSENT_PATHS.items);
  const en = currentLanguage() === 'en';
  return useMemo(() => {
    const purposeByCode = new Map((purposes.data?.items ?? []).map((p) => [p.code, p]));
    const itemByCode = new Map((items.data?.items ?? []).map((i) => [i.code, i]));
    return {
      purposes: purposes.data?.items ?? [],
      items: items.data?.items ?? [],
      purposeName: (code) => {
        if (code === null || code === undefined || code === '') return '';
        const purpose = purposeByCode.get(code);
        return purpose === undefined ? code : en ? purpose.en : purpose.zh;
      },
      itemName: (code) => {
        const item = itemByCode.get(code);
        return item === undefined ? code : en ? item.nameEn : item.name;
      },
      error: purposes.error ?? items.error,
      loading: purposes.loading || items.loading,
    };
  }, [purposes.data, purposes.error, purposes.loading, items.data, items.error, items.loading, en]);
}

/** "3 / 10 per day" — how much of the frequency limit is used. */
export function UsageText({ used, limit }: { used: number; limit: FrequencyLimit }) {
  const { t } = useTranslation();
  return <span>{t(`consent.usage.${limit.period}`, { used, limit: limit.count })}</span>;
}
