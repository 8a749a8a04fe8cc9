/** The working-day calendar API as the operator page consumes it (shapes: src/modules/calendar/schemas.ts). */
import { api } from '../../api/client.ts';

export interface CalendarHoliday { name: string; from: string; to: string }
export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'adjusted_workday';

export interface CalendarYear {
  year: number;
  covered: boolean;
  source: 'stored' | 'file' | 'none';
  version: number | null;
  holidays: CalendarHoliday[];
  workdays: string[];
  days: { day: string; working: boolean; kind: DayKind; holiday: string | null }[];
  versions: { version: number; holidays: number; workdays: number; note: string | null; createdBy: string; createdAt: string }[];
}

export const calendarPath = (year: number) => `/calendar/years/${year}`;

/** PUT/POST/DELETE JSON through `api()`, keeping the server's whole problem on failure (e.g. `problems`), in the reader's language. */
export function sendJson<T>(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return api<T>(path, { method, body, quietUnauthorized: true });
}

export const saveCalendarYear = (year: number, body: { holidays: CalendarHoliday[]; workdays: string[]; note?: string }) =>
  sendJson<CalendarYear>('PUT', calendarPath(year), body);

/** Reads an editor's JSON: `{ holidays: [{ name, from, to }], workdays: [day], note? }`; null with a reason when it is not that shape. */
export function parseYearJson(text: string): { value: { holidays: CalendarHoliday[]; workdays: string[]; note?: string } } | { error: 'json' | 'shape'; message?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // shown to the operator beside the editor: where the JSON breaks
    return { error: 'json', message: String(error) };
  }
  if (parsed === null || typeof parsed !== 'object') return { error: 'shape' };
  const o = parsed as Record<string, unknown>;
  const holidays = o.holidays;
  const workdays = o.workdays;
  if (!Array.isArray(holidays) || !Array.isArray(workdays)) return { error: 'shape' };
  const okHoliday = (h: unknown) => h !== null && typeof h === 'object' && ['name', 'from', 'to'].every((k) => typeof (h as Record<string, unknown>)[k] === 'string');
  if (!holidays.every(okHoliday) || !workdays.every((w) => typeof w === 'string')) return { error: 'shape' };
  return { value: { holidays: holidays as CalendarHoliday[], workdays: workdays as string[], ...(typeof o.note === 'string' ? { note: o.note } : {}) } };
}
