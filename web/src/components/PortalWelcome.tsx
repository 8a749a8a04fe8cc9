import type { ReactNode } from 'react';
import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session.tsx';
import { roleLabel } from './labels.ts';

/** Who is signed in: organisation, user and roles — the first card of every portal home. */
export function PortalWelcome({ extra }: { extra?: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Card title={t('home.welcome', { name: me.displayName })} data-testid="portal-welcome">
      <Descriptions
        column={{ xs: 1, sm: 1, md: 2 }}
        size="small"
        items={[
          { key: 'org', label: t('home.org'), children: <span data-testid="org-name">{me.org.name}</span> },
          ...(me.org.uscc === null
            ? []
            : [{ key: 'uscc', label: t('entity.field.uscc'), children: <span className="xr-mono">{me.org.uscc}</span> }]),
          { key: 'username', label: t('home.username'), children: me.username },
          {
            key: 'roles',
            label: t('home.roles'),
            children: (
              <span data-testid="role-list">
                {me.roles.map((role) => (
                  <Tag key={role} data-testid="role">
                    {roleLabel(t, role)}
                  </Tag>
                ))}
              </span>
            ),
          },
        ]}
      />
      {extra}
    </Card>
  );
}
