import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app.ts';
import { createPlatform, type Platform } from '../platform/platform.ts';
import { ConfigError } from '../platform/config.ts';
import { seedEnterprises } from '../modules/demo/index.ts';
import { createTestDb, testConfig } from '../../test/support/db.ts';
import { ingestFile } from './ingest.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xr-ingest-'));
let platform: Platform;
let services: Services;
let usccs: string[];

beforeAll(async () => {
  platform = await createPlatform(testConfig(), { db: await createTestDb(), migrate: false });
  services = createServices(platform);
  await services.catalog.ensureSeeded();
  await seedEnterprises(platform, { enterprises: 20 });
  usccs = (await platform.db.query<{ uscc: string }>('SELECT uscc FROM entities ORDER BY uscc LIMIT 5')).map((r) => r.uscc);
});
afterAll(async () => {
  await platform?.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xinrong ingest', () => {
  it('files a GBK CSV under the only provider of the item and is idempotent by batch id', async () => {
    const gas = await services.identity.createOrganisation({ kind: 'provider', name: '燃气公司', regionCode: '131000', category: 'utilities' });
    const file = join(dir, '燃气-2026-10.csv');
    const text = ['统一社会信用代码,主体名称,燃气用户信息（户名户号）,近3个月月均燃气用量,当前是否欠费', ...usccs.map((u, i) => `${u},企业${i},G${i},${10 + i}.5,否`), ''].join('\r\n');
    writeFileSync(file, iconv.encode(text, 'gbk'));
    const first = await ingestFile(services, file, { item: 'UTILITY_GAS' });
    expect(first).toMatchObject({ source: 'cli', encoding: 'gbk', provider: { id: gas }, counts: { total: 5, inserted: 5, quarantined: 0 } });
    const again = await ingestFile(services, file, { item: 'UTILITY_GAS' });
    expect(again).toMatchObject({ id: first.id, replayed: true });
  });

  it('explains what is wrong instead of guessing', async () => {
    await services.identity.createOrganisation({ kind: 'provider', name: '第二家燃气公司', regionCode: '131000', category: 'utilities' });
    const file = join(dir, 'gas.csv');
    writeFileSync(file, `uscc,entity_name,gas_account\n${usccs[0]},企业,G1\n`);
    await expect(ingestFile(services, file, { item: 'UTILITY_GAS' })).rejects.toThrow(/--provider/);
    await expect(ingestFile(services, join(dir, 'gas.xlsx'), { item: 'UTILITY_GAS' })).rejects.toBeInstanceOf(Error);
    writeFileSync(join(dir, 'gas.xlsx'), 'PK\u0003\u0004');
    await expect(ingestFile(services, join(dir, 'gas.xlsx'), { item: 'UTILITY_GAS' })).rejects.toThrow(ConfigError);
    writeFileSync(join(dir, 'zip.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    const providers = await services.identity.organisations('provider', 'utilities');
    await expect(ingestFile(services, join(dir, 'zip.csv'), { item: 'UTILITY_GAS', provider: providers[0].id })).rejects.toMatchObject({ code: 'BATCH_BINARY' });
  });

  it('documents itself', () => {
    const help = execFileSync(process.execPath, ['bin/xinrong.mjs', 'ingest', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help).toContain('--item <code>');
    expect(help).toContain('--batch-id');
  });
});
