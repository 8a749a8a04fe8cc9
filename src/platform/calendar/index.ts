export { createWorkingDayCalendar, loadShippedCalendar, validateCalendar } from './working-days.ts';
export type { CalendarData, WorkingDayCalendar } from './working-days.ts';
