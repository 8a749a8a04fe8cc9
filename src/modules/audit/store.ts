import type { Db, Queryable, TxQueryable } from '../../platform/db/index.ts';
import type { AuditEntry } from './canonical.ts';

/** SQL for the audit tables only (migrations/0010_audit_log.sql). */

export interface StateRow {
  size: number;
  hash_alg: string | null;
  accumulator: unknown;
  last_at: Date | null;
}

export interface EntryRow {
  seq: number;
  created_at: Date;
  kind: string;
  action: string;
  actor_user_id: string | null;
  actor_key_id: string | null;
  actor_role: string;
  actor_org_id: string | null;
  actor_org_kind: string | null;
  subject: string | null;
  items: string[];
  purpose: string | null;
  authorisation_id: string | null;
  outcome: string;
  reason: string | null;
  destination: string | null;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  entry: string;
  leaf_hash: Uint8Array;
}

export interface CheckpointRow {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: Date;
}

const ENTRY_COLUMNS = [
  'seq', 'created_at', 'kind', 'action', 'actor_user_id', 'actor_key_id', 'actor_role', 'actor_org_id', 'actor_org_kind',
  'subject', 'items', 'purpose', 'authorisation_id', 'outcome', 'reason', 'destination', 'target_type', 'target_id',
  'details', 'entry', 'leaf_hash',
] as const;
const SELECT_ENTRY = ENTRY_COLUMNS.join(', ');

export async function lockState(q: TxQueryable): Promise<StateRow> {
  const rows = await q.query<StateRow>('SELECT size, hash_alg, accumulator, last_at FROM audit_state WHERE id = 1 FOR UPDATE');
  if (rows.length !== 1) throw new Error('audit_state has no row: is migration 0010 applied?');
  return rows[0];
}

export async function readState(db: Queryable): Promise<StateRow> {
  const rows = await db.query<StateRow>('SELECT size, hash_alg, accumulator, last_at FROM audit_state WHERE id = 1');
  if (rows.length !== 1) throw new Error('audit_state has no row: is migration 0010 applied?');
  return rows[0];
}

export async function writeState(q: TxQueryable, s: { size: number; hashAlg: string; accumulator: unknown; lastAt: Date }): Promise<void> {
  await q.query('UPDATE audit_state SET size = $1, hash_alg = $2, accumulator = $3::jsonb, last_at = $4 WHERE id = 1', [
    s.size, s.hashAlg, JSON.stringify(s.accumulator), s.lastAt.toISOString(),
  ]);
}

/**
 * A batch and the new state in ONE autocommitted statement, valid only while the log still is as this process last
 * wrote it (`expected` size, hash algorithm): the state row's update claims the range and the entries go in with it;
 * when another process appended meanwhile the update matches nothing (PostgreSQL re-checks the row after waiting for
 * its lock), nothing is inserted and the answer is false — the caller then takes the locked path. One round trip
 * and one commit instead of five statements (P3).
 */
export async function appendIfUnchanged(db: Queryable, expected: number, s: { size: number; hashAlg: string; accumulator: unknown; lastAt: Date },
  rows: readonly { entry: AuditEntry; text: string; leafHash: Buffer }[]): Promise<boolean> {
  const json = JSON.stringify(rows.map(({ entry: e, text, leafHash }) => ({
    seq: e.seq, created_at: e.time, kind: e.kind, action: e.action, actor_user_id: e.actor.userId, actor_key_id: e.actor.keyId, actor_role: e.actor.role,
    actor_org_id: e.actor.orgId, actor_org_kind: e.actor.orgKind, subject: e.subject, items: e.items, purpose: e.purpose, authorisation_id: e.authorisationId,
    outcome: e.outcome, reason: e.reason, destination: e.destination, target_type: e.target?.type ?? null, target_id: e.target?.id ?? null,
    details: e.details, entry: text, leaf_hash: `\\x${leafHash.toString('hex')}`,
  })));
  const inserted = await db.query<{ n: number }>(
    `WITH claimed AS (
       UPDATE audit_state SET size = $1, accumulator = $2::jsonb, last_at = $3 WHERE id = 1 AND size = $4 AND hash_alg = $5 RETURNING 1)
     , added AS (
       INSERT INTO audit_entries (${SELECT_ENTRY})
       SELECT ${SELECT_ENTRY} FROM claimed, jsonb_to_recordset($6::jsonb) AS x(seq bigint, created_at timestamptz, kind text, action text,
         actor_user_id text, actor_key_id text, actor_role text, actor_org_id text, actor_org_kind text, subject text, items text[], purpose text,
         authorisation_id text, outcome text, reason text, destination text, target_type text, target_id text, details jsonb, entry text, leaf_hash bytea)
       RETURNING 1)
     SELECT count(*)::int AS n FROM added`,
    [s.size, JSON.stringify(s.accumulator), s.lastAt.toISOString(), expected, s.hashAlg, json],
    { prepare: true },
  );
  const n = inserted[0]?.n ?? 0;
  if (n !== 0 && n !== rows.length) throw new Error(`audit: ${n} of ${rows.length} entries written in one statement`);
  return n === rows.length;
}

/** PostgreSQL array literal of text values, every element quoted. */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** All entries of one batch in one COPY (inside the appending transaction). */
export async function insertEntries(q: TxQueryable, rows: readonly { entry: AuditEntry; text: string; leafHash: Buffer }[]): Promise<void> {
  await q.copyRows('audit_entries', ENTRY_COLUMNS, rows.map(({ entry: e, text, leafHash }) => [
    String(e.seq), e.time, e.kind, e.action, e.actor.userId, e.actor.keyId, e.actor.role, e.actor.orgId, e.actor.orgKind,
    e.subject, textArray(e.items), e.purpose, e.authorisationId, e.outcome, e.reason, e.destination,
    e.target?.type ?? null, e.target?.id ?? null, JSON.stringify(e.details), text, `\\x${leafHash.toString('hex')}`,
  ]));
}

/** Leaf hashes of seq in [from, to), in order. */
export async function leafHashes(db: Queryable, from: number, to: number): Promise<Buffer[]> {
  const rows = await db.query<{ leaf_hash: Uint8Array }>('SELECT leaf_hash FROM audit_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq', [from, to]);
  return rows.map((r) => Buffer.from(r.leaf_hash));
}

export async function entryAt(db: Queryable, seq: number): Promise<EntryRow | null> {
  const rows = await db.query<EntryRow>(`SELECT ${SELECT_ENTRY} FROM audit_entries WHERE seq = $1`, [seq]);
  return rows[0] ?? null;
}

/** Entries with seq in [from, to], ascending, `limit` at a time (exports). */
export async function entriesBetween(db: Queryable, from: number, to: number, limit: number): Promise<EntryRow[]> {
  return db.query<EntryRow>(`SELECT ${SELECT_ENTRY} FROM audit_entries WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3`, [from, to, limit]);
}

export interface EntryFilter {
  from?: Date;
  to?: Date;
  subject?: string;
  orgId?: string;
  action?: string;
  outcome?: string;
  kind?: string;
  /** the object a change was made to (an authorisation, a batch …) */
  targetType?: string;
  targetId?: string;
  /** keyset: only seq below this (newest first) */
  beforeSeq?: number;
  limit: number;
}

/** Newest first, keyset-paginated by seq. */
export async function searchEntries(db: Queryable, f: EntryFilter): Promise<EntryRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (f.from) add('created_at >= ?', f.from.toISOString());
  if (f.to) add('created_at < ?', f.to.toISOString());
  if (f.subject) add('subject = ?', f.subject);
  if (f.orgId) add('actor_org_id = ?', f.orgId);
  if (f.action) add('action = ?', f.action);
  if (f.outcome) add('outcome = ?', f.outcome);
  if (f.kind) add('kind = ?', f.kind);
  if (f.targetType) add('target_type = ?', f.targetType);
  if (f.targetId) add('target_id = ?', f.targetId);
  if (f.beforeSeq !== undefined) add('seq < ?', f.beforeSeq);
  params.push(f.limit);
  return db.query<EntryRow>(
    `SELECT ${SELECT_ENTRY} FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
}

export async function insertCheckpoint(db: Queryable, c: { size: number; root: Buffer; note: string; at: Date }): Promise<void> {
  await db.query('INSERT INTO audit_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (size) DO NOTHING', [
    c.size, c.root, c.note, c.at.toISOString(),
  ]);
}

export async function checkpointOfSize(db: Queryable, size: number): Promise<CheckpointRow | null> {
  return (await db.query<CheckpointRow>('SELECT size, root, note, created_at FROM audit_checkpoints WHERE size = $1', [size]))[0] ?? null;
}

export async function latestCheckpoint(db: Queryable): Promise<CheckpointRow | null> {
  return (await db.query<CheckpointRow>('SELECT size, root, note, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1'))[0] ?? null;
}

/** The smallest checkpoint covering at least `size` entries. */
export async function checkpointCovering(db: Queryable, size: number): Promise<CheckpointRow | null> {
  return (await db.query<CheckpointRow>('SELECT size, root, note, created_at FROM audit_checkpoints WHERE size >= $1 ORDER BY size LIMIT 1', [size]))[0] ?? null;
}

/** The largest checkpoint of at most `size` entries. */
export async function checkpointWithin(db: Queryable, size: number): Promise<CheckpointRow | null> {
  return (await db.query<CheckpointRow>('SELECT size, root, note, created_at FROM audit_checkpoints WHERE size <= $1 AND size > 0 ORDER BY size DESC LIMIT 1', [size]))[0] ?? null;
}

/** Checkpoints with size in [from, to], ascending (checkpoint chains). */
export async function checkpointsBetween(db: Queryable, from: number, to: number): Promise<CheckpointRow[]> {
  return db.query<CheckpointRow>('SELECT size, root, note, created_at FROM audit_checkpoints WHERE size >= $1 AND size <= $2 ORDER BY size', [from, to]);
}

export type { Db };
