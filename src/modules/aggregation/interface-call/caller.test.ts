import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProviderSim, type ProviderSimHandle } from '../../../../providers/sim/server.ts';
import { createTestDb } from '../../../../test/support/db.ts';
import type { Db } from '../../../platform/db/index.ts';
import { createFieldCipher, type FieldCipher } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/http/index.ts';
import { bundledCatalog, type CatalogItem } from '../../catalog/index.ts';
import { createInterfaceCaller, type CallLog, type InterfaceCallerOptions } from './caller.ts';
import { checkRecordsAnswer } from './answer-check.ts';

const SECRET = 'caller-test-secret-0123456789';
const items = new Map(bundledCatalog().categories.flatMap((c) => c.items).map((i) => [i.code, i]));
const item = (code: string) => items.get(code) as CatalogItem;
const TAX_PAYMENT = item('TAX_PAYMENT');

let sim: ProviderSimHandle;
let db: Db;
let cipher: FieldCipher;
let offset = 0;
// Real time plus what a test advanced (fetch times and the breaker follow it; signatures use real time).
const clock = () => Date.now() + offset;
let taxpayers: string[] = [];

beforeAll(async () => {
  [sim, db] = await Promise.all([startProviderSim({ port: 0, enterprises: 80, referenceDate: '2026-10-31', secret: SECRET }), createTestDb()]);
  cipher = createFieldCipher({ alg: 'sm4-gcm', keys: { k1: randomBytes(16) }, activeKeyId: 'k1' });
  taxpayers = [...sim.registry.all()].map((e) => e.uscc).filter((u) => (sim.dataset.records('TAX_PAYMENT', u) ?? []).length > 0);
});
afterEach(() => {
  sim.resetFaults();
  offset = 0;
});
afterAll(async () => {
  await sim?.close();
  await db?.close();
});

/** A different enterprise for each test, so cached answers of one test do not meet another. */
const nextTaxpayer = () => taxpayers.shift() as string;

function makeCaller(over: Partial<InterfaceCallerOptions> = {}) {
  const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => void logs.push({ level, obj: obj as Record<string, unknown>, msg });
  const log: CallLog = { info: at('info'), warn: at('warn'), error: at('error') };
  const caller = createInterfaceCaller({
    db, cipher, clock, log,
    endpoints: () => ({ baseUrl: sim.url, secret: SECRET }),
    timeoutMs: 5000, retries: 0, backoffMs: 5, breaker: { failures: 3, openMs: 1000 },
    ...over,
  });
  return { caller, logs };
}

const read = (caller: ReturnType<typeof makeCaller>['caller'], uscc: string, it: CatalogItem = TAX_PAYMENT) =>
  caller.fetchItem({ uscc, item: it, authorisationRef: 'auth-018f-test', requestId: `req-${uscc}` });

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('interface call: fresh answers and the cache', () => {
  it('fetches fresh records from the provider, signed and under the authorisation reference', async () => {
    const { caller } = makeCaller();
    const uscc = nextTaxpayer();
    const before = clock();
    const r = await read(caller, uscc);
    expect(r).toMatchObject({ stale: false, source: 'provider', provider: 'tax', asOf: '2026-10-31T23:59:59+08:00' });
    expect(r.records).toEqual(sim.dataset.records('TAX_PAYMENT', uscc));
    expect(Date.parse(r.fetchedAt)).toBeGreaterThanOrEqual(before - 1);
    const check = checkRecordsAnswer(TAX_PAYMENT, uscc, { item: 'TAX_PAYMENT', uscc, records: r.records, asOf: r.asOf });
    expect(check.ok).toBe(true);
    expect(sim.log.at(-1)).toMatchObject({ uscc, authorisationRef: 'auth-018f-test', requestId: `req-${uscc}`, status: 200 });
  });

  it('writes every fresh answer to interface_cache, encrypted at rest with its algorithm label', async () => {
    const { caller } = makeCaller();
    const uscc = nextTaxpayer();
    const r = await read(caller, uscc);
    const rows = await db.query<{ payload_enc: string; fetched_at: Date; record_count: number; provider_category: string }>(
      'SELECT payload_enc, fetched_at, record_count, provider_category FROM interface_cache WHERE uscc = $1 AND item_code = $2', [uscc, 'TAX_PAYMENT']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ record_count: 1, provider_category: 'tax' });
    expect(rows[0].fetched_at.toISOString()).toBe(r.fetchedAt);
    const stored = rows[0].payload_enc;
    expect(stored).toMatch(/^v1:sm4-gcm:k1:/);
    const record = r.records[0];
    for (const clear of [record.entity_name, record.vat_paid_12m, record.cit_payable_12m, uscc, 'vat_paid_12m']) {
      if (typeof clear === 'string') expect(stored).not.toContain(clear);
    }
    // The ciphertext is bound to its row: copied to another enterprise it does not decrypt.
    expect(() => cipher.decrypt(stored, `interface_cache:${nextTaxpayer()}:TAX_PAYMENT`)).toThrow(/authentication failed/);
  });

  it('takes a provider 404 (NO_RECORDS) as empty records, not an error, and caches that too', async () => {
    const { caller } = makeCaller();
    const uscc = [...sim.registry.all()].map((e) => e.uscc).find((u) => (sim.dataset.records('TAX_ARREARS', u) ?? []).length === 0) as string;
    const r = await read(caller, uscc, item('TAX_ARREARS'));
    expect(r).toMatchObject({ records: [], stale: false, source: 'provider' });
    const [row] = await db.query<{ record_count: number }>('SELECT record_count FROM interface_cache WHERE uscc = $1 AND item_code = $2', [uscc, 'TAX_ARREARS']);
    expect(row.record_count).toBe(0);
    sim.setFaults({ outage: true });
    expect(await read(caller, uscc, item('TAX_ARREARS'))).toMatchObject({ records: [], stale: true, source: 'cache' });
  });

  it('during a provider outage answers from the cache, marked stale, with the original fetch time', async () => {
    const { caller, logs } = makeCaller();
    const uscc = nextTaxpayer();
    const fresh = await read(caller, uscc);
    offset += 3_600_000;
    sim.setFaults({ outage: true });
    const cached = await read(caller, uscc);
    expect(cached).toMatchObject({ stale: true, source: 'cache', fetchedAt: fresh.fetchedAt, records: fresh.records, asOf: fresh.asOf });
    expect(Date.parse(cached.fetchedAt)).toBeLessThan(clock() - 3_500_000);
    expect(logs.some((l) => l.msg.includes('stale'))).toBe(true);
  });

  it('with nothing cached, answers 503 SOURCE_UNAVAILABLE in Chinese and English', async () => {
    const { caller } = makeCaller();
    sim.setFaults({ outage: true });
    const err = await failure(read(caller, nextTaxpayer()));
    expect(err.status).toBe(503);
    expect(err.code).toBe('SOURCE_UNAVAILABLE');
    expect(err.text.zh).toMatch(/数据源暂不可用/);
    expect(err.text.en).toMatch(/unavailable/);
    expect(err.extra).toMatchObject({ provider: 'tax', item: 'TAX_PAYMENT', reason: 'server_error' });
  });

  it('answers SOURCE_UNAVAILABLE (or the cache) when no endpoint is configured for the provider', async () => {
    const { caller } = makeCaller({ endpoints: () => undefined });
    const err = await failure(read(caller, nextTaxpayer()));
    expect(err.extra.reason).toBe('not_configured');
  });
});

describe('interface call: retries, timeouts and refusals', () => {
  it('retries a 503 with back-off and then succeeds', async () => {
    const { caller } = makeCaller({ retries: 2, backoffMs: 10 });
    sim.setFaults({ failNext: 2 });
    const calls = sim.calls;
    const r = await read(caller, nextTaxpayer());
    expect(r.source).toBe('provider');
    expect(sim.calls - calls).toBe(3);
  });

  it('gives up after the configured retries', async () => {
    const { caller } = makeCaller({ retries: 2, backoffMs: 5, breaker: { failures: 10, openMs: 1000 } });
    sim.setFaults({ failNext: 5 });
    const calls = sim.calls;
    expect((await failure(read(caller, nextTaxpayer()))).extra.reason).toBe('server_error');
    expect(sim.calls - calls).toBe(3);
  });

  it('does not retry a 4xx: a wrong shared secret is refused once', async () => {
    const { caller } = makeCaller({ retries: 2, endpoints: () => ({ baseUrl: sim.url, secret: 'not-the-right-secret-0123' }) });
    const calls = sim.calls;
    const err = await failure(read(caller, nextTaxpayer()));
    expect(err.extra.reason).toBe('rejected');
    expect(sim.calls - calls).toBe(1);
    // A provider that answers is reachable: refusals do not trip the breaker.
    expect(caller.breakerStates().get('tax')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('does not take a 404 without the NO_RECORDS code (a wrong base URL) for an empty answer', async () => {
    const { caller } = makeCaller({ endpoints: () => ({ baseUrl: `${sim.url}/wrong-prefix`, secret: SECRET }) });
    expect((await failure(read(caller, nextTaxpayer()))).extra.reason).toBe('rejected');
  });

  it('honours the per-attempt timeout when the provider is slow', async () => {
    const { caller } = makeCaller({ timeoutMs: 150, retries: 0 });
    sim.setFaults({ latencyMs: 5000 });
    const started = performance.now();
    const err = await failure(read(caller, nextTaxpayer()));
    const took = performance.now() - started;
    expect(err.extra.reason).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(145);
    expect(took).toBeLessThan(2000);
  });
});

describe('interface call: circuit breaker', () => {
  it('opens after N consecutive failures; later calls fail fast without reaching the provider', async () => {
    const timeoutMs = 300;
    const { caller } = makeCaller({ timeoutMs, breaker: { failures: 3, openMs: 60_000 } });
    const uscc = nextTaxpayer();
    sim.setFaults({ latencyMs: 5000 });
    for (let i = 0; i < 3; i++) expect((await failure(read(caller, uscc))).extra.reason).toBe('timeout');
    expect(caller.breakerStates().get('tax')?.state).toBe('open');
    const calls = sim.calls;
    const took: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const err = await failure(read(caller, uscc));
      took.push(performance.now() - started);
      expect(err.extra).toMatchObject({ reason: 'breaker_open', retryAfterSeconds: expect.any(Number) });
    }
    // Nothing reached the provider, no call waited for a timeout, and a typical one took well under 50 ms
    // (the median, so one scheduling hiccup on a loaded machine does not decide the test).
    expect(sim.calls).toBe(calls);
    expect(Math.max(...took)).toBeLessThan(timeoutMs);
    expect(took.sort((a, b) => a - b)[3]).toBeLessThan(50);
  });

  it('lets one trial through after openMs and closes again when the provider has recovered', async () => {
    const { caller } = makeCaller({ breaker: { failures: 2, openMs: 1000 } });
    const uscc = nextTaxpayer();
    sim.setFaults({ outage: true });
    await failure(read(caller, uscc));
    await failure(read(caller, uscc));
    expect(caller.breakerStates().get('tax')?.state).toBe('open');
    sim.setFaults({ outage: false });
    const calls = sim.calls;
    expect((await failure(read(caller, uscc))).extra.reason).toBe('breaker_open');
    expect(sim.calls).toBe(calls);
    offset += 1001;
    const r = await read(caller, uscc);
    expect(r).toMatchObject({ source: 'provider', stale: false });
    expect(sim.calls).toBe(calls + 1);
    expect(caller.breakerStates().get('tax')).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('opens again at once when the half-open trial fails', async () => {
    const { caller } = makeCaller({ breaker: { failures: 2, openMs: 1000 } });
    const uscc = nextTaxpayer();
    const fresh = await read(caller, uscc);
    sim.setFaults({ outage: true });
    await read(caller, uscc);
    await read(caller, uscc);
    offset += 1001;
    const calls = sim.calls;
    // The trial reaches the provider, fails, and the cached answer is served.
    expect(await read(caller, uscc)).toMatchObject({ stale: true, fetchedAt: fresh.fetchedAt });
    expect(sim.calls).toBe(calls + 1);
    expect(caller.breakerStates().get('tax')?.state).toBe('open');
    await read(caller, uscc);
    expect(sim.calls).toBe(calls + 1);
  });

  it('keeps one breaker per provider category', async () => {
    const { caller } = makeCaller({ breaker: { failures: 1, openMs: 60_000 } });
    sim.setFaults({ failNext: 1 });
    await failure(read(caller, nextTaxpayer()));
    expect(caller.breakerStates().get('tax')?.state).toBe('open');
    const withFund = [...sim.registry.all()].find((e) => (sim.dataset.records('HOUSING_FUND_CONTRIBUTION', e.uscc) ?? []).length > 0);
    const r = await read(caller, withFund?.uscc as string, item('HOUSING_FUND_CONTRIBUTION'));
    expect(r).toMatchObject({ source: 'provider', provider: 'housing_fund' });
  });
});

describe('interface call: answers checked against the catalog', () => {
  const answer = (body: unknown, status = 200) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('rejects an answer with unknown fields or wrong types as a provider fault, logs it and retries nothing', async () => {
    const uscc = nextTaxpayer();
    const good = sim.dataset.records('TAX_PAYMENT', uscc)?.[0] as Record<string, unknown>;
    let fetches = 0;
    const bad = answer({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59+08:00', records: [{ ...good, vat_paid_12m: 1234.5, secret_extra: 'x' }] });
    const { caller, logs } = makeCaller({ retries: 2, fetch: async () => (fetches++, bad()) });
    const err = await failure(read(caller, uscc));
    expect(err.extra.reason).toBe('invalid_answer');
    expect(fetches).toBe(1);
    const logged = logs.find((l) => l.level === 'error');
    expect(String(logged?.obj.problems)).toMatch(/secret_extra is not a field of TAX_PAYMENT/);
    expect(String(logged?.obj.problems)).toMatch(/vat_paid_12m must be a decimal string/);
    expect(caller.breakerStates().get('tax')?.consecutiveFailures).toBe(1);
    const [row] = await db.query('SELECT 1 FROM interface_cache WHERE uscc = $1 AND item_code = $2', [uscc, 'TAX_PAYMENT']);
    expect(row).toBeUndefined();
  });

  it('rejects records about another enterprise, a missing required field and a wrong item', () => {
    const uscc = taxpayers[0];
    const other = taxpayers[1];
    const good = sim.dataset.records('TAX_PAYMENT', uscc)?.[0] as Record<string, unknown>;
    const problems = (body: unknown) => {
      const c = checkRecordsAnswer(TAX_PAYMENT, uscc, body);
      return c.ok ? '' : c.problems.join('\n');
    };
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59+08:00', records: [good] })).toBe('');
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59+08:00', records: [{ ...good, uscc: other }] })).toMatch(/belongs to/);
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59+08:00', records: [{ ...good, entity_name: null }] })).toMatch(/entity_name is required/);
    expect(problems({ item: 'TAX_ARREARS', uscc, asOf: '2026-10-31T23:59:59+08:00', records: [] })).toMatch(/expected TAX_PAYMENT/);
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31 23:59', records: [] })).toMatch(/asOf/);
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59Z', records: [good, good] })).toMatch(/repeats natural key/);
    expect(problems({ item: 'TAX_PAYMENT', uscc, asOf: '2026-10-31T23:59:59Z', records: [{ ...good, entity_type: '公司' }] })).toMatch(/entity_type must be one of/);
  });
});

describe('interface call: provider-side verification', () => {
  it('gets only true/false/unknown from the provider, never the value', async () => {
    const { caller } = makeCaller();
    const uscc = nextTaxpayer();
    const paid = sim.dataset.records('TAX_PAYMENT', uscc)?.[0].vat_paid_12m as string;
    const claim = { uscc, item: TAX_PAYMENT, field: 'vat_paid_12m', authorisationRef: 'auth-018f-test', requestId: 'req-v' };
    expect(await caller.verifyClaim({ ...claim, op: 'gte', value: paid })).toEqual({ result: 'true', asOf: '2026-10-31T23:59:59+08:00', provider: 'tax' });
    const above = (await caller.verifyClaim({ ...claim, op: 'gte', value: `${Number(paid) + 1}` })).result;
    expect(above).toBe('false');
    sim.setFaults({ outage: true });
    expect((await failure(caller.verifyClaim({ ...claim, op: 'exists' }))).code).toBe('SOURCE_UNAVAILABLE');
  });
});
