/** Display helpers of the statistics pages: integer fen and basis points as text, by moving digits (never parseFloat on money). */
import { bpToPercent, fenToYuanText } from '../marketplace/money.ts';

/** fen → 万元 with two decimals, rounded half up, as a plain decimal string ("123456789" → "123.46"; 1 万元 = 1,000,000 fen). */
export function fenToWan(fen: string): string {
  const hundredths = (BigInt(fen) + 5_000n) / 10_000n;
  const s = hundredths.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** 万元 text with thousands separators for tables. */
export function wanText(fen: string): string {
  const [whole, frac] = fenToWan(fen).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

export const yuanText = (fen: string) => fenToYuanText(fen);
export const percentText = (bp: number | null) => (bp === null ? '—' : `${bpToPercent(bp)}%`);

/** A percentage typed by a person → basis points ("62.5" → 6250; growth targets may exceed 100%); null when malformed. */
export function percentInputToBp(text: string): number | null {
  const m = /^\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  return m === null ? null : Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
