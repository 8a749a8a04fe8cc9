import type { ReactNode } from 'react';
import { Drawer, Grid, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EntityDetail } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { EntityDetailView } from '../EntityDetailView.tsx';
import { ProblemAlert } from '../ProblemAlert.tsx';

export function EntityDetailDrawer({ uscc, onClose, extra }: { uscc: string | null; onClose: () => void; extra?: (uscc: string) => ReactNode }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const detail = useApi<EntityDetail>(uscc === null ? null : `/entities/${encodeURIComponent(uscc)}`);
  const current = detail.data !== undefined && detail.data.uscc === uscc ? detail.data : undefined;

  return (
    <Drawer
      open={uscc !== null}
      onClose={onClose}
      size={screens.md === true ? 760 : '100%'}
      title={current?.name ?? t('entity.detailTitle')}
      destroyOnHidden
      data-testid="entity-drawer"
    >
      {detail.error !== undefined && <ProblemAlert error={detail.error} testId="entity-detail-error" />}
      {detail.error === undefined && current === undefined && <Skeleton active />}
      {current !== undefined && <EntityDetailView entity={current} narrow />}
      {current !== undefined && extra?.(current.uscc)}
    </Drawer>
  );
}
