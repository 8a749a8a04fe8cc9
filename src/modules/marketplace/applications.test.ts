import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingDayCalendar, type CalendarData } from '../../platform/calendar/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Principal } from '../../platform/http/index.ts';
import { createTestDb } from '../../../test/support/db.ts';
import { ACTIONS, bpOf, fenOf, nextStatus, STATUSES, TRANSITIONS, workflowConfig, type ApplicationStatus } from './applications.ts';
import { createApplicationsService, type ApplicationsService, type GrantAuthorisation } from './applications-service.ts';
import { acceptanceDue, isOverdue, workingDaysLeft } from './sla.ts';
import { marketplaceStore, type ProductFields } from './store.ts';

/**
 * A calendar fixture in a year of its own: Wednesday 2030-01-09 is a holiday, Saturday 2030-01-12 an adjusted
 * working day (调休). 2030-01-04 is a Friday.
 */
const FIXTURE: CalendarData = {
  name: { zh: '测试日历', en: 'test calendar' }, timeZone: 'Asia/Shanghai', weekend: [6, 0], source: 'test',
  years: { 2030: { holidays: [{ name: '测试假日', from: '2030-01-09', to: '2030-01-09' }], workdays: ['2030-01-12'] } },
};
const calendar = createWorkingDayCalendar(FIXTURE);
const at = (iso: string) => new Date(iso);

describe('the application state machine', () => {
  it('allows the documented path and refuses every other transition with zh and en text', () => {
    let s = nextStatus(null, 'submit');
    for (const [action, want] of [['accept', 'accepted'], ['approve', 'approved'], ['disburse', 'disbursed']] as const) {
      s = nextStatus(s, action);
      expect(s).toBe(want);
    }
    expect(nextStatus(s, 'repayment', 'overdue')).toBe('repaying');
    expect(nextStatus('repaying', 'repayment', 'repaid')).toBe('closed');
    expect(nextStatus('repaying', 'repayment', 'defaulted')).toBe('defaulted');
    expect(nextStatus(null, 'take')).toBe('accepted');
    expect(nextStatus('submitted', 'withdraw')).toBe('withdrawn');
    expect(nextStatus('submitted', 'decline')).toBe('declined');
    let refused = 0;
    for (const from of [null, ...STATUSES] as (ApplicationStatus | null)[]) {
      for (const action of ACTIONS) {
        if (TRANSITIONS[action].from.includes(from)) continue;
        refused++;
        try {
          nextStatus(from, action, 'performing');
          expect.unreachable(`${from} → ${action}`);
        } catch (err) {
          expect(err).toMatchObject({ code: 'APPLICATION_STATE', status: 409 });
          const text = (err as { text: { zh: string; en: string } }).text;
          expect(text.zh).toMatch(/不能执行/);
          expect(text.en).toMatch(/not allowed/);
        }
      }
    }
    expect(refused).toBeGreaterThan(70);
    // approved cannot be approved twice, a withdrawn one cannot be accepted, a closed loan takes no repayment status
    expect(() => nextStatus('accepted', 'withdraw')).toThrow();
    expect(() => nextStatus('closed', 'repayment', 'performing')).toThrow();
  });

  it('has zh and en labels for every status, action and decline reason', () => {
    const cfg = workflowConfig();
    for (const s of STATUSES) expect(cfg.statuses[s].zh && cfg.statuses[s].en).toBeTruthy();
    for (const a of ACTIONS) expect(cfg.actions[a].zh && cfg.actions[a].en).toBeTruthy();
    expect(Object.keys(cfg.declineReasons).length).toBeGreaterThan(3);
    expect(cfg.slaWorkingDays).toBe(2);
  });

  it('never takes money as a float: fen is a digit string, rates whole basis points', () => {
    expect(fenOf('500000000', 'amountFen')).toBe(500_000_000n);
    for (const bad of ['1.5', '1e3', '-1', '0', '', ' 1', 1.5, 100]) {
      expect(() => fenOf(bad, 'amountFen')).toThrow(expect.objectContaining({ code: 'AMOUNT_NOT_INTEGER_FEN' }));
    }
    expect(bpOf(385, 'rateBp')).toBe(385);
    for (const bad of [3.85, -1, 10_001, '385']) expect(() => bpOf(bad, 'rateBp')).toThrow(expect.objectContaining({ code: 'RATE_NOT_INTEGER_BP' }));
  });
});

describe('the acceptance SLA on a working-day calendar', () => {
  it('does not count the weekend: submitted Friday, 2 working days → end of Tuesday', () => {
    const due = acceptanceDue(calendar, at('2030-01-04T10:00:00+08:00'), 2);
    expect(due.toISOString()).toBe('2030-01-08T16:00:00.000Z'); // Tuesday 24:00 China time
    expect(workingDaysLeft(calendar, due, at('2030-01-05T12:00:00+08:00'))).toBe(2); // Saturday: Monday and Tuesday left
    expect(workingDaysLeft(calendar, due, at('2030-01-08T12:00:00+08:00'))).toBe(1);
  });

  it('does not count a holiday and counts an adjusted Saturday', () => {
    // Tuesday + 2: Wednesday is a holiday → Thursday, Friday
    expect(acceptanceDue(calendar, at('2030-01-08T09:00:00+08:00'), 2).toISOString()).toBe('2030-01-11T16:00:00.000Z');
    // Thursday + 2: Friday and the adjusted Saturday
    expect(acceptanceDue(calendar, at('2030-01-10T09:00:00+08:00'), 2).toISOString()).toBe('2030-01-12T16:00:00.000Z');
  });

  it('is overdue only strictly after the deadline', () => {
    const due = at('2030-01-08T16:00:00.000Z');
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, new Date(due.getTime() + 1))).toBe(true);
    expect(isOverdue(null, due)).toBe(false);
  });
});

describe('the workflow service (database, controlled clock)', () => {
  let db: Db;
  let now = at('2030-01-04T10:00:00+08:00').getTime();
  let service: ApplicationsService;
  const grants: { institutionId: string; items: string[] }[] = [];
  const reports: unknown[] = [];
  const ids = { bank: uuidv7(), otherBank: uuidv7(), enterprise: uuidv7(), operator: uuidv7(), product: uuidv7() };
  const uscc = '91131002MA0CXR1Q0X';
  const user = (orgId: string, orgKind: 'enterprise' | 'institution' | 'operator', roles: string[], u: string | null = null): Principal => ({
    kind: 'user', userId: uuidv7(), username: `${orgKind}_user`, displayName: 'x', orgId, orgKind, orgName: orgKind, uscc: u, roles: roles as never,
    mfaPassed: true, sessionHash: 'x',
  });
  const ent = user(ids.enterprise, 'enterprise', ['enterprise_legal_rep'], uscc);
  const officer = user(ids.bank, 'institution', ['inst_loan_officer']);
  const other = user(ids.otherBank, 'institution', ['inst_loan_officer']);
  const grant: GrantAuthorisation = async (_p, input) => { grants.push(input); return { id: uuidv7() }; };
  const fields: ProductFields = {
    name: '科创信用贷', productType: 'credit', programme: 'none', amountMinFen: '10000000', amountMaxFen: '300000000', termMinMonths: 6, termMaxMonths: 36,
    rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'], rules: [], requiredAuthorisations: ['TAX_PAYMENT'],
    requiredMaterials: ['营业执照'], description: '',
  };

  beforeAll(async () => {
    db = await createTestDb();
    for (const [id, kind] of [[ids.bank, 'institution'], [ids.otherBank, 'institution'], [ids.enterprise, 'enterprise'], [ids.operator, 'operator']]) {
      await db.query("INSERT INTO organisations (id, kind, name, region_code) VALUES ($1, $2, $3, '131002')", [id, kind, `${kind} ${id.slice(-4)}`]);
    }
    await marketplaceStore.createProduct(db, ids.product, ids.bank, new Date(now));
    await marketplaceStore.insertVersion(db, ids.product, 1, fields, 'pm', new Date(now));
    await marketplaceStore.setStatus(db, ids.product, 1, 'published');
    await marketplaceStore.setLive(db, ids.product, 1, null);
    service = createApplicationsService({
      db, clock: () => now, calendar: () => calendar, grant,
      liveProduct: async (id) => (await marketplaceStore.version(db, id, 1))!,
      reportLoan: async (_org, items) => { reports.push(...items); return items.map((i) => ({ loanRef: i.loanRef, result: 'created' })); },
    });
  });
  afterAll(async () => db?.close());

  const apply = () => service.apply(ent, { productId: ids.product, amountFen: '100000000', termMonths: 12, materials: ['营业执照'], authorise: { purpose: 'CREDIT_LOAN', validTo: '2031-01-04' } });

  it("grants the product's required authorisations to its institution in the same flow and sets the due time", async () => {
    const a = await apply();
    expect(a).toMatchObject({ status: 'submitted', product_version: 1, amount_fen: '100000000', institution_org_id: ids.bank });
    expect(grants).toEqual([expect.objectContaining({ institutionId: ids.bank, items: ['TAX_PAYMENT'], purpose: 'CREDIT_LOAN' })]);
    expect(a.authorisation_ids).toHaveLength(1);
    expect(a.due_at!.toISOString()).toBe('2030-01-08T16:00:00.000Z');
    await expect(service.apply(ent, { productId: ids.product, amountFen: '100000000', termMonths: 12, materials: ['营业执照'] }))
      .rejects.toMatchObject({ code: 'AUTHORISATION_REQUIRED' });
    await expect(service.apply(ent, { productId: ids.product, amountFen: '100000000', termMonths: 12, materials: [], authorise: { purpose: 'CREDIT_LOAN', validTo: '2031-01-04' } }))
      .rejects.toMatchObject({ code: 'MATERIALS_MISSING' });
    await expect(service.apply(ent, { productId: ids.product, amountFen: '1.5', termMonths: 12, materials: ['营业执照'] }))
      .rejects.toMatchObject({ code: 'AMOUNT_NOT_INTEGER_FEN' });
  });

  it('escalates exactly after the deadline, not over the weekend, once, and tells the operators', async () => {
    const [a] = await service.list(officer, { status: 'submitted' });
    now = at('2030-01-07T18:00:00+08:00').getTime(); // Monday: one working day gone
    expect(await service.escalateOverdue()).toBe(0);
    now = at('2030-01-08T16:00:00.000Z').getTime(); // Tuesday 24:00: the deadline itself
    expect(await service.escalateOverdue()).toBe(0);
    now += 1;
    expect(await service.escalateOverdue()).toBe(1);
    expect(await service.escalateOverdue()).toBe(0);
    const { application, timeline } = await service.get(ent, a.id);
    expect(application.escalated_at).not.toBeNull();
    expect(timeline.map((e) => e.action)).toEqual(['submit', 'escalate']);
    const [n] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE recipient_org_id = $1 AND kind = 'marketplace.application.escalated'", [ids.operator]);
    expect(n.n).toBe(1);
    expect((await service.statistics(null)).total.escalated).toBe(1);
  });

  it('runs accept → approve → disburse → repayment, reports the loan to scorecards, and keeps other parties out', async () => {
    const [a] = await service.list(ent, {});
    await expect(service.accept(other, a.id)).rejects.toMatchObject({ code: 'APPLICATION_NOT_FOUND' });
    await expect(service.accept(ent, a.id)).rejects.toMatchObject({ code: 'APPLICATION_WRONG_PARTY' });
    await expect(service.approve(officer, a.id, { amountFen: '90000000', rateBp: 420, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' }))
      .rejects.toMatchObject({ code: 'APPLICATION_STATE' });
    await service.accept(officer, a.id);
    await expect(service.withdraw(ent, a.id)).rejects.toMatchObject({ code: 'APPLICATION_STATE' });
    await service.approve(officer, a.id, { amountFen: '90000000', rateBp: 420, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' });
    await expect(service.disburse(officer, a.id, { amountFen: '90000000', rateBp: 420, termMonths: 12, security: 'credit', disbursedOn: '2030-02-01' }))
      .rejects.toMatchObject({ code: 'DATE_INVALID' });
    await service.disburse(officer, a.id, { amountFen: '90000000', rateBp: 420, termMonths: 12, security: 'credit', disbursedOn: '2030-01-08' });
    expect(reports).toEqual([{ loanRef: a.id, uscc, disbursedOn: '2030-01-08', amountFen: '90000000', termMonths: 12 }]);
    await service.repayment(officer, a.id, { status: 'overdue', overdueDays: 5, on: '2030-01-08' });
    expect(reports).toHaveLength(1); // overdue is not an outcome
    const closed = await service.repayment(officer, a.id, { status: 'repaid', on: '2030-01-08' });
    expect(closed.status).toBe('closed');
    expect(reports[1]).toEqual({ loanRef: a.id, outcome: 'repaid', outcomeOn: '2030-01-08' });
    const ent_ = await service.get(ent, a.id);
    const bank = await service.get(officer, a.id);
    expect(ent_.timeline).toEqual(bank.timeline);
    expect(ent_.timeline.map((e) => e.to_status)).toEqual(['submitted', 'submitted', 'accepted', 'approved', 'disbursed', 'repaying', 'closed']);
    const s = await service.statistics(ids.bank);
    expect(s.total).toMatchObject({ disbursedCount: 1, disbursedFen: '90000000', creditShareBp: 10_000, averageRateBp: 420, approvals: 1, escalated: 1 });
    expect(s.total.averageResponseWorkingDaysX100).toBe(200);
  });

  it('declines only with a known reason code; the enterprise may withdraw before acceptance', async () => {
    const a = await apply();
    await expect(service.decline(officer, a.id, 'astrology')).rejects.toMatchObject({ code: 'DECLINE_REASON_UNKNOWN' });
    await expect(service.decline(officer, a.id, 'other')).rejects.toMatchObject({ code: 'DECLINE_NOTE_REQUIRED' });
    expect((await service.decline(officer, a.id, 'poor_credit_record')).status).toBe('declined');
    const b = await apply();
    expect((await service.withdraw(ent, b.id)).status).toBe('withdrawn');
  });

  it('lets the first institution take a demand (抢单) and refuses the second until the first declines', async () => {
    const demandId = uuidv7();
    await marketplaceStore.insertDemand(db, { id: demandId, uscc, orgId: ids.enterprise, amountFen: '50000000', termMonths: 12, purpose: '周转', guarantees: ['credit'], urgency: 'normal', by: 'ent', at: new Date(now) });
    const [first, second] = await Promise.allSettled([service.takeDemand(officer, demandId), service.takeDemand(other, demandId)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'DEMAND_ALREADY_TAKEN' } });
    const taken = (first as PromiseFulfilledResult<Awaited<ReturnType<ApplicationsService['takeDemand']>>>).value;
    expect(taken).toMatchObject({ status: 'accepted', origin: 'take', institution_org_id: ids.bank, due_at: null });
    expect((await service.list(ent, {})).some((x) => x.id === taken.id)).toBe(true);
    await service.decline(officer, taken.id, 'industry_policy');
    expect((await service.takeDemand(other, demandId)).institution_org_id).toBe(ids.otherBank);
  });
});
