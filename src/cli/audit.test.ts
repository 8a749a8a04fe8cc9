import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../platform/db/index.ts';
import { generateSigningKey } from '../platform/crypto/index.ts';
import { createTestDb } from '../../test/support/db.ts';
import { createAuditLog, type AuditLog } from '../modules/audit/index.ts';
import { accessEvent } from '../modules/audit/test-fixtures.ts';
import { exportAuditLog, exportCheckpointChain, verifyFile } from './audit.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'xr-audit-cli-'));
let db: Db;
let log: AuditLog;

function xinrong(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/xinrong.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' } });
  return { status: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  db = await createTestDb();
  log = createAuditLog({ db, keys: { signing: { ...generateSigningKey('sm2'), keyId: 'cli-test' } }, config: { nodeName: 'cli-test' } });
  await Promise.all(Array.from({ length: 30 }, (_, i) => log.append(accessEvent(i))));
  await log.checkpoint();
  await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(accessEvent(30 + i))));
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xinrong audit verify', () => {
  it('accepts an export and reports the tree size and root', async () => {
    const file = join(dir, 'export.ndjson');
    expect(await exportAuditLog(log, file)).toBe(36);
    const cp = await log.latestCheckpoint();
    const r = xinrong('audit', 'verify', file);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`OK export of entries 0–34 (35 entries, root recomputed); tree size 35, root ${cp.root}`);
    const keyFile = join(dir, 'key.txt');
    writeFileSync(keyFile, `${log.publicKey().verifierKey}\n`);
    expect((await verifyFile(file, { key: keyFile })).result).toMatchObject({ ok: true, key: 'pinned' });
  });

  it('names the first bad entry of a doctored export and exits 1', () => {
    const lines = readFileSync(join(dir, 'export.ndjson'), 'utf8').split('\n');
    lines[13] = lines[13].replace('"outcome":"allowed"', '"outcome":"refused"'); // entry 12
    lines.splice(21, 1); // entry 20 dropped as well: the first problem is still reported
    writeFileSync(join(dir, 'doctored.ndjson'), lines.join('\n'));
    const r = xinrong('audit', 'verify', join(dir, 'doctored.ndjson'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/FAIL seq 12: the entry does not hash to its leaf hash/);
  });

  it('checks a receipt and a checkpoint chain', async () => {
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify(await log.receipt(3)));
    const r = xinrong('audit', 'verify', '--receipt', join(dir, 'receipt.json'));
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/^OK receipt of entry 3; tree size 30/);
    await log.checkpoint();
    await exportCheckpointChain(log, join(dir, 'chain.ndjson'));
    const c = await verifyFile(join(dir, 'chain.ndjson'), { checkpoints: true });
    expect(c.result).toMatchObject({ ok: true, checkpoints: 2, treeSize: 35 });
    const forged = JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8'));
    forged.entry.subject = '91110000MA01ABCD1X';
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    expect(xinrong('audit', 'verify', '--receipt', join(dir, 'forged.json')).out).toMatch(/FAIL seq 3/);
  });

  it('exports from an embedded database folder', () => {
    const dataDir = join(dir, 'data');
    const out = join(dir, 'empty.ndjson');
    const e = xinrong('audit', 'export', '--out', out, '--data-dir', dataDir);
    expect(e.status, e.out).toBe(0);
    const v = xinrong('audit', 'verify', out);
    expect(v.status, v.out).toBe(0);
    expect(v.out).toMatch(/tree size 0/);
  }, 60_000);
});
