/**
 * Yuan typed by a person ↔ integer fen as the API wants them, by moving digits as text (never parseFloat): "12.3" →
 * "1230", "0.05" → "5"; more than two decimals, signs or exponents are refused (null).
 */
export function yuanToFen(yuan: string): string | null {
  const m = /^\s*(\d{1,13})(?:\.(\d{0,2}))?\s*$/.exec(yuan);
  if (m === null) return null;
  const fen = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return fen === '0' ? null : fen;
}

/** "123456" fen → "1,234.56" yuan; "100000000" → "1,000,000" (cents dropped when zero). */
export function fenToYuanText(fen: string): string {
  const digits = fen.replace(/^0+(?=\d)/, '').padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/^0+(?=\d)/, '');
  const cents = digits.slice(-2);
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${cents === '00' ? '' : `.${cents}`}`;
}

/** fen → 万元 text for compact display ("500000000" → "500"), exact: integer division as text. */
export function fenToWanText(fen: string): string {
  const digits = fen.replace(/^0+(?=\d)/, '').padStart(7, '0');
  const whole = digits.slice(0, -6).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(-6).replace(/0+$/, '');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** Basis points → percent text: 385 → "3.85". */
export function bpToPercent(bp: number): string {
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

/** Percent typed by a person → basis points ("3.85" → 385), text only; null when not a percentage with ≤ 2 decimals. */
export function percentToBp(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (m === null) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}
