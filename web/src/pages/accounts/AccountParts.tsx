import { useEffect, useState } from 'react';
import { Select, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Assessment, AssessmentState, AssessmentStatus, UserState } from '../../api/accounts.ts';
import { api, ApiError } from '../../api/client.ts';
import type { Region } from '../../api/types.ts';
import { roleLabel } from '../../components/labels.ts';
import { ASSESSMENT_STATE_COLOURS, ASSESSMENT_STATUS_COLOURS, USER_STATE_COLOURS, daysUntil } from './accounts-format.ts';

const today = () => new Date().toLocaleDateString('sv-SE');

/** Where an institution stands on its 信息安全评估 today, with the valid-until date in the tooltip. */
export function AssessmentStateTag({ state, assessment, testId }: { state: AssessmentState; assessment: Assessment | null; testId?: string }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={ASSESSMENT_STATE_COLOURS[state]} data-testid={testId} data-state={state}>
      {t(`accounts.assessmentState.${state}`)}
    </Tag>
  );
  const until = assessment?.validUntil;
  if (!until) return tag;
  const days = daysUntil(until, today());
  const when = days < 0 ? t('accounts.assessment.expiredAgo', { n: -days }) : t('accounts.assessment.expiresIn', { n: days });
  return <Tooltip title={`${t('accounts.assessment.validUntil')} ${until} · ${when}`}>{tag}</Tooltip>;
}

export function AssessmentStatusTag({ status }: { status: AssessmentStatus }) {
  const { t } = useTranslation();
  return <Tag color={ASSESSMENT_STATUS_COLOURS[status]} data-testid="assessment-status">{t(`accounts.assessmentStatus.${status}`)}</Tag>;
}

export function UserStateTag({ state }: { state: UserState }) {
  const { t } = useTranslation();
  return <Tag color={USER_STATE_COLOURS[state]} data-testid="account-user-state" data-state={state}>{t(`accounts.userState.${state}`)}</Tag>;
}

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return <Space size={[4, 4]} wrap>{roles.map((role) => <Tag key={role}>{roleLabel(t, role)}</Tag>)}</Space>;
}

interface RegionOption { value: string; label: string }

/**
 * The node's own region and the divisions directly under it (GB/T 2260): an organisation registered here sits
 * inside the node (the server answers REGION_OUTSIDE_NODE otherwise). The node's region comes from /health.
 */
export function NodeRegionSelect({ value, onChange, onError }: { value?: string; onChange?: (code: string) => void; onError: (error: ApiError) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<RegionOption[]>();

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    (async () => {
      const { region } = await api<{ region: string }>('/health', { signal });
      const [self, children] = await Promise.all([
        api<Region>(`/codes/regions/${region}`, { signal }),
        api<{ items: Region[] }>(`/codes/regions?parent=${region}`, { signal }),
      ]);
      const label = (r: Region) => `${r.name}（${r.code}）`;
      setOptions([{ value: self.code, label: label(self) }, ...children.items.map((r) => ({ value: r.code, label: label(r) }))]);
    })().catch((error: unknown) => {
      if (!signal.aborted) onError(error instanceof ApiError ? error : new ApiError(0, { title: String(error) }));
    });
    return () => controller.abort();
  }, [onError]);

  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      loading={options === undefined}
      options={options ?? []}
      value={value}
      onChange={(code: string) => onChange?.(code)}
      placeholder={t('accounts.org.regionPlaceholder')}
      data-testid="org-region"
      style={{ width: '100%' }}
    />
  );
}
