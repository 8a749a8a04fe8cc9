import { useState, type HTMLAttributes } from 'react';
import { App, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_PATHS, ORG_KINDS, type AccountCodes, type Org, type OrgKind } from '../../api/accounts.ts';
import { useApi } from '../../api/use-api.ts';
import { useMe } from '../../auth/session.tsx';
import { formatTimestamp } from '../../components/labels.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { AssessmentStateTag } from './AccountParts.tsx';
import { NewOrganisationModal } from './NewOrganisationModal.tsx';
import { OrganisationDrawer } from './OrganisationDrawer.tsx';
import { categoryName } from './accounts-format.ts';

/**
 * 机构与账号 in the operator console: the institutions, providers and operator departments of this node, the
 * institutions' 信息安全评估, and every organisation's accounts. op_admin registers and manages; others read.
 */
export default function OrganisationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const admin = useMe().roles.includes('op_admin');
  const [kind, setKind] = useState<OrgKind>('institution');
  const [adding, setAdding] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useApi<{ items: Org[] }>(ACCOUNT_PATHS.organisations(kind));
  const codeTable = useApi<AccountCodes>(ACCOUNT_PATHS.codes);
  const codes = codeTable.data;

  const table = (
    <div className="xr-stack">
      {admin && (
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="org-new">
            {t('accounts.org.new', { kind: t(`accounts.kind.${kind}`) })}
          </Button>
        </Space>
      )}
      {list.error !== undefined && <ProblemAlert error={list.error} testId="org-list-error" />}
      {codeTable.error !== undefined && <ProblemAlert error={codeTable.error} testId="org-codes-error" />}
      <Table<Org>
        size="small"
        rowKey="id"
        loading={list.loading}
        scroll={{ x: true }}
        dataSource={(list.data?.items ?? []).filter((o) => o.kind === kind)}
        locale={{ emptyText: t('accounts.org.empty', { kind: t(`accounts.kind.${kind}`) }) }}
        data-testid="org-table"
        onRow={(o) => ({
          'data-testid': 'org-row',
          'data-org-id': o.id,
          'data-name': o.name,
          style: { cursor: 'pointer' },
          onClick: () => setOpenId(o.id),
        }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('accounts.field.name'),
            render: (_: unknown, o: Org) => (
              <Space orientation="vertical" size={0}>
                <Typography.Link data-testid="org-row-name">{o.name}</Typography.Link>
                {o.uscc !== null && <Typography.Text type="secondary" className="xr-mono" style={{ fontSize: 12 }}>{o.uscc}</Typography.Text>}
              </Space>
            ),
          },
          // a phone keeps what tells organisations apart; the drawer shows the rest
          { key: 'region', title: t('accounts.field.region'), responsive: ['sm'], render: (_: unknown, o: Org) => o.regionName },
          ...(kind === 'operator'
            ? []
            : [{ key: 'category', title: t('accounts.field.category'), render: (_: unknown, o: Org) => o.category !== null && <Tag>{categoryName(codes, o.kind, o.category, currentLanguage())}</Tag> }]),
          ...(kind === 'institution'
            ? [{
              key: 'assessment',
              title: t('accounts.field.assessment'),
              render: (_: unknown, o: Org) => <AssessmentStateTag state={o.assessmentState} assessment={o.assessment} testId="org-row-assessment" />,
            }]
            : []),
          { key: 'users', title: t('accounts.field.users'), render: (_: unknown, o: Org) => <span data-testid="org-row-users">{o.users}</span> },
          { key: 'created', title: t('accounts.field.createdAt'), responsive: ['md'], render: (_: unknown, o: Org) => formatTimestamp(o.createdAt) },
        ]}
      />
    </div>
  );

  return (
    <div className="xr-stack" data-testid="accounts-page">
      <Typography.Title level={3} className="xr-portal-title">{t('accounts.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={kind}
        onChange={(key) => setKind(key as OrgKind)}
        data-testid="accounts-tabs"
        items={ORG_KINDS.map((k) => ({
          key: k,
          label: <span data-testid={`accounts-tab-${k}`}>{t(`accounts.kind.${k}`)}</span>,
          children: k === kind ? table : null,
        }))}
      />
      <NewOrganisationModal
        kind={kind}
        codes={codes}
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(org) => {
          setAdding(false);
          void message.success(t('accounts.org.created', { name: org.name }));
          list.reload();
          setOpenId(org.id);
        }}
      />
      <OrganisationDrawer orgId={openId} codes={codes} admin={admin} onClose={() => setOpenId(null)} onChange={list.reload} />
    </div>
  );
}
