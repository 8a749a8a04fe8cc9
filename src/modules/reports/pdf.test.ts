import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { startTestServer, type TestServer } from '../../../test/support/server.ts';
import { Client, loginAs } from '../../../test/support/http.ts';

/** The PDF as a reader gets it: Chinese text extractable (font embedded), number and digest inside, tampering detected. */
let server: TestServer;
let ent: Client;
let uscc: string;
let pdf: Buffer;
let number: string;
let digest: string;

async function download(client: Client, body: unknown): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${server.url}/api/v1/reports/pdf`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: (client as unknown as { cookie: string }).cookie }, body: JSON.stringify(body),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

async function pagesText(bytes: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const text = await page.getTextContent();
    pages.push(text.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  const meta = await doc.getMetadata();
  pages.push(JSON.stringify(meta.info));
  const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }> | null;
  pages.push(Object.values(attachments ?? {}).map((a) => a.filename).join(','));
  await doc.destroy();
  return pages;
}

beforeAll(async () => {
  server = await startTestServer({ seedEnterprises: 4 });
  ent = await loginAs(server, 'ent_demo');
  uscc = (await ent.get('/api/v1/auth/me')).body.org.uscc;
  const item = await server.services.catalog.item('ADMIN_LICENSE');
  await server.services.aggregation.writer.writeChunk({
    item: item!, batchId: null, providerOrgId: null, seq: null, at: new Date(),
    rows: [{ rowNumber: 1, values: { uscc, subject_name: '示范企业', record_uid: 'LIC-PDF', licence_no: 'L-9', licence_content: '食品经营许可：预包装食品销售（含冷藏冷冻食品）、散装食品销售、保健食品销售、特殊医学用途配方食品销售、婴幼儿配方乳粉销售、其他婴幼儿配方食品销售，经营场所：廊坊市广阳区示范路 1 号' } }],
  });
  const r = await download(ent, { uscc });
  expect(r.status, r.bytes.toString('utf8').slice(0, 300)).toBe(200);
  pdf = r.bytes;
  number = r.headers.get('x-report-number') ?? '';
  digest = r.headers.get('x-report-digest') ?? '';
}, 60_000);
afterAll(async () => server?.close());

describe('report PDF', () => {
  it('carries the enterprise name, section titles, number and digest as extractable Chinese text', async () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pagesText(pdf);
    const all = pages.join('\n');
    const name = (await server.services.entities.store.byUscc(uscc))!.name;
    expect(all).toContain('标准化信用信息报告');
    expect(all).toContain(name);
    for (const title of ['一、登记信息', '二、信用评价', '三、信用信息', '四、存证与验真', '行政管理信息']) expect(all).toContain(title);
    expect(all).toContain(number);
    expect(all).toContain(digest);
    expect(all).toContain('/verify-report');
    // every page has the header with the number and a page number
    const content = pages.slice(0, -2);
    expect(content.length).toBeGreaterThan(1);
    content.forEach((p, i) => {
      expect(p).toContain(`报告编号 ${number}`);
      expect(p).toContain(`第 ${i + 1} 页 / 共 ${content.length} 页`);
    });
    expect(pages.at(-2)).toContain(number);
    expect(pages.at(-1)).toContain('report.json');
    expect(pages.at(-1)).toContain('receipt.json');
  });

  it('embeds the CJK font (a subset of Noto Sans SC)', () => {
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
  });

  it('verifies the downloaded file as authentic and any changed byte as not', async () => {
    const anon = new Client(server.url);
    const ok = await anon.post('/api/v1/reports/verify', { file: pdf.toString('base64') });
    expect(ok.body).toMatchObject({ authentic: true, number, version: 'subject' });
    const changed = Buffer.from(pdf);
    const at = Math.floor(changed.length / 2);
    changed[at] = changed[at] ^ 0x01;
    const bad = await anon.post('/api/v1/reports/verify', { file: changed.toString('base64') });
    expect(bad.body).toMatchObject({ authentic: false, reason: 'FILE_CHANGED' });
    // number + content digest printed in the PDF also verify
    expect((await anon.post('/api/v1/reports/verify', { number, digest })).body.authentic).toBe(true);
  });
});
