import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { portalHome, useSession } from '../../auth/session.tsx';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';

/** Header of the pages reachable without signing in (home, login, registration). */
export function PublicHeader({ showLogin = true, showRegister = true }: { showLogin?: boolean; showRegister?: boolean }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const home = session.status === 'signed-in' ? portalHome(session.me) : null;
  return (
    <header className="xr-public-header">
      <Link to="/" className="xr-brand" data-testid="brand">
        {t('app.name')}
      </Link>
      <span className="xr-header-spacer" />
      <LanguageSwitch compact />
      {showLogin && home !== null && (
        <Link to={home}>
          <Button type="primary" data-testid="header-portal">
            {t('nav.myPortal')}
          </Button>
        </Link>
      )}
      {showLogin && showRegister && home === null && (
        <Link to="/register">
          <Button type="text" data-testid="header-register">
            {t('accounts.register.headerLink')}
          </Button>
        </Link>
      )}
      {showLogin && home === null && (
        <Link to="/login">
          <Button type="primary" data-testid="header-login">
            {t('nav.login')}
          </Button>
        </Link>
      )}
    </header>
  );
}
