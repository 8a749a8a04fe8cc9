-- The evaluation writes less per enterprise, so a full run over a million enterprises fits its time budget
-- (SPEC §5.2 P2): profile tags become one array on the score row (their reasons are rendered from the stored
-- features when read), and the history keeps the scores that were superseded, so the first score of an enterprise
-- is written once, not twice. `computed_at` of a current score is when it last changed.

ALTER TABLE enterprise_scores ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
UPDATE enterprise_scores s SET tags = t.tags
  FROM (SELECT uscc, array_agg(tag ORDER BY tag) AS tags FROM enterprise_tags GROUP BY uscc) t
  WHERE t.uscc = s.uscc;
ALTER TABLE enterprise_scores DROP COLUMN tags_digest;
CREATE INDEX enterprise_scores_tags ON enterprise_scores USING gin (tags);
DROP TABLE enterprise_tags;

-- The newest history row of each enterprise is its current score: keep its time on the score, drop the copy.
UPDATE enterprise_scores s SET computed_at = h.computed_at
  FROM (SELECT uscc, max(computed_at) AS computed_at FROM enterprise_score_history GROUP BY uscc) h
  WHERE h.uscc = s.uscc;
DELETE FROM enterprise_score_history h USING enterprise_scores s WHERE h.uscc = s.uscc AND h.computed_at = s.computed_at;

-- When anything about the score row changed, its tags included (computed_at moves only with the score): other
-- modules sweeping for re-evaluated enterprises (the marketplace's re-matching) look at this.
ALTER TABLE enterprise_scores ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
UPDATE enterprise_scores SET changed_at = computed_at;
