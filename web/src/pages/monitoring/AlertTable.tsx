import type { HTMLAttributes } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../components/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { SEVERITY_COLORS, STATUS_COLORS, type Alert } from './monitoring-api.ts';

/** Alerts as rows: severity, enterprise, what happened, the lender (operators), status and age; a row opens the drawer. */
export function AlertTable({ alerts, loading, onOpen, showInstitution = false, testId }: {
  alerts: readonly Alert[];
  loading?: boolean;
  onOpen: (alert: Alert) => void;
  showInstitution?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <Table<Alert>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      loading={loading}
      dataSource={[...alerts]}
      data-testid={testId}
      onRow={(a) => ({ 'data-testid': 'monitoring-alert-row', 'data-alert-id': a.id, 'data-status': a.status, 'data-rule': a.ruleId }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'severity', title: t('monitoring.alert.severity'), render: (_v, a) => <Tag color={SEVERITY_COLORS[a.severity]}>{t(`monitoring.severity.${a.severity}`)}</Tag> },
        {
          key: 'enterprise', title: t('monitoring.alert.enterprise'),
          render: (_v, a) => (
            <Space orientation="vertical" size={0}>
              <span>{a.entityName ?? a.uscc}</span>
              <Typography.Text type="secondary" className="xr-mono">{a.uscc}</Typography.Text>
            </Space>
          ),
        },
        {
          key: 'title', title: t('monitoring.alert.title'),
          render: (_v, a) => (
            <Space size={4} wrap>
              <span data-testid="monitoring-alert-title">{en ? a.title.en : a.title.zh}</span>
              {a.objection !== null && <Tag color="purple" data-testid="monitoring-alert-objection">{t('monitoring.alert.underObjection')}</Tag>}
            </Space>
          ),
        },
        ...(showInstitution ? [{ key: 'institution', title: t('monitoring.alert.institution'), render: (_v: unknown, a: Alert) => a.institution.name ?? a.institution.id }] : []),
        { key: 'status', title: t('monitoring.alert.status'), render: (_v, a) => <Tag color={STATUS_COLORS[a.status]} data-testid="monitoring-alert-status">{t(`monitoring.status.${a.status}`)}</Tag> },
        { key: 'createdAt', title: t('monitoring.alert.createdAt'), render: (_v, a) => formatTimestamp(a.createdAt) },
        { key: 'open', title: '', render: (_v, a) => <Button size="small" onClick={() => onOpen(a)} data-testid="monitoring-alert-open">{t('monitoring.alert.open')}</Button> },
      ]}
    />
  );
}
