import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';
import { districtOperator } from '../../../test/support/district.ts';
import { openDemands } from '../../../test/support/demands.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { disburseThroughWorkflow, insertDisbursedLoan } from '../policies/test-fixtures.ts';

/**
 * The statistics API over real HTTP: data made through the workflow and consent APIs, every dashboard figure compared
 * with a direct SQL count written here; exports, targets, the public headline, and a province node that includes the
 * city node's monthly report (sent twice: replaced, never added twice).
 */
let city: TestServer;
let province: TestServer;
let operator: Client;
let auditor: Client;
let year: number;
let month: string;

const DAY = 86_400_000;
const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  city = await startTestServer({ seedEnterprises: 20 });
  operator = await loginAs(city, 'operator');
  auditor = await loginAs(city, 'auditor');
  month = chinaDay(city.now()).slice(0, 7);
  year = Number(month.slice(0, 4));
  const enterprise = await loginAs(city, 'ent_demo');
  const officer = await loginAs(city, 'bank_officer');
  const bankAdmin = await loginAs(city, 'bank_admin');
  const today = chinaDay(city.now());
  // two credit loans through the workflow (different amounts and rates: the average is weighted by amount)
  await disburseThroughWorkflow({ bankAdmin, operator, officer, enterprise }, { amountFen: '90000000', rateBp: 400, today });
  await disburseThroughWorkflow({ bankAdmin, operator, officer, enterprise }, { amountFen: '10000000', rateBp: 800, today });
  // a collateral loan of another enterprise (another county where possible), and open demands of three enterprises
  const [ent] = await city.platform.db.query<{ uscc: string; region_code: string }>(
    "SELECT e.uscc, e.region_code FROM entities e JOIN organisations o ON o.uscc = e.uscc JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
  const others = await city.platform.db.query<{ uscc: string }>('SELECT uscc FROM entities WHERE uscc <> $1 ORDER BY region_code <> $2 DESC, uscc LIMIT 3', [ent.uscc, ent.region_code]);
  const bank = (await city.services.identity.organisations('institution')).find((o) => o.category === 'bank')!;
  await insertDisbursedLoan(city.platform.db, { uscc: others[0].uscc, enterpriseOrgId: null, institutionOrgId: bank.id, amountFen: '50000000', rateBp: 500, security: 'collateral', disbursedOn: today });
  await openDemands(city.platform.db, others.map((o) => o.uscc), new Date(city.now()));
  const grant = await enterprise.post('/api/v1/consent/authorisations', {
    institutionId: bank.id, purpose: 'CREDIT_LOAN', items: ['SOCIAL_INSURANCE_CONTRIBUTION'], mode: 'view',
    validTo: new Date(city.now() + 30 * DAY).toISOString(), frequencyLimit: { count: 20, period: 'day' }, retentionDays: 90,
  });
  expect(grant.status, JSON.stringify(grant.body)).toBe(201);
}, 240_000);
afterAll(async () => {
  await city?.close();
  await province?.close();
});

type Expected = Map<string, Record<string, string>>;

/** Direct SQL per county (the registry's region, or the USCC's own region digits for an unregistered enterprise). */
async function expectedByRegion(db: Queryable, y: number): Promise<Expected> {
  const from = `${y}-01-01T00:00:00+08:00`;
  const to = `${y + 1}-01-01T00:00:00+08:00`;
  const region = (col: string) => `(SELECT coalesce((SELECT region_code FROM entities e WHERE e.uscc = ${col}), substr(${col}, 3, 6)))`;
  const queries: Record<string, string> = {
    registered: `SELECT ${region('o.uscc')} AS k, count(*)::text AS v FROM organisations o WHERE o.kind = 'enterprise' AND o.created_at >= $1 AND o.created_at < $2 GROUP BY 1`,
    authorised: `SELECT ${region('a.enterprise_uscc')} AS k, count(DISTINCT a.enterprise_uscc)::text AS v FROM authorisations a
      WHERE a.status IN ('ACTIVE','PAUSED','REVOKED','EXPIRED') AND a.valid_from >= $1 AND a.valid_from < $2 GROUP BY 1`,
    demands: `SELECT ${region('d.uscc')} AS k, count(*)::text AS v FROM marketplace_demands d WHERE d.created_at >= $1 AND d.created_at < $2 GROUP BY 1`,
    demandFen: `SELECT ${region('d.uscc')} AS k, sum(d.amount_fen)::text AS v FROM marketplace_demands d WHERE d.created_at >= $1 AND d.created_at < $2 GROUP BY 1`,
    applications: `SELECT ${region('a.uscc')} AS k, count(*)::text AS v FROM marketplace_applications a WHERE a.submitted_at >= $1 AND a.submitted_at < $2 GROUP BY 1`,
    approvals: `SELECT ${region('a.uscc')} AS k, count(*)::text AS v FROM marketplace_applications a WHERE a.approved_amount_fen IS NOT NULL AND a.decided_at >= $1 AND a.decided_at < $2 GROUP BY 1`,
    loans: `SELECT ${region('a.uscc')} AS k, count(*)::text AS v FROM marketplace_applications a WHERE a.disbursed_on >= $3::date AND a.disbursed_on < $4::date GROUP BY 1`,
    loanFen: `SELECT ${region('a.uscc')} AS k, sum(a.disbursed_amount_fen)::text AS v FROM marketplace_applications a WHERE a.disbursed_on >= $3::date AND a.disbursed_on < $4::date GROUP BY 1`,
    creditLoanFen: `SELECT ${region('a.uscc')} AS k, sum(a.disbursed_amount_fen)::text AS v FROM marketplace_applications a
      WHERE a.disbursed_security = 'credit' AND a.disbursed_on >= $3::date AND a.disbursed_on < $4::date GROUP BY 1`,
    averageRateBp: `SELECT ${region('a.uscc')} AS k, round(sum(a.disbursed_rate_bp::numeric * a.disbursed_amount_fen) / sum(a.disbursed_amount_fen))::text AS v
      FROM marketplace_applications a WHERE a.disbursed_on >= $3::date AND a.disbursed_on < $4::date GROUP BY 1`,
    responses: `SELECT ${region('a.uscc')} AS k, count(*)::text AS v FROM marketplace_applications a
      WHERE a.origin = 'apply' AND (a.accepted_at IS NOT NULL OR a.status = 'declined') AND a.submitted_at >= $1 AND a.submitted_at < $2 GROUP BY 1`,
    payouts: `SELECT ${region('a.uscc')} AS k, count(*)::text AS v FROM policy_payouts p JOIN policy_applications a ON a.id = p.application_id
      WHERE p.paid_on >= $3::date AND p.paid_on < $4::date GROUP BY 1`,
  };
  const out: Expected = new Map();
  for (const [field, sql] of Object.entries(queries)) {
    // timestamp columns take the China-time instants, date columns the China-time days
    const byDay = sql.includes('$3');
    const text = byDay ? sql.replaceAll('$3', '$1').replaceAll('$4', '$2') : sql;
    for (const r of await db.query<{ k: string; v: string }>(text, byDay ? [`${y}-01-01`, `${y + 1}-01-01`] : [from, to])) {
      const row = out.get(r.k) ?? {};
      row[field] = r.v;
      out.set(r.k, row);
    }
  }
  return out;
}

/** The session cookie of a test client, for raw fetches whose bytes matter (the BOM; the zip). */
const cookieOf = (c: Client) => (c as unknown as { cookie: string }).cookie;
const put = (c: Client, path: string, body: unknown) => c.request('PUT', path, body);

type Row = { key: string; figures: Record<string, number | string>; derived: Record<string, number | null> };
const valueOf = (r: Row, field: string) => String(field in r.figures ? r.figures[field] : r.derived[field]);

describe('statistics API', () => {
  it('shows by county exactly what direct SQL counts, for every figure and the total', async () => {
    const res = await auditor.get(`/api/v1/statistics/dashboard?dimension=region&from=${year}-01&to=${year}-12`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.scope).toMatchObject({ code: '131000', level: 'prefecture', parent: null });
    const expected = await expectedByRegion(city.platform.db, year);
    const rows = res.body.rows as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(10);
    let checked = 0;
    for (const [key, fields] of expected) {
      const row = rows.find((r) => r.key === key);
      expect(row, `row ${key}`).toBeDefined();
      for (const [field, v] of Object.entries(fields)) {
        expect(valueOf(row!, field), `${key} ${field}`).toBe(v);
        checked++;
      }
    }
    // rows SQL does not know are all zero
    for (const r of rows.filter((x) => !expected.has(x.key))) expect(r.figures.loans).toBe(0);
    // the total is the sum of the rows, and the figures made above are there
    const total = res.body.total;
    const sum = (f: string) => rows.reduce((n, r) => n + BigInt(r.figures[f]), 0n).toString();
    for (const f of ['registered', 'authorised', 'demands', 'applications', 'approvals', 'loans', 'loanFen', 'creditLoanFen', 'rateWeight']) expect(String(total.figures[f]), f).toBe(sum(f));
    expect(total.figures.loans).toBeGreaterThanOrEqual(3);
    expect(total.figures.authorised).toBeGreaterThanOrEqual(1);
    expect(total.figures.demands).toBeGreaterThanOrEqual(3);
    expect(checked).toBeGreaterThan(10);
    const [sqlTotal] = await city.platform.db.query<{ n: number; fen: string; credit: string; avg: string }>(
      `SELECT count(*)::int AS n, sum(disbursed_amount_fen)::text AS fen, coalesce(sum(disbursed_amount_fen) FILTER (WHERE disbursed_security = 'credit'), 0)::text AS credit,
        round(sum(disbursed_rate_bp::numeric * disbursed_amount_fen) / sum(disbursed_amount_fen))::text AS avg
       FROM marketplace_applications WHERE disbursed_on >= $1::date AND disbursed_on < $2::date`, [`${year}-01-01`, `${year + 1}-01-01`]);
    expect([total.figures.loans, total.figures.loanFen, total.figures.creditLoanFen, String(total.derived.averageRateBp)]).toEqual([sqlTotal.n, sqlTotal.fen, sqlTotal.credit, sqlTotal.avg]);
    const [share] = await city.platform.db.query<{ bp: string }>('SELECT round($1::numeric * 10000 / $2::numeric)::text AS bp', [sqlTotal.credit, sqlTotal.fen]);
    expect(String(total.derived.creditShareBp)).toBe(share.bp);
  });

  it('breaks the same figures down by industry section, size class and institution as SQL groups them', async () => {
    const range = [`${year}-01-01`, `${year + 1}-01-01`];
    const industry = await auditor.get(`/api/v1/statistics/dashboard?dimension=industry&from=${year}-01&to=${year}-12`);
    const sqlIndustry = await city.platform.db.query<{ k: string; n: number }>(`SELECT coalesce(substr(e.industry_code, 1, 1), 'unknown') AS k, count(*)::int AS n
      FROM marketplace_applications a LEFT JOIN entities e ON e.uscc = a.uscc WHERE a.disbursed_on >= $1::date AND a.disbursed_on < $2::date GROUP BY 1`, range);
    for (const s of sqlIndustry) expect((industry.body.rows as Row[]).find((r) => r.key === s.k)?.figures.loans, s.k).toBe(s.n);
    const size = await auditor.get(`/api/v1/statistics/dashboard?dimension=size&from=${year}-01&to=${year}-12`);
    const sqlSize = await city.platform.db.query<{ k: string; n: number }>(`SELECT coalesce(e.size_class, 'unknown') AS k, count(*)::int AS n
      FROM marketplace_applications a LEFT JOIN entities e ON e.uscc = a.uscc WHERE a.submitted_at >= $1 AND a.submitted_at < $2 GROUP BY 1`,
    [`${year}-01-01T00:00:00+08:00`, `${year + 1}-01-01T00:00:00+08:00`]);
    for (const s of sqlSize) expect((size.body.rows as Row[]).find((r) => r.key === s.k)?.figures.applications, s.k).toBe(s.n);
    const inst = await auditor.get(`/api/v1/statistics/dashboard?dimension=institution&from=${year}-01&to=${year}-12`);
    const sqlInst = await city.platform.db.query<{ k: string; fen: string }>(`SELECT institution_org_id::text AS k, sum(disbursed_amount_fen)::text AS fen
      FROM marketplace_applications WHERE disbursed_on >= $1::date AND disbursed_on < $2::date GROUP BY 1`, range);
    for (const s of sqlInst) {
      const row = (inst.body.rows as (Row & { label: { zh: string } })[]).find((r) => r.key === s.k)!;
      expect(row.figures.loanFen).toBe(s.fen);
      expect(row.label.zh).toBe('华北示范商业银行廊坊分行');
    }
    const byMonth = await auditor.get(`/api/v1/statistics/dashboard?dimension=month&from=${year}-01&to=${year}-12`);
    expect((byMonth.body.rows as Row[]).find((r) => r.key === month)?.figures.loans).toBe(Number(inst.body.total.figures.loans));
  });

  it('refuses a region outside the node and a bad period with stable codes; other roles are refused', async () => {
    expect((await auditor.get('/api/v1/statistics/dashboard?region=130100')).body.code).toBe('STATISTICS_REGION_OUTSIDE');
    const bad = await auditor.get('/api/v1/statistics/dashboard?from=2026-05&to=2026-01');
    expect([bad.status, bad.body.code]).toEqual([400, 'STATISTICS_PERIOD_INVALID']);
    expect((await (await loginAs(city, 'bank_officer')).get('/api/v1/statistics/dashboard')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await new Client(city.url).get('/api/v1/statistics/dashboard')).status).toBe(401);
  });

  it('exports the table as CSV with a BOM and as XLSX', async () => {
    const csv = await fetch(`${city.url}/api/v1/statistics/export.csv?dimension=region&from=${year}-01&to=${year}-12`, { headers: { cookie: cookieOf(auditor) } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['代码', '名称', '新注册企业数']);
    expect(lines.at(-1)).toMatch(/^total,合计/);
    const xlsx = await fetch(`${city.url}/api/v1/statistics/export.xlsx?dimension=size&lang=en`, { headers: { cookie: cookieOf(auditor) } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('lets op_admin set a target with the outside total and shows progress; the auditor may only read', async () => {
    const before = await auditor.get(`/api/v1/statistics/targets?year=${year}`);
    expect(before.status).toBe(200);
    expect(before.body.source).toContain('青政办〔2023〕24号');
    expect((await put(auditor, `/api/v1/statistics/targets/platform_credit_share/${year}`, { targetValue: 8000, externalTotalFen: '1000000000' })).body.code).toBe('FORBIDDEN_ROLE');
    const set = await put(operator, `/api/v1/statistics/targets/platform_credit_share/${year}`, { targetValue: 8000, externalTotalFen: '1000000000', note: '示范' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const [credit] = await city.platform.db.query<{ fen: string }>(`SELECT coalesce(sum(disbursed_amount_fen), 0)::text AS fen FROM marketplace_applications
      WHERE disbursed_security = 'credit' AND disbursed_on >= $1::date AND disbursed_on < $2::date`, [`${year}-01-01`, `${year + 1}-01-01`]);
    const actual = Math.round(Number(credit.fen) * 10_000 / 1_000_000_000);
    expect(set.body).toMatchObject({ target: { value: 8000, origin: 'operator' }, externalTotalFen: '1000000000', actual, progressBp: Math.round(actual * 10_000 / 8000) });
    const bad = await put(operator, `/api/v1/statistics/targets/nonsense/${year}`, { targetValue: 1, externalTotalFen: null });
    expect([bad.status, bad.body.code]).toEqual([400, 'STATISTICS_METRIC_UNKNOWN']);
  });

  it('gives anyone the headline of the year without personal data', async () => {
    const res = await new Client(city.url).get('/api/v1/statistics/headline');
    expect(res.status).toBe(200);
    const [n] = await city.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM marketplace_applications WHERE disbursed_on >= $1::date AND disbursed_on < $2::date',
      [`${year}-01-01`, `${year + 1}-01-01`]);
    expect(res.body.total.figures.loans).toBe(n.n);
    expect(JSON.stringify(res.body)).not.toMatch(/9[0-9A-HJ-NPQRTUWXY]{17}/);
  });

  it("a district edition: a county operator's statistics are its county's, the node's business stays the node's, and the county has its own public headline", async () => {
    const expected = await expectedByRegion(city.platform.db, year);
    const [county, fields] = [...expected].sort((a, b) => Number(b[1].loans ?? 0) - Number(a[1].loans ?? 0))[0];
    const countyOp = await districtOperator(city, { region: county, username: 'county_stats', roles: ['op_supervisor'] });
    expect((await countyOp.get('/api/v1/auth/me')).body.org.regionCode).toBe(county);

    const own = await countyOp.get(`/api/v1/statistics/dashboard?from=${year}-01&to=${year}-12`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.scope).toMatchObject({ code: county, parent: null });
    expect(String(own.body.total.figures.loans)).toBe(String(fields.loans ?? 0));
    const above = await countyOp.get(`/api/v1/statistics/dashboard?region=131000&from=${year}-01&to=${year}-12`);
    expect(above.status).toBe(403);
    expect(above.body.code).toBe('STATISTICS_REGION_OUTSIDE');
    expect((await countyOp.get(`/api/v1/statistics/export.csv?region=131000&from=${year}-01&to=${year}-12`)).status).toBe(403);
    for (const path of ['/api/v1/statistics/targets', '/api/v1/statistics/lower-nodes', `/api/v1/statistics/monthly-report/${month}`]) {
      expect((await countyOp.get(path)).body.code, path).toBe('STATISTICS_NODE_LEVEL');
    }
    // the node's operator still sees the whole city and may go down into the county
    expect((await operator.get(`/api/v1/statistics/dashboard?region=${county}&from=${year}-01&to=${year}-12`)).body.scope.parent).toBe('131000');

    const headline = await new Client(city.url).get(`/api/v1/statistics/headline?region=${county}`);
    expect(headline.status).toBe(200);
    expect(headline.body.node.regionCode).toBe(county);
    expect(String(headline.body.total.figures.loans)).toBe(String(fields.loans ?? 0));
    expect((await new Client(city.url).get('/api/v1/statistics/headline?region=110101')).body.code).toBe('STATISTICS_REGION_OUTSIDE');
  });

  it('a province node shows the city report upward in its Langfang row, replacing a resent month instead of adding it', async () => {
    const report = await city.services.statistics.monthlyReport(month);
    expect(report.format).toBe('xinrong.monthly-statistics/v1');
    const overHttp = await auditor.get(`/api/v1/statistics/monthly-report/${month}`);
    expect(overHttp.status, JSON.stringify(overHttp.body)).toBe(200);
    expect(overHttp.body).toMatchObject({ month, total: report.total, node: { regionCode: '131000' } });
    expect(overHttp.body.byRegion.map((r: { key: string }) => r.key)).toEqual(report.byRegion.map((r) => r.key));
    expect(report.total.loans).toBe((await auditor.get(`/api/v1/statistics/dashboard?from=${month}&to=${month}`)).body.total.figures.loans);
    province = await startTestServer({ seedEnterprises: 5, config: { regionCode: '130000', nodeTier: 'province', nodeName: '河北省融资信用服务平台' } });
    const own = (await expectedByRegion(province.platform.db, year));
    const ownLangfang = [...own].filter(([k]) => k.startsWith('1310')).reduce((n, [, v]) => n + Number(v.loans ?? 0), 0);
    const rec = { nodeId: 'langfang', nodeName: '廊坊市融资信用服务平台', regionCode: '131000', month, report };
    expect(await province.services.statistics.recordLowerNodeReport(rec)).toEqual({ replaced: false });
    expect(await province.services.statistics.recordLowerNodeReport(rec)).toEqual({ replaced: true });
    const provOp = await loginAs(province, 'auditor');
    const d = await provOp.get(`/api/v1/statistics/dashboard?dimension=region&from=${month}&to=${month}`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    const row = (d.body.rows as Row[]).find((r) => r.key === '131000')!;
    expect(row.figures.loans).toBe(report.total.loans + ownLangfang);
    expect(row.figures.loanFen).toBe((BigInt(report.total.loanFen) + BigInt([...own].filter(([k]) => k.startsWith('1310')).reduce((n, [, v]) => n + Number(v.loanFen ?? 0), 0))).toString());
    expect(d.body.lowerNodes).toEqual([{ nodeId: 'langfang', nodeName: '廊坊市融资信用服务平台', regionCode: '131000', months: [month] }]);
    // drilling into Langfang on the province node shows the city's counties
    const drill = await provOp.get(`/api/v1/statistics/dashboard?dimension=region&region=131000&from=${month}&to=${month}`);
    const counties = (drill.body.rows as Row[]).filter((r) => Number(r.figures.loans) > 0).map((r) => r.key);
    expect(counties.length).toBeGreaterThan(0);
    expect(drill.body.scope.parent).toBe('130000');
    // a city cannot report another city's counties
    await expect(province.services.statistics.recordLowerNodeReport({ ...rec, regionCode: '130100' })).rejects.toMatchObject({ code: 'STATISTICS_REPORT_INVALID' });
  }, 180_000);
});
