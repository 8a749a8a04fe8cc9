import type { Queryable } from '../../platform/db/index.ts';

/** A row of the entities table as stored (personal fields encrypted, money in fen). */
export interface EntityRow {
  uscc: string;
  name: string;
  entity_type: string;
  registration_authority: string;
  region_code: string;
  industry_code: string;
  registered_capital_fen: string | null;
  established_on: string | null;
  legal_rep_enc: string | null;
  legal_rep_id_type: string | null;
  legal_rep_id_index: string | null;
  status: string;
  employees: number | null;
  revenue_fen: string | null;
  assets_fen: string | null;
  size_class: string;
  size_rule: string;
  size_rule_en: string;
  size_table_version: string;
  size_missing: string[];
  version: number;
  updated_at: Date;
}

export const ENTITY_COLUMNS = [
  'uscc', 'name', 'entity_type', 'registration_authority', 'region_code', 'industry_code', 'registered_capital_fen',
  'established_on', 'legal_rep_enc', 'legal_rep_id_type', 'legal_rep_id_index',
  'status', 'employees', 'revenue_fen', 'assets_fen', 'size_class', 'size_rule', 'size_rule_en', 'size_table_version', 'size_missing',
] as const;

// bigint money and dates read back as text so no driver turns them into floats or shifted Date objects.
const SELECT = `SELECT uscc, name, entity_type, registration_authority, region_code, industry_code,
  registered_capital_fen::text AS registered_capital_fen, to_char(established_on, 'YYYY-MM-DD') AS established_on,
  legal_rep_enc, legal_rep_id_type, legal_rep_id_index, status, employees,
  revenue_fen::text AS revenue_fen, assets_fen::text AS assets_fen, size_class, size_rule, size_rule_en, size_table_version,
  size_missing, version, updated_at FROM entities`;

export interface SearchFilter {
  namePrefix?: string;
  uscc?: string;
  regionPrefix?: string;
  industryPrefix?: string;
  size?: string;
  status?: string;
  type?: string;
  afterUscc?: string;
  limit: number;
}

const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/**
 * One entity row as a single JSON value, for a module that reads several modules' data in one statement (the credit
 * report): the SQL is this module's, `param` the placeholder holding the USCC. NULL when there is no such entity.
 */
export const entityRowJsonSql = (param: string) => `(SELECT row_to_json(e) FROM (${SELECT} WHERE uscc = ${param}) e)`;

/** The row `entityRowJsonSql` yields, with its timestamp back as a Date (everything else reads back as stored). */
export function entityRowFromJson(json: Omit<EntityRow, 'updated_at'> & { updated_at: string }): EntityRow {
  return { ...json, updated_at: new Date(json.updated_at) };
}

export function entityStore(q: Queryable) {
  return {
    async byUscc(uscc: string): Promise<EntityRow | undefined> {
      return (await q.query<EntityRow>(`${SELECT} WHERE uscc = $1`, [uscc]))[0];
    },
    async byUsccs(usccs: readonly string[]): Promise<EntityRow[]> {
      return usccs.length ? q.query<EntityRow>(`${SELECT} WHERE uscc = ANY($1::text[])`, [usccs]) : [];
    },
    async insert(values: (string | number | null | string[])[]): Promise<void> {
      const params = ENTITY_COLUMNS.map((_, i) => `$${i + 1}`).join(',');
      await q.query(`INSERT INTO entities (${ENTITY_COLUMNS.join(',')}) VALUES (${params})`, values);
    },
    async update(uscc: string, expectedVersion: number, values: (string | number | null | string[])[]): Promise<boolean> {
      const sets = ENTITY_COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`).join(', ');
      const rows = await q.query(
        `UPDATE entities SET ${sets}, version = version + 1, updated_at = now()
          WHERE uscc = $1 AND version = $${ENTITY_COLUMNS.length + 1} RETURNING uscc`,
        [uscc, ...values.slice(1), expectedVersion],
      );
      return rows.length === 1;
    },
    async delete(uscc: string): Promise<boolean> {
      return (await q.query('DELETE FROM entities WHERE uscc = $1 RETURNING uscc', [uscc])).length === 1;
    },
    /** Keyset-paginated search ordered by USCC; every filter is index-backed (see migration 0002). */
    async search(f: SearchFilter): Promise<EntityRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sqlFragment: (p: string) => string, value: unknown) => {
        params.push(value);
        where.push(sqlFragment(`$${params.length}`));
      };
      if (f.namePrefix) add((p) => `name LIKE ${p}`, likePrefix(f.namePrefix));
      if (f.uscc) add((p) => `uscc = ${p}`, f.uscc);
      if (f.regionPrefix) add((p) => `region_code LIKE ${p}`, likePrefix(f.regionPrefix));
      if (f.industryPrefix) add((p) => `industry_code LIKE ${p}`, likePrefix(f.industryPrefix));
      if (f.size) add((p) => `size_class = ${p}`, f.size);
      if (f.status) add((p) => `status = ${p}`, f.status);
      if (f.type) add((p) => `entity_type = ${p}`, f.type);
      if (f.afterUscc) add((p) => `uscc > ${p}`, f.afterUscc);
      params.push(f.limit);
      return q.query<EntityRow>(
        `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY uscc LIMIT $${params.length}`,
        params,
      );
    },
    async count(): Promise<number> {
      return (await q.query<{ n: number }>('SELECT count(*) AS n FROM entities'))[0].n;
    },
  };
}
