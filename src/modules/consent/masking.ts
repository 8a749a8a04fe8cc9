/**
 * Server-side masking of personal data (SPEC §C4 default formats). Applied before data leaves the server;
 * the browser never receives the clear value of a field it must not show.
 */

/** Resident ID: first 3 + last 4 visible, e.g. 110***********1234. */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** Mobile: 138****5678. */
export function maskMobile(mobile: string): string {
  if (mobile.length < 7) return '*'.repeat(mobile.length);
  return mobile.slice(0, 3) + '*'.repeat(mobile.length - 7) + mobile.slice(-4);
}

/** Common two-character Chinese compound surnames (复姓); the whole surname stays visible. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐',
  '钟离', '端木', '南宫', '西门', '独孤', '呼延', '澹台', '公冶', '太史', '申屠', '万俟', '闻人', '赫连', '百里', '东郭',
]);

/** Personal name: surname visible, given name starred — 张* , 欧阳**. */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  const surnameLength = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surnameLength).join('') + '*'.repeat(Math.max(1, chars.length - surnameLength));
}

/** Bank account: last 4 digits only. */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}
