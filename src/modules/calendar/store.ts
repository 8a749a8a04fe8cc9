/** SQL for `calendar_years`: every upload of a year is a new version; the newest version of a year is in force. */
import type { Queryable } from '../../platform/db/index.ts';

export interface Holiday { name: string; from: string; to: string }
export interface YearRow { year: number; version: number; holidays: Holiday[]; workdays: string[]; note: string | null; created_by: string; created_at: Date }

export function createCalendarStore(db: Queryable) {
  return {
    /** The version in force of every stored year. */
    async currentYears(): Promise<YearRow[]> {
      return db.query<YearRow>('SELECT DISTINCT ON (year) * FROM calendar_years ORDER BY year, version DESC');
    },
    /** Every version of a year, newest first. */
    async versions(year: number): Promise<YearRow[]> {
      return db.query<YearRow>('SELECT * FROM calendar_years WHERE year = $1 ORDER BY version DESC', [year]);
    },
    async insert(q: Queryable, y: { year: number; holidays: Holiday[]; workdays: string[]; note: string | null; createdBy: string; at: Date }): Promise<number> {
      // the year's row lock is not available before the first version: serialise uploads of a year with an advisory lock
      await q.query('SELECT pg_advisory_xact_lock($1, $2)', [7_231_021, y.year]);
      const [{ v }] = await q.query<{ v: number }>('SELECT coalesce(max(version), 0)::int + 1 AS v FROM calendar_years WHERE year = $1', [y.year]);
      await q.query(`INSERT INTO calendar_years (year, version, holidays, workdays, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [y.year, v, JSON.stringify(y.holidays), JSON.stringify(y.workdays), y.note, y.createdBy, y.at]);
      return v;
    },
  };
}

export type CalendarStore = ReturnType<typeof createCalendarStore>;
