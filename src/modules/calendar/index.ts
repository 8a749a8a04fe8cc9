/** The working-day calendar in force (shipped file + years operators load): what the server and other modules may use. */
export { createCalendarService } from './service.ts';
export type { CalendarService, CalendarOptions, YearInput as CalendarYearInput, YearView as CalendarYearView } from './service.ts';
export { calendarRoutes } from './routes.ts';
export type { CalendarRouteOptions } from './routes.ts';
