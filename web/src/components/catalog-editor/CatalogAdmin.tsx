import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { CloudUploadOutlined, EditOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Catalog, CatalogItem, CatalogVersionSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { formatTimestamp } from '../labels.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import { CatalogItemsTable } from './CatalogItemsTable.tsx';
import { diffCatalog, draftOf, findItem, isEmptyDiff, withItem, withNewItem, withoutItem } from './draft.ts';
import type { CatalogDiff, Draft } from './draft.ts';
import { ItemEditor } from './ItemEditor.tsx';
import { NewItemDialog } from './NewItemDialog.tsx';
import { PublishDialog } from './PublishDialog.tsx';
import { VersionHistory } from './VersionHistory.tsx';

/** Who may publish a catalog version; the server checks the same role. */
export const CATALOG_ADMIN_ROLE = 'op_catalog_admin';

const NO_DIFF: CatalogDiff = { addedItems: [], removedItems: [], changedItems: [] };

interface Editing {
  /** the version the draft started from: publishing is refused if another version appeared meanwhile */
  base: Catalog;
  draft: Draft;
}

/** 信息资源目录维护 — the catalog as published, its version history and, for catalog administrators, the editor. */
export function CatalogAdmin() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const en = currentLanguage() === 'en';
  const canEdit = me.roles.includes(CATALOG_ADMIN_ROLE);
  const catalog = useApi<Catalog>('/catalog');
  const versions = useApi<{ items: CatalogVersionSummary[] }>('/catalog/versions');
  const [editing, setEditing] = useState<Editing>();
  const [itemInEditor, setItemInEditor] = useState<string>();
  const [addingItem, setAddingItem] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [openCategories, setOpenCategories] = useState<string[]>();

  const diff = useMemo(() => (editing === undefined ? NO_DIFF : diffCatalog(editing.base.categories, editing.draft)), [editing]);
  const dirty = !isEmptyDiff(diff);

  // a draft lives only in this page: warn before the tab closes on unpublished changes
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (catalog.error !== undefined) return <ProblemAlert error={catalog.error} />;
  if (catalog.data === undefined) return <Skeleton active paragraph={{ rows: 8 }} />;
  const published = catalog.data;
  const categories = editing?.draft ?? published.categories;
  const openKeys = openCategories ?? (categories[0] === undefined ? [] : [categories[0].code]);
  const updateDraft = (change: (draft: Draft) => Draft) =>
    setEditing((previous) => (previous === undefined ? previous : { ...previous, draft: change(previous.draft) }));
  const reloadAll = () => {
    catalog.reload();
    versions.reload();
  };
  const editedItem = editing === undefined || itemInEditor === undefined ? undefined : findItem(editing.draft, itemInEditor)?.item;

  return (
    <div className="xr-stack" data-testid="catalog-admin">
      <Card
        title={t('catalogEditor.title')}
        extra={
          canEdit && editing === undefined ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => setEditing({ base: published, draft: draftOf(published.categories) })}
              data-testid="catalog-edit-start"
            >
              {t('catalogEditor.startEditing')}
            </Button>
          ) : undefined
        }
      >
        <div className="xr-stack">
          <Typography.Text type="secondary" data-testid="catalog-admin-version">
            {t('catalogEditor.currentVersion', {
              version: published.version,
              publishedAt: formatTimestamp(published.publishedAt),
              effectiveFrom: published.effectiveFrom,
            })}
          </Typography.Text>
          {!canEdit && <Typography.Text type="secondary">{t('catalogEditor.readOnly')}</Typography.Text>}
          {editing !== undefined && (
            <Alert
              type={dirty ? 'warning' : 'info'}
              showIcon
              data-testid="catalog-draft-banner"
              title={t('catalogEditor.draftBanner', { version: editing.base.version })}
              description={
                <div className="xr-stack">
                  <span>
                    {dirty
                      ? t('catalogEditor.diffHeadline', {
                          added: diff.addedItems.length,
                          changed: diff.changedItems.length,
                          removed: diff.removedItems.length,
                        })
                      : t('catalogEditor.noChanges')}
                  </span>
                  <Space wrap>
                    <Button icon={<PlusOutlined />} onClick={() => setAddingItem(true)} data-testid="catalog-add-item">
                      {t('catalogEditor.addItem')}
                    </Button>
                    <Button
                      type="primary"
                      icon={<CloudUploadOutlined />}
                      disabled={!dirty}
                      onClick={() => setPublishing(true)}
                      data-testid="catalog-publish"
                    >
                      {t('catalogEditor.publishNew')}
                    </Button>
                    <Popconfirm
                      title={t('catalogEditor.discardConfirm')}
                      disabled={!dirty}
                      onConfirm={() => setEditing(undefined)}
                    >
                      <Button
                        icon={<UndoOutlined />}
                        onClick={dirty ? undefined : () => setEditing(undefined)}
                        data-testid="catalog-discard"
                      >
                        {dirty ? t('catalogEditor.discard') : t('catalogEditor.stopEditing')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </div>
              }
            />
          )}
          <Collapse
            activeKey={openKeys}
            onChange={(keys) => setOpenCategories(Array.isArray(keys) ? keys.map(String) : [String(keys)])}
            items={categories.map((category) => ({
              key: category.code,
              label: (
                <span data-testid="catalog-admin-category" data-code={category.code}>
                  {en ? category.nameEn : category.name}（{category.items.length}）
                </span>
              ),
              children: (
                <CatalogItemsTable
                  items={category.items}
                  diff={editing === undefined ? undefined : diff}
                  onEdit={(item: CatalogItem) => setItemInEditor(item.code)}
                  onRemoveAdded={(item: CatalogItem) => updateDraft((draft) => withoutItem(draft, item.code))}
                />
              ),
            }))}
          />
        </div>
      </Card>
      <VersionHistory
        versions={versions.data?.items ?? []}
        loading={versions.loading}
        error={versions.error}
        current={published.version}
      />
      {editedItem !== undefined && (
        <ItemEditor
          key={editedItem.code}
          item={editedItem}
          onClose={() => setItemInEditor(undefined)}
          onApply={(item) => {
            updateDraft((draft) => withItem(draft, item));
            setItemInEditor(undefined);
          }}
        />
      )}
      {addingItem && editing !== undefined && (
        <NewItemDialog
          categories={editing.draft}
          takenCodes={new Set(editing.draft.flatMap((category) => category.items.map((item) => item.code)))}
          onCancel={() => setAddingItem(false)}
          onCreate={(categoryCode, item) => {
            updateDraft((draft) => withNewItem(draft, categoryCode, item));
            setOpenCategories([...new Set([...openKeys, categoryCode])]);
            setAddingItem(false);
            setItemInEditor(item.code);
          }}
        />
      )}
      {publishing && editing !== undefined && (
        <PublishDialog
          base={editing.base}
          draft={editing.draft}
          diff={diff}
          onCancel={() => setPublishing(false)}
          onPublished={(fresh) => {
            setPublishing(false);
            setEditing(undefined);
            void message.success(t('catalogEditor.published', { version: fresh.version }));
            reloadAll();
          }}
          onReloadLatest={() => {
            setPublishing(false);
            setEditing(undefined);
            reloadAll();
          }}
        />
      )}
    </div>
  );
}
