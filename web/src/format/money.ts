/**
 * Yuan amounts arrive as decimal strings ("20000000.00"). They are formatted by moving digits around as text:
 * no Number/parseFloat ever touches money, so 12345678901234567.89 prints exactly.
 */

interface DecimalParts {
  negative: boolean;
  /** integer digits without leading zeros ("0" for zero) */
  whole: string;
  /** fraction digits exactly as sent (may be empty) */
  fraction: string;
}

const DECIMAL = /^\s*([+-]?)(\d+)(?:\.(\d*))?\s*$/;

export function parseDecimal(value: string): DecimalParts | null {
  const match = DECIMAL.exec(value);
  if (match === null) return null;
  const whole = match[2].replace(/^0+(?=\d)/, '');
  const fraction = match[3] ?? '';
  const isZero = /^0*$/.test(whole + fraction);
  return { negative: match[1] === '-' && !isZero, whole, fraction };
}

/** "1234567" → "1,234,567" */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Adds one to a string of decimal digits ("0999" → "1000", "999" → "1000"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    if (chars[i] === '9') {
      chars[i] = '0';
    } else {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      return chars.join('');
    }
  }
  return `1${chars.join('')}`;
}

/** Rounds whole.fraction half away from zero to `places` fraction digits, as text. */
function roundParts(whole: string, fraction: string, places: number): { whole: string; fraction: string } {
  const padded = fraction.padEnd(places + 1, '0');
  let kept = whole + padded.slice(0, places);
  if (padded.charCodeAt(places) >= '5'.charCodeAt(0)) kept = incrementDigits(kept);
  const cut = kept.length - places;
  return { whole: kept.slice(0, cut).replace(/^0+(?=\d)/, '') || '0', fraction: kept.slice(cut) };
}

/** Exact amount with thousands separators, keeping the fraction digits the server sent. */
export function formatDecimal(value: string): string | null {
  const parts = parseDecimal(value);
  if (parts === null) return null;
  const sign = parts.negative ? '-' : '';
  const fraction = parts.fraction === '' ? '' : `.${parts.fraction}`;
  return `${sign}${groupThousands(parts.whole)}${fraction}`;
}

/**
 * The amount divided by 10^shift (4 → 万, 6 → million), rounded half-up to at most `places` decimals,
 * trailing zeros dropped, with thousands separators.
 */
export function formatScaled(value: string, shift: number, places = 2): string | null {
  const parts = parseDecimal(value);
  if (parts === null) return null;
  const whole = parts.whole.padStart(shift + 1, '0');
  const scaledWhole = whole.slice(0, whole.length - shift);
  const scaledFraction = whole.slice(whole.length - shift) + parts.fraction;
  const rounded = roundParts(scaledWhole, scaledFraction, places);
  const fraction = rounded.fraction.replace(/0+$/, '');
  const isZero = /^0*$/.test(rounded.whole + fraction);
  const sign = parts.negative && !isZero ? '-' : '';
  return `${sign}${groupThousands(rounded.whole)}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Number of integer digits, ignoring leading zeros: decides when 万元 / million reads better. */
export function integerDigitCount(value: string): number {
  const parts = parseDecimal(value);
  if (parts === null || parts.whole === '0') return 0;
  return parts.whole.length;
}
