import type { TFunction } from 'i18next';
import dayjs from 'dayjs';

/** Label of a server code through i18n, falling back to the code itself for values this UI does not know yet. */
export function codeLabel(t: TFunction, group: string, code: string): string {
  return t(`${group}.${code}`, { defaultValue: code });
}

export const roleLabel = (t: TFunction, role: string) => codeLabel(t, 'role', role);

/** ISO 8601 timestamp in the reader's local time. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const value = dayjs(iso);
  return value.isValid() ? value.format('YYYY-MM-DD HH:mm') : iso;
}

/** Counts (employees, enterprises) — plain integers, never money. */
export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

export const SIZE_TAG_COLORS: Record<string, string> = {
  large: 'geekblue',
  medium: 'blue',
  small: 'cyan',
  micro: 'green',
  unknown: 'default',
};

export const STATUS_TAG_COLORS: Record<string, string> = {
  active: 'success',
  revoked: 'error',
  cancelled: 'default',
  moved_out: 'warning',
};
