import type { Queryable } from '../../../platform/db/index.ts';

export interface ProviderEndpointRow {
  provider_category: string;
  base_url: string;
  key_id: string;
  secret_enc: string | null;
  updated_at: Date;
  updated_by: string | null;
}

/** Binds an encrypted provider secret to its category. */
export const secretAad = (category: string) => `provider_endpoints.secret_enc:${category}`;

/** SQL for provider_endpoints only. */
export function providerEndpointStore(q: Queryable) {
  return {
    async list(): Promise<ProviderEndpointRow[]> {
      return q.query<ProviderEndpointRow>('SELECT * FROM provider_endpoints ORDER BY provider_category');
    },
    async get(category: string): Promise<ProviderEndpointRow | undefined> {
      return (await q.query<ProviderEndpointRow>('SELECT * FROM provider_endpoints WHERE provider_category = $1', [category]))[0];
    },
    async upsert(row: Omit<ProviderEndpointRow, 'updated_at'> & { updated_at: Date }): Promise<ProviderEndpointRow> {
      const rows = await q.query<ProviderEndpointRow>(
        `INSERT INTO provider_endpoints (provider_category, base_url, key_id, secret_enc, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (provider_category) DO UPDATE SET base_url = EXCLUDED.base_url, key_id = EXCLUDED.key_id,
           secret_enc = EXCLUDED.secret_enc, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
         RETURNING *`,
        [row.provider_category, row.base_url, row.key_id, row.secret_enc, row.updated_at.toISOString(), row.updated_by],
      );
      return rows[0];
    },
  };
}
