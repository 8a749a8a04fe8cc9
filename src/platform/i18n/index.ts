/** Server-side i18n: zh-CN is the source locale, English the second (SPEC conventions). */
export type Locale = 'zh-CN' | 'en';

export interface Localized {
  zh: string;
  en: string;
}

/** Picks the locale from an Accept-Language header: English only when English is preferred over Chinese. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag.startsWith('zh') || x.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

export function pick(text: Localized, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}
