import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { districtOperator } from '../../../test/support/district.ts';

/**
 * C10 through the real server: the outbox consumer screens a borrower's new enforcement record and the lender has the
 * alert (in-app and a queued signed webhook) well within a minute; a non-borrower's record raises nothing; nothing is
 * raised twice; only the lender works its alerts; grade drops; default levels refuse new applications; rules as data.
 */
let server: TestServer;
let operator: Client;
let bankAdmin: Client;
let officer: Client;
let otherOfficer: Client;
let enterprise: Client;
let bankId: string;
let ruralId: string;
let borrower: string;
let nonBorrower: string;
let loanId: string;

const DAY = 86_400_000;
const ENFORCEMENT = 'uscc,entity_name,case_no,court_name,filing_date,enforcement_amount,case_status';

/** A platform loan being repaid (the workflow's end state), as the marketplace stores it. */
async function loan(uscc: string, institutionOrgId: string, over: { status?: string; overdueDays?: number; repayment?: string; amountFen?: string } = {}): Promise<string> {
  const id = uuidv7();
  const at = new Date(server.now() - 30 * DAY);
  await server.platform.db.query(`INSERT INTO marketplace_applications (id, origin, uscc, institution_org_id, status, amount_fen, term_months, submitted_at, updated_at,
      disbursed_amount_fen, disbursed_rate_bp, disbursed_term_months, disbursed_security, disbursed_on, repayment_status, overdue_days, closed_at)
    VALUES ($1, 'apply', $2, $3, $4, $5::bigint, 12, $6::timestamptz, $6::timestamptz, $5::bigint, 400, 12, 'credit', $10::date, $7, $8, $9)`,
  [id, uscc, institutionOrgId, over.status ?? 'repaying', over.amountFen ?? '100000000', at, over.repayment ?? 'performing', over.overdueDays ?? 0,
    over.status === 'defaulted' || over.status === 'closed' ? new Date(server.now()) : null, at.toISOString().slice(0, 10)]);
  return id;
}

async function ingest(item: string, header: string, rows: string[], batchId: string) {
  const r = await operator.request('POST', `/api/v1/aggregation/batches?item=${item}&batchId=${batchId}&source=portal`, `${header}\n${rows.join('\n')}\n`, { 'content-type': 'text/csv' });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  await expect.poll(async () => (await operator.get(`/api/v1/aggregation/batches/${r.body.id}`)).body.status, { timeout: 20_000 }).toBe('completed');
}

const alertsOf = async (client: Client, query = '') => (await client.get(`/api/v1/monitoring/alerts${query}`)).body.items as { id: string; uscc: string; ruleId: string; status: string; latencyMs: number; severity: string }[];

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 12 });
  operator = await loginAs(server, 'operator');
  bankAdmin = await loginAs(server, 'bank_admin');
  officer = await loginAs(server, 'bank_officer');
  enterprise = await loginAs(server, 'ent_demo');
  const orgs = await server.services.identity.organisations('institution');
  bankId = orgs.find((o) => o.name.includes('华北示范商业银行'))!.id;
  ruralId = orgs.find((o) => o.name.includes('农村商业银行'))!.id;
  await server.services.identity.createUser({ orgId: ruralId, username: 'rural_risk', displayName: '风控', password: server.demo.password, roles: ['inst_risk_officer'], realNameVerified: true });
  otherOfficer = new Client(server.url);
  expect((await otherOfficer.post('/api/v1/auth/login', { username: 'rural_risk', password: server.demo.password })).status).toBe(200);
  [{ uscc: borrower }] = await server.platform.db.query<{ uscc: string }>("SELECT o.uscc FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
  [{ uscc: nonBorrower }] = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY uscc LIMIT 1', [borrower]);
  loanId = await loan(borrower, bankId);
  expect((await bankAdmin.request('PUT', '/api/v1/consent/webhook', { url: 'https://hooks.bank.example/xinrong' })).status).toBe(200);
}, 120_000);
afterAll(async () => server?.close());

describe('risk monitoring API', () => {
  let alertId: string;

  it('alerts the lender in-app and by webhook well within a minute of an enforcement record arriving; a non-borrower gets none', async () => {
    const started = Date.now();
    await ingest('COURT_ENFORCEMENT', ENFORCEMENT, [
      `${borrower},示范企业,(2026)冀1002执123号,廊坊市安次区人民法院,2026-11-20,350000.00,执行中`,
      `${nonBorrower},另一家企业,(2026)冀1002执124号,廊坊市安次区人民法院,2026-11-20,80000.00,执行中`,
    ], 'mon-enf-1');
    await expect.poll(() => alertsOf(officer), { timeout: 60_000, interval: 250 }).toHaveLength(1);
    const elapsed = Date.now() - started;
    const [alert] = await alertsOf(officer);
    alertId = alert.id;
    expect(alert).toMatchObject({ uscc: borrower, ruleId: 'court_enforcement', severity: 'high', status: 'open' });
    expect(alert.latencyMs).toBeLessThan(60_000);
    expect(elapsed).toBeLessThan(60_000);
    const hooks = await server.platform.db.query<{ payload: { event: string; monitoring: Record<string, unknown> }; created_at: Date }>(
      "SELECT payload, created_at FROM consent_webhook_deliveries WHERE institution_org_id = $1 AND payload->>'event' = 'monitoring.alert'", [bankId]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0].payload.monitoring).toMatchObject({ alerts: 1, bySeverity: { high: 1 }, alertIds: [alertId], alertsPath: '/api/v1/monitoring/alerts' });
    // counts and a link: neither the record nor the enterprise's data travel in the webhook
    expect(JSON.stringify(hooks[0].payload)).not.toContain('冀1002执123号');
    const notes = await server.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE recipient_org_id = $1 AND kind = 'monitoring.alert'", [bankId]);
    expect(notes[0].n).toBe(1);
    const all = await server.platform.db.query<{ uscc: string }>('SELECT uscc FROM monitoring_alerts');
    expect(all.map((r) => r.uscc)).toEqual([borrower]);
    console.info(`monitoring: enforcement record → alert ${alert.latencyMs} ms after the record's event, ${elapsed} ms wall time from the upload`);
  }, 90_000);

  it('raises nothing twice: the same batch again, and the same events delivered again', async () => {
    await ingest('COURT_ENFORCEMENT', ENFORCEMENT, [`${borrower},示范企业,(2026)冀1002执123号,廊坊市安次区人民法院,2026-11-20,350000.00,执行中`], 'mon-enf-2');
    await server.platform.db.query("UPDATE outbox_consumers SET last_id = 0 WHERE name = 'monitoring.records-changed'");
    await server.services.monitoring.store.putState(server.platform.db as never, 'grade_sweep', new Date(0));
    const consumer = (await import('./consumer.ts')).createMonitoringConsumer({ db: server.platform.db, monitoring: server.services.monitoring });
    await consumer.pollOnce();
    expect(await alertsOf(officer)).toHaveLength(1);
  }, 60_000);

  it('shows an alert to the lending institution only; another institution gets nothing', async () => {
    expect(await alertsOf(otherOfficer)).toEqual([]);
    const foreign = await otherOfficer.get(`/api/v1/monitoring/alerts/${alertId}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'MONITORING_ALERT_NOT_FOUND']);
    expect((await otherOfficer.post(`/api/v1/monitoring/alerts/${alertId}/acknowledge`, {})).status).toBe(404);
    expect((await enterprise.get('/api/v1/monitoring/alerts')).status).toBe(403);
    const detail = await officer.get(`/api/v1/monitoring/alerts/${alertId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.alert).toMatchObject({ applicationId: loanId, item: 'COURT_ENFORCEMENT', facts: { field: 'case_status', value: '执行中' }, institution: { id: bankId } });
    expect(detail.body.alert.objection).toBeNull();
    // the enterprise objects to the record (C11): the alert shows it at once
    await server.platform.db.tx((q) => server.services.aggregation.marks.flagObjection(q, { uscc: borrower, item: 'COURT_ENFORCEMENT', key: detail.body.alert.recordKey },
      { id: uuidv7(), state: 'open', filedAt: new Date(server.now()) }, new Date(server.now())));
    expect((await officer.get(`/api/v1/monitoring/alerts/${alertId}`)).body.alert.objection).toMatchObject({ state: 'open' });
    expect((await operator.get(`/api/v1/monitoring/alerts/${alertId}`)).status).toBe(200);
    // operators supervise; only the lender works the alert
    expect((await operator.post(`/api/v1/monitoring/alerts/${alertId}/acknowledge`, {})).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('moves open → acknowledged → closed with notes and who/when, refuses the wrong order, and audits each step', async () => {
    const closeEarly = await officer.post(`/api/v1/monitoring/alerts/${alertId}/close`, {});
    expect([closeEarly.status, closeEarly.body.code]).toEqual([400, 'MONITORING_NOTE_REQUIRED']);
    const ack = await officer.post(`/api/v1/monitoring/alerts/${alertId}/acknowledge`, { note: '已致电企业财务' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body.alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bank_officer' });
    const again = await bankAdmin.post(`/api/v1/monitoring/alerts/${alertId}/acknowledge`, {});
    expect([again.status, again.body.code]).toEqual([409, 'MONITORING_ALERT_STATE']);
    const closed = await bankAdmin.post(`/api/v1/monitoring/alerts/${alertId}/close`, { note: '执行标的已和解，追加担保' });
    expect(closed.body.alert).toMatchObject({ status: 'closed', closedBy: 'bank_admin' });
    expect(closed.body.events.map((e: { action: string; actor: string; note: string | null }) => [e.action, e.actor, e.note])).toEqual([
      ['created', 'system', null], ['acknowledged', 'bank_officer', '已致电企业财务'], ['closed', 'bank_admin', '执行标的已和解，追加担保'],
    ]);
    expect((await officer.get('/api/v1/monitoring/alerts?status=open')).body.items).toEqual([]);
    await server.services.audit.flush();
    const audited = await server.platform.db.query<{ action: string }>("SELECT action FROM audit_entries WHERE action LIKE 'monitoring.alert.%' ORDER BY seq");
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['monitoring.alert.created', 'monitoring.alert.read', 'monitoring.alert.acknowledged', 'monitoring.alert.closed']));
    const listed = await server.platform.db.query<{ subject: string }>("SELECT subject FROM audit_entries WHERE action = 'monitoring.alerts.listed' AND kind = 'access'");
    expect(new Set(listed.map((r) => r.subject))).toEqual(new Set([borrower]));
  });

  it('alerts on a grade drop of the borrower, not on its first sighting', async () => {
    const consumer = (await import('./consumer.ts')).createMonitoringConsumer({ db: server.platform.db, monitoring: server.services.monitoring });
    await server.platform.db.query(`INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at, changed_at)
      VALUES ($1, 1, 760, 'A', '[]', '[]', $2, $2) ON CONFLICT (uscc) DO UPDATE SET grade = 'A', score = 760, computed_at = $2, changed_at = $2`, [borrower, new Date(server.now())]);
    await consumer.pollOnce();
    expect((await alertsOf(officer, '?rule=grade_drop'))).toEqual([]);
    const later = new Date(server.now() + 1000);
    await server.platform.db.query("UPDATE enterprise_scores SET grade = 'B', score = 610, computed_at = $2, changed_at = $2 WHERE uscc = $1", [borrower, later]);
    await consumer.pollOnce();
    await expect.poll(() => alertsOf(officer, '?rule=grade_drop')).toHaveLength(1);
  });

  it('puts an enterprise whose platform loan is 95 days overdue at 一般失信, refuses its new applications, and lifts it after the retention', async () => {
    await server.platform.db.query("UPDATE marketplace_applications SET repayment_status = 'overdue', overdue_days = 95 WHERE id = $1", [loanId]);
    await server.services.monitoring.sweepLevels();
    const levels = await officer.get('/api/v1/monitoring/levels');
    expect(levels.body.items).toEqual([expect.objectContaining({ uscc: borrower, level: 'general', name: { zh: '一般失信', en: 'Dishonest' }, basis: expect.objectContaining({ maxOverdueDays: 95 }) })]);
    expect((await otherOfficer.get('/api/v1/monitoring/levels')).body.items).toEqual([]);
    const refused = await enterprise.post('/api/v1/marketplace/applications', { productId: uuidv7(), amountFen: '100000000', termMonths: 12, materials: [] });
    expect([refused.status, refused.body.code]).toEqual([403, 'APPLICATION_RESTRICTED_DEFAULT_LEVEL']);
    expect(refused.body.detail ?? refused.body.title).toMatch(/一般失信/);
    expect((await enterprise.get('/api/v1/monitoring/my-level')).body.level).toMatchObject({ level: 'general' });

    // cured: the level stays for its retention period (180 days), then ends
    await server.platform.db.query("UPDATE marketplace_applications SET repayment_status = 'performing', overdue_days = 0 WHERE id = $1", [loanId]);
    await server.services.monitoring.sweepLevels();
    const held = (await officer.get('/api/v1/monitoring/levels')).body.items[0];
    expect(held.curedAt).not.toBeNull();
    expect(Date.parse(held.endsAt) - Date.parse(held.curedAt)).toBe(180 * DAY);
    expect((await enterprise.post('/api/v1/marketplace/applications', { productId: uuidv7(), amountFen: '100000000', termMonths: 12, materials: [] })).body.code).toBe('APPLICATION_RESTRICTED_DEFAULT_LEVEL');
    server.advance(181 * DAY);
    await server.services.monitoring.sweepLevels();
    expect((await officer.get('/api/v1/monitoring/levels')).body.items).toEqual([]);
    const free = await enterprise.post('/api/v1/marketplace/applications', { productId: uuidv7(), amountFen: '100000000', termMonths: 12, materials: [] });
    expect(free.body.code).not.toBe('APPLICATION_RESTRICTED_DEFAULT_LEVEL');
    expect((await enterprise.get('/api/v1/monitoring/my-level')).body.history.map((h: { action: string }) => h.action)).toEqual(['set', 'cured', 'ended']);
  });

  it('lets op_admin publish a new rule version, refusing an invalid one rule by rule', async () => {
    const current = (await operator.get('/api/v1/monitoring/rules')).body;
    expect(current.active.version).toBe(1);
    const def = current.active.definition;
    const bad = await operator.post('/api/v1/monitoring/rules', { ...def, rules: [...def.rules, { ...def.rules[0], item: 'NO_SUCH_ITEM' }] });
    expect([bad.status, bad.body.code]).toEqual([400, 'MONITORING_RULES_INVALID']);
    expect(bad.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: `/rules/${def.rules.length}/id` }), expect.objectContaining({ path: `/rules/${def.rules.length}/item` })]));
    const edited = { ...def, rules: def.rules.map((r: { id: string; severity: string }) => (r.id === 'water_arrears' ? { ...r, severity: 'medium' } : r)) };
    const ok = await operator.post('/api/v1/monitoring/rules', edited);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ version: 2, active: true, createdBy: 'operator' });
    expect((await officer.post('/api/v1/monitoring/rules', edited)).status).toBe(403);
  });

  it('gives operators the dashboard: counts by severity, rule, region and institution, the trend, levels', async () => {
    const d = await operator.get('/api/v1/monitoring/dashboard?days=365');
    expect(d.status).toBe(200);
    expect(d.body.byRule).toEqual([{ key: 'grade_drop', n: 1 }]);
    expect(d.body.byInstitution).toEqual([{ key: bankId, name: expect.stringContaining('华北示范商业银行'), n: 1 }]);
    expect(d.body.trend.reduce((n: number, t: { n: number }) => n + t.n, 0)).toBe(2);
    expect(d.body.oldest.map((a: { ruleId: string }) => a.ruleId)).toEqual(['grade_drop']);
    expect((await officer.get('/api/v1/monitoring/dashboard')).status).toBe(403);
  });

  it("shows a district operator its county's borrowers only: the alerts, the dashboard and the levels", async () => {
    const [{ region_code: borrowerRegion }] = await server.platform.db.query<{ region_code: string }>('SELECT region_code FROM entities WHERE uscc = $1', [borrower]);
    const all = await alertsOf(operator);
    expect(all.length).toBeGreaterThan(0);
    const own = await districtOperator(server, { region: borrowerRegion, username: 'mon_own_county', roles: ['op_supervisor'] });
    expect((await alertsOf(own)).map((a) => a.id)).toEqual(all.filter((a) => a.uscc === borrower || a.uscc.slice(2, 8) === borrowerRegion).map((a) => a.id));
    const otherRegion = borrowerRegion === '131022' ? '131023' : '131022';
    const other = await districtOperator(server, { region: otherRegion, username: 'mon_other_county', roles: ['op_supervisor'] });
    expect(await alertsOf(other)).toEqual([]);
    expect((await other.get(`/api/v1/monitoring/alerts/${all[0].id}`)).status).toBe(404);
    const d = (await other.get('/api/v1/monitoring/dashboard?days=365')).body;
    expect([d.byRule, d.byRegion, d.oldest, d.trend]).toEqual([[], [], [], []]);
    expect((await other.get('/api/v1/monitoring/levels')).body.items.every((l: { uscc: string }) => l.uscc !== borrower)).toBe(true);
    expect((await own.get('/api/v1/monitoring/dashboard?days=365')).body.byRegion).toEqual([{ key: borrowerRegion, n: expect.any(Number) }]);
  });

  it('refuses every monitoring route to each role it does not name with 403 FORBIDDEN_ROLE, before any work', async () => {
    const routes = server.app.accessTable.filter((r) => r.url.startsWith('/api/v1/monitoring/'));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const clients = new Map<string, Client>();
    for (const u of server.demo.users) clients.set(u.username, await loginAs(server, u.username));
    for (const route of routes) {
      if (route.access === 'public' || route.access === 'session') throw new Error(`${route.url} must name roles`);
      const url = route.url.replace(':id', uuidv7());
      for (const user of server.demo.users) {
        const res = await clients.get(user.username)!.request(route.method, url, route.method === 'GET' ? undefined : {});
        const allowed = user.roles.some((r) => (route.access as { roles: readonly string[] }).roles.includes(r));
        if (allowed) expect(res.body?.code, `${route.method} ${url} as ${user.username}`).not.toBe('FORBIDDEN_ROLE');
        else expect([res.status, res.body.code], `${route.method} ${url} as ${user.username}`).toEqual([403, 'FORBIDDEN_ROLE']);
      }
    }
  }, 120_000);
});
