import type { Bilingual } from '../../api/scorecards.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** The reader's half of a text the server sends in both languages. */
export const pickText = (text: Bilingual): string => (currentLanguage() === 'en' ? text.en : text.zh);

/** AUC, KS, Gini, PSI: three decimals; missing as a dash. */
export const metric = (value: number | null | undefined): string => (value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3));

export const STATUS_COLORS: Record<string, string> = { champion: 'gold', challenger: 'blue', retired: 'default' };
