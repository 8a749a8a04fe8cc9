import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client } from '../../../test/support/http.ts';
import { seedDemoProducts } from './seed-products.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 20 });
}, 120_000);
afterAll(async () => server?.close());

describe('demo products', () => {
  it('publishes the demo bank\'s products through the review once, and they show in the public supermarket', async () => {
    expect(await seedDemoProducts(server.services)).toBe(5);
    const visitor = new Client(server.url);
    const list = await visitor.get('/api/v1/marketplace/products?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['农牧贷', '小微快贷', '科创信用贷', '税易贷', '绿色发展贷'].sort());
    expect(list.body.items.every((p: { institution?: { name: string } | null; amountMinFen: string }) => /^\d+$/.test(p.amountMinFen))).toBe(true);
    expect(await seedDemoProducts(server.services)).toBe(0);
  });
});
