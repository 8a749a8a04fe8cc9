import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../platform/platform.ts';
import { createTestDb, testConfig, testDbKind } from '../../../test/support/db.ts';
import { createIdentityService } from '../identity/index.ts';
import { createWhitelistService } from './service.ts';
import { openDemands } from '../../../test/support/demands.ts';

/**
 * Timing of a run over many enterprises (SPEC P4: 1,000,000 ≤ 30 s). The registry, scores, commitments and
 * enforcement records are generated in SQL — this measures the selection, not the seeding. 100,000 on PostgreSQL,
 * 10,000 on PGlite (a smoke size that keeps the file fast).
 */
const N = testDbKind === 'postgres' ? 100_000 : 10_000;
let platform: Platform;

beforeAll(async () => {
  const db = await createTestDb();
  platform = await createPlatform(testConfig(), { db, migrate: false });
  const identity = createIdentityService(db, platform.config, platform.keys);
  const org = await identity.createOrganisation({ kind: 'enterprise', name: '示范企业', uscc: '91130000000000000X', regionCode: '131000' });
  const { id: user } = await identity.createUser({ orgId: org, username: 'ent_bulk', displayName: '法定代表人', password: 'Xr-commitment-1', roles: ['enterprise_legal_rep'] });
  await db.query(`INSERT INTO entities (uscc, name, entity_type, registration_authority, region_code, industry_code, established_on, status,
      size_class, size_rule, size_rule_en, size_table_version)
    SELECT '92' || lpad(i::text, 16, '0'), '企业' || i, 'enterprise', '示范市场监督管理局', (ARRAY['131002','131003','131022','130102'])[1 + i % 4],
      (ARRAY['C3311','F5123','I6513','K7010','A0111'])[1 + i % 5], date '2010-01-01' + (i % 5000), CASE WHEN i % 50 = 0 THEN 'revoked' ELSE 'active' END,
      (ARRAY['micro','small','medium','large'])[1 + i % 4], 'x', 'x', '2011'
    FROM generate_series(1, $1::int) i`, [N]);
  await db.query(`INSERT INTO enterprise_scores (uscc, model_version, score, grade, dimensions, reasons, computed_at)
    SELECT uscc, 1, 500 + (hashtext(uscc) % 300), (ARRAY['A','B+','B','C','D'])[1 + abs(hashtext(uscc)) % 5], '[]', '[]', now() FROM entities`);
  await db.query(`INSERT INTO credit_commitments (uscc, id, org_id, user_id, text_version, text_sm3, signed_at, receipt)
    SELECT uscc, md5(uscc)::uuid, $1, $2, '1', repeat('a', 64), now(), '{}' FROM entities WHERE right(uscc, 1) <> '7'`, [org, user]);
  await openDemands(db, 'all');
  await db.query(`INSERT INTO records (uscc, item_code, record_key, version, data, content_mac, valid_from)
    SELECT uscc, 'COURT_ENFORCEMENT', 'case-' || uscc, 1, jsonb_build_object('case_status', '执行中'), repeat('0', 64), now()
    FROM entities WHERE right(uscc, 2) = '13'`);
});
afterAll(async () => platform?.db.close());

describe('white-list timing', () => {
  it(`selects, stores and diffs ${N.toLocaleString('en')} enterprises`, async () => {
    const whitelist = createWhitelistService({ db: platform.db });
    const first = await whitelist.runWhitelist({ trigger: 'monthly', period: '2026-11' });
    await platform.db.query("UPDATE credit_commitments SET revoked_at = now() WHERE right(uscc, 1) = '1'");
    const started = performance.now();
    const second = await whitelist.runWhitelist({ trigger: 'on_demand', period: '2026-11' });
    const ms = performance.now() - started;
    console.log(`white-list run over ${N} enterprises on ${platform.db.kind}: first ${first.ms} ms, second ${Math.round(ms)} ms (listed ${second.listed}, left ${second.left})`);
    expect(first.evaluated).toBe(N);
    expect(first.listed).toBeGreaterThan(0);
    expect(second.left).toBeGreaterThan(0);
    const [bad] = await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM whitelist_entries e WHERE e.run_id = $1 AND (
      right(e.uscc, 2) = '13' OR right(e.uscc, 1) IN ('1', '7'))`, [second.runId]);
    expect(bad.n).toBe(0);
  }, 50_000);
});
