-- C3: one counter per catalog item, raised by every transaction that writes its records. The row lock taken by
-- the raise serialises the writers of an item (versions of a key are numbered without gaps or clashes), and the
-- value tells a writer whether current versions it read ahead of its transaction are still exact (P1).
CREATE TABLE record_item_generations (
  item_code text PRIMARY KEY,
  generation bigint NOT NULL
);

-- Event payloads (a chunk's changes run to a few hundred kB) are stored out of line without compression:
-- compressing them on every commit cost more than the space saved (P1).
ALTER TABLE outbox_events ALTER COLUMN payload SET STORAGE EXTERNAL;

