import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../i18n/index.ts';

/** One button that switches between Chinese and English; the choice is kept in localStorage. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const next = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      title={t('lang.label')}
      onClick={() => void changeLanguage(next)}
    >
      {compact ? t('lang.switchToShort') : t('lang.switchTo')}
    </Button>
  );
}
