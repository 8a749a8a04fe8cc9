-- C5 evidence: the log entries about one object (an authorisation's grant, revocation …) are found by their target.
CREATE INDEX audit_entries_target ON audit_entries (target_type, target_id, seq) WHERE target_id IS NOT NULL;
