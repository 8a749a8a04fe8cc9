import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/index.ts';
import type { CalendarData } from '../../platform/calendar/index.ts';
import { createMemoryAuditSink } from '../consent/index.ts';
import { createTestDb } from '../../../test/support/db.ts';
import { createCalendarService, type CalendarService } from './service.ts';

let db: Db;
let calendar: CalendarService;
let now = Date.parse('2026-11-28T10:00:00+08:00');
const audit = createMemoryAuditSink();
const shipped = (): CalendarData => ({
  name: { zh: '测试', en: 'test' }, timeZone: 'Asia/Shanghai', weekend: [6, 0], source: 'test',
  years: { '2026': { holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }], workdays: ['2026-10-10'] } },
});
const requester = { actor: { userId: null, keyId: null, role: 'op_admin', orgId: null, orgKind: 'operator' }, name: 'operator' };
const YEAR_2027 = {
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '春节', from: '2027-02-06', to: '2027-02-14' }],
  workdays: ['2027-02-20'],
  note: '国务院办公厅关于2027年部分节假日安排的通知',
};

beforeAll(async () => {
  db = await createTestDb();
  calendar = createCalendarService({ db, audit, clock: () => now, shipped, cacheMs: 3_600_000 });
});
afterAll(async () => db?.close());

describe('working-day calendar administration', () => {
  it('shows a year of the shipped file day by day, and flags a year that is not loaded', async () => {
    const y = await calendar.year(2026);
    expect(y).toMatchObject({ covered: true, source: 'file', version: null });
    expect(y.days).toHaveLength(365);
    expect(y.days.find((d) => d.day === '2026-10-01')).toEqual({ day: '2026-10-01', working: false, kind: 'holiday', holiday: '国庆节' });
    expect(y.days.find((d) => d.day === '2026-10-10')).toMatchObject({ working: true, kind: 'adjusted_workday' });
    const none = await calendar.year(2027);
    expect(none).toMatchObject({ covered: false, source: 'none', holidays: [] });
    expect(none.days.find((d) => d.day === '2027-02-08')).toMatchObject({ working: true, kind: 'weekday' });
  });

  it('refuses data that does not validate, with every problem', async () => {
    const bad = { holidays: [{ name: '春节', from: '2027-02-14', to: '2027-02-06' }], workdays: ['2027-02-22', '2026-10-10'] };
    const err = await calendar.putYear(2027, bad, requester).then(() => null, (e: unknown) => e as { code: string; extra: { problems: string[] } });
    expect(err?.code).toBe('CALENDAR_INVALID');
    expect(err?.extra.problems.join('\n')).toMatch(/after/);
    expect(err?.extra.problems.join('\n')).toMatch(/2027-02-22 is not a weekend day/);
    expect(err?.extra.problems.join('\n')).toMatch(/2026-10-10 is not in 2027/);
    expect((await calendar.year(2027)).versions).toEqual([]);
  });

  it('loads a year as a new version, and current() reflects it at once (cache invalidated)', async () => {
    const before = await calendar.current();
    expect(before.covers(2027)).toBe(false);
    expect(await calendar.putYear(2027, YEAR_2027, requester)).toBe(1);
    const after = await calendar.current();
    expect(after.covers(2027)).toBe(true);
    expect(after.isWorkingDay('2027-02-08')).toBe(false);
    expect(after.isWorkingDay('2027-02-20')).toBe(true);
    expect(after.deadline(new Date('2027-02-05T10:00:00+08:00'), 1).toISOString()).toBe('2027-02-15T16:00:00.000Z');
    expect(audit.events.map((e) => e.action)).toContain('calendar.year.loaded');
  });

  it('replaces the file year with a stored year and keeps earlier versions with who and when', async () => {
    await calendar.putYear(2026, { holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-08' }], workdays: [] }, requester);
    now += 60_000;
    await calendar.putYear(2026, { holidays: [{ name: '国庆节、中秋节', from: '2026-10-01', to: '2026-10-08' }], workdays: ['2026-10-10'] }, requester);
    const y = await calendar.year(2026);
    expect(y).toMatchObject({ source: 'stored', version: 2 });
    expect(y.versions.map((v) => [v.version, v.createdBy])).toEqual([[2, 'operator'], [1, 'operator']]);
    const c = await calendar.current();
    expect(c.describe('2026-10-08')).toEqual({ working: false, reason: 'holiday', holiday: '国庆节、中秋节' });
    // the shipped year's data is replaced as a whole
    expect(y.holidays).toHaveLength(1);
  });
});
