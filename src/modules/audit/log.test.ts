import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/index.ts';
import { generateSigningKey } from '../../platform/crypto/index.ts';
import { createTestDb } from '../../../test/support/db.ts';
import { canonicalJson, entryOf, prepareEntry, preparedText } from './canonical.ts';
import type { AuditEvent } from './events.ts';
import { createNoteVerifier, verifyCheckpoint } from './checkpoint.ts';
import { createAuditLog } from './log.ts';
import { inclusionProof, leafHash, rootFromLeaves, verifyConsistency, verifyInclusion } from './merkle.ts';
import { createCheckpointScheduler } from './scheduler.ts';
import { TreeLevels } from './tree.ts';
import { verifyExport, verifyReceipt } from './verify.ts';
import { accessEvent } from './test-fixtures.ts';

const signingKey = { ...generateSigningKey('sm2'), keyId: 'test-key' };
const keys = { signing: signingKey };

describe('canonical entry form', () => {
  it('is RFC 8785 JSON: sorted keys, no whitespace, every field present', () => {
    const entry = entryOf({ kind: 'change', action: 'catalog.published', outcome: 'ok', actor: { userId: null, keyId: null, role: 'system', orgId: null, orgKind: null }, details: { z: 1, a: '中文', m: [2, 1.5] } }, 7, new Date('2026-11-28T01:02:03.004Z'));
    expect(canonicalJson(entry)).toBe(
      '{"action":"catalog.published","actor":{"keyId":null,"orgId":null,"orgKind":null,"role":"system","userId":null},'
      + '"authorisationId":null,"destination":null,"details":{"a":"中文","m":[2,1.5],"z":1},"items":[],"kind":"change",'
      + '"outcome":"ok","purpose":null,"reason":null,"seq":7,"subject":null,"target":null,"time":"2026-11-28T01:02:03.004Z","v":1}',
    );
  });

  it('builds the same text ahead of the batch as the generic canonical form', () => {
    const events: AuditEvent[] = [
      accessEvent(1),
      { ...accessEvent(2), subject: null, items: [], details: { 'é': { b: [true, null, 1e21, -0.5] }, a: 'quote " and \\ and \n' }, target: { type: 'loan', id: 'L-"1"' }, reason: '依法查询' },
      { kind: 'change', action: 'x', outcome: 'failed', actor: { userId: null, keyId: 'k', role: 'provider_system', orgId: 'o', orgKind: 'provider' } },
    ];
    const time = new Date('2026-01-02T03:04:05.678Z');
    for (const [i, e] of events.entries()) {
      expect(preparedText(prepareEntry(e), 40 + i, time.toISOString())).toBe(canonicalJson(entryOf(e, 40 + i, time)));
    }
  });

  it('refuses events an export could not reproduce', () => {
    const base = accessEvent(1);
    expect(() => entryOf({ ...base, details: { x: Number.NaN } }, 0, new Date())).toThrow(/finite/);
    expect(() => entryOf({ ...base, reason: 'a\u0000b' }, 0, new Date())).toThrow(/NUL/);
    expect(() => entryOf({ ...base, outcome: 'maybe' as never }, 0, new Date())).toThrow(/outcome/);
  });
});

describe('TreeLevels', () => {
  it('gives the RFC 9162 root and audit paths at every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash('sm3', Buffer.from(`e${i}`)));
    for (let n = 1; n <= 70; n++) {
      const tree = new TreeLevels('sm3', leaves.slice(0, n));
      expect(tree.root().equals(rootFromLeaves('sm3', leaves.slice(0, n)))).toBe(true);
      for (let i = 0; i < n; i++) {
        expect(tree.inclusionProof(i).map((h) => h.toString('hex'))).toEqual(inclusionProof('sm3', leaves.slice(0, n), i).map((h) => h.toString('hex')));
      }
    }
  });
});

describe('audit log on the database', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db?.close());

  it('numbers 200 concurrent appends consecutively, in few transactions, and the stored tree matches the rows', async () => {
    const log = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(accessEvent(i))));
    const indices = results.map((r) => r.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // each caller's promise carries the index of its own event
    for (const [i, r] of results.entries()) expect((await log.entry(r.index))?.entry.details).toEqual({ n: i });
    const rows = await db.query<{ seq: number; entry: string; leaf_hash: Uint8Array }>('SELECT seq, entry, leaf_hash FROM audit_entries ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(indices);
    for (const r of rows) expect(Buffer.from(r.leaf_hash).equals(leafHash('sm3', Buffer.from(r.entry, 'utf8')))).toBe(true);
    const cp = await log.checkpoint();
    expect(cp.size).toBe(200);
    expect(cp.root).toBe(rootFromLeaves('sm3', rows.map((r) => Buffer.from(r.leaf_hash))).toString('hex'));
    const parsed = verifyCheckpoint(cp.note, [createNoteVerifier('test-node/audit', 'sm2', signingKey.publicKey)]);
    expect(parsed.origin).toBe('test-node/audit/sm3');
  });

  it('keeps its tree across a reopen and from another process-like instance', async () => {
    const first = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const before = await first.checkpoint();
    const second = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const [a, b] = await Promise.all([first.append(accessEvent(1000)), second.append(accessEvent(1001))]);
    expect([a.index, b.index].sort()).toEqual([before.size, before.size + 1]);
    const after = await createAuditLog({ db, keys, config: { nodeName: 'test node' } }).checkpoint();
    expect(after.size).toBe(before.size + 2);
    const { proof } = await first.consistencyProof(before.size, after.size);
    expect(verifyConsistency('sm3', before.size, after.size, Buffer.from(before.root, 'hex'), Buffer.from(after.root, 'hex'), proof.map((h) => Buffer.from(h, 'hex')))).toBe(true);
  });

  it('stays consecutive when another process appended since this one last did (its guessed seqs are stale)', async () => {
    const a = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const b = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const first = await a.append(accessEvent(4000));
    await Promise.all([b.append(accessEvent(4001)), b.append(accessEvent(4002))]);
    const again = await Promise.all([a.append(accessEvent(4003)), a.append(accessEvent(4004))]);
    expect(again.map((r) => r.index)).toEqual([first.index + 3, first.index + 4]);
    expect((await a.entry(first.index + 3))?.entry.details).toEqual({ n: 4003 });
    expect(await verifyExport(a.exportLines())).toMatchObject({ ok: true, rootChecked: true, treeSize: first.index + 5 });
  });

  it('keeps one tree when two process-like instances append at once, batch after batch, in one statement or under the lock', async () => {
    const a = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const b = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const before = (await a.checkpoint()).size;
    const results = [];
    for (let round = 0; round < 10; round++) {
      results.push(...await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? b : a).append(accessEvent(5000 + round * 10 + i)))));
    }
    expect(results.map((r) => r.index).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => before + i));
    for (const [i, r] of results.entries()) expect((await a.entry(r.index))?.entry.details).toEqual({ n: 5000 + i });
    expect(await verifyExport(a.exportLines())).toMatchObject({ ok: true, rootChecked: true, treeSize: before + 100 });
  });

  it('hands out receipts whose inclusion proof reaches the signed root', async () => {
    const log = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const receipt = await log.receipt(17);
    expect(receipt.entry.seq).toBe(17);
    expect(verifyReceipt(receipt)).toMatchObject({ ok: true, treeSize: receipt.treeSize });
    const head = verifyCheckpoint(receipt.checkpoint, [createNoteVerifier('test-node/audit', 'sm2', signingKey.publicKey)]);
    expect(head.size).toBe(200); // the oldest signed head covering the entry
    expect(verifyInclusion('sm3', 17, head.size, Buffer.from(receipt.leafHash, 'hex'), receipt.inclusionProof.map((h) => Buffer.from(h, 'hex')), head.root)).toBe(true);
    const forged = { ...receipt, entry: { ...receipt.entry, outcome: 'refused' } };
    expect(verifyReceipt(forged)).toMatchObject({ ok: false, failure: { seq: 17 } });
    await expect(log.receipt(1_000_000)).rejects.toMatchObject({ code: 'AUDIT_ENTRY_UNKNOWN' });
    await expect(log.inclusionProof(5, 1_000_000)).rejects.toMatchObject({ code: 'AUDIT_SIZE_INVALID' });
  });

  it('refuses a malformed event without failing the batch it would have joined', async () => {
    const log = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const good = log.append(accessEvent(2000));
    const bad = log.append({ ...accessEvent(2001), actor: { ...accessEvent(0).actor, role: '' } });
    await expect(bad).rejects.toMatchObject({ code: 'AUDIT_EVENT_INVALID' });
    await expect(good).resolves.toMatchObject({ index: expect.any(Number) });
  });

  it('checkpoints on schedule only when the tree grew', async () => {
    const log = createAuditLog({ db, keys, config: { nodeName: 'test node' } });
    const scheduler = createCheckpointScheduler({ log, onError: (err) => { throw err; } });
    await scheduler.tick();
    const size = await log.size();
    expect((await log.latestCheckpoint()).size).toBe(size);
    expect(await log.needsCheckpoint()).toBe(false);
    await log.append(accessEvent(3000));
    expect(await log.needsCheckpoint()).toBe(true);
    await scheduler.tick();
    expect((await log.latestCheckpoint()).size).toBe(size + 1);
    await scheduler.stop();
  });

  it('refuses to rewrite history in the database itself', async () => {
    await expect(db.query("UPDATE audit_entries SET outcome = 'refused' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_entries WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
  });
});

describe('canonical JSON', () => {
  // the straightforward form of RFC 8785 the fast one must equal
  const reference = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
  };

  it('equals the reference form on nested values with integer-like, non-ASCII and escaped keys and odd numbers', () => {
    const value = {
      '10': 1, '2': [0.1, -0, 1e21, 1e-7, 123456789012345680000, -5.5], b: { 'é': '中文\\u2028', 'a"b': '\\n\\t"', '\\u{1F600}': true, z: null, gone: undefined },
      a: [{ y: [], x: {} }, 'x', false], 'A': 'upper first', '': 'empty key',
    };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value).startsWith('{"":"empty key","10":1,"2":[0.1,0,1e+21,1e-7,123456789012345680000,-5.5],"A"')).toBe(true);
  });

  it('still refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson([() => 1])).toThrow(/cannot hold/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/cannot hold/);
  });
});
