import { useState } from 'react';
import { App, Button, Card, Drawer, Popconfirm, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { MARKETPLACE_PATHS, submitProduct, withdrawProduct, type ProductVersion } from '../../api/marketplace.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ProductForm } from './ProductForm.tsx';
import { AmountRange, codeName, RateRange, STATUS_COLORS, useMarketplaceOptions } from './shared.tsx';

const EDITORS = ['inst_admin', 'inst_product_manager'];

/** 我的产品 (institution): its products with their review status, the form with the rule builder, submit, withdraw. */
export default function ProductsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const editor = me.roles.some((r) => EDITORS.includes(r));
  const options = useMarketplaceOptions();
  const products = useApi<{ items: ProductVersion[] }>(MARKETPLACE_PATHS.myProducts);
  const [editing, setEditing] = useState<ProductVersion | null | undefined>(undefined);
  const [history, setHistory] = useState<string>();
  const o = options.data;

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      void message.success(done);
      products.reload();
    } catch (error) {
      void message.error((error as ApiError).detail ?? String(error));
    }
  }

  return (
    <div className="xr-stack" data-testid="products-page">
      <Typography.Title level={3} className="xr-portal-title">{t('marketplace.products.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('marketplace.products.intro')}</Typography.Paragraph>
      <Card extra={editor && o && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="product-create">{t('marketplace.products.create')}</Button>}>
        {products.error !== undefined && <ProblemAlert error={products.error} />}
        {products.data === undefined && products.error === undefined ? <Skeleton active /> : (
          <Table<ProductVersion>
            rowKey="id" size="small" pagination={false} scroll={{ x: 900 }} dataSource={products.data?.items ?? []} data-testid="products-table"
            columns={[
              { title: t('marketplace.product.name'), dataIndex: 'name', render: (v: string, p) => <Space orientation="vertical" size={0}><strong>{v}</strong><Typography.Text type="secondary">{codeName(o?.productTypes, p.productType)} · {codeName(o?.programmes, p.programme)}</Typography.Text></Space> },
              { title: t('marketplace.product.amount'), render: (_, p) => <AmountRange min={p.amountMinFen} max={p.amountMaxFen} /> },
              { title: t('marketplace.product.rate'), render: (_, p) => <RateRange min={p.rateMinBp} max={p.rateMaxBp} /> },
              {
                title: t('marketplace.products.status'), render: (_, p) => (
                  <Space orientation="vertical" size={0}>
                    <span><Tag color={STATUS_COLORS[p.status]} data-testid="product-status">{t(`marketplace.versionStatus.${p.status}`)}</Tag> v{p.version}</span>
                    {p.liveVersion !== null && p.liveVersion !== p.version && <Typography.Text type="secondary">{t('marketplace.products.liveIs', { version: p.liveVersion })}</Typography.Text>}
                    {p.status === 'rejected' && p.reviewReason && <Typography.Text type="danger">{p.reviewReason}</Typography.Text>}
                  </Space>
                ),
              },
              {
                title: t('marketplace.products.actions'), render: (_, p) => (
                  <Space wrap>
                    {editor && p.status !== 'submitted' && <Button size="small" onClick={() => setEditing(p)} data-testid="product-edit">{t('marketplace.products.edit')}</Button>}
                    {editor && p.status === 'draft' && (
                      <Button size="small" type="primary" data-testid="product-submit" onClick={() => void act(() => submitProduct(p.id), t('marketplace.products.submitted'))}>{t('marketplace.products.submit')}</Button>
                    )}
                    {editor && p.liveVersion !== null && (
                      <Popconfirm title={t('marketplace.products.withdrawConfirm')} onConfirm={() => void act(() => withdrawProduct(p.id), t('marketplace.products.withdrawn'))}>
                        <Button size="small" danger>{t('marketplace.products.withdraw')}</Button>
                      </Popconfirm>
                    )}
                    <Button size="small" type="link" onClick={() => setHistory(p.id)}>{t('marketplace.products.versions')}</Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {editing !== undefined && o && (
        <ProductForm options={o} product={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); void message.success(t('marketplace.form.saved')); products.reload(); }} />
      )}
      {history && <VersionsDrawer id={history} onClose={() => setHistory(undefined)} />}
    </div>
  );
}

function VersionsDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const versions = useApi<{ items: ProductVersion[] }>(MARKETPLACE_PATHS.versions(id));
  return (
    <Drawer open onClose={onClose} title={t('marketplace.products.versions')} size={480}>
      {versions.error !== undefined && <ProblemAlert error={versions.error} />}
      <Timeline items={(versions.data?.items ?? []).map((v) => ({
        color: v.status === 'published' ? 'green' : v.status === 'rejected' ? 'red' : 'gray',
        content: (
          <Space orientation="vertical" size={0}>
            <span><strong>v{v.version}</strong> <Tag color={STATUS_COLORS[v.status]}>{t(`marketplace.versionStatus.${v.status}`)}</Tag> {v.name}</span>
            <Typography.Text type="secondary">{formatTimestamp(v.createdAt)} · {v.createdBy}{v.reviewedBy ? ` · ${t('marketplace.products.reviewedBy', { name: v.reviewedBy })}` : ''}</Typography.Text>
            {v.reviewReason && <Typography.Text>{v.reviewReason}</Typography.Text>}
          </Space>
        ),
      }))} />
    </Drawer>
  );
}
