import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePaged } from '../whitelist/use-paged.ts';
import { PUSH_PATHS, type PublicItem, type PushBatch, type PushEntry } from './pushes-api.ts';

const PAGE_SIZE = 50;

/** One push batch: its scope and counts, and its entries a page at a time (personal fields as the server masked them). */
export default function PushBatchPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const batch = useApi<PushBatch>(PUSH_PATHS.batch(id));
  const items = useApi<{ items: PublicItem[] }>(PUSH_PATHS.items);
  const [item, setItem] = useState<string | null>(null);
  const entries = usePaged<PushEntry>(batch.data ? `${id}-${item ?? ''}` : null, (cursor) => PUSH_PATHS.entries(id, item, cursor, PAGE_SIZE));
  const itemName = (code: string) => {
    const found = items.data?.items.find((i) => i.code === code);
    return found === undefined ? code : i18n.language.startsWith('en') ? found.nameEn : found.name;
  };
  const fieldName = (itemCode: string, code: string) => {
    const field = items.data?.items.find((i) => i.code === itemCode)?.fields.find((f) => f.code === code);
    return field === undefined ? code : i18n.language.startsWith('en') ? field.nameEn : field.name;
  };
  const b = batch.data;

  return (
    <div className="xr-stack" data-testid="push-batch-page" data-batch-id={id}>
      <Link to="/institution/pushes"><ArrowLeftOutlined /> {t('pushes.batch.back')}</Link>
      {batch.error !== undefined && <ProblemAlert error={batch.error} testId="push-batch-error" />}
      {b === undefined && batch.error === undefined && <Skeleton active paragraph={{ rows: 4 }} />}
      {b !== undefined && (
        <>
          <Typography.Title level={3} className="xr-portal-title">{t('pushes.batch.title', { period: b.period })}</Typography.Title>
          <Card>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'period', label: t('pushes.batches.period'), children: <span className="xr-mono">{b.period}</span> },
                { key: 'trigger', label: t('pushes.batches.trigger'), children: t(`pushes.batches.${b.trigger}`) },
                { key: 'at', label: t('pushes.batches.readyAt'), children: formatTimestamp(b.readyAt) },
                { key: 'count', label: t('pushes.batches.entries'), children: <strong data-testid="push-batch-count">{b.entryCount}</strong> },
                {
                  key: 'counts', label: t('pushes.batches.counts'),
                  children: <Space size={4} wrap>{Object.entries(b.counts).map(([code, n]) => <Tag key={code}>{itemName(code)} {n}</Tag>)}</Space>,
                },
                {
                  key: 'scope', label: t('pushes.batch.scope'),
                  children: [b.regionPrefixes.join(', ') || t('pushes.subscription.all'), b.industryPrefixes.join(', ') || t('pushes.subscription.all')].join(' / '),
                },
              ]}
            />
          </Card>
          <Card
            title={t('pushes.batch.entriesTitle')}
            extra={(
              <Select<string>
                allowClear
                style={{ minWidth: 200 }}
                placeholder={t('pushes.batch.allItems')}
                value={item ?? undefined}
                onChange={(v) => setItem(v ?? null)}
                data-testid="push-batch-item-filter"
                options={b.items.map((code) => ({ value: code, label: itemName(code) }))}
              />
            )}
          >
            {entries.error !== undefined && <ProblemAlert error={entries.error} testId="push-batch-entries-error" />}
            <Table<PushEntry>
              rowKey={(e) => `${e.uscc}/${e.item}/${e.recordKey}`}
              size="small"
              pagination={false}
              loading={entries.loading}
              scroll={{ x: 'max-content' }}
              dataSource={entries.items}
              data-testid="push-batch-entries"
              onRow={(e) => ({ 'data-testid': 'push-entry-row', 'data-uscc': e.uscc, 'data-key': e.recordKey }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  key: 'entity', title: t('pushes.batch.entity'),
                  render: (_v, e) => <div><div>{e.entityName}</div><Typography.Text type="secondary" className="xr-mono">{e.uscc}</Typography.Text></div>,
                },
                { key: 'item', title: t('pushes.batch.item'), render: (_v, e) => itemName(e.item) },
                { key: 'region', title: t('pushes.batch.region'), render: (_v, e) => <span className="xr-mono">{e.regionCode}</span> },
                { key: 'industry', title: t('pushes.batch.industry'), render: (_v, e) => <span className="xr-mono">{e.industryCode}</span> },
                { key: 'change', title: t('pushes.batch.change'), render: (_v, e) => <Tag color={e.change === 'inserted' ? 'green' : 'blue'}>{t(`pushes.batch.${e.change}`)}</Tag> },
                { key: 'validFrom', title: t('pushes.batch.validFrom'), render: (_v, e) => formatTimestamp(e.validFrom) },
                {
                  key: 'data', title: t('pushes.batch.data'),
                  render: (_v, e) => (
                    <div style={{ minWidth: 260, maxWidth: 420, whiteSpace: 'normal', wordBreak: 'break-all', fontSize: 12 }} data-testid="push-entry-data">
                      {Object.entries(e.data).filter(([k, v]) => v !== null && v !== '' && k !== 'uscc').map(([k, v]) => (
                        <div key={k} data-field={k} data-masked={String(e.masked.includes(k))}>
                          <Typography.Text type="secondary">{fieldName(e.item, k)}：</Typography.Text>
                          <Typography.Text type={e.masked.includes(k) ? 'warning' : undefined}>{String(v)}</Typography.Text>
                        </div>
                      ))}
                    </div>
                  ),
                },
              ]}
            />
            {entries.next !== null && (
              <Button onClick={entries.more} loading={entries.loading} style={{ marginTop: 12 }} data-testid="push-batch-more">{t('pushes.batches.more')}</Button>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
