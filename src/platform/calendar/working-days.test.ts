import { describe, expect, it } from 'vitest';
import { createWorkingDayCalendar, loadShippedCalendar, validateCalendar, type CalendarData } from './working-days.ts';

const shipped = createWorkingDayCalendar(loadShippedCalendar());

/** A small fixture: one mid-week holiday and one adjusted Saturday, in a year of its own. */
const FIXTURE: CalendarData = {
  name: { zh: '测试日历', en: 'test calendar' },
  timeZone: 'Asia/Shanghai',
  weekend: [6, 0],
  source: 'test',
  years: { 2030: { holidays: [{ name: '测试假日', from: '2030-01-09', to: '2030-01-09' }], workdays: ['2030-01-12'] } },
};
const fixture = createWorkingDayCalendar(FIXTURE);

const at = (iso: string) => new Date(iso);

describe('working days', () => {
  it('knows weekends, holidays and adjusted working days', () => {
    expect(shipped.describe('2026-11-27')).toEqual({ working: true, reason: 'weekday' });
    expect(shipped.describe('2026-11-28')).toEqual({ working: false, reason: 'weekend' });
    expect(shipped.describe('2026-10-05')).toEqual({ working: false, reason: 'holiday', holiday: '国庆节' });
    expect(shipped.describe('2026-02-14')).toEqual({ working: true, reason: 'adjusted_workday' });
    expect(shipped.isWorkingDay('2025-10-11')).toBe(true); // Saturday worked after the 2025 National Day break
    expect(shipped.isWorkingDay('2025-10-08')).toBe(false);
    expect(shipped.covers(2026)).toBe(true);
    expect(shipped.covers(2031)).toBe(false);
  });

  it('counts a period from the day after it starts and ends it at 24:00 China time of its last working day', () => {
    // Friday morning + 2 working days: Monday and Tuesday; the weekend in between does not count.
    expect(shipped.deadline(at('2026-11-27T10:00:00+08:00'), 2).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    // Friday before the 2026 Spring Festival: the adjusted Saturday counts, the nine days of holiday do not.
    expect(shipped.deadline(at('2026-02-13T09:00:00+08:00'), 2).toISOString()).toBe('2026-02-24T16:00:00.000Z');
    // The eve of the 2025 National Day break: the next working day is 9 October.
    expect(shipped.deadline(at('2025-09-30T17:30:00+08:00'), 1).toISOString()).toBe('2025-10-09T16:00:00.000Z');
    expect(() => shipped.deadline(at('2026-11-27T10:00:00+08:00'), 0)).toThrow(RangeError);
  });

  it('takes the day in China time, whatever the instant is written in', () => {
    // 20:00 UTC on Friday is 04:00 on Saturday in China: the period starts from Saturday.
    expect(shipped.dayOf(at('2026-11-27T20:00:00Z'))).toBe('2026-11-28');
    expect(shipped.deadline(at('2026-11-27T20:00:00Z'), 1).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('counts only working days that have wholly passed', () => {
    const from = at('2026-11-27T10:00:00+08:00');
    expect(shipped.workingDaysElapsed(from, at('2026-11-30T23:59:00+08:00'))).toBe(0);
    expect(shipped.workingDaysElapsed(from, at('2026-12-01T00:00:00+08:00'))).toBe(1);
    expect(shipped.workingDaysElapsed(from, at('2026-12-02T09:00:00+08:00'))).toBe(2);
    expect(shipped.workingDaysElapsed(from, from)).toBe(0);
  });

  it('follows the data it is given: a mid-week holiday and an adjusted Saturday', () => {
    // Tuesday 8 January 2030 + 3 working days: Thursday 10, Friday 11, Saturday 12 (adjusted); Wednesday 9 is a holiday.
    expect(fixture.deadline(at('2030-01-08T12:00:00+08:00'), 3).toISOString()).toBe('2030-01-12T16:00:00.000Z');
    expect(fixture.workingDaysElapsed(at('2030-01-08T12:00:00+08:00'), at('2030-01-14T08:00:00+08:00'))).toBe(3);
  });

  it('refuses calendar data that cannot be right', () => {
    const bad: CalendarData = {
      ...FIXTURE,
      years: { 2030: { holidays: [{ name: '倒置', from: '2030-02-10', to: '2030-02-01' }, { name: '无效', from: '2030-02-30', to: '2030-03-01' }], workdays: ['2030-01-14'] } },
    };
    const problems = validateCalendar(bad);
    expect(problems).toEqual([
      expect.stringContaining('from 2030-02-10 is after to 2030-02-01'),
      expect.stringContaining('no such day: 2030-02-30'),
      expect.stringContaining('adjusted workday 2030-01-14 is not a weekend day'),
    ]);
    expect(() => createWorkingDayCalendar(bad)).toThrow(/invalid working-day calendar/);
    expect(validateCalendar(loadShippedCalendar())).toEqual([]);
  });
});
