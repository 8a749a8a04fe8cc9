import type { Queryable } from '../../src/platform/db/index.ts';

/**
 * Open financing demands (C9) for the named enterprises, or for every registered one, written as the marketplace
 * stores them: the white-list's financing-need rule holds for an enterprise with a live demand.
 */
export async function openDemands(db: Queryable, usccs: readonly string[] | 'all', at: Date = new Date()): Promise<void> {
  await db.query(`INSERT INTO marketplace_demands (id, uscc, enterprise_org_id, amount_fen, term_months, purpose, guarantees, urgency, status,
      created_by, created_at, updated_at)
    SELECT md5(uscc || 'demand')::uuid, uscc, md5(uscc || 'org')::uuid, 50000000, 12, '流动资金周转', '{credit}', 'normal', 'open', 'test', $2, $2
    FROM entities WHERE $1::text[] IS NULL OR uscc = ANY($1::text[])
    ON CONFLICT (id) DO UPDATE SET status = 'open', updated_at = EXCLUDED.updated_at`, [usccs === 'all' ? null : usccs, at]);
}
