import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/http/index.ts';
import { actorOf } from '../audit/index.ts';
import { createServices, type Services } from '../../app.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Submitter } from '../aggregation/index.ts';
import { seededTestPlatform } from '../../../test/support/platform.ts';
import { createPushService, type PushService, type Requester } from './service.ts';
import { boundaryAtOrBefore, nextBoundary, periodOf } from './periods.ts';

let platform: Platform;
let services: Services;
let now = Date.parse('2026-11-02T09:00:00+08:00');
const clock = () => now;
let bank: string;
let otherBank: string;
let inRegion: string[];
let outOfRegion: string[];
const operator: Submitter = { orgId: '', orgKind: 'operator', category: null, actor: 'test' };

const LICENCE_HEADER = ['统一社会信用代码', '行政相对人名称', '法定代表人', '法定代表人证件号码', '许可编号', '唯一标识'];

function adminOf(orgId: string): Requester {
  const p: Principal = {
    kind: 'user', userId: '00000000-0000-7000-8000-000000000001', username: 'bank_admin', displayName: '机构管理员', orgId,
    orgKind: 'institution', orgName: '银行', uscc: null, roles: ['inst_admin'], mfaPassed: true, sessionHash: 'x',
  };
  return { actor: actorOf(p), name: 'bank_admin' };
}

let batchSeq = 0;
/** Licence records (ADMIN_LICENSE, public L1 with a personal name and ID number) as a provider batch. */
async function licences(rows: { uscc: string; uid: string; no: string }[]) {
  const csv = [LICENCE_HEADER.join(','), ...rows.map((r) => [r.uscc, '示范企业', '张伟', '11010519491231002X', r.no, r.uid].join(','))].join('\n') + '\n';
  const buf = Buffer.from(csv, 'utf8');
  const r = await services.aggregation.submit({
    submitter: operator, batchKey: `lic-${++batchSeq}`, itemCode: 'ADMIN_LICENSE', format: 'csv', source: 'api',
    open: () => (async function* () { yield buf; })(),
  });
  expect(r.status).toBe('completed');
  return r;
}

async function allEntries(pushes: PushService, batchId: string) {
  const out = [];
  for (let after: [string, string, string] | null = null; ;) {
    const page = await pushes.entries(batchId, { after, limit: 2 });
    out.push(...page);
    if (page.length < 2) return out;
    const last = page[page.length - 1];
    after = [last.uscc, last.item_code, last.record_key];
  }
}

beforeAll(async () => {
  const seeded = await seededTestPlatform(20);
  platform = seeded.platform;
  services = createServices(platform, clock);
  operator.orgId = await seeded.identity.createOrganisation({ kind: 'operator', name: '运营中心', regionCode: '131000' });
  bank = await seeded.identity.createOrganisation({ kind: 'institution', name: '廊坊银行', regionCode: '131000', category: 'bank' });
  otherBank = await seeded.identity.createOrganisation({ kind: 'institution', name: '河北银行', regionCode: '130100', category: 'bank' });
  const usccs = (await seeded.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc')).map((r) => r.uscc);
  inRegion = usccs.slice(0, 10);
  outOfRegion = usccs.slice(10);
  await seeded.db.query("UPDATE entities SET region_code = '131002' WHERE uscc = ANY($1)", [inRegion]);
  await seeded.db.query("UPDATE entities SET region_code = '130102' WHERE uscc = ANY($1)", [outOfRegion]);
});
afterAll(async () => platform?.db.close());

describe('subscriptions', () => {
  it('refuses an item that needs authorisation (L2), naming it in both languages', async () => {
    const err = await services.pushes.setSubscription(bank, { regionPrefixes: ['1310'], industryPrefixes: [], items: ['ADMIN_LICENSE', 'UTILITY_WATER'], frequency: 'daily' }, adminOf(bank))
      .then(() => null, (e: unknown) => e as { code: string; statusCode: number; text: { zh: string; en: string }; extra?: Record<string, unknown> });
    expect(err?.code).toBe('PUSH_ITEM_NOT_PUBLIC');
    expect(JSON.stringify(err)).toContain('UTILITY_WATER');
    expect(await services.pushes.subscription(bank)).toBeNull();
  });

  it('refuses unknown items and lists only public aggregated items for the editor', async () => {
    await expect(services.pushes.setSubscription(bank, { regionPrefixes: [], industryPrefixes: [], items: ['NO_SUCH_ITEM'], frequency: 'daily' }, adminOf(bank)))
      .rejects.toMatchObject({ code: 'PUSH_ITEM_UNKNOWN' });
    const codes = (await services.pushes.publicItems()).map((i) => i.code);
    expect(codes).toContain('ADMIN_LICENSE');
    expect(codes).toContain('COURT_ENFORCEMENT');
    expect(codes).not.toContain('UTILITY_WATER');
    expect(codes).not.toContain('TAX_PAYMENT');
  });
});

describe('periods', () => {
  it('labels daily periods by China day and weekly ones by ISO week, due from 06:00', () => {
    const t = Date.parse('2026-11-02T05:59:00+08:00');
    expect(periodOf(boundaryAtOrBefore(t, 'daily'), 'daily')).toBe('2026-11-01');
    expect(new Date(nextBoundary(t, 'daily')).toISOString()).toBe('2026-11-01T22:00:00.000Z');
    // 2026-11-02 is a Monday
    expect(periodOf(boundaryAtOrBefore(Date.parse('2026-11-04T12:00:00+08:00'), 'weekly'), 'weekly')).toBe('2026-W45');
    expect(new Date(nextBoundary(Date.parse('2026-11-04T12:00:00+08:00'), 'weekly')).toISOString()).toBe('2026-11-08T22:00:00.000Z');
    expect(periodOf(boundaryAtOrBefore(Date.parse('2027-01-01T12:00:00+08:00'), 'weekly'), 'weekly')).toBe('2026-W53');
  });
});

describe('batches', () => {
  const seen = new Set<string>();
  const remember = (rows: { uscc: string; item_code: string; record_key: string; version: number }[]) => {
    for (const r of rows) {
      const id = `${r.uscc}/${r.item_code}/${r.record_key}/${r.version}`;
      expect(seen.has(id), `${id} pushed twice`).toBe(false);
      seen.add(id);
    }
  };

  it('pushes the changed public records of the subscribed region, masked as the public view masks them', async () => {
    await licences([{ uscc: inRegion[0], uid: 'OLD-1', no: 'XK-0' }]); // before subscribing: not pushed
    await services.pushes.setSubscription(bank, { regionPrefixes: ['1310'], industryPrefixes: [], items: ['ADMIN_LICENSE', 'COURT_ENFORCEMENT'], frequency: 'daily' }, adminOf(bank));
    await services.pushes.setSubscription(otherBank, { regionPrefixes: ['1301'], industryPrefixes: [], items: ['ADMIN_LICENSE'], frequency: 'weekly' }, adminOf(otherBank));
    await licences([
      ...inRegion.slice(0, 4).map((uscc, i) => ({ uscc, uid: `LIC-${i}`, no: `XK-${i}` })),
      ...outOfRegion.slice(0, 3).map((uscc, i) => ({ uscc, uid: `OUT-${i}`, no: `XK-O${i}` })),
    ]);
    expect(await services.pushes.runDue()).toEqual([]); // not due before 06:00 tomorrow
    now = Date.parse('2026-11-03T06:30:00+08:00');
    const out = await services.pushes.runDue();
    expect(out.map((o) => [o.orgId, o.period, o.entries])).toEqual([[bank, '2026-11-03', 4]]);
    const batch = (await services.pushes.batches(bank, null, 10))[0];
    expect(batch).toMatchObject({ period: '2026-11-03', entry_count: 4, counts: { ADMIN_LICENSE: 4 }, status: 'ready' });
    const entries = await allEntries(services.pushes, batch.id);
    remember(entries);
    expect(entries.map((e) => e.uscc).sort()).toEqual(inRegion.slice(0, 4).sort());
    expect(entries.every((e) => e.region_code === '131002' && e.change === 'inserted')).toBe(true);
    const e = entries[0];
    expect(e.data.legal_rep_name).toBe('张*');
    expect(e.data.legal_rep_id_number).toMatch(/^110\*+002X$/);
    expect(e.masked.sort()).toEqual(['legal_rep_id_number', 'legal_rep_name']);
    expect(e.data.licence_no).toMatch(/^XK-/);
    // nothing in clear at rest either
    const raw = await platform.db.query<{ data: unknown }>('SELECT data FROM push_batch_entries');
    expect(JSON.stringify(raw)).not.toContain('11010519491231002X');
    // the institution was told in-app; a second look in the same period builds nothing
    const [n] = await platform.db.query<{ payload: { count: number } }>("SELECT payload FROM notifications WHERE recipient_org_id = $1 AND kind = 'pushes.batch'", [bank]);
    expect(n.payload.count).toBe(4);
    expect(await services.pushes.runDue()).toEqual([]);
    // the weekly subscriber of another region is due next Monday only, and gets nothing of this region
    expect(await services.pushes.batches(otherBank, null, 10)).toEqual([]);
  });

  it('never skips or repeats a record across batches, including records that arrive while a batch is built', async () => {
    // changes in the window: one new record, one update of a pushed record
    await licences([{ uscc: inRegion[5], uid: 'LIC-5', no: 'XK-5' }, { uscc: inRegion[0], uid: 'LIC-0', no: 'XK-0-bis' }]);
    // a build that, while it reads records, sees a provider batch arrive: a new record and a change of one in the window
    let arrived = false;
    const racing = createPushService({
      db: platform.db, clock,
      catalogItem: (code) => services.catalog.item(code),
      catalogItems: async () => [],
      registry: (usccs) => services.entities.store.byUsccs(usccs),
      records: async (uscc, item) => {
        if (!arrived) {
          arrived = true;
          await licences([{ uscc: inRegion[6], uid: 'LIC-6', no: 'XK-6' }, { uscc: inRegion[5], uid: 'LIC-5', no: 'XK-5-bis' }]);
        }
        return services.aggregation.records(uscc, item, null);
      },
    });
    now = Date.parse('2026-11-04T06:30:00+08:00');
    const [first] = await racing.runDue();
    expect(first.period).toBe('2026-11-04');
    const firstEntries = await allEntries(racing, first.batchId);
    remember(firstEntries);
    // LIC-0 version 2 is in; LIC-5 version 1 was superseded during the build (its successor comes next); LIC-6 came after the window
    expect(firstEntries.map((e) => [e.record_key, e.version])).toEqual([['LIC-0', 2]]);
    expect(firstEntries[0].change).toBe('updated');

    now = Date.parse('2026-11-05T06:30:00+08:00');
    const [second] = await services.pushes.runDue();
    const secondEntries = await allEntries(services.pushes, second.batchId);
    remember(secondEntries);
    expect(secondEntries.map((e) => [e.record_key, e.version]).sort()).toEqual([['LIC-5', 2], ['LIC-6', 1]]);
    // every record of the region changed since subscribing was pushed exactly once, at its latest version
    const current = await platform.db.query<{ uscc: string; record_key: string; version: number }>(
      `SELECT uscc, record_key, version FROM records WHERE item_code = 'ADMIN_LICENSE' AND valid_to IS NULL AND uscc = ANY($1) AND record_key <> 'OLD-1'`, [inRegion]);
    for (const r of current) expect(seen.has(`${r.uscc}/ADMIN_LICENSE/${r.record_key}/${r.version}`), r.record_key).toBe(true);

    // batches are consecutive windows of the outbox
    const batches = (await services.pushes.batches(bank, null, 10)).reverse();
    for (let i = 1; i < batches.length; i++) expect(batches[i].from_event).toBe(batches[i - 1].to_event);
  });

  it('drops a build whose window another process completed first, leaving the watermark with the winner', async () => {
    await licences([{ uscc: inRegion[8], uid: 'LIC-8', no: 'XK-8' }]);
    const before = (await services.pushes.subscription(bank))!.watermark;
    let winner: string | undefined;
    const loser = createPushService({
      db: platform.db, clock,
      catalogItem: (code) => services.catalog.item(code),
      catalogItems: async () => [],
      registry: (usccs) => services.entities.store.byUsccs(usccs),
      records: async (uscc, item) => {
        // another server process builds the same window meanwhile and completes first
        if (!winner) winner = (await services.pushes.runNow(bank, adminOf(bank)))[0].batchId;
        return services.aggregation.records(uscc, item, null);
      },
    });
    expect(await loser.runNow(bank, adminOf(bank))).toEqual([]);
    const after = (await services.pushes.subscription(bank))!;
    expect(after.watermark).toBeGreaterThan(before);
    const [latest] = await services.pushes.batches(bank, null, 1);
    expect(latest.id).toBe(winner);
    expect(latest.from_event).toBe(before);
    remember(await allEntries(services.pushes, latest.id));
    const [{ n }] = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM push_batches WHERE status = 'building'");
    expect(n).toBe(0);
  });

  it('queues one signed webhook event per batch with counts and the link, not the data', async () => {
    const q: { type: string; batch: Record<string, unknown> }[] = [];
    const hooked = createPushService({
      db: platform.db, clock,
      catalogItem: (code) => services.catalog.item(code),
      catalogItems: async () => [],
      registry: (usccs) => services.entities.store.byUsccs(usccs),
      records: (uscc, item) => services.aggregation.records(uscc, item, null),
      webhooks: { enqueueInstitutionEvent: async (_q, _org, event) => { q.push(event as never); return 'delivery'; } },
    });
    await licences([{ uscc: inRegion[7], uid: 'LIC-7', no: 'XK-7' }]);
    const [b] = await hooked.runNow(bank, adminOf(bank));
    expect(b.webhook).toBe(true);
    expect(q).toHaveLength(1);
    expect(q[0].type).toBe('pushes.batch');
    expect(q[0].batch).toMatchObject({ batchId: b.batchId, entries: 1, counts: { ADMIN_LICENSE: 1 }, entriesPath: `/api/v1/pushes/batches/${b.batchId}/entries` });
    expect(JSON.stringify(q[0])).not.toContain('张');
  });
});
