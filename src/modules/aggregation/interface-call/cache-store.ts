import type { Queryable } from '../../../platform/db/index.ts';

export interface InterfaceCacheRow {
  uscc: string;
  item_code: string;
  provider_category: string;
  fetched_at: Date;
  record_count: number;
  payload_enc: string;
}

/** Binds a cached payload to its row, so a ciphertext copied to another enterprise's row does not decrypt. */
export const cacheAad = (uscc: string, itemCode: string) => `interface_cache:${uscc}:${itemCode}`;

/** SQL for interface_cache only; every statement is keyed by uscc (routable on a distributed engine). */
export function interfaceCacheStore(q: Queryable) {
  return {
    async get(uscc: string, itemCode: string): Promise<InterfaceCacheRow | undefined> {
      const rows = await q.query<InterfaceCacheRow>(
        'SELECT uscc, item_code, provider_category, fetched_at, record_count, payload_enc FROM interface_cache WHERE uscc = $1 AND item_code = $2',
        [uscc, itemCode],
      );
      return rows[0];
    },

    /** Keeps the newest answer: a slow call finishing after a newer one does not overwrite it. */
    async put(row: InterfaceCacheRow): Promise<void> {
      await q.query(
        `INSERT INTO interface_cache (uscc, item_code, provider_category, fetched_at, record_count, payload_enc)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (uscc, item_code) DO UPDATE SET
           provider_category = EXCLUDED.provider_category, fetched_at = EXCLUDED.fetched_at,
           record_count = EXCLUDED.record_count, payload_enc = EXCLUDED.payload_enc
         WHERE interface_cache.fetched_at <= EXCLUDED.fetched_at`,
        [row.uscc, row.item_code, row.provider_category, row.fetched_at.toISOString(), row.record_count, row.payload_enc],
      );
    },
  };
}
