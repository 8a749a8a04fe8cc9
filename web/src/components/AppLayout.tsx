import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Drawer, Grid, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { PortalKey } from '../api/types.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { menuFor, selectedMenuPath } from '../portals.tsx';
import { NotificationBell } from '../pages/consent/NotificationBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Top bar, role-based side menu (a drawer on narrow screens) and the portal title above the page. */
export function AppLayout({ portal, children }: { portal: PortalKey; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const entries = menuFor(portal, me.roles);
  const selected = selectedMenuPath(entries, location.pathname);
  const menu = (
    <Menu
      mode="inline"
      data-testid="side-menu"
      selectedKeys={selected === undefined ? [] : [selected]}
      items={entries.map((entry) => ({
        key: entry.path,
        icon: entry.icon,
        label: <span data-testid={`menu-item-${entry.path}`}>{t(entry.label)}</span>,
      }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
    />
  );

  const signOut = async () => {
    setDrawerOpen(false);
    await logout();
    void navigate('/login', { replace: true });
  };

  const userBlock = (
    <div className="xr-user" data-testid="current-user">
      <UserOutlined />
      <span className="xr-user-text">
        <span data-testid="current-user-name">{me.displayName}</span>
        <Typography.Text type="secondary" className="xr-user-org" data-testid="current-user-org">
          {me.org.name}
        </Typography.Text>
      </span>
    </div>
  );

  return (
    <Layout className="xr-shell">
      <Layout.Header className="xr-header">
        {!wide && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link to={`/${portal}`} className="xr-brand" data-testid="brand">
          {t('app.name')}
        </Link>
        {wide && <span className="xr-brand-sub">{t('app.fullName')}</span>}
        <span className="xr-header-spacer" />
        <Space size={wide ? 'middle' : 'small'}>
          <NotificationBell />
          <LanguageSwitch compact={!wide} />
          {wide && userBlock}
          {wide && (
            <Button icon={<LogoutOutlined />} data-testid="logout" onClick={() => void signOut()}>
              {t('nav.logout')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout>
        {wide && (
          <Layout.Sider width={208} theme="light" className="xr-sider">
            {menu}
          </Layout.Sider>
        )}
        {!wide && (
          <Drawer
            placement="left"
            size={260}
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t(`portal.${portal}`)}
            data-testid="menu-drawer"
            styles={{ body: { padding: 0 } }}
            footer={
              <div className="xr-drawer-footer">
                {userBlock}
                <Button block icon={<LogoutOutlined />} data-testid="logout" onClick={() => void signOut()}>
                  {t('nav.logout')}
                </Button>
              </div>
            }
          >
            {menu}
          </Drawer>
        )}
        <Layout.Content className="xr-content">
          <Typography.Title level={3} className="xr-portal-title" data-testid="portal-title">
            {t(`portal.${portal}`)}
          </Typography.Title>
          {children}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
