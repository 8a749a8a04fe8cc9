import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform } from '../../platform/platform.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import { createAggregationService, type AggregationService, type Submitter } from '../aggregation/index.ts';
import { createEvaluationService } from '../evaluation/index.ts';
import { createMemoryAuditSink } from '../consent/index.ts';
import { createWhitelistService, type RunOutcome, type WhitelistService } from './service.ts';
import type { Reason } from './store.ts';
import { createWhitelistScheduler } from './scheduler.ts';
import { openDemands } from '../../../test/support/demands.ts';
import { seededTestPlatform } from '../../../test/support/platform.ts';

let platform: Platform;
let aggregation: AggregationService;
let whitelist: WhitelistService;
let court: Submitter;
let usccs: string[];
let first: RunOutcome;
let listed: string[];
const audit = createMemoryAuditSink();
let now = Date.parse('2026-11-02T09:00:00+08:00');
const clock = () => now;
const ENTERPRISES = 60;
let instNear: string;
let instFar: string;

const ENFORCEMENT_HEADER = 'entity_name,uscc,case_no,court_name,filing_date,enforcement_amount,case_status';

async function submitEnforcement(batchKey: string, rows: string[]) {
  const body = Buffer.from([ENFORCEMENT_HEADER, ...rows].join('\n') + '\n', 'utf8');
  const r = await aggregation.submit({
    submitter: court, batchKey, itemCode: 'COURT_ENFORCEMENT', format: 'csv', source: 'api', open: () => (async function* () { yield body; })(),
  });
  expect(r.counts.quarantined).toBe(0);
}

async function listOf(runId: string): Promise<string[]> {
  return (await whitelist.entries(runId, { limit: 10_000 })).map((e) => e.uscc);
}

beforeAll(async () => {
  const seeded = await seededTestPlatform(ENTERPRISES);
  platform = seeded.platform;
  const { db, catalog, identity } = seeded;
  const courtOrg = await identity.createOrganisation({ kind: 'provider', name: '廊坊市中级人民法院', regionCode: '131000', category: 'court' });
  court = { orgId: courtOrg, orgKind: 'provider', category: 'court', actor: 'test' };
  aggregation = createAggregationService({ db, keys: platform.keys, catalog, clock });
  await createEvaluationService({ db, clock }).evaluateAll();
  whitelist = createWhitelistService({ db, clock, audit });
  usccs = (await db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc')).map((r) => r.uscc);
  // Every enterprise but the last signs the credit commitment (one signer account is enough for the table's purpose here).
  const entOrg = await identity.createOrganisation({ kind: 'enterprise', name: '示范企业', uscc: usccs[0], regionCode: '131000' });
  const { id: userId } = await identity.createUser({ orgId: entOrg, username: 'ent_signer', displayName: '法定代表人', password: 'Xr-commitment-1', roles: ['enterprise_legal_rep'] });
  for (const uscc of usccs.slice(0, -1)) {
    await db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
      VALUES ($1, $2, $3, $4, '1', $5, $6, '{}')`, [uscc, uuidv7(), entOrg, userId, 'a'.repeat(64), new Date(now)]);
  }
  // Every enterprise but the second-to-last has a live financing demand; that one's demand is older than the rule's 90 days.
  await openDemands(db, usccs.filter((u) => u !== usccs.at(-2)), new Date(now - 86_400_000));
  await openDemands(db, [usccs.at(-2)!], new Date(now - 91 * 86_400_000));
  // Loosen the grade threshold so that a small random sample yields a list of useful size.
  const rules = (await whitelist.activeRules()).definition;
  rules.rules = rules.rules.map((r) => r.id === 'credit_grade' ? { ...r, params: { minGrade: 'D-' } } : r.id === 'industry_policy' ? { ...r, params: { allowedSections: [], excludedCodePrefixes: [] } } : r);
  await whitelist.publishRules(rules, { actor: { userId: null, keyId: null, role: 'op_admin', orgId: null, orgKind: 'operator' }, name: 'op' });
  instNear = await identity.createOrganisation({ kind: 'institution', name: '廊坊银行', regionCode: '131000', category: 'bank' });
  instFar = await identity.createOrganisation({ kind: 'institution', name: '远方银行', regionCode: '650100', category: 'bank' });
});
afterAll(async () => platform?.db.close());

describe('the monthly white-list', () => {
  it('lists the enterprises every rule holds for, each with its reasons', async () => {
    first = await whitelist.runWhitelist({ trigger: 'monthly', period: '2026-11' });
    listed = await listOf(first.runId);
    expect(first).toMatchObject({ evaluated: ENTERPRISES, joined: listed.length, stayed: 0, left: 0, ruleVersion: 2 });
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(first.skipped).toEqual([]);
    const run = await whitelist.run(first.runId);
    expect(run).toMatchObject({ status: 'completed', listed: listed.length, period: '2026-11', trigger: 'monthly' });
    const [entry] = await whitelist.entries(first.runId, { limit: 1 });
    expect(entry.change).toBe('joined');
    expect(entry.reasons.map((r: Reason) => r.rule)).toEqual(['industry_policy', 'credit_grade', 'no_serious_dishonesty', 'no_current_enforcement',
      'no_dishonest_debtor', 'operating_status', 'financing_need', 'credit_commitment', 'sme_size']);
    expect(entry.reasons[1]).toMatchObject({ zh: '公共信用综合评价等级不低于阈值', en: 'Public-credit grade at or above the threshold', value: expect.stringMatching(/^[A-D][+-]? \(\d+\)$/) });
  });

  it('never lists an enterprise without a live financing demand (open, updated within 90 days)', async () => {
    expect(listed).not.toContain(usccs.at(-2));
    const [bad] = await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM whitelist_entries e WHERE e.run_id = $1
      AND NOT EXISTS (SELECT 1 FROM marketplace_demands d WHERE d.uscc = e.uscc AND d.status = 'open' AND d.updated_at >= $2)`,
    [first.runId, new Date(now - 90 * 86_400_000)]);
    expect(bad.n).toBe(0);
    const [entry] = await whitelist.entries(first.runId, { limit: 1 });
    expect(entry.reasons.find((r: Reason) => r.rule === 'financing_need')).toMatchObject({ zh: '有真实融资需求（在途需求）', value: '2026-11-01' });
  });

  it('never lists an enterprise without a signed credit commitment', async () => {
    expect(listed).not.toContain(usccs.at(-1));
    const [bad] = await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM whitelist_entries e WHERE e.run_id = $1
      AND NOT EXISTS (SELECT 1 FROM credit_commitments c WHERE c.uscc = e.uscc AND c.revoked_at IS NULL)`, [first.runId]);
    expect(bad.n).toBe(0);
  });

  it('drops an enterprise that gets a current enforcement record, or revokes its commitment, with the rule that stopped holding', async () => {
    const [enforced, revoked, , near] = listed;
    await platform.db.query('UPDATE credit_commitments SET revoked_at = $2 WHERE uscc = $1', [revoked, new Date(now)]);
    await submitEnforcement('enf-1', [`示范企业,${enforced},(2026)冀10执123号,廊坊市中级人民法院,2026-11-05,120000,执行中`]);
    const region = (await whitelist.entries(first.runId, { limit: 1000 })).find((e) => e.uscc === near)!.region_code;
    const requester = { actor: { userId: null, keyId: null, role: 'inst_admin', orgId: null, orgKind: 'institution' }, name: 'inst' };
    await whitelist.setSubscription(instNear, { regionPrefixes: [region], industryPrefixes: [] }, requester);
    await whitelist.setSubscription(instFar, { regionPrefixes: ['65'], industryPrefixes: [] }, requester);
    now += 86_400_000;
    const second = await whitelist.runWhitelist({ trigger: 'on_demand' });
    const list = await listOf(second.runId);
    expect(list).not.toContain(enforced);
    expect(list).not.toContain(revoked);
    expect(second).toMatchObject({ left: 2, joined: 0, stayed: listed.length - 2, period: '2026-11' });
    const departures = await whitelist.departures(second.runId);
    expect(departures).toEqual([
      { uscc: enforced, reasons: [expect.objectContaining({ rule: 'no_current_enforcement', zh: '无在执行的被执行人记录' })] },
      { uscc: revoked, reasons: [expect.objectContaining({ rule: 'credit_commitment', en: 'Has signed the credit commitment' })] },
    ].sort((a, b) => a.uscc.localeCompare(b.uscc)));
    const [bad] = await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM whitelist_entries e JOIN records r ON r.uscc = e.uscc
      WHERE e.run_id = $1 AND r.item_code = 'COURT_ENFORCEMENT' AND r.valid_to IS NULL`, [second.runId]);
    expect(bad.n).toBe(0);
    // pushes go only to the matching subscription
    const pushes = await whitelist.pushes(second.runId);
    expect(pushes).toEqual([expect.objectContaining({ institution_org_id: instNear, channel: 'in_app', entry_count: expect.any(Number) })]);
    const expected = (await whitelist.entries(second.runId, { regionPrefix: region, limit: 1000 })).length;
    expect(pushes[0].entry_count).toBe(expected);
    const notes = await platform.db.query<{ recipient_org_id: string; payload: { count: number; zh: string } }>(
      "SELECT recipient_org_id, payload FROM notifications WHERE kind = 'whitelist.pushed'");
    expect(notes).toEqual([{ recipient_org_id: instNear, payload: expect.objectContaining({ count: expected, runId: second.runId }) }]);
    const pushed = await whitelist.pushed(instNear, null, 1000);
    expect(pushed?.entries.map((e) => e.uscc)).toContain(near);
    expect(await whitelist.pushed(instFar, null, 10)).toBeNull();
    // the audit log: one change per run with counts, one per push, nothing per entry
    const runs = audit.events.filter((e) => e.action === 'whitelist.run.completed');
    expect(runs).toEqual([
      expect.objectContaining({ kind: 'change', target: { type: 'whitelist_run', id: first.runId }, details: expect.objectContaining({ listed: listed.length, joined: listed.length }) }),
      expect.objectContaining({ kind: 'change', target: { type: 'whitelist_run', id: second.runId }, details: expect.objectContaining({ left: 2, pushes: 1 }) }),
    ]);
    expect(audit.events.filter((e) => e.action === 'whitelist.pushed')).toEqual([
      expect.objectContaining({ kind: 'change', destination: 'in_app', details: expect.objectContaining({ institutionOrgId: instNear, entries: expected }) }),
    ]);
  });

  it('lists an enterprise again once its enforcement case is closed', async () => {
    const [enforced] = listed;
    await submitEnforcement('enf-1-closed', [`示范企业,${enforced},(2026)冀10执123号,廊坊市中级人民法院,2026-11-05,120000,已结案`]);
    now += 86_400_000;
    const third = await whitelist.runWhitelist({ trigger: 'on_demand' });
    const entry = (await whitelist.entries(third.runId, { limit: 1000 })).find((e) => e.uscc === enforced);
    expect(entry?.change).toBe('joined');
  });

  it('refuses a rule set that disables a mandatory rule, and keeps the active one', async () => {
    const rules = (await whitelist.activeRules()).definition;
    rules.rules = rules.rules.map((r) => r.id === 'no_current_enforcement' ? { ...r, enabled: false } : r);
    await expect(whitelist.publishRules(rules, { actor: { userId: null, keyId: null, role: 'op_admin', orgId: null, orgKind: 'operator' }, name: 'op' }))
      .rejects.toMatchObject({ code: 'WHITELIST_RULES_INVALID' });
    expect((await whitelist.activeRules()).version).toBe(2);
  });

  it('runs the monthly list once per period, after day 1 02:00 China time', async () => {
    const errors: unknown[] = [];
    const job = createWhitelistScheduler({ whitelist, clock, onError: (e) => errors.push(e) });
    now = Date.parse('2026-12-01T01:30:00+08:00');
    await job.tick();
    expect(await whitelist.completedRunFor('2026-12', 'monthly')).toBeNull();
    now = Date.parse('2026-12-01T02:30:00+08:00');
    await job.tick();
    const run = await whitelist.completedRunFor('2026-12', 'monthly');
    expect(run).toMatchObject({ trigger: 'monthly', status: 'completed', requested_by: 'system' });
    now += 3_600_000;
    await job.tick();
    const [{ n }] = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM whitelist_runs WHERE period = '2026-12'");
    expect(n).toBe(1);
    expect(errors).toEqual([]);
  });
});
