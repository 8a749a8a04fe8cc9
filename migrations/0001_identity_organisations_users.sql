-- Identities and roles (SPEC §1): organisations, human users, sessions, machine API keys, replay guard.
CREATE TABLE organisations (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('enterprise', 'institution', 'provider', 'operator', 'node')),
  name text NOT NULL,
  -- enterprises and most institutions/providers carry their USCC (GB 32100-2015)
  uscc text,
  region_code text NOT NULL,
  -- institution sub-kind (bank, insurer, guarantor, ...) or provider domain (tax, housing_fund, ...)
  category text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisations_enterprise_uscc ON organisations (uscc) WHERE kind = 'enterprise';
CREATE INDEX organisations_kind ON organisations (kind);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  -- TOTP secret, encrypted at rest (field cipher, labelled with its algorithm)
  totp_secret_enc text,
  totp_last_step bigint,
  real_name_verified boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
  -- SM3 of the cookie token; the token itself is never stored
  token_hash char(64) PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  mfa_passed boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE api_keys (
  key_id text PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id),
  label text NOT NULL,
  alg text NOT NULL CHECK (alg IN ('hmac-sm3', 'ed25519', 'sm2')),
  -- hmac-sm3: the shared secret, encrypted at rest; ed25519/sm2: the public key in clear
  secret_enc text,
  public_key text,
  roles text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_org ON api_keys (org_id);

CREATE TABLE request_nonces (
  key_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);
