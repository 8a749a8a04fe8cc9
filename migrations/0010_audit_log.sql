-- C5 tamper-evident audit log (系统日志 / 存证): one row per leaf of an RFC 9162 Merkle tree, the tree's state,
-- and the signed tree heads (C2SP checkpoints). See src/modules/audit/README.md and docs/audit-verify.md.

-- seq is the leaf index (from 0, without gaps). `entry` is the exact canonical serialisation (RFC 8785 JSON) that
-- was hashed: leaf_hash = H(0x00 ‖ entry). The other columns repeat the entry's fields for searching; an export
-- rebuilds the entry from them, so a changed column no longer hashes to leaf_hash.
CREATE TABLE audit_entries (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  created_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('access', 'change')),
  action text NOT NULL,
  actor_user_id text,
  actor_key_id text,
  actor_role text NOT NULL,
  actor_org_id text,
  actor_org_kind text,
  subject text,
  items text[] NOT NULL,
  purpose text,
  authorisation_id text,
  outcome text NOT NULL,
  reason text,
  destination text,
  target_type text,
  target_id text,
  details jsonb NOT NULL,
  entry text NOT NULL,
  leaf_hash bytea NOT NULL
);
-- "Who looked at my data" (subject, newest first). Times only grow along seq (the appender makes sure), so a BRIN
-- index serves time-bounded searches at a fraction of a B-tree's cost per append (P5).
CREATE INDEX audit_entries_subject ON audit_entries (subject, seq) WHERE subject IS NOT NULL;
CREATE INDEX audit_entries_created ON audit_entries USING brin (created_at);

-- Append-only in the database itself: the application (and anyone with its credentials) cannot rewrite history.
-- Only the table owner can `ALTER TABLE … DISABLE TRIGGER USER`, which the tamper tests do on purpose.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The tree's right edge (MerkleAccumulator JSON), one row. Appenders lock it FOR UPDATE: that serialises the
-- appenders of every server process, so seqs stay consecutive. hash_alg is fixed by the first append.
CREATE TABLE audit_state (
  id smallint PRIMARY KEY CHECK (id = 1),
  size bigint NOT NULL,
  hash_alg text,
  accumulator jsonb,
  last_at timestamptz
);
INSERT INTO audit_state (id, size) VALUES (1, 0);

-- Signed tree heads: the C2SP signed note of (origin, size, root). One per size.
CREATE TABLE audit_checkpoints (
  size bigint PRIMARY KEY,
  root bytea NOT NULL,
  note text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
