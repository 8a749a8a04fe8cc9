import { readFileSync } from 'node:fs';

/**
 * Working-day arithmetic on a Chinese calendar: weekends, public holidays and the adjusted working days (调休) that
 * move a weekend day to a working day, all as data (src/data/calendars/cn-public-holidays.json). Service-level
 * times ("accepted within 2 working days"), objection and repair deadlines count with it.
 *
 * Days are calendar days in the calendar's time zone (China has one, UTC+8 without daylight saving), written
 * YYYY-MM-DD. A deadline of n working days after an instant follows the rule of 《民法典》第二百零一条 for periods:
 * the day on which it starts is not counted; the period ends at the end (24:00) of its last working day.
 */
export interface CalendarData {
  name: { zh: string; en: string };
  /** IANA zone the days are counted in; only Asia/Shanghai (fixed UTC+8) is supported. */
  timeZone: 'Asia/Shanghai';
  /** weekday numbers (0 = Sunday) that are rest days unless listed as workdays */
  weekend: number[];
  source: string;
  years: Record<string, { holidays: { name: string; from: string; to: string }[]; workdays: string[] }>;
}

export interface WorkingDayCalendar {
  /** Whether the day (YYYY-MM-DD) is a working day. */
  isWorkingDay(day: string): boolean;
  /** Why a day is or is not a working day, for screens and error messages. */
  describe(day: string): { working: boolean; reason: 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday'; holiday?: string };
  /** Whether the data lists the year's holidays (outside it only weekends are known). */
  covers(year: number): boolean;
  /** The end of the n-th working day after the day of `from` (n ≥ 1): the deadline of an n-working-day period. */
  deadline(from: Date, n: number): Date;
  /** Working days wholly elapsed after the day of `from` up to `to` (0 when `to` is on or before that day's end). */
  workingDaysElapsed(from: Date, to: Date): number;
  /** The calendar day (YYYY-MM-DD) of an instant in the calendar's time zone. */
  dayOf(at: Date): string;
}

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (new Date(n * DAY_MS).toISOString().slice(0, 10) !== day) throw new RangeError(`no such day: ${day}`);
  return n;
}

const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Problems in calendar data (empty when it is usable): bad days, reversed ranges, workdays that are not weekend days. */
export function validateCalendar(data: CalendarData): string[] {
  const problems: string[] = [];
  if (data.timeZone !== 'Asia/Shanghai') problems.push(`timeZone ${String(data.timeZone)} is not supported`);
  for (const [year, y] of Object.entries(data.years)) {
    const inYear = (d: string) => d.startsWith(`${year}-`);
    for (const h of y.holidays) {
      try {
        if (dayNumber(h.from) > dayNumber(h.to)) problems.push(`${year} ${h.name}: from ${h.from} is after to ${h.to}`);
        if (!inYear(h.from)) problems.push(`${year} ${h.name}: ${h.from} is not in ${year}`);
      } catch (err) {
        problems.push(`${year} ${h.name}: ${(err as Error).message}`);
      }
    }
    for (const w of y.workdays) {
      try {
        const wd = new Date(dayNumber(w) * DAY_MS).getUTCDay();
        if (!data.weekend.includes(wd)) problems.push(`${year}: adjusted workday ${w} is not a weekend day`);
        if (!inYear(w)) problems.push(`${year}: adjusted workday ${w} is not in ${year}`);
      } catch (err) {
        problems.push(`${year}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

export function createWorkingDayCalendar(data: CalendarData): WorkingDayCalendar {
  const problems = validateCalendar(data);
  if (problems.length) throw new Error(`invalid working-day calendar: ${problems.join('; ')}`);
  const holidays = new Map<number, string>();
  const workdays = new Set<number>();
  for (const y of Object.values(data.years)) {
    for (const h of y.holidays) for (let d = dayNumber(h.from); d <= dayNumber(h.to); d++) holidays.set(d, h.name);
    for (const w of y.workdays) workdays.add(dayNumber(w));
  }
  const weekend = new Set(data.weekend);
  const years = new Set(Object.keys(data.years).map(Number));

  const working = (n: number) => !holidays.has(n) && (workdays.has(n) || !weekend.has(new Date(n * DAY_MS).getUTCDay()));
  const localDay = (at: Date) => Math.floor((at.getTime() + OFFSET_MS) / DAY_MS);

  return {
    isWorkingDay: (day) => working(dayNumber(day)),
    describe(day) {
      const n = dayNumber(day);
      const holiday = holidays.get(n);
      if (holiday) return { working: false, reason: 'holiday', holiday };
      if (workdays.has(n)) return { working: true, reason: 'adjusted_workday' };
      return weekend.has(new Date(n * DAY_MS).getUTCDay()) ? { working: false, reason: 'weekend' } : { working: true, reason: 'weekday' };
    },
    covers: (year) => years.has(year),
    deadline(from, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`a period counts at least one working day, not ${n}`);
      let d = localDay(from);
      for (let left = n; left > 0;) if (working(++d)) left--;
      // 24:00 local of day d = the start of day d + 1 in local time
      return new Date((d + 1) * DAY_MS - OFFSET_MS);
    },
    workingDaysElapsed(from, to) {
      const last = localDay(to) - 1; // only days that have ended count
      let count = 0;
      for (let d = localDay(from) + 1; d <= last; d++) if (working(d)) count++;
      return count;
    },
    dayOf: (at) => dayString(localDay(at)),
  };
}

/** The shipped calendar (national public holidays as published by the State Council General Office). */
export function loadShippedCalendar(): CalendarData {
  return JSON.parse(readFileSync(new URL('../../data/calendars/cn-public-holidays.json', import.meta.url), 'utf8')) as CalendarData;
}
