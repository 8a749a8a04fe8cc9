import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { WHITELIST_PATHS, type WhitelistRule, type WhitelistRules as Rules, type WhitelistRuleSet } from '../../api/whitelist.ts';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { RuleSetEditor } from './RuleSetEditor.tsx';
import { formatParam, textOf } from './whitelist-format.ts';

/** The rules of one rule-set version, rule by rule: on or off, mandatory, parameters, wording in both languages. */
export function RuleTable({ rules, mandatory, testId }: { rules: WhitelistRule[]; mandatory: readonly string[]; testId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const other = language === 'en' ? 'zh-CN' : 'en';
  return (
    <Table<WhitelistRule>
      size="small"
      rowKey="id"
      dataSource={rules}
      pagination={false}
      scroll={{ x: 760 }}
      data-testid={testId}
      onRow={(rule) => ({ 'data-testid': 'whitelist-rule-row', 'data-rule': rule.id, 'data-enabled': String(rule.enabled) }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'rule',
          title: t('whitelist.rules.rule'),
          render: (_v, rule) => (
            <div>
              <Typography.Text strong={rule.enabled} delete={!rule.enabled}>{textOf(rule, language)}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{textOf(rule, other)}</Typography.Text>
              <br />
              <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{rule.id}</Typography.Text>
            </div>
          ),
        },
        {
          key: 'state',
          title: t('whitelist.rules.state'),
          width: 130,
          render: (_v, rule) => (
            <>
              <Tag color={rule.enabled ? 'success' : 'default'} data-testid="whitelist-rule-enabled">{rule.enabled ? t('whitelist.rules.enabled') : t('whitelist.rules.disabled')}</Tag>
              {mandatory.includes(rule.id) && <Tag color="red" data-testid="whitelist-rule-mandatory">{t('whitelist.rules.mandatory')}</Tag>}
            </>
          ),
        },
        {
          key: 'params',
          title: t('whitelist.rules.params'),
          width: 300,
          render: (_v, rule) => {
            const entries = Object.entries(rule.params ?? {});
            if (entries.length === 0) return <Typography.Text type="secondary">{t('whitelist.rules.noParams')}</Typography.Text>;
            return (
              <ul className="xr-plain-list">
                {entries.map(([name, value]) => (
                  <li key={name} data-testid="whitelist-rule-param" data-param={name}>
                    <Typography.Text type="secondary">{t(`whitelist.param.${name}`, { defaultValue: name })}：</Typography.Text>
                    <span className="xr-mono">{formatParam(value, t('whitelist.rules.emptyParam'))}</span>
                  </li>
                ))}
              </ul>
            );
          },
        },
      ]}
    />
  );
}

/** 筛选规则: the active rule set, the editor that publishes a new version (op_admin), and every version published. */
export function WhitelistRules({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useApi<Rules>(WHITELIST_PATHS.rules);
  const [editing, setEditing] = useState(false);

  if (rules.error !== undefined && rules.data === undefined) return <Card><ProblemAlert error={rules.error} testId="whitelist-rules-load-error" /></Card>;
  if (rules.data === undefined) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  const { active, versions, mandatory } = rules.data;

  return (
    <>
      <Card
        title={t('whitelist.rules.active', { version: active.version })}
        extra={admin && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="whitelist-rules-edit">{t('whitelist.rules.edit')}</Button>
        )}
        data-testid="whitelist-rules"
        data-version={active.version}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'by', label: t('whitelist.rules.createdBy'), children: active.createdBy },
            { key: 'at', label: t('whitelist.rules.createdAt'), children: formatTimestamp(active.createdAt) },
            { key: 'from', label: t('whitelist.rules.effectiveFrom'), children: active.definition.effectiveFrom ?? '—' },
            ...(active.definition.source ? [{ key: 'source', label: t('whitelist.rules.source'), span: 'filled' as const, children: active.definition.source }] : []),
          ]}
        />
        <RuleTable rules={active.definition.rules} mandatory={mandatory} testId="whitelist-rule-table" />
      </Card>

      <Card title={t('whitelist.rules.history')} data-testid="whitelist-rule-versions">
        <Table<WhitelistRuleSet>
          size="small"
          rowKey="version"
          dataSource={versions}
          pagination={versions.length > 10 ? { pageSize: 10 } : false}
          scroll={{ x: 560 }}
          expandable={{ expandedRowRender: (set) => <RuleTable rules={set.definition.rules} mandatory={mandatory} testId="whitelist-version-rules" /> }}
          onRow={(set) => ({ 'data-testid': 'whitelist-version-row', 'data-version': set.version }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'version', title: t('whitelist.rules.version'), render: (_v, set) => `v${set.version}` },
            { key: 'active', title: t('whitelist.rules.status'), render: (_v, set) => (set.active ? <Tag color="success">{t('whitelist.rules.isActive')}</Tag> : '—') },
            {
              key: 'count',
              title: t('whitelist.rules.enabledCount'),
              render: (_v, set) => t('whitelist.rules.enabledOf', { enabled: set.definition.rules.filter((r) => r.enabled).length, total: set.definition.rules.length }),
            },
            { key: 'by', title: t('whitelist.rules.createdBy'), render: (_v, set) => set.createdBy },
            { key: 'at', title: t('whitelist.rules.createdAt'), render: (_v, set) => formatTimestamp(set.createdAt) },
          ]}
        />
      </Card>

      {editing && (
        <RuleSetEditor
          current={active}
          mandatory={mandatory}
          onClose={() => setEditing(false)}
          onPublished={(published) => {
            setEditing(false);
            void message.success(t('whitelist.editor.published', { version: published.version }));
            rules.reload();
          }}
        />
      )}
    </>
  );
}
