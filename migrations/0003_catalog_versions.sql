-- C2 information resource catalog: every published version kept whole, attributed to its author.
CREATE TABLE catalog_versions (
  version integer PRIMARY KEY,
  document jsonb NOT NULL,
  note text NOT NULL,
  published_by uuid,
  published_at timestamptz NOT NULL DEFAULT now()
);
