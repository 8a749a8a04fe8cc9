/**
 * When push batches are due and what period they are labelled with, in China time (UTC+8, no daylight saving):
 * daily batches after 06:00 each day, weekly ones after Monday 06:00 (ISO 8601 weeks, 'YYYY-Www').
 */
import type { Frequency } from './store.ts';

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** hour of the day (China time) from which a period's batch is due */
export const DUE_HOUR = 6;

/** The start (06:00 China time) of the latest period boundary at or before `ms`. */
export function boundaryAtOrBefore(ms: number, frequency: Frequency): number {
  const local = ms + OFFSET_MS - DUE_HOUR * 3_600_000;
  let day = Math.floor(local / DAY_MS);
  if (frequency === 'weekly') {
    // day 0 (1970-01-01) was a Thursday; Monday = (day + 3) % 7 === 0
    day -= (((day + 3) % 7) + 7) % 7;
  }
  return day * DAY_MS - OFFSET_MS + DUE_HOUR * 3_600_000;
}

/** The first boundary strictly after `ms`. */
export function nextBoundary(ms: number, frequency: Frequency): number {
  return boundaryAtOrBefore(ms, frequency) + (frequency === 'weekly' ? 7 : 1) * DAY_MS;
}

/** The label of the period a boundary opens: 'YYYY-MM-DD' (daily) or ISO week 'YYYY-Www' (weekly). */
export function periodOf(boundary: number, frequency: Frequency): string {
  const d = new Date(boundary + OFFSET_MS);
  const day = d.toISOString().slice(0, 10);
  if (frequency === 'daily') return day;
  // ISO week: the week's Thursday decides the year
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7)));
  const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((thursday.getTime() - jan4.getTime()) / DAY_MS - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
