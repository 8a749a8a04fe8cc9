/**
 * Statistics periods are whole China-time months (Asia/Shanghai, UTC+8, no daylight saving): a period 'from'..'to'
 * runs from the first instant of 'from' to the first instant of the month after 'to', half-open, so a loan
 * applied for at 23:59 on the last day of a month counts in that month even though it is the next day in UTC.
 */
import { badRequest } from '../../platform/http/index.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CST_OFFSET_MS = 8 * 3_600_000;

export interface Period {
  fromMonth: string;
  toMonth: string;
  /** first instant of fromMonth, China time */
  from: Date;
  /** first instant after toMonth, China time (exclusive) */
  to: Date;
  /** the same bounds as China-time calendar days (for date columns): [fromDay, toDay) */
  fromDay: string;
  toDay: string;
}

export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The China-time month of an instant. */
export function monthOf(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 7);
}

/** The instant a China-time month begins. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+08:00`);
}

/** Every month from..to inclusive, in order. */
export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  for (let m = fromMonth; m <= toMonth; m = nextMonth(m)) out.push(m);
  return out;
}

const MAX_MONTHS = 120;

/** A validated period; refused when a bound is not YYYY-MM, reversed, or longer than ten years. */
export function periodOf(fromMonth: string, toMonth: string): Period {
  if (!isMonth(fromMonth) || !isMonth(toMonth)) {
    throw badRequest('STATISTICS_PERIOD_INVALID', { zh: '统计期间须为 YYYY-MM 格式的月份', en: 'A statistics period is given as months, YYYY-MM' });
  }
  if (fromMonth > toMonth) {
    throw badRequest('STATISTICS_PERIOD_INVALID', { zh: '起始月份不能晚于截止月份', en: 'The first month must not be after the last month' });
  }
  if (monthsBetween(fromMonth, toMonth).length > MAX_MONTHS) {
    throw badRequest('STATISTICS_PERIOD_INVALID', { zh: `统计期间最长 ${MAX_MONTHS} 个月`, en: `A statistics period spans at most ${MAX_MONTHS} months` });
  }
  const after = nextMonth(toMonth);
  return { fromMonth, toMonth, from: monthStart(fromMonth), to: monthStart(after), fromDay: `${fromMonth}-01`, toDay: `${after}-01` };
}
