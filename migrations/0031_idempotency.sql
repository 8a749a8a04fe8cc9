-- SPEC §3: `Idempotency-Key` on every POST that creates. The first request with a key claims it (pending); its answer
-- is kept for 24 hours and replayed to a retry with the same key and the same request; the same key with another
-- request is refused. Keys belong to whoever sent them (a user, a machine key, or an anonymous caller's address).
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  -- SHA-256 of method, path and body: a retry must be the same request
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'done')),
  status integer,
  content_type text,
  location text,
  -- the answer's bytes (base64) sealed with the field cipher, bound to scope and key (NULL: a stream, not replayable)
  body text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
