import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { loginAs, type Client } from '../../../test/support/http.ts';

/** The calendar API over HTTP: operators read a year, op_admin loads one, invalid data answers every problem in zh and en. */
let server: TestServer;
let operator: Client;
let auditor: Client;

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 2 });
  operator = await loginAs(server, 'operator');
  auditor = await loginAs(server, 'auditor');
});
afterAll(async () => server?.close());

describe('calendar API', () => {
  it('answers every day of a year and whether its holidays are known', async () => {
    const r = await auditor.get('/api/v1/calendar/years/2026');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ year: 2026, covered: true, source: 'file' });
    expect(r.body.days).toHaveLength(365);
    expect((await auditor.get('/api/v1/calendar/years/2031')).body).toMatchObject({ covered: false, source: 'none' });
  });

  it('loads a year for op_admin only, refusing invalid data in both languages', async () => {
    const body = { holidays: [{ name: '元旦', from: '2031-01-01', to: '2031-01-01' }], workdays: ['2031-01-06'] };
    expect((await auditor.request('PUT', '/api/v1/calendar/years/2031', body)).status).toBe(403);
    const zh = await operator.request('PUT', '/api/v1/calendar/years/2031', body);
    expect(zh.status).toBe(400);
    expect(zh.body.code).toBe('CALENDAR_INVALID');
    expect(zh.body.problems).toEqual(['2031: adjusted workday 2031-01-06 is not a weekend day']);
    expect(zh.body.title + zh.body.detail).toContain('节假日数据不合法');
    const en = await operator.request('PUT', '/api/v1/calendar/years/2031', body, { 'accept-language': 'en' });
    expect(en.body.title + en.body.detail).toContain('holiday data is not valid');
    const ok = await operator.request('PUT', '/api/v1/calendar/years/2031', { ...body, workdays: ['2031-01-04'] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ covered: true, source: 'stored', version: 1, versions: [{ version: 1, createdBy: 'operator' }] });
    expect(ok.body.days.find((d: { day: string }) => d.day === '2031-01-04')).toMatchObject({ working: true, kind: 'adjusted_workday' });
    expect((await server.services.calendar.current()).covers(2031)).toBe(true);
  });
});
