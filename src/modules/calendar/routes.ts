import type { FastifyPluginAsync } from 'fastify';
import type { Static } from 'typebox';
import { OPERATOR_ROLES } from '../../platform/auth/roles.ts';
import { requirePrincipal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import type { CalendarService } from './service.ts';
import { YearBody, YearParams, YearReply } from './schemas.ts';

export interface CalendarRouteOptions { calendar: CalendarService }

/** The working-day calendar under /api/v1/calendar: operators read it, op_admin loads a year. */
export const calendarRoutes: FastifyPluginAsync<CalendarRouteOptions> = async (app, opts) => {
  const { calendar } = opts;

  app.get('/calendar/years/:year', {
    config: { access: { roles: OPERATOR_ROLES } },
    schema: { tags: ['calendar'], summary: 'Every day of a year (working / weekend / holiday / adjusted workday), its data and versions', params: YearParams, response: { 200: YearReply } },
  }, async (request) => calendar.year((request.params as Static<typeof YearParams>).year));

  app.put('/calendar/years/:year', {
    config: { access: { roles: ['op_admin'] } },
    schema: { tags: ['calendar'], summary: "Load or replace a year's holidays and adjusted working days (a new version; earlier ones are kept)", params: YearParams, body: YearBody, response: { 200: YearReply } },
  }, async (request) => {
    const p = requirePrincipal(request);
    const { year } = request.params as Static<typeof YearParams>;
    await calendar.putYear(year, request.body as Static<typeof YearBody>, { actor: actorOf(p), name: p.kind === 'user' ? p.username : `key:${p.keyId}` });
    return calendar.year(year);
  });
};
