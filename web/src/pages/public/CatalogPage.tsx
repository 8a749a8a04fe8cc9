import { Card, Collapse, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PublicHeader } from './PublicHeader.tsx';

interface CatalogField {
  code: string;
  name: string;
  nameEn: string;
  type: string;
  required: boolean;
  personal: boolean;
  enum?: string[];
}
interface CatalogItem {
  code: string;
  name: string;
  nameEn: string;
  provider: { category: string; name: string };
  sharingMode: 'physical' | 'interface' | 'verification';
  authorisation: 'none' | 'required';
  level: 'L1' | 'L2' | 'L3';
  updateFrequency: string;
  fields: CatalogField[];
}
interface Catalog {
  version: number;
  publishedAt: string;
  effectiveFrom: string;
  categories: { code: string; name: string; nameEn: string; items: CatalogItem[] }[];
}

interface Freshness {
  items: { item: string; status: 'on_time' | 'late' | 'never' | 'not_applicable'; lastReceivedAt: string | null; ageDays: number | null; coverageBp: number | null }[];
}

const LEVEL_COLOR: Record<CatalogItem['level'], string> = { L1: 'green', L2: 'blue', L3: 'red' };
const FRESH_COLOR: Record<Freshness['items'][number]['status'], string> = { on_time: 'green', late: 'orange', never: 'default', not_applicable: 'blue' };

/** C2: what the platform shares, from whom, how and how often — public, no login. */
export default function CatalogPage() {
  const { t } = useTranslation();
  const catalog = useApi<Catalog>('/catalog');
  // How fresh each item is (public aggregate figures); the catalog still shows when they cannot be loaded.
  const freshness = useApi<Freshness>('/quality/freshness');
  const freshOf = new Map((freshness.data?.items ?? []).map((f) => [f.item, f]));
  const en = currentLanguage() === 'en';
  const label = (x: { name: string; nameEn: string }) => (en ? x.nameEn : x.name);

  return (
    <div>
      <PublicHeader />
      <main className="xr-public-main">
        <Card title={t('catalog.title')} data-testid="catalog-page">
          <Typography.Paragraph type="secondary">{t('catalog.intro')}</Typography.Paragraph>
          {catalog.error !== undefined && <ProblemAlert error={catalog.error} />}
          {catalog.data === undefined && catalog.error === undefined && <Skeleton active />}
          {catalog.data !== undefined && (
            <>
              <Typography.Text type="secondary" data-testid="catalog-version">
                {t('catalog.version', { version: catalog.data.version, date: catalog.data.effectiveFrom })}
              </Typography.Text>
              <Collapse
                style={{ marginTop: 16 }}
                defaultActiveKey={[catalog.data.categories[0]?.code]}
                items={catalog.data.categories.map((c) => ({
                  key: c.code,
                  label: <span data-testid="catalog-category">{label(c)}（{c.items.length}）</span>,
                  children: (
                    <Table<CatalogItem>
                      rowKey="code"
                      size="small"
                      pagination={false}
                      scroll={{ x: 720 }}
                      dataSource={c.items}
                      expandable={{
                        expandedRowRender: (item) => (
                          <Descriptions size="small" column={1} bordered>
                            {item.fields.map((f) => (
                              <Descriptions.Item key={f.code} label={label(f)}>
                                {t(`catalog.type.${f.type}`)}
                                {f.required && <Tag style={{ marginInlineStart: 8 }}>{t('catalog.required')}</Tag>}
                                {f.personal && <Tag color="orange">{t('catalog.personal')}</Tag>}
                                {f.enum && <Typography.Text type="secondary"> {f.enum.join(' / ')}</Typography.Text>}
                              </Descriptions.Item>
                            ))}
                          </Descriptions>
                        ),
                      }}
                      columns={[
                        { title: t('catalog.item'), key: 'name', render: (_, item) => <span data-testid="catalog-item">{label(item)}</span> },
                        { title: t('catalog.provider'), key: 'provider', render: (_, item) => item.provider.name },
                        { title: t('catalog.sharingMode'), key: 'mode', render: (_, item) => t(`catalog.mode.${item.sharingMode}`) },
                        { title: t('catalog.level'), key: 'level', render: (_, item) => <Tag color={LEVEL_COLOR[item.level]}>{t(`catalog.levelName.${item.level}`)}</Tag> },
                        { title: t('catalog.authorisation'), key: 'auth', render: (_, item) => t(`catalog.auth.${item.authorisation}`) },
                        { title: t('catalog.frequency'), key: 'freq', render: (_, item) => t(`catalog.freq.${item.updateFrequency}`) },
                        {
                          title: t('catalog.freshness'), key: 'fresh', render: (_, item) => {
                            const f = freshOf.get(item.code);
                            if (!f) return '—';
                            return (
                              <span data-testid="catalog-freshness">
                                <Tag color={FRESH_COLOR[f.status]}>{t(`catalog.fresh.${f.status}`)}</Tag>
                                {f.lastReceivedAt !== null && <Typography.Text type="secondary">{t('catalog.lastReceived', { date: f.lastReceivedAt.slice(0, 10) })}</Typography.Text>}
                                {f.coverageBp !== null && <div><Typography.Text type="secondary">{t('catalog.coverage', { pct: (f.coverageBp / 100).toFixed(1) })}</Typography.Text></div>}
                              </span>
                            );
                          },
                        },
                        { title: t('catalog.fields'), key: 'fields', render: (_, item) => item.fields.length },
                      ]}
                    />
                  ),
                }))}
              />
            </>
          )}
        </Card>
      </main>
    </div>
  );
}
