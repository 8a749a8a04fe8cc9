import { Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogDiff, ItemChange } from './draft.ts';

/** What publishing will change, item by item: the reviewer's last look before a new version. */
export function DiffSummary({ diff }: { diff: CatalogDiff }) {
  const { t } = useTranslation();
  const entries = [
    ...diff.addedItems.map((item) => ({
      key: `added-${item.code}`,
      tag: <Tag color="green">{t('catalogEditor.itemAdded')}</Tag>,
      title: `${item.name}（${item.code}）`,
      detail: t('catalogEditor.inCategory', { category: item.category }),
    })),
    ...diff.changedItems.map((item) => ({
      key: `changed-${item.code}`,
      tag: <Tag color="blue">{t('catalogEditor.itemChanged')}</Tag>,
      title: `${item.name}（${item.code}）`,
      detail: <ChangeDetail change={item} />,
    })),
    ...diff.removedItems.map((item) => ({
      key: `removed-${item.code}`,
      tag: <Tag color="red">{t('catalogEditor.itemRemoved')}</Tag>,
      title: `${item.name}（${item.code}）`,
      detail: null,
    })),
  ];
  if (entries.length === 0) return <Empty description={t('catalogEditor.noChanges')} data-testid="diff-empty" />;
  return (
    <div data-testid="diff-summary">
      <Typography.Text strong>
        {t('catalogEditor.diffHeadline', {
          added: diff.addedItems.length,
          changed: diff.changedItems.length,
          removed: diff.removedItems.length,
        })}
      </Typography.Text>
      <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
        {entries.map((entry) => (
          <li key={entry.key} data-testid="diff-entry" style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
            {entry.tag}
            <Typography.Text strong>{entry.title}</Typography.Text>
            {entry.detail !== null && <div>{entry.detail}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ChangeDetail({ change }: { change: ItemChange }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (change.attributes.length > 0) {
    parts.push(
      t('catalogEditor.attributesChanged', {
        list: change.attributes.map((attribute) => t(`catalogEditor.attribute.${attribute}`)).join(t('common.listSeparator')),
      }),
    );
  }
  if (change.addedFields.length > 0) parts.push(t('catalogEditor.fieldsAdded', { list: change.addedFields.join(', ') }));
  if (change.changedFields.length > 0) parts.push(t('catalogEditor.fieldsChanged', { list: change.changedFields.join(', ') }));
  if (change.removedFields.length > 0) parts.push(t('catalogEditor.fieldsRemoved', { list: change.removedFields.join(', ') }));
  if (parts.length === 0) parts.push(t('catalogEditor.fieldsReordered'));
  return <Typography.Text type="secondary">{parts.join(t('catalogEditor.partSeparator'))}</Typography.Text>;
}
