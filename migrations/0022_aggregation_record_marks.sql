-- C11 marks on records, kept by the record's natural key (uscc, item, key) and not by version: a correction or a
-- later re-import of the same source row writes a new version, and the mark stays on it (rules/credit-repair.md:
-- never re-publish a repaired record from a later re-import of the same source row).
--  * objection: the record is under objection (异议处理中) — shown with a flag everywhere the record appears;
--  * withheld: the record's publicity has ended (repaired, expired) or it was deleted after an objection — it is
--    no longer published in any public view, report or push, and kept internally with its history.
CREATE TABLE record_marks (
  uscc text NOT NULL,
  item_code text NOT NULL,
  record_key text NOT NULL,
  objection_id uuid,
  objection_state text CHECK (objection_state IN ('open', 'escalated')),
  objection_filed_at timestamptz,
  withheld_reason text CHECK (withheld_reason IN ('repaired', 'expired', 'deleted')),
  withheld_at timestamptz,
  -- what decided it: the repair application or objection id
  withheld_ref text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (uscc, item_code, record_key),
  CHECK ((objection_id IS NULL) = (objection_state IS NULL)),
  CHECK ((withheld_reason IS NULL) = (withheld_at IS NULL))
);
