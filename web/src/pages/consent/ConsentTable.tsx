import type { HTMLAttributes, ReactNode } from 'react';
import { Button, Card, Empty, Grid, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Authorisation } from '../../api/consent.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ConsentChannelTag, ConsentStatusTag, UsageText } from './consent-reference.tsx';
import type { ConsentReference } from './consent-reference.tsx';

/**
 * Authorisations as a table: status, counterparty, purpose, items, window and usage. `counterparty` chooses
 * whose name the table shows (the enterprise sees institutions, an institution sees enterprises, operators both);
 * `showCreated` adds when the authorisation was entered. A written authorisation (书面) is tagged as such.
 */
export function ConsentTable({
  rows,
  loading,
  reference,
  counterparty,
  showCreated = false,
  actions,
  onOpen,
  testId,
}: {
  rows: Authorisation[] | undefined;
  loading: boolean;
  reference: ConsentReference;
  counterparty: 'institution' | 'enterprise' | 'both';
  showCreated?: boolean;
  actions?: (row: Authorisation) => ReactNode;
  onOpen: (row: Authorisation) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md !== true;
  const party = (row: Authorisation) => (counterparty === 'institution' ? row.institution.name : row.enterprise.name);
  const status = (row: Authorisation) => (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      <ConsentStatusTag status={row.status} />
      {row.channel === 'written' && <ConsentChannelTag channel={row.channel} />}
    </span>
  );
  const open = (row: Authorisation) => (
    <Button size="small" type="link" data-testid="consent-open" onClick={() => onOpen(row)}>
      {t('consent.action.detail')}
    </Button>
  );

  // a phone gets one small card per authorisation instead of a table scrolled sideways
  if (narrow) {
    if (rows === undefined) return loading ? <Skeleton active /> : null;
    if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consent.empty')} />;
    return (
      <div className="xr-stack" data-testid={testId}>
        {rows.map((row) => (
          <Card key={row.id} size="small" data-testid={`${testId}-row`} data-id={row.id} data-status={row.status}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong>{party(row)}</Typography.Text>
              {status(row)}
            </div>
            {counterparty === 'both' && <div>{row.institution.name}</div>}
            <div>
              {reference.purposeName(row.purpose)} · {t(`consent.mode.${row.mode}`, { defaultValue: row.mode })}
            </div>
            <div data-testid="consent-row-items">
              {row.items.map((code) => (
                <Tag key={code}>{reference.itemName(code)}</Tag>
              ))}
            </div>
            <Typography.Text type="secondary">
              {row.validFrom.slice(0, 10)} — {row.validTo.slice(0, 10)} · <UsageText used={row.usageCount} limit={row.frequencyLimit} />
            </Typography.Text>
            {showCreated && (
              <div>
                <Typography.Text type="secondary">{t('consent.createdAt', { at: formatTimestamp(row.createdAt) })}</Typography.Text>
              </div>
            )}
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 8 }}>
              {open(row)}
              {actions?.(row)}
            </div>
          </Card>
        ))}
      </div>
    );
  }

  return (
    <Table<Authorisation>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      // the operators' extra columns widen the table; it scrolls inside its card rather than squeezing names
      scroll={{ x: 980 + (counterparty === 'both' ? 200 : 0) + (showCreated ? 150 : 0) }}
      locale={{ emptyText: t('consent.empty') }}
      onRow={(row) => ({ 'data-testid': `${testId}-row`, 'data-id': row.id, 'data-status': row.status }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'status', title: t('consent.field.status'), width: 96, render: (_v, row) => status(row) },
        {
          key: 'party',
          title: counterparty === 'institution' ? t('consent.field.institution') : t('consent.field.enterprise'),
          width: counterparty === 'both' ? 220 : undefined,
          render: (_v, row) =>
            counterparty === 'institution' ? (
              party(row)
            ) : (
              <span>
                {row.enterprise.name}
                <br />
                <Typography.Text type="secondary" className="xr-mono">{row.enterprise.uscc}</Typography.Text>
              </span>
            ),
        },
        ...(counterparty === 'both' ? [{ key: 'institution', title: t('consent.field.institution'), width: 180, render: (_v: unknown, row: Authorisation) => row.institution.name }] : []),
        { key: 'purpose', title: t('consent.field.purpose'), render: (_v, row) => reference.purposeName(row.purpose) },
        {
          key: 'items',
          title: t('consent.field.items'),
          render: (_v, row) => (
            <span data-testid="consent-row-items">
              {row.items.map((code) => (
                <Tag key={code}>{reference.itemName(code)}</Tag>
              ))}
            </span>
          ),
        },
        { key: 'mode', title: t('consent.field.mode'), width: 90, render: (_v, row) => t(`consent.mode.${row.mode}`, { defaultValue: row.mode }) },
        {
          key: 'window',
          title: t('consent.field.window'),
          width: 130,
          render: (_v, row) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {row.validFrom.slice(0, 10)}
              <br />
              {t('consent.until', { date: row.validTo.slice(0, 10) })}
            </span>
          ),
        },
        ...(showCreated
          ? [{ key: 'created', title: t('consent.field.createdAt'), width: 150, render: (_v: unknown, row: Authorisation) => <span style={{ whiteSpace: 'nowrap' }}>{formatTimestamp(row.createdAt)}</span> }]
          : []),
        { key: 'usage', title: t('consent.field.usage'), width: 120, render: (_v, row) => <UsageText used={row.usageCount} limit={row.frequencyLimit} /> },
        {
          key: 'actions',
          title: t('consent.field.actions'),
          fixed: 'right',
          width: 200,
          render: (_v, row) => (
            <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
              {open(row)}
              {actions?.(row)}
            </span>
          ),
        },
      ]}
    />
  );
}
