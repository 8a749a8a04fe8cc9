import type { Queryable, TxQueryable } from '../../platform/db/index.ts';
import type { Evaluation, StoredReason } from './evaluate.ts';
import type { ModelDefinition } from './model.ts';

/** SQL for this module's tables only (the feature statement is in features.ts). */
export interface ModelRow {
  version: number;
  definition: ModelDefinition;
  active: boolean;
  created_by: string;
  created_at: Date;
}

export interface ScoreRow {
  uscc: string;
  model_version: number;
  score: number;
  grade: string;
  dimensions: Record<string, number>;
  reasons: StoredReason[];
  computed_at: Date;
  tags: string[];
}

export type ScoreWithFeatures = ScoreRow & { features: Record<string, unknown> | null };

const SCORE_WITH_FEATURES = `SELECT s.uscc, s.model_version, s.score, s.grade, s.dimensions, s.reasons, s.computed_at, s.tags, f.features
  FROM enterprise_scores s LEFT JOIN enterprise_features f ON f.uscc = s.uscc`;

/** `scoreWithFeatures` as one JSON value for another module's one-statement read (NULL when never evaluated). */
export const scoreWithFeaturesJsonSql = (param: string) => `(SELECT row_to_json(x) FROM (${SCORE_WITH_FEATURES} WHERE s.uscc = ${param}) x)`;

export function scoreWithFeaturesFromJson(json: Omit<ScoreWithFeatures, 'computed_at'> & { computed_at: string }): ScoreWithFeatures {
  return { ...json, computed_at: new Date(json.computed_at) };
}

export interface RunRow {
  id: string;
  trigger: 'cli' | 'schedule' | 'operator';
  status: 'running' | 'completed' | 'failed';
  model_version: number | null;
  total: number;
  done: number;
  requested_by: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface Scored extends Evaluation {
  uscc: string;
  /** profile tag codes, sorted (their reasons are rendered from the features when read) */
  tags: string[];
}

/** A PostgreSQL array literal of text values, every element quoted (COPY text format escapes it further). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * The first scores of enterprises that had none (a first full run): COPYed straight into enterprise_scores. When
 * another writer scored one of them meanwhile (the event path), the COPY fails on the key, is rolled back to the
 * savepoint, and false sends the caller to the upsert.
 */
async function copyFresh(q: TxQueryable, rows: (string | null)[][], meta: { modelVersion: number; at: Date; runId: string | null }): Promise<boolean> {
  const extra = [String(meta.modelVersion), meta.at.toISOString(), meta.runId];
  await q.query('SAVEPOINT evaluation_fresh');
  try {
    await q.copyRows('enterprise_scores', ['uscc', 'score', 'grade', 'dimensions', 'reasons', 'tags', 'model_version', 'computed_at', 'run_id', 'changed_at'],
      rows.map((r) => [...r, ...extra, extra[1]]));
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await q.query('ROLLBACK TO SAVEPOINT evaluation_fresh');
    return false;
  }
  await q.query('RELEASE SAVEPOINT evaluation_fresh');
  return true;
}

/** From this many scores or tag sets per statement on, a chunk is written with COPY (full runs); below, as parameters. */
const COPY_FROM = 32;

/**
 * A transaction's queryable can COPY on its own connection (it has `copyText`); a `Db` cannot — its COPY takes
 * another pooled connection, which would not see this transaction's temp table.
 */
function canCopy(q: Queryable): q is TxQueryable {
  return typeof (q as Partial<TxQueryable>).copyText === 'function';
}

export const evaluationStore = {
  async activeModel(q: Queryable): Promise<ModelRow | undefined> {
    const [row] = await q.query<ModelRow>('SELECT version, definition, active, created_by, created_at FROM evaluation_models WHERE active');
    return row;
  },

  async models(q: Queryable): Promise<ModelRow[]> {
    return q.query<ModelRow>('SELECT version, definition, active, created_by, created_at FROM evaluation_models ORDER BY version DESC');
  },

  /** Publishes the next version and makes it the active one (callers hold a transaction). */
  async publishModel(q: Queryable, definition: ModelDefinition, createdBy: string, at: Date, activate: boolean): Promise<number> {
    await q.query('LOCK TABLE evaluation_models IN EXCLUSIVE MODE');
    const [{ next }] = await q.query<{ next: number }>('SELECT coalesce(max(version), 0) + 1 AS next FROM evaluation_models');
    if (activate) await q.query('UPDATE evaluation_models SET active = false WHERE active');
    await q.query('INSERT INTO evaluation_models (version, definition, active, created_by, created_at) VALUES ($1, $2, $3, $4, $5)',
      [next, JSON.stringify(definition), activate, createdBy, at]);
    return next;
  },

  /**
   * Stores a chunk's outcome writing only what changed. A changed score moves the previous one (when there is one)
   * into the history and replaces it; a score whose tags alone changed gets its new tags; an unchanged score is
   * not written at all (`computed_at` is when the score last changed). The first run of a million enterprises
   * thus writes each score once, and a nightly run over unchanged data writes almost nothing.
   */
  async saveScores(q: Queryable, s: { changed: Scored[]; archive: string[]; retagged: Scored[]; fresh: boolean }, meta: { modelVersion: number; at: Date; runId: string | null }): Promise<void> {
    if (s.archive.length) {
      await q.query(`INSERT INTO enterprise_score_history (uscc, computed_at, model_version, score, grade, dimensions, reasons, run_id)
        SELECT uscc, computed_at, model_version, score, grade, dimensions, reasons, run_id FROM enterprise_scores WHERE uscc = ANY($1::text[])
        ON CONFLICT (uscc, computed_at) DO NOTHING`, [s.archive]);
    }
    const bulk = canCopy(q) && s.changed.length >= COPY_FROM ? q : null;
    const rows = () => s.changed.map((x) => [x.uscc, String(x.score), x.grade, JSON.stringify(x.dimensions), JSON.stringify(x.reasons), textArray(x.tags)]);
    if (bulk && s.fresh && await copyFresh(bulk, rows(), meta)) {
      // written; a fresh chunk has nothing to archive or retag
    } else if (s.changed.length) {
      // Bulk: COPY the chunk's scores into a session temp table (emptied at commit), then one set-based upsert.
      // Small batches (the incremental path) pass one jsonb parameter instead: fewer round trips.
      let from = 'evaluation_score_stage';
      let params: unknown[] = [meta.at, meta.modelVersion, meta.runId];
      if (bulk) {
        await bulk.query(`CREATE TEMP TABLE IF NOT EXISTS evaluation_score_stage (uscc text, score integer, grade text, dimensions jsonb,
          reasons jsonb, tags text[]) ON COMMIT DELETE ROWS`);
        // One transaction may save several chunks (the consumer's large batches): start from an empty stage.
        await bulk.query('TRUNCATE evaluation_score_stage');
        await bulk.copyRows('evaluation_score_stage', ['uscc', 'score', 'grade', 'dimensions', 'reasons', 'tags'], rows());
      } else {
        params = [...params, JSON.stringify(s.changed.map((x) => ({ uscc: x.uscc, score: x.score, grade: x.grade, dimensions: x.dimensions, reasons: x.reasons, tags: x.tags })))];
        from = `(SELECT uscc, score, grade, dimensions, reasons, ARRAY(SELECT jsonb_array_elements_text(tags)) AS tags
            FROM jsonb_to_recordset($4::jsonb) AS x(uscc text, score integer, grade text, dimensions jsonb, reasons jsonb, tags jsonb)) stage`;
      }
      await q.query(`
        INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at, run_id, tags, changed_at)
        SELECT uscc, $2, score, grade, dimensions, reasons, $1, $3, tags, $1 FROM ${from}
        ON CONFLICT (uscc) DO UPDATE SET model_version = EXCLUDED.model_version, score = EXCLUDED.score, grade = EXCLUDED.grade,
          dimensions = EXCLUDED.dimensions, reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at, run_id = EXCLUDED.run_id,
          tags = EXCLUDED.tags, changed_at = EXCLUDED.changed_at`,
      params);
    }
    if (s.retagged.length) {
      await q.query(`UPDATE enterprise_scores e SET tags = ARRAY(SELECT jsonb_array_elements_text(x.tags)), changed_at = $2
        FROM jsonb_to_recordset($1::jsonb) AS x(uscc text, tags jsonb) WHERE e.uscc = x.uscc`,
      [JSON.stringify(s.retagged.map((x) => ({ uscc: x.uscc, tags: x.tags }))), meta.at]);
    }
  },

  async model(q: Queryable, version: number): Promise<ModelRow | undefined> {
    const [row] = await q.query<ModelRow>('SELECT version, definition, active, created_by, created_at FROM evaluation_models WHERE version = $1', [version]);
    return row;
  },

  async score(q: Queryable, uscc: string): Promise<ScoreRow | undefined> {
    const [row] = await q.query<ScoreRow>('SELECT uscc, model_version, score, grade, dimensions, reasons, computed_at, tags FROM enterprise_scores WHERE uscc = $1', [uscc]);
    return row;
  },


  /** The current score with the feature row it was computed from, in one round trip (profiles and reports). */
  async scoreWithFeatures(q: Queryable, uscc: string): Promise<ScoreWithFeatures | undefined> {
    const [row] = await q.query<ScoreWithFeatures>(`${SCORE_WITH_FEATURES} WHERE s.uscc = $1`, [uscc]);
    return row;
  },

  /** Current grade and tags of the named enterprises (other modules' matching, e.g. the marketplace). */
  async currentScores(q: Queryable, usccs: readonly string[]): Promise<{ uscc: string; score: number; grade: string; tags: string[]; computed_at: Date }[]> {
    if (usccs.length === 0) return [];
    return q.query('SELECT uscc, score, grade, tags, computed_at FROM enterprise_scores WHERE uscc = ANY($1::text[])', [usccs]);
  },

  /** Of the named enterprises, those whose score or tags changed after `after` (a watermark sweep by another module; by key, not a scan). */
  async scoresChangedSince(q: Queryable, usccs: readonly string[], after: Date): Promise<{ uscc: string; computed_at: Date }[]> {
    if (usccs.length === 0) return [];
    // changed_at moves with the tags too (a tag-only change keeps computed_at, the score's own time)
    return q.query('SELECT uscc, changed_at AS computed_at FROM enterprise_scores WHERE uscc = ANY($1::text[]) AND changed_at > $2', [usccs, after]);
  },

  async features(q: Queryable, uscc: string): Promise<{ features: Record<string, unknown>; computed_at: Date } | undefined> {
    const [row] = await q.query<{ features: Record<string, unknown>; computed_at: Date }>('SELECT features, computed_at FROM enterprise_features WHERE uscc = $1', [uscc]);
    return row;
  },

  async featuresOfMany(q: Queryable, usccs: readonly string[]): Promise<{ uscc: string; features: Record<string, unknown>; computed_at: Date }[]> {
    if (usccs.length === 0) return [];
    return q.query('SELECT uscc, features, computed_at FROM enterprise_features WHERE uscc = ANY($1::text[])', [usccs]);
  },

  /** Up to `limit` feature rows in a fixed pseudo-random order (md5 of the USCC): a stable sample of the population. */
  async featureSample(q: Queryable, limit: number): Promise<{ uscc: string; features: Record<string, unknown> }[]> {
    return q.query('SELECT uscc, features FROM enterprise_features ORDER BY md5(uscc) LIMIT $1', [limit]);
  },

  /** The current score and the superseded ones (the history table keeps only those), newest first. */
  async history(q: Queryable, uscc: string, before: Date | null, limit: number): Promise<Omit<ScoreRow, 'tags'>[]> {
    const columns = 'uscc, model_version, score, grade, dimensions, reasons, computed_at';
    return q.query(`SELECT * FROM (
        SELECT ${columns} FROM enterprise_scores WHERE uscc = $1
        UNION ALL SELECT ${columns} FROM enterprise_score_history WHERE uscc = $1) h
      WHERE $2::timestamptz IS NULL OR computed_at < $2 ORDER BY computed_at DESC LIMIT $3`, [uscc, before, limit]);
  },

  /**
   * Keyset search by USCC over the scored enterprises; tag, region prefix and grade are optional filters. A tag is
   * matched through the GIN index on the tag arrays (a rare tag) or while walking the scores in USCC order (a
   * common one), as the planner estimates.
   */
  async search(q: Queryable, f: { tag?: string; region?: string; grade?: string; after?: string; limit: number }) {
    return q.query<{ uscc: string; name: string; region_code: string; score: number; grade: string; model_version: number; computed_at: Date; tags: string[] }>(`
      SELECT s.uscc, e.name, e.region_code, s.score, s.grade, s.model_version, s.computed_at, s.tags
      FROM enterprise_scores s JOIN entities e ON e.uscc = s.uscc
      WHERE ($1::text IS NULL OR s.tags @> ARRAY[$1::text]) AND ($4::text IS NULL OR s.uscc > $4)
        AND ($2::text IS NULL OR e.region_code LIKE $2 || '%')
        AND ($3::text IS NULL OR s.grade = $3 OR left(s.grade, 1) = $3)
      ORDER BY s.uscc LIMIT $5`, [f.tag ?? null, f.region ?? null, f.grade ?? null, f.after ?? null, f.limit]);
  },

  async createRun(q: Queryable, run: { id: string; trigger: RunRow['trigger']; requestedBy: string | null; at: Date }): Promise<void> {
    await q.query(`INSERT INTO evaluation_runs (id, trigger, status, requested_by, started_at) VALUES ($1, $2, 'running', $3, $4)`,
      [run.id, run.trigger, run.requestedBy, run.at]);
  },

  async progressRun(q: Queryable, id: string, p: { total?: number; done: number; modelVersion?: number }): Promise<void> {
    // Chunks commit concurrently and their updates may reach the row in any order: the count only ever grows.
    await q.query('UPDATE evaluation_runs SET done = greatest(done, $2), total = coalesce($3, total), model_version = coalesce($4, model_version) WHERE id = $1',
      [id, p.done, p.total ?? null, p.modelVersion ?? null]);
  },

  async finishRun(q: Queryable, id: string, status: 'completed' | 'failed', at: Date, error: string | null): Promise<void> {
    await q.query('UPDATE evaluation_runs SET status = $2, finished_at = $3, error = $4 WHERE id = $1', [id, status, at, error]);
  },

  async run(q: Queryable, id: string): Promise<RunRow | undefined> {
    const [row] = await q.query<RunRow>('SELECT * FROM evaluation_runs WHERE id = $1', [id]);
    return row;
  },

  /** The newest runs first (scheduled, operator and CLI runs alike). */
  async runs(q: Queryable, limit: number): Promise<RunRow[]> {
    return q.query<RunRow>('SELECT * FROM evaluation_runs ORDER BY started_at DESC, id DESC LIMIT $1', [limit]);
  },

  async lastCompletedRun(q: Queryable): Promise<RunRow | undefined> {
    const [row] = await q.query<RunRow>("SELECT * FROM evaluation_runs WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1");
    return row;
  },

  /** Boundaries of full-coverage chunks: every `size`-th USCC of the registry, in order. */
  async chunkBounds(q: Queryable, size: number): Promise<{ total: number; bounds: string[] }> {
    const rows = await q.query<{ uscc: string; n: number }>(`
      SELECT uscc, n FROM (SELECT uscc, row_number() OVER (ORDER BY uscc) AS n FROM entities) x WHERE n % $1 = 0 ORDER BY uscc`, [size]);
    const [{ total }] = await q.query<{ total: number }>('SELECT count(*)::int AS total FROM entities');
    return { total, bounds: rows.map((r) => r.uscc) };
  },

  /** Enterprises whose credit commitment was signed or revoked after the watermark, and the new watermark. */
  async commitmentChanges(q: Queryable, name: string): Promise<{ usccs: string[]; watermark: Date | null; previous: Date | null }> {
    await q.query(`INSERT INTO evaluation_watermarks (name, watermark) VALUES ($1, 'epoch') ON CONFLICT (name) DO NOTHING`, [name]);
    const [w] = await q.query<{ watermark: Date }>('SELECT watermark FROM evaluation_watermarks WHERE name = $1 FOR UPDATE SKIP LOCKED', [name]);
    if (!w) return { usccs: [], watermark: null, previous: null };
    const rows = await q.query<{ uscc: string; at: Date }>(`
      SELECT uscc, max(greatest(signed_at, coalesce(revoked_at, signed_at))) AS at FROM credit_commitments
      WHERE signed_at > $1 OR revoked_at > $1 GROUP BY uscc`, [w.watermark]);
    const latest = rows.reduce<Date | null>((m, r) => (m === null || r.at > m ? r.at : m), null);
    return { usccs: rows.map((r) => r.uscc), watermark: latest, previous: w.watermark };
  },

  async setWatermark(q: Queryable, name: string, at: Date): Promise<void> {
    await q.query('UPDATE evaluation_watermarks SET watermark = $2 WHERE name = $1', [name, at]);
  },
};
