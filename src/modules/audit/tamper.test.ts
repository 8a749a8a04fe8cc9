import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/index.ts';
import { generateSigningKey } from '../../platform/crypto/index.ts';
import { createTestDb } from '../../../test/support/db.ts';
import { formatVerifierKey } from './checkpoint.ts';
import { createAuditLog, type AuditLog } from './log.ts';
import { leafHash } from './merkle.ts';
import { accessEvent } from './test-fixtures.ts';
import { verifyCheckpointChain, verifyExport } from './verify.ts';

/**
 * SPEC C5: a tampered, deleted or reordered entry is detected by the offline verifier (the function behind
 * `xinrong audit verify`), which names the first bad seq. The database refuses such changes (trigger), so each test
 * first disables the user triggers as the table owner — what an attacker with the database's superuser would do.
 */
const keys = { signing: { ...generateSigningKey('ed25519'), keyId: 'test' } };
let db: Db | undefined;

afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function logOf(entries: number): Promise<AuditLog> {
  db = await createTestDb();
  const log = createAuditLog({ db, keys, config: { nodeName: 'tamper-test' } });
  await Promise.all(Array.from({ length: entries }, (_, i) => log.append(accessEvent(i, i % 2 ? '91131002MA0CXR1Q0X' : '911310007213281234'))));
  await log.checkpoint();
  await db.exec('ALTER TABLE audit_entries DISABLE TRIGGER USER');
  return log;
}

const exported = (log: AuditLog) => log.exportLines();

describe('audit verifier against tampering in SQL', () => {
  it('passes an untouched log and checks the root against the signed checkpoint', async () => {
    const log = await logOf(20);
    const result = await verifyExport(exported(log));
    expect(result).toMatchObject({ ok: true, treeSize: 20, entries: 20, rootChecked: true, key: 'embedded' });
    expect(result.root).toBe((await log.latestCheckpoint()).root);
  });

  it("detects an UPDATE of an entry's field and names its seq", async () => {
    const log = await logOf(20);
    await db!.query("UPDATE audit_entries SET outcome = 'refused' WHERE seq = 7");
    expect(await verifyExport(exported(log))).toMatchObject({ ok: false, failure: { seq: 7, reason: expect.stringMatching(/changed/) } });
  });

  it('detects a DELETE of an entry in the middle and at the end', async () => {
    const log = await logOf(20);
    await db!.query('DELETE FROM audit_entries WHERE seq = 19');
    expect(await verifyExport(exported(log))).toMatchObject({ ok: false, failure: { seq: 19, reason: expect.stringMatching(/missing/) } });
    await db!.query('DELETE FROM audit_entries WHERE seq = 5');
    expect(await verifyExport(exported(log))).toMatchObject({ ok: false, failure: { seq: 5, reason: expect.stringMatching(/missing/) } });
  });

  it('detects two entries swapped (reordered) and names the first', async () => {
    const log = await logOf(20);
    await db!.query('UPDATE audit_entries SET seq = 1000 WHERE seq = 11');
    await db!.query('UPDATE audit_entries SET seq = 11 WHERE seq = 12');
    await db!.query('UPDATE audit_entries SET seq = 12 WHERE seq = 1000');
    expect(await verifyExport(exported(log))).toMatchObject({ ok: false, failure: { seq: 11 } });
  });

  it('detects an entry rewritten together with its leaf hash through the signed root', async () => {
    const log = await logOf(20);
    await db!.query("UPDATE audit_entries SET subject = '91110000MA01ABCD1X' WHERE seq = 3");
    const row = (await log.entry(3))!;
    const { canonicalJson } = await import('./canonical.ts');
    await db!.query('UPDATE audit_entries SET leaf_hash = $1 WHERE seq = 3', [leafHash('sm3', Buffer.from(canonicalJson(row.entry)))]);
    expect(await verifyExport(exported(log))).toMatchObject({ ok: false, failure: { seq: null, reason: expect.stringMatching(/root/) } });
  });

  it('refuses a checkpoint not signed by the pinned key', async () => {
    const log = await logOf(3);
    const other = generateSigningKey('ed25519');
    const result = await verifyExport(exported(log), { verifierKey: formatVerifierKey('tamper-test/audit', 'ed25519', other.publicKey) });
    expect(result).toMatchObject({ ok: false, failure: { seq: null, reason: expect.stringMatching(/checkpoint/) } });
    const pinned = await verifyExport(exported(log), { verifierKey: log.publicKey().verifierKey });
    expect(pinned).toMatchObject({ ok: true, key: 'pinned' });
  });

  it('checks a checkpoint chain and detects history rewritten between two checkpoints', async () => {
    const log = await logOf(10);
    await log.append(accessEvent(10));
    await log.checkpoint();
    await log.append(accessEvent(11));
    await log.checkpoint();
    expect(await verifyCheckpointChain(log.checkpointChainLines())).toMatchObject({ ok: true, checkpoints: 3, treeSize: 12 });
    // Rewriting an old leaf makes the proofs the server can now compute disagree with the heads it signed earlier.
    await db!.query('UPDATE audit_entries SET leaf_hash = $1 WHERE seq = 2', [leafHash('sm3', Buffer.from('forged'))]);
    expect(await verifyCheckpointChain(log.checkpointChainLines())).toMatchObject({ ok: false, failure: { size: 11 } });
  });
});
