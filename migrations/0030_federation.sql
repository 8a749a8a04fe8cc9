-- C15 平台网络 (platform network): the nodes this node exchanges with, the items it still has to send them, and the
-- items it has received from them. Nodes know each other by their signing key's id (node id); the key that verifies
-- a peer's signed requests is kept by the identity module (api_keys, role 'node') once the peer is trusted.

-- The upper node (relation 'upper', pinned on first contact) and registered lower nodes (relation 'lower').
CREATE TABLE federation_peers (
  node_id text PRIMARY KEY,
  relation text NOT NULL CHECK (relation IN ('upper', 'lower')),
  tier text NOT NULL CHECK (tier IN ('county', 'city', 'province', 'national')),
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  base_url text NOT NULL,
  alg text NOT NULL CHECK (alg IN ('sm2', 'ed25519')),
  public_key text NOT NULL,
  -- pending: a lower node waiting for this node's operator; approved: exchanges accepted; for the upper node,
  -- pending until its operator approved us (the first signed exchange that succeeds)
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  -- the identity organisation (kind 'node') holding the peer's verification key, once trusted
  org_id uuid,
  registered_at timestamptz NOT NULL,
  approved_at timestamptz,
  approved_by text,
  last_contact_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz
);
-- at most one upper node
CREATE UNIQUE INDEX federation_peers_one_upper ON federation_peers (relation) WHERE relation = 'upper';

-- Items waiting to be sent to a peer, in order (seq). The key is stable across retries and restarts so the receiver
-- can store each item once; a revised month is a new key (revision), never a changed payload under an old key.
CREATE TABLE federation_outbox (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  peer_node_id text NOT NULL REFERENCES federation_peers (node_id),
  kind text NOT NULL CHECK (kind IN ('statistics', 'records')),
  idem_key text NOT NULL UNIQUE,
  -- the statistics month (YYYY-MM) or the records' item code and cursor, for the operator screen
  subject text NOT NULL,
  payload jsonb NOT NULL,
  payload_sm3 char(64) NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  -- the receiver's answer: stored the first time, or already held
  receipt text CHECK (receipt IN ('stored', 'duplicate'))
);
CREATE INDEX federation_outbox_due ON federation_outbox (peer_node_id, seq) WHERE status = 'pending';

-- Items received from peers, each once: the sender's idempotency key is the primary key.
CREATE TABLE federation_inbox (
  idem_key text PRIMARY KEY,
  from_node_id text NOT NULL REFERENCES federation_peers (node_id),
  kind text NOT NULL CHECK (kind IN ('statistics', 'records')),
  subject text NOT NULL,
  payload jsonb NOT NULL,
  payload_sm3 char(64) NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX federation_inbox_from ON federation_inbox (from_node_id, received_at);

-- How far upward record sharing has got per catalog item (resumable by cursor: last record key sent).
CREATE TABLE federation_record_cursors (
  peer_node_id text NOT NULL REFERENCES federation_peers (node_id),
  item_code text NOT NULL,
  after_uscc text NOT NULL,
  after_key text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (peer_node_id, item_code)
);
