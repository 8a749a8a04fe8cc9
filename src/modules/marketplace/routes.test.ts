import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';

/** The marketplace API through the real server: products, review, supermarket, demands, inbox, work queue. */
let server: TestServer;
let bank: Client;
let operator: Client;
let enterprise: Client;
let otherBank: Client;
let anonymous: Client;
let entUscc: string;

const productBody = (over: Record<string, unknown> = {}) => ({
  name: '科创信用贷', productType: 'credit', programme: 'sci_tech', amountMinFen: '10000000', amountMaxFen: '300000000',
  termMinMonths: 6, termMaxMonths: 36, rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'],
  rules: [{ rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] }], requiredAuthorisations: [], requiredMaterials: ['营业执照'],
  description: '面向科技型中小企业的信用贷款', ...over,
});

async function publish(body: Record<string, unknown>): Promise<string> {
  const created = await bank.post('/api/v1/marketplace/my/products', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await bank.post(`/api/v1/marketplace/my/products/${id}/submit`)).status).toBe(200);
  const approved = await operator.post(`/api/v1/marketplace/review/${id}`, { version: created.body.version, decision: 'approve' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 40 });
  await server.services.evaluation.evaluateAll();
  bank = await loginAs(server, 'bank_admin');
  operator = await loginAs(server, 'operator');
  enterprise = await loginAs(server, 'ent_demo');
  anonymous = new Client(server.url);
  const orgs = await server.services.identity.organisations('institution');
  const rural = orgs.find((o) => o.name.includes('农村商业银行'))!;
  await server.services.identity.createUser({ orgId: rural.id, username: 'rural_pm', displayName: '产品经理', password: server.demo.password, roles: ['inst_product_manager'], realNameVerified: true });
  otherBank = new Client(server.url);
  expect((await otherBank.post('/api/v1/auth/login', { username: 'rural_pm', password: server.demo.password })).status).toBe(200);
  [{ uscc: entUscc }] = await server.platform.db.query<{ uscc: string }>("SELECT o.uscc FROM organisations o JOIN users u ON u.org_id = o.id WHERE u.username = 'ent_demo'");
}, 120_000);
afterAll(async () => server?.close());

describe('marketplace API', () => {
  let productId: string;
  let excludedId: string;
  let demandId: string;

  it('keeps a product off the supermarket until an operator approves it; a rejection needs a reason', async () => {
    const created = await bank.post('/api/v1/marketplace/my/products', productBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: 'draft', amountMinFen: '10000000', rateMinBp: 385, section: 'sci_tech' });
    productId = created.body.id;
    expect((await anonymous.get('/api/v1/marketplace/products')).body.total).toBe(0);
    expect((await bank.post(`/api/v1/marketplace/my/products/${productId}/submit`)).body.status).toBe('submitted');
    const queue = await operator.get('/api/v1/marketplace/review');
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0].diff.map((d: { field: string }) => d.field)).toContain('rules');
    const noReason = await operator.post(`/api/v1/marketplace/review/${productId}`, { version: 1, decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('REVIEW_REASON_REQUIRED');
    const ok = await operator.post(`/api/v1/marketplace/review/${productId}`, { version: 1, decision: 'approve' });
    expect(ok.body).toMatchObject({ status: 'published', liveVersion: 1, reviewedBy: 'operator' });
    const list = await anonymous.get('/api/v1/marketplace/products?section=sci_tech&amountFen=100000000&termMonths=12&region=131002');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
    expect((await anonymous.get('/api/v1/marketplace/products?section=green')).body.total).toBe(0);
    expect((await anonymous.get('/api/v1/marketplace/products?amountFen=1.5')).status).toBe(400);
  });

  it('refuses invalid rules and fractional fen with zh and en messages', async () => {
    const bad = await bank.post('/api/v1/marketplace/my/products', productBody({ rules: [{ rule: 'min_grade', grade: 'Z' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PRODUCT_INVALID');
    expect(bad.body.problems[0]).toMatchObject({ path: '/rules/0/grade' });
    const en = await new Client(server.url, 'en').post('/api/v1/marketplace/my/products', {});
    expect(en.status).toBe(401);
    const fraction = await bank.post('/api/v1/marketplace/my/products', productBody({ amountMinFen: '1.5' }));
    expect(fraction.status).toBe(400);
    expect(fraction.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets an institution see and edit only its own products', async () => {
    expect((await otherBank.get('/api/v1/marketplace/my/products')).body.items).toEqual([]);
    expect((await otherBank.get(`/api/v1/marketplace/my/products/${productId}/versions`)).status).toBe(404);
    const edit = await otherBank.request('PUT', `/api/v1/marketplace/my/products/${productId}`, productBody({ name: '冒名修改' }));
    expect(edit.status).toBe(404);
    expect(edit.body.code).toBe('PRODUCT_NOT_FOUND');
    expect((await otherBank.post(`/api/v1/marketplace/my/products/${productId}/withdraw`)).status).toBe(404);
    expect((await bank.get('/api/v1/marketplace/my/products')).body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
  });

  it('recommends eligible products for a demand with reasons, never one whose rules exclude the enterprise', async () => {
    const entityType = (await server.services.entities.store.byUscc(entUscc))!.entity_type;
    const other = ['enterprise', 'individual_business', 'farmer_cooperative'].find((t) => t !== entityType)!;
    excludedId = await publish(productBody({ name: '合作社专享贷', programme: 'agri', rules: [{ rule: 'entity_type', types: [other] }] }));
    expect((await enterprise.post('/api/v1/marketplace/my/demands', { amountFen: '1.5', termMonths: 12, purpose: '流动资金', guarantees: ['credit'], urgency: 'normal' })).status).toBe(400);
    const created = await enterprise.post('/api/v1/marketplace/my/demands', { amountFen: '100000000', termMonths: 12, purpose: '采购原材料', guarantees: ['credit'], urgency: 'urgent' });
    expect(created.status).toBe(201);
    demandId = created.body.id;
    const inbox = await enterprise.get('/api/v1/marketplace/inbox');
    expect(inbox.status).toBe(200);
    const forDemand = inbox.body.demands.find((d: { demand: { id: string } }) => d.demand.id === demandId);
    expect(forDemand.recommended.map((m: { product: { id: string } }) => m.product.id)).toEqual([productId]);
    expect(forDemand.recommended[0].fitBp).toBeGreaterThan(0);
    expect(forDemand.recommended[0].fit.map((f: { criterion: string }) => f.criterion)).toContain('amount');
    const miss = forDemand.nearMisses.find((m: { product: { id: string } }) => m.product.id === excludedId);
    expect(miss.eligible).toBe(false);
    const failing = miss.rules.filter((r: { held: boolean }) => !r.held);
    expect(failing).toEqual([expect.objectContaining({ kind: 'entity_type' })]);
    expect(failing[0].zh).toContain('主体类型');
    expect(inbox.body.profile.recommended.map((m: { product: { id: string } }) => m.product.id)).not.toContain(excludedId);
  });

  it("shows the demand in the institution's work queue, not in another institution's", async () => {
    const queue = await bank.get('/api/v1/marketplace/queue');
    expect(queue.body.items.map((i: { demand: { id: string } }) => i.demand.id)).toEqual([demandId]);
    expect(queue.body.items[0]).toMatchObject({ product: { id: productId }, demand: { amountFen: '100000000', urgency: 'urgent' } });
    expect(queue.body.items[0].rules.every((r: { held: boolean }) => r.held)).toBe(true);
    expect((await otherBank.get('/api/v1/marketplace/queue')).body.items).toEqual([]);
    // pushed: the institution hears of the new demand once, in both languages
    const pushed = (await bank.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'marketplace.demand.matched');
    expect(pushed).toHaveLength(1);
    expect(pushed[0].text.zh).toContain('科创信用贷');
    expect(pushed[0].text.en).toContain('CNY 1000000');
  });

  it('lists evaluated enterprises meeting every rule of a product, for its own institution only', async () => {
    const found = await bank.get(`/api/v1/marketplace/queue/enterprises?productId=${productId}`);
    expect(found.status).toBe(200);
    expect(found.body.items.length).toBeGreaterThan(0);
    expect(found.body.items.every((i: { rules: { held: boolean }[] }) => i.rules.every((r) => r.held))).toBe(true);
    expect(found.body.items.map((i: { enterprise: { uscc: string } }) => i.enterprise.uscc)).toContain(entUscc);
    const fits = found.body.items.map((i: { fitBp: number }) => i.fitBp);
    expect([...fits].sort((a, b) => b - a)).toEqual(fits);
    expect((await otherBank.get(`/api/v1/marketplace/queue/enterprises?productId=${productId}`)).status).toBe(404);
    const excluded = await bank.get(`/api/v1/marketplace/queue/enterprises?productId=${excludedId}`);
    expect(excluded.body.items.map((i: { enterprise: { uscc: string } }) => i.enterprise.uscc)).not.toContain(entUscc);
  });

  it('versions an edit of a published product; the old version stays live until the new one is approved', async () => {
    const edited = await bank.request('PUT', `/api/v1/marketplace/my/products/${productId}`, productBody({ name: '科创信用贷（2026版）', rateMinBp: 350 }));
    expect(edited.body).toMatchObject({ version: 2, status: 'draft', liveVersion: 1 });
    expect((await anonymous.get(`/api/v1/marketplace/products/${productId}`)).body).toMatchObject({ version: 1, name: '科创信用贷' });
    await bank.post(`/api/v1/marketplace/my/products/${productId}/submit`);
    const pending = (await operator.get('/api/v1/marketplace/review')).body.items[0];
    expect(pending.diff.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'rateMinBp']);
    await operator.post(`/api/v1/marketplace/review/${productId}`, { version: 2, decision: 'approve' });
    expect((await anonymous.get(`/api/v1/marketplace/products/${productId}`)).body).toMatchObject({ version: 2, rateMinBp: 350 });
    const versions = (await bank.get(`/api/v1/marketplace/my/products/${productId}/versions`)).body.items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
  });

  it('re-matches open demands when the enterprise evaluation changes', async () => {
    const gated = await publish(productBody({ name: '优质客户贷', programme: 'none', rules: [{ rule: 'min_grade', grade: 'C' }] }));
    const told = (await enterprise.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'marketplace.product.matched');
    expect(told.map((n: { text: { zh: string } }) => n.text.zh).join('|')).toContain('优质客户贷');
    let inbox = (await enterprise.get('/api/v1/marketplace/inbox')).body.demands[0];
    const wasEligible = inbox.recommended.some((m: { product: { id: string } }) => m.product.id === gated);
    await server.platform.db.query("UPDATE enterprise_scores SET grade = 'D', computed_at = now() WHERE uscc = $1", [entUscc]);
    const swept = await operator.post('/api/v1/marketplace/rematch');
    expect(swept.body.demands).toBe(1);
    inbox = (await enterprise.get('/api/v1/marketplace/inbox')).body.demands[0];
    expect(inbox.recommended.map((m: { product: { id: string } }) => m.product.id)).not.toContain(gated);
    const miss = inbox.nearMisses.find((m: { product: { id: string } }) => m.product.id === gated);
    expect(miss.rules.find((r: { held: boolean }) => !r.held).en).toBe('evaluation grade D is below the minimum C');
    expect(wasEligible || inbox.nearMisses.length > 0).toBe(true);
    expect((await operator.post('/api/v1/marketplace/rematch')).body.demands).toBe(0);
  });

  it('takes a withdrawn product off the supermarket, the inbox and the work queue', async () => {
    expect((await bank.post(`/api/v1/marketplace/my/products/${productId}/withdraw`)).body.status).toBe('withdrawn');
    expect((await anonymous.get('/api/v1/marketplace/products')).body.items.map((p: { id: string }) => p.id)).not.toContain(productId);
    const inbox = (await enterprise.get('/api/v1/marketplace/inbox')).body.demands[0];
    expect(inbox.recommended.map((m: { product: { id: string } }) => m.product.id)).not.toContain(productId);
    expect((await bank.get(`/api/v1/marketplace/queue?productId=${productId}`)).body.items).toEqual([]);
  });
});
