import type { HTMLAttributes } from 'react';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AccessEntry } from '../../api/audit.ts';
import { AUDIT_PATHS, useCursorList } from '../../api/audit.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useConsentReference } from '../consent/consent-reference.tsx';

export const OUTCOME_COLORS: Record<string, string> = { allowed: 'success', ok: 'success', refused: 'error', failed: 'warning' };

/** 谁查看了我的数据: every read of the enterprise's data the audit log holds, refusals included. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const reference = useConsentReference();
  const log = useCursorList<AccessEntry>(AUDIT_PATHS.myAccess);

  return (
    <div className="xr-stack" data-testid="access-log-page">
      <Typography.Title level={3} className="xr-portal-title">
        {t('audit.access.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.access.intro')}</Typography.Paragraph>
      {log.error !== undefined && <ProblemAlert error={log.error} testId="access-log-error" />}
      <Card
        title={t('audit.access.listTitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={log.reload} data-testid="access-log-reload">
            {t('audit.refresh')}
          </Button>
        }
      >
        <Table<AccessEntry>
          data-testid="access-log"
          rowKey="seq"
          size="middle"
          loading={log.loading}
          dataSource={log.items ?? []}
          scroll={{ x: 900 }}
          pagination={false}
          locale={{ emptyText: t('audit.access.empty') }}
          onRow={() => ({ 'data-testid': 'access-log-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'at', title: t('audit.field.at'), width: 150, render: (_v, row) => formatTimestamp(row.time) },
            { key: 'institution', title: t('audit.field.institution'), render: (_v, row) => row.institution.name ?? '—' },
            { key: 'action', title: t('audit.field.action'), render: (_v, row) => t(`audit.action.${row.action}`, { defaultValue: row.action }) },
            {
              key: 'items',
              title: t('audit.field.items'),
              render: (_v, row) => row.items.map((code) => <Tag key={code}>{reference.itemName(code)}</Tag>),
            },
            { key: 'purpose', title: t('audit.field.purpose'), render: (_v, row) => reference.purposeName(row.purpose) || '—' },
            {
              key: 'authorisation',
              title: t('audit.field.authorisation'),
              render: (_v, row) => (row.authorisationId === null ? '—' : <span className="xr-mono">{row.authorisationId.slice(0, 8)}…</span>),
            },
            {
              key: 'outcome',
              title: t('audit.field.outcome'),
              render: (_v, row) => (
                <span data-testid="access-log-outcome" data-outcome={row.outcome}>
                  <Tag color={OUTCOME_COLORS[row.outcome] ?? 'default'}>{t(`audit.outcome.${row.outcome}`, { defaultValue: row.outcome })}</Tag>
                </span>
              ),
            },
          ]}
        />
        {log.hasMore && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={log.loadMore} loading={log.loading} data-testid="access-log-more">
              {t('audit.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
