-- C12 privacy computing: ECDH private set intersection jobs and vertical federated logistic regression (hetero-LR).
-- Nothing here holds an id of the institution's in clear: its sets arrive as curve points; the platform keeps its own
-- shuffled id list (to name the intersection it learns) and the intersection.

CREATE TABLE privacy_psi_jobs (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  -- awaiting_upload → double_blinding (platform hashes and raises) → awaiting_double → intersecting → finished | failed
  status text NOT NULL CHECK (status IN ('awaiting_upload', 'double_blinding', 'awaiting_double', 'intersecting', 'finished', 'failed')),
  progress double precision NOT NULL DEFAULT 0,
  institution_count integer NOT NULL,
  platform_count integer NOT NULL,
  chunk_size integer NOT NULL,
  -- the platform's secret exponent, field-encrypted (bound to the job id)
  secret_enc text NOT NULL,
  intersection_count integer,
  -- counts and SM3 digests of what was exchanged, never ids
  summary jsonb NOT NULL DEFAULT '{}',
  error text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX privacy_psi_jobs_org ON privacy_psi_jobs (institution_org_id, created_at DESC, id DESC);
CREATE INDEX privacy_psi_jobs_created ON privacy_psi_jobs (created_at DESC, id DESC);

-- Exchanged point sets in chunks (base64 of concatenated 32-byte u-coordinates), so an upload or a computation can
-- resume at the next missing chunk. kind: 'blinded' (institution H(x)^b), 'platform' (shuffled H(y)^a),
-- 'double_blinded' ((H(x)^b)^a, the institution's order), 'double' ((H(y)^a)^b, the platform's shuffled order),
-- 'platform_ids' (the platform's ids in the shuffled order, newline-separated; never sent).
CREATE TABLE privacy_psi_chunks (
  job_id uuid NOT NULL REFERENCES privacy_psi_jobs (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('blinded', 'platform', 'double_blinded', 'double', 'platform_ids')),
  chunk integer NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (job_id, kind, chunk)
);

-- The enterprises both sides hold (what the platform learns), for the training that follows.
CREATE TABLE privacy_psi_intersections (
  job_id uuid NOT NULL REFERENCES privacy_psi_jobs (id) ON DELETE CASCADE,
  uscc text NOT NULL,
  PRIMARY KEY (job_id, uscc)
);

CREATE TABLE privacy_trainings (
  id uuid PRIMARY KEY,
  institution_org_id uuid NOT NULL REFERENCES organisations (id),
  psi_job_id uuid NOT NULL REFERENCES privacy_psi_jobs (id),
  status text NOT NULL CHECK (status IN ('running', 'converged', 'finished', 'failed')),
  progress double precision NOT NULL DEFAULT 0,
  config jsonb NOT NULL,
  samples integer NOT NULL,
  -- the next mini-batch step; a step's backward answer is kept so a retried request is answered the same
  step integer NOT NULL DEFAULT 0,
  last_backward jsonb,
  -- host (platform) side: feature names, standardisation, weights, the last gradient norm²
  host_state jsonb NOT NULL,
  -- arbiter: its public key, and its private key field-encrypted under its own AAD (a separate component)
  public_key jsonb NOT NULL,
  arbiter_key_enc text NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX privacy_trainings_org ON privacy_trainings (institution_org_id, created_at DESC, id DESC);
CREATE INDEX privacy_trainings_created ON privacy_trainings (created_at DESC, id DESC);

-- The arbiter's own message log: every decryption and convergence decision, with counts and digests only.
CREATE TABLE privacy_arbiter_log (
  training_id uuid NOT NULL REFERENCES privacy_trainings (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  step integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('key', 'decrypt', 'convergence')),
  party text NOT NULL,
  count integer NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  PRIMARY KEY (training_id, seq)
);
