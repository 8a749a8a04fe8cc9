import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalog, type CatalogItem } from '../../src/modules/catalog/index.ts';
import { codes } from '../../src/modules/entities/index.ts';
import { checkRecordsAnswer } from '../../src/modules/aggregation/interface-call/index.ts';
import { signRequest } from '../../src/platform/auth/request-signing.ts';
import { startProviderSim, type ProviderSimHandle } from './server.ts';
import { SIM_ITEM_CODES } from './records/index.ts';

const REFERENCE_DATE = '2026-10-31';
const catalogItems = new Map(bundledCatalog().categories.flatMap((c) => c.items).map((i) => [i.code, i]));
const item = (code: string) => catalogItems.get(code) as CatalogItem;
const AUTH = { 'x-xr-authorisation-ref': 'auth-0192-test', 'x-xr-request-id': 'req-sim-test' };

let sim: ProviderSimHandle;
beforeAll(async () => {
  sim = await startProviderSim({ port: 0, enterprises: 400, referenceDate: REFERENCE_DATE });
});
afterAll(async () => sim?.close());

const usccs = () => [...sim.registry.all()].map((e) => e.uscc);

async function records(base: string, code: string, uscc: string, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${base}/provider/v1/items/${code}/records/${uscc}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

describe('provider simulator data', () => {
  it('serves tax, utilities and housing fund, each as the catalog item it belongs to', () => {
    expect(SIM_ITEM_CODES.sort()).toEqual(['HOUSING_FUND_CONTRIBUTION', 'TAX_ABNORMAL_TAXPAYER', 'TAX_ARREARS', 'TAX_PAYMENT', 'UTILITY_ELECTRICITY', 'UTILITY_GAS', 'UTILITY_WATER']);
    for (const code of SIM_ITEM_CODES) expect(['tax', 'utilities', 'housing_fund']).toContain(item(code).provider.category);
  });

  it('produces records that validate against the catalog fields for every item and every demo enterprise', () => {
    const seen: Record<string, number> = {};
    for (const uscc of usccs()) {
      for (const code of SIM_ITEM_CODES) {
        const recs = sim.dataset.records(code, uscc) ?? [];
        const check = checkRecordsAnswer(item(code), uscc, { item: code, uscc, records: recs, asOf: sim.dataset.asOf });
        expect(check.ok ? [] : check.problems, `${code} ${uscc}`).toEqual([]);
        seen[code] = (seen[code] ?? 0) + recs.length;
      }
    }
    for (const code of SIM_ITEM_CODES) expect(seen[code], code).toBeGreaterThan(0);
  });

  it('answers records over HTTP for several demo USCCs, and 404 NO_RECORDS where the provider holds nothing', async () => {
    let found = 0;
    let none = 0;
    for (const uscc of usccs().slice(0, 12)) {
      for (const code of SIM_ITEM_CODES) {
        const r = await records(sim.url, code, uscc);
        if (r.status === 200) {
          found++;
          expect(r.body).toMatchObject({ item: code, uscc, asOf: `${REFERENCE_DATE}T23:59:59+08:00` });
          const check = checkRecordsAnswer(item(code), uscc, r.body);
          expect(check.ok ? [] : check.problems).toEqual([]);
        } else {
          none++;
          expect(r.status).toBe(404);
          expect(r.type).toMatch(/application\/problem\+json/);
          expect(r.body.code).toBe('NO_RECORDS');
        }
      }
    }
    expect(found).toBeGreaterThan(40);
    expect(none).toBeGreaterThan(0);
    // A valid code outside the demo registry: the provider holds nothing for it.
    const stranger = codes.makeUscc({ authority: '9', entityType: '1', region: '110101', orgBody: 'MA0000X1' });
    const r = await records(sim.url, 'TAX_PAYMENT', stranger);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NO_RECORDS');
  });

  it('keeps values plausible: tax grows with revenue, a few % abnormal, some enterprises without utility accounts', () => {
    let abnormal = 0;
    let withoutElectricity = 0;
    const vatBySize: { revenue: number; vat: number }[] = [];
    for (const e of sim.registry.all()) {
      if ((sim.dataset.records('TAX_ABNORMAL_TAXPAYER', e.uscc) ?? [])[0]?.is_abnormal_taxpayer) abnormal++;
      if ((sim.dataset.records('UTILITY_ELECTRICITY', e.uscc) ?? []).length === 0) withoutElectricity++;
      const pay = (sim.dataset.records('TAX_PAYMENT', e.uscc) ?? [])[0];
      if (pay && e.revenue && e.status === 'active') vatBySize.push({ revenue: Number(e.revenue), vat: Number(pay.vat_payable_12m) });
    }
    const share = abnormal / sim.registry.size;
    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.08);
    expect(withoutElectricity).toBeGreaterThan(0);
    vatBySize.sort((a, b) => a.revenue - b.revenue);
    const third = Math.floor(vatBySize.length / 3);
    const mean = (xs: { vat: number }[]) => xs.reduce((s, x) => s + x.vat, 0) / xs.length;
    expect(mean(vatBySize.slice(-third))).toBeGreaterThan(10 * mean(vatBySize.slice(0, third)));
    for (const v of vatBySize) expect(v.vat).toBeLessThan(v.revenue * 0.13);
  });

  it('is deterministic across restarts', async () => {
    const again = await startProviderSim({ port: 0, enterprises: 400, referenceDate: REFERENCE_DATE });
    const other = await startProviderSim({ port: 0, enterprises: 400, seed: 7, referenceDate: REFERENCE_DATE });
    try {
      for (const uscc of usccs().slice(0, 5)) {
        for (const code of ['TAX_PAYMENT', 'UTILITY_ELECTRICITY', 'HOUSING_FUND_CONTRIBUTION']) {
          const a = await records(sim.url, code, uscc);
          const b = await records(again.url, code, uscc);
          expect(b).toEqual(a);
        }
      }
      // Another seed is another registry (the demo generator's), so the first enterprises differ.
      expect([...other.registry.all()][0].uscc).not.toBe(usccs()[0]);
    } finally {
      await again.close();
      await other.close();
    }
  });
});

describe('provider contract', () => {
  it('refuses a data call without the authorisation reference (400) and logs the reference of those that have one', async () => {
    const uscc = usccs()[0];
    const bare = await records(sim.url, 'TAX_ABNORMAL_TAXPAYER', uscc, {});
    expect(bare.status).toBe(400);
    expect(bare.body.code).toBe('AUTHORISATION_REF_MISSING');
    const ok = await records(sim.url, 'TAX_ABNORMAL_TAXPAYER', uscc);
    expect(ok.status).toBe(200);
    expect(sim.log.at(-1)).toMatchObject({ item: 'TAX_ABNORMAL_TAXPAYER', uscc, authorisationRef: 'auth-0192-test', requestId: 'req-sim-test', status: 200 });
  });

  it('refuses items it does not serve and invalid codes', async () => {
    const uscc = usccs()[0];
    expect((await records(sim.url, 'REAL_ESTATE_MORTGAGE', uscc)).body.code).toBe('ITEM_NOT_SERVED');
    expect((await records(sim.url, 'TAX_PAYMENT', uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0'))).body.code).toBe('USCC_INVALID');
  });

  it('evaluates a verification claim and never returns the value', async () => {
    const uscc = usccs().find((u) => Number(sim.dataset.records('TAX_PAYMENT', u)?.[0]?.vat_paid_12m ?? 0) > 1000) as string;
    const paid = sim.dataset.records('TAX_PAYMENT', uscc)?.[0].vat_paid_12m as string;
    const ask = async (claim: Record<string, unknown>) => {
      const res = await fetch(`${sim.url}/provider/v1/verifications`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ item: 'TAX_PAYMENT', uscc, ...claim }) });
      const text = await res.text();
      return { status: res.status, text, body: JSON.parse(text) };
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ field: 'vat_paid_12m', op: 'gte', value: '1000.00' }, 'true'],
      [{ field: 'vat_paid_12m', op: 'gte', value: (Number(paid) + 1).toFixed(2) }, 'false'],
      [{ field: 'vat_paid_12m', op: 'lte', value: paid }, 'true'],
      [{ field: 'vat_paid_12m', op: 'equals', value: paid }, 'true'],
      [{ field: 'entity_name', op: 'exists' }, 'true'],
    ];
    for (const [claim, expected] of cases) {
      const r = await ask(claim);
      expect(r.status, JSON.stringify(claim)).toBe(200);
      expect(r.body.result, JSON.stringify(claim)).toBe(expected);
      expect(Object.keys(r.body).sort()).toEqual(['asOf', 'result']);
      expect(r.text).not.toContain(paid);
    }
    const none = usccs().find((u) => (sim.dataset.records('TAX_ARREARS', u) ?? []).length === 0) as string;
    const unknown = await fetch(`${sim.url}/provider/v1/verifications`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ item: 'TAX_ARREARS', uscc: none, field: 'arrears_amount', op: 'gte', value: '1' }) });
    expect(((await unknown.json()) as { result: string }).result).toBe('unknown');
    const bad = await ask({ field: 'entity_name', op: 'gte', value: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('OP_NOT_APPLICABLE');
    const noRef = await fetch(`${sim.url}/provider/v1/verifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ item: 'TAX_PAYMENT', uscc, field: 'entity_name', op: 'exists' }) });
    expect(noRef.status).toBe(400);
  });

  it('streams a physical item as CSV with the catalog field codes as header, and as NDJSON', async () => {
    const codes = item('UTILITY_WATER').fields.map((f) => f.code);
    const expected = usccs().reduce((n, u) => n + (sim.dataset.records('UTILITY_WATER', u)?.length ?? 0), 0);
    const csv = await fetch(`${sim.url}/provider/v1/items/UTILITY_WATER/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain('UTILITY_WATER-20261031.csv');
    const lines = (await csv.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(codes.join(','));
    expect(lines.length - 1).toBe(expected);
    // The JSON payment details are quoted per RFC 4180, with inner quotes doubled.
    expect(lines[1]).toMatch(/,"\[\{""month"":""2026-05""/);

    const nd = await fetch(`${sim.url}/provider/v1/items/UTILITY_GAS/export?format=ndjson`);
    const rows = (await nd.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBe(usccs().reduce((n, u) => n + (sim.dataset.records('UTILITY_GAS', u)?.length ?? 0), 0));
    for (const r of rows.slice(0, 20)) {
      const check = checkRecordsAnswer(item('UTILITY_GAS'), r.uscc as string, { item: 'UTILITY_GAS', uscc: r.uscc, records: [r], asOf: sim.dataset.asOf });
      expect(check.ok ? [] : check.problems).toEqual([]);
    }
    const refused = await fetch(`${sim.url}/provider/v1/items/TAX_PAYMENT/export?format=csv`);
    expect(refused.status).toBe(400);
  });

  it('injects faults: outage, deterministic failures and latency', async () => {
    const uscc = usccs()[0];
    sim.setFaults({ outage: true });
    expect((await fetch(`${sim.url}/provider/v1/health`)).status).toBe(503);
    sim.setFaults({ outage: false, failNext: 1 });
    expect((await records(sim.url, 'TAX_ABNORMAL_TAXPAYER', uscc)).status).toBe(503);
    expect((await records(sim.url, 'TAX_ABNORMAL_TAXPAYER', uscc)).status).toBe(200);
    const set = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 150 }) });
    expect(((await set.json()) as { latencyMs: number }).latencyMs).toBe(150);
    const started = Date.now();
    await records(sim.url, 'TAX_ABNORMAL_TAXPAYER', uscc);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const invalid = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failureRate: 2 }) });
    expect(invalid.status).toBe(400);
    sim.resetFaults();
  });
});

describe('signed requests', () => {
  it('requires a valid HMAC-SM3 signature when started with a shared secret, and refuses replays', async () => {
    const secret = 'sim-shared-secret-0123456789';
    const signed = await startProviderSim({ port: 0, enterprises: 20, referenceDate: REFERENCE_DATE, secret });
    try {
      const uscc = [...signed.registry.all()][0].uscc;
      const path = `/provider/v1/items/TAX_ABNORMAL_TAXPAYER/records/${uscc}`;
      expect((await records(signed.url, 'TAX_ABNORMAL_TAXPAYER', uscc)).status).toBe(401);
      const headers = { ...AUTH, ...signRequest({ method: 'GET', pathWithQuery: path, keyId: 'xinrong', secret }) };
      const ok = await records(signed.url, 'TAX_ABNORMAL_TAXPAYER', uscc, headers);
      expect(ok.status).toBe(200);
      const replay = await records(signed.url, 'TAX_ABNORMAL_TAXPAYER', uscc, headers);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('SIG_REPLAY');
      const wrong = { ...AUTH, ...signRequest({ method: 'GET', pathWithQuery: path, keyId: 'xinrong', secret: 'another-secret-0123456789' }) };
      expect((await records(signed.url, 'TAX_ABNORMAL_TAXPAYER', uscc, wrong)).body.code).toBe('SIG_BAD');
      // Health stays unsigned, for monitoring.
      expect((await fetch(`${signed.url}/provider/v1/health`)).status).toBe(200);
    } finally {
      await signed.close();
    }
  });
});
