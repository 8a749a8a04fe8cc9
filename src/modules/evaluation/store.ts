import type { Queryable, TxQueryable } from '../../platform/db/index.ts';
import type { Evaluation, StoredReason } from './evaluate.ts';
import type { ModelDefinition } from './model.ts';
import type { Tag } from './tags.ts';

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
  tags: Tag[];
  /** digest of the tags with their reasons */
  tagsDigest: string;
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
   * Stores a chunk's outcome writing only what changed: new or changed scores get a history row and a full
   * upsert; unchanged ones only their computed_at; tags are replaced only for enterprises whose tag digest moved.
   * A nightly run over unchanged data is then one feature statement and one small UPDATE per chunk.
   */
  async saveScores(q: Queryable, s: { changed: Scored[]; unchanged: string[]; retagged: Scored[]; untag: string[] }, meta: { modelVersion: number; at: Date; runId: string | null }): Promise<void> {
    const bulk = canCopy(q) && s.changed.length + s.retagged.length >= COPY_FROM ? q : null;
    if (s.changed.length) {
      // Bulk: COPY the chunk's scores into a session temp table (emptied at commit), then two set-based statements.
      // Small batches (the incremental path) pass one jsonb parameter instead: fewer round trips.
      let source = 'stage';
      let params: unknown[] = [meta.at, meta.modelVersion, meta.runId];
      if (bulk) {
        await bulk.query(`CREATE TEMP TABLE IF NOT EXISTS evaluation_score_stage (uscc text, score integer, grade text, dimensions jsonb,
          reasons jsonb, tags text) ON COMMIT DELETE ROWS`);
        // One transaction may save several chunks (the consumer's large batches): start from an empty stage.
        await bulk.query('TRUNCATE evaluation_score_stage');
        await bulk.copyRows('evaluation_score_stage', ['uscc', 'score', 'grade', 'dimensions', 'reasons', 'tags'],
          s.changed.map((x) => [x.uscc, String(x.score), x.grade, JSON.stringify(x.dimensions), JSON.stringify(x.reasons), x.tagsDigest]));
        source = 'evaluation_score_stage';
      } else {
        const rows = JSON.stringify(s.changed.map((x) => ({ uscc: x.uscc, score: x.score, grade: x.grade, dimensions: x.dimensions, reasons: x.reasons, tags: x.tagsDigest })));
        params = [...params, rows];
      }
      const stage = bulk ? '' : 'stage AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(uscc text, score integer, grade text, dimensions jsonb, reasons jsonb, tags text)),';
      await q.query(`
        WITH ${stage}
        hist AS (
          INSERT INTO enterprise_score_history (uscc, computed_at, model_version, score, grade, dimensions, reasons, run_id)
          SELECT uscc, $1, $2, score, grade, dimensions, reasons, $3 FROM ${source}
          ON CONFLICT (uscc, computed_at) DO UPDATE SET model_version = EXCLUDED.model_version, score = EXCLUDED.score,
            grade = EXCLUDED.grade, dimensions = EXCLUDED.dimensions, reasons = EXCLUDED.reasons, run_id = EXCLUDED.run_id
          RETURNING 1
        )
        INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at, run_id, tags_digest)
        SELECT uscc, $2, score, grade, dimensions, reasons, $1, $3, tags FROM ${source}
        ON CONFLICT (uscc) DO UPDATE SET model_version = EXCLUDED.model_version, score = EXCLUDED.score, grade = EXCLUDED.grade,
          dimensions = EXCLUDED.dimensions, reasons = EXCLUDED.reasons, computed_at = EXCLUDED.computed_at, run_id = EXCLUDED.run_id,
          tags_digest = EXCLUDED.tags_digest`,
      params);
    }
    if (s.unchanged.length) {
      await q.query('UPDATE enterprise_scores SET computed_at = $2, run_id = $3 WHERE uscc = ANY($1::text[])', [s.unchanged, meta.at, meta.runId]);
    }
    if (s.retagged.length) {
      if (s.untag.length) await q.query('DELETE FROM enterprise_tags WHERE uscc = ANY($1::text[])', [s.untag]);
      if (bulk) {
        const at = meta.at.toISOString();
        await bulk.copyRows('enterprise_tags', ['uscc', 'tag', 'reason_zh', 'reason_en', 'computed_at'],
          s.retagged.flatMap((x) => x.tags.map((t) => [x.uscc, t.tag, t.zh, t.en, at])));
      } else {
        const tags = JSON.stringify(s.retagged.flatMap((x) => x.tags.map((t) => ({ uscc: x.uscc, tag: t.tag, zh: t.zh, en: t.en }))));
        await q.query(`INSERT INTO enterprise_tags (uscc, tag, reason_zh, reason_en, computed_at)
          SELECT uscc, tag, zh, en, $2 FROM jsonb_to_recordset($1::jsonb) AS x(uscc text, tag text, zh text, en text)`, [tags, meta.at]);
      }
      // Tag-only changes (the score stayed) still need the new digest on the score row.
      const changed = new Set(s.changed.map((x) => x.uscc));
      const only = s.retagged.filter((x) => !changed.has(x.uscc));
      if (only.length) {
        await q.query(`UPDATE enterprise_scores e SET tags_digest = x.tags FROM unnest($1::text[], $2::text[]) AS x(uscc, tags) WHERE e.uscc = x.uscc`,
          [only.map((x) => x.uscc), only.map((x) => x.tagsDigest)]);
      }
    }
  },

  async model(q: Queryable, version: number): Promise<ModelRow | undefined> {
    const [row] = await q.query<ModelRow>('SELECT version, definition, active, created_by, created_at FROM evaluation_models WHERE version = $1', [version]);
    return row;
  },

  async score(q: Queryable, uscc: string): Promise<ScoreRow | undefined> {
    const [row] = await q.query<ScoreRow>('SELECT uscc, model_version, score, grade, dimensions, reasons, computed_at FROM enterprise_scores WHERE uscc = $1', [uscc]);
    return row;
  },

  async tags(q: Queryable, uscc: string): Promise<{ tag: string; reason_zh: string; reason_en: string }[]> {
    return q.query('SELECT tag, reason_zh, reason_en FROM enterprise_tags WHERE uscc = $1 ORDER BY tag', [uscc]);
  },

  async features(q: Queryable, uscc: string): Promise<{ features: Record<string, unknown>; computed_at: Date } | undefined> {
    const [row] = await q.query<{ features: Record<string, unknown>; computed_at: Date }>('SELECT features, computed_at FROM enterprise_features WHERE uscc = $1', [uscc]);
    return row;
  },

  async history(q: Queryable, uscc: string, before: Date | null, limit: number): Promise<ScoreRow[]> {
    return q.query<ScoreRow>(`SELECT uscc, model_version, score, grade, dimensions, reasons, computed_at FROM enterprise_score_history
      WHERE uscc = $1 AND ($2::timestamptz IS NULL OR computed_at < $2) ORDER BY computed_at DESC LIMIT $3`, [uscc, before, limit]);
  },

  /**
   * Keyset search by USCC over the scored enterprises; tag, region prefix and grade are optional filters. With a
   * tag the walk follows the tag index (tag, uscc), so a rare tag does not scan every score.
   */
  async search(q: Queryable, f: { tag?: string; region?: string; grade?: string; after?: string; limit: number }) {
    const filters = `($2::text IS NULL OR e.region_code LIKE $2 || '%')
        AND ($3::text IS NULL OR s.grade = $3 OR left(s.grade, 1) = $3)`;
    const columns = 's.uscc, e.name, e.region_code, s.score, s.grade, s.model_version, s.computed_at';
    const sql = f.tag
      ? `SELECT ${columns} FROM enterprise_tags t JOIN enterprise_scores s ON s.uscc = t.uscc JOIN entities e ON e.uscc = t.uscc
         WHERE t.tag = $1 AND ($4::text IS NULL OR t.uscc > $4) AND ${filters} ORDER BY t.uscc LIMIT $5`
      : `SELECT ${columns} FROM enterprise_scores s JOIN entities e ON e.uscc = s.uscc
         WHERE $1::text IS NULL AND ($4::text IS NULL OR s.uscc > $4) AND ${filters} ORDER BY s.uscc LIMIT $5`;
    return q.query<{ uscc: string; name: string; region_code: string; score: number; grade: string; model_version: number; computed_at: Date }>(
      sql, [f.tag ?? null, f.region ?? null, f.grade ?? null, f.after ?? null, f.limit]);
  },

  async tagsOfMany(q: Queryable, usccs: string[]): Promise<{ uscc: string; tag: string }[]> {
    if (usccs.length === 0) return [];
    return q.query('SELECT uscc, tag FROM enterprise_tags WHERE uscc = ANY($1::text[]) ORDER BY uscc, tag', [usccs]);
  },

  async createRun(q: Queryable, run: { id: string; trigger: RunRow['trigger']; requestedBy: string | null; at: Date }): Promise<void> {
    await q.query(`INSERT INTO evaluation_runs (id, trigger, status, requested_by, started_at) VALUES ($1, $2, 'running', $3, $4)`,
      [run.id, run.trigger, run.requestedBy, run.at]);
  },

  async progressRun(q: Queryable, id: string, p: { total?: number; done: number; modelVersion?: number }): Promise<void> {
    await q.query('UPDATE evaluation_runs SET done = $2, total = coalesce($3, total), model_version = coalesce($4, model_version) WHERE id = $1',
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
