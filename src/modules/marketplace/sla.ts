import { createWorkingDayCalendar, loadShippedCalendar, type WorkingDayCalendar } from '../../platform/calendar/index.ts';

/**
 * The acceptance SLA (受理时限) of an application: accepted within n working days of submission (SPEC C9, default 2,
 * workflow-v1.json). The period follows the calendar's rule: the day of submission is not counted and the period
 * ends at 24:00 (China time) of its n-th working day; weekends and holidays are skipped, adjusted working days (调休)
 * count. The calendar is a dependency so an operator-edited calendar can replace the shipped one.
 */
export type CalendarSource = () => Promise<WorkingDayCalendar> | WorkingDayCalendar;

let shipped: WorkingDayCalendar | null = null;
export const shippedCalendar: CalendarSource = () => (shipped ??= createWorkingDayCalendar(loadShippedCalendar()));

/** When an application submitted at `submittedAt` must have been accepted. */
export function acceptanceDue(calendar: WorkingDayCalendar, submittedAt: Date, workingDays: number): Date {
  return calendar.deadline(submittedAt, workingDays);
}

/** Whether an unaccepted application is past its due time at `now` (escalation happens strictly after the deadline). */
export function isOverdue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && now.getTime() > dueAt.getTime();
}

/**
 * Working days left before the due time (for the queue's countdown): the working days after today up to the due
 * day, plus today when it is a working day; 0 once overdue.
 */
export function workingDaysLeft(calendar: WorkingDayCalendar, dueAt: Date, now: Date): number {
  if (isOverdue(dueAt, now)) return 0;
  const today = calendar.dayOf(now);
  return calendar.workingDaysElapsed(now, dueAt) + (calendar.isWorkingDay(today) ? 1 : 0);
}
