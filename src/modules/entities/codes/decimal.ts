/**
 * Exact money arithmetic for decimal strings. Amounts travel as yuan strings ("20000000.00") and are
 * compared as integer fen (bigint) — never as floating-point numbers.
 */

const YUAN = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "20000000.00" → 2000000000n fen; undefined when the string is not a non-negative yuan amount. */
export function parseYuanToFen(yuan: string): bigint | undefined {
  const m = YUAN.exec(yuan);
  if (!m) return undefined;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** A whole number of 万元 (10,000 yuan) as fen: "2000" → 2000000000n. */
export function wanToFen(wan: string): bigint {
  if (!/^\d+$/.test(wan)) throw new RangeError(`wanToFen: "${wan}" is not a whole number of 万元`);
  return BigInt(wan) * 1_000_000n;
}

/** Fen as a yuan string with two decimals: 123456n → "1234.56". */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Fen as 万元 without rounding or trailing zeros: 2000000000n → "2000", 1234567n → "1.234567". */
export function fenToWan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  const frac = String(abs % 1_000_000n).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${abs / 1_000_000n}${frac ? `.${frac}` : ''}`;
}

/** Compare two yuan strings exactly: −1, 0 or 1. Throws on a malformed amount (a programming error). */
export function compareYuan(a: string, b: string): -1 | 0 | 1 {
  const x = parseYuanToFen(a);
  const y = parseYuanToFen(b);
  if (x === undefined || y === undefined) throw new RangeError(`compareYuan: malformed amount "${x === undefined ? a : b}"`);
  return x < y ? -1 : x > y ? 1 : 0;
}
