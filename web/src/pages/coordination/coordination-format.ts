import type { Bilingual } from '../../api/evaluation.ts';

/** Yuan typed by a person ('5000000', '12.5') → integer fen as digits, by text only (no float); null when malformed. */
export function yuanToFen(yuan: string): string | null {
  const m = /^\s*(\d{1,13})(?:\.(\d{0,2}))?\s*$/.exec(yuan);
  if (m === null) return null;
  const fen = (m[1] + (m[2] ?? '').padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  return fen === '0' ? null : fen;
}

/** Integer fen (digits) → yuan decimal string ('123456' → '1234.56'), for YuanAmount. */
export function fenToYuan(fen: string): string {
  const s = fen.replace(/^0+(?=\d)/, '').padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** The text of a bilingual server value in the reader's language. */
export const textOf = (b: Bilingual, language: string) => (language === 'en' ? b.en : b.zh);

/** The current month in China ('2026-11'), the default period of a new list. */
export function currentPeriod(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}
