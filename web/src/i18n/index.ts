import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { MESSAGES } from './messages.ts';
import { setRequestLanguage } from '../api/client.ts';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'xinrong.lang';

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (value === 'en' || value === 'zh-CN') return value;
  } catch (error) {
    // Storage can be disabled (private mode, policies): fall back to the source locale.
    console.warn('language preference unavailable', error);
  }
  return 'zh-CN';
}

const initial = storedLanguage();

// dayjs (dates in antd pickers), <html lang> and the tab title follow every language change, including the first.
i18n.on('languageChanged', (language) => {
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = language;
  document.title = i18n.t('app.documentTitle');
});

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: MESSAGES['zh-CN'] }, en: { translation: MESSAGES.en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

// every API call asks for the server's texts in the language the reader chose
setRequestLanguage(currentLanguage);

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch (error) {
    console.warn('language preference not saved', error);
  }
  await i18n.changeLanguage(language);
}

export default i18n;
