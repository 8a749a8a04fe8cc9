/**
 * The working-day calendar in force: the shipped file (src/data/calendars/cn-public-holidays.json) with the years
 * operators load as data on top (a stored year replaces the file's year as a whole). Service-level times of the
 * financing workflow count with `current()`.
 */
import type { Db } from '../../platform/db/index.ts';
import { badRequest } from '../../platform/http/index.ts';
import { createWorkingDayCalendar, loadShippedCalendar, validateCalendar, type CalendarData, type WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { AuditActor, AuditSink } from '../audit/index.ts';
import { createCalendarStore, type Holiday, type YearRow } from './store.ts';

export interface CalendarOptions {
  db: Db;
  audit?: AuditSink;
  clock?: () => number;
  /** the shipped calendar (tests pass their own) */
  shipped?: () => CalendarData;
  /** how long a process keeps the merged calendar before looking again (another process may have loaded a year) */
  cacheMs?: number;
}

export interface Requester { actor: AuditActor; name: string }
export interface YearInput { holidays: Holiday[]; workdays: string[]; note?: string }

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday';
export interface YearView {
  year: number;
  /** whether the year's holidays are known (else only weekends are) */
  covered: boolean;
  source: 'stored' | 'file' | 'none';
  version: number | null;
  holidays: Holiday[];
  workdays: string[];
  days: { day: string; working: boolean; kind: DayKind; holiday: string | null }[];
  versions: { version: number; holidays: number; workdays: number; note: string | null; createdBy: string; createdAt: string }[];
}

const DAY_MS = 86_400_000;

export function createCalendarService(opts: CalendarOptions) {
  const store = createCalendarStore(opts.db);
  const clock = opts.clock ?? Date.now;
  const shipped = opts.shipped ?? loadShippedCalendar;
  const cacheMs = opts.cacheMs ?? 60_000;
  let cached: { at: number; value: Promise<{ data: CalendarData; stored: Map<number, YearRow>; calendar: WorkingDayCalendar }> } | null = null;

  async function merge() {
    const base = shipped();
    const stored = new Map((await store.currentYears()).map((r) => [r.year, r]));
    const years = { ...base.years };
    for (const [year, r] of stored) years[String(year)] = { holidays: r.holidays, workdays: r.workdays };
    const data: CalendarData = { ...base, years };
    return { data, stored, calendar: createWorkingDayCalendar(data) };
  }

  function merged() {
    if (!cached || clock() - cached.at > cacheMs) {
      const value = merge();
      cached = { at: clock(), value };
      // a failed read is not kept
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  }

  /** Problems of a year's data (empty when it can be loaded), checked as the calendar itself checks its file. */
  function problemsOf(year: number, input: YearInput): string[] {
    const base = shipped();
    const problems = validateCalendar({ ...base, years: { [String(year)]: { holidays: input.holidays, workdays: input.workdays } } });
    for (const h of input.holidays) if (!h.name.trim()) problems.push(`${year}: a holiday from ${h.from} has no name`);
    const seen = new Set<string>();
    for (const w of input.workdays) {
      if (seen.has(w)) problems.push(`${year}: adjusted workday ${w} is listed twice`);
      seen.add(w);
      if (input.holidays.some((h) => h.from <= w && w <= h.to)) problems.push(`${year}: ${w} is both a holiday and an adjusted workday`);
    }
    return problems;
  }

  return {
    /** The calendar in force (cached; reloaded after a change in this process or after `cacheMs`). */
    current: async (): Promise<WorkingDayCalendar> => (await merged()).calendar,
    problemsOf,
    async year(year: number): Promise<YearView> {
      const { data, stored, calendar } = await merged();
      const y = data.years[String(year)];
      const days: YearView['days'] = [];
      for (let n = Date.UTC(year, 0, 1) / DAY_MS; n < Date.UTC(year + 1, 0, 1) / DAY_MS; n++) {
        const day = new Date(n * DAY_MS).toISOString().slice(0, 10);
        const d = calendar.describe(day);
        days.push({ day, working: d.working, kind: d.reason, holiday: d.holiday ?? null });
      }
      const versions = await store.versions(year);
      return {
        year, covered: calendar.covers(year), source: stored.has(year) ? 'stored' : y ? 'file' : 'none', version: stored.get(year)?.version ?? null,
        holidays: y?.holidays ?? [], workdays: y?.workdays ?? [], days,
        versions: versions.map((v) => ({ version: v.version, holidays: v.holidays.length, workdays: v.workdays.length, note: v.note, createdBy: v.created_by, createdAt: v.created_at.toISOString() })),
      };
    },
    /** Loads (or replaces) a year's holidays and adjusted working days as a new version. */
    async putYear(year: number, input: YearInput, requester: Requester): Promise<number> {
      const problems = problemsOf(year, input);
      if (problems.length) {
        throw badRequest('CALENDAR_INVALID', {
          zh: `${year} 年节假日数据不合法：${problems.join('；')}`,
          en: `The ${year} holiday data is not valid: ${problems.join('; ')}`,
        }, { problems });
      }
      const version = await opts.db.tx((q) => store.insert(q, {
        year, holidays: input.holidays, workdays: [...input.workdays].sort(), note: input.note?.trim() || null, createdBy: requester.name, at: new Date(clock()),
      }));
      cached = null;
      await opts.audit?.append({
        kind: 'change', action: 'calendar.year.loaded', actor: requester.actor, outcome: 'ok', target: { type: 'calendar_year', id: String(year) },
        details: { year, version, holidays: input.holidays.length, workdays: input.workdays.length },
      });
      return version;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
