-- An enterprise registers itself (SPEC §1 enterprise user: real-name, bound to one USCC; seed 000 对已注册未认证的企业
-- 引导实名认证): its legal representative proves name and ID number against the registry (C1) and opens the account.

-- The blind index (HMAC-SM3) of the ID number a person proved at registration; tells the same legal representative
-- registering again from a successor after a change of legal representative. NULL for accounts not made that way.
ALTER TABLE users ADD COLUMN real_name_id_index char(64);

-- Failed proofs, to stop guessing a legal representative's name and ID number: a USCC gets a few tries a day (the
-- address is kept for the operator's inquiry, not counted). Rows older than a day are purged with the sessions.
CREATE TABLE registration_attempts (
  uscc text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_attempts_uscc ON registration_attempts (uscc, at);
