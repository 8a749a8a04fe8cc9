import type { Queryable } from '../../platform/db/index.ts';
import { uuidv7 } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/index.ts';
import type { IdentityService } from '../identity/index.ts';

/**
 * Test fixtures of the policies tests: a disbursed platform loan written straight into the workflow's table (as the
 * C9 workflow leaves it after disbursement), and a principal of a demo user.
 */
export async function insertDisbursedLoan(q: Queryable, l: {
  uscc: string; enterpriseOrgId: string | null; institutionOrgId: string; amountFen?: string; rateBp?: number; termMonths?: number;
  security?: string; disbursedOn?: string; status?: string; at?: Date;
}): Promise<string> {
  const id = uuidv7();
  const at = l.at ?? new Date();
  await q.query(`INSERT INTO marketplace_applications (id, origin, uscc, enterprise_org_id, institution_org_id, status, amount_fen, term_months, submitted_at,
      accepted_at, decided_at, approved_amount_fen, approved_rate_bp, approved_term_months, approved_security, disbursed_amount_fen, disbursed_rate_bp,
      disbursed_term_months, disbursed_security, disbursed_on, updated_at)
    VALUES ($1, 'take', $2, $3, $4, $5, $6::bigint, $7, $8, $8, $8, $6::bigint, $9, $7, $10, $6::bigint, $9, $7, $10, $11::date, $8)`,
  [id, l.uscc, l.enterpriseOrgId, l.institutionOrgId, l.status ?? 'disbursed', l.amountFen ?? '100000000', l.termMonths ?? 12, at, l.rateBp ?? 385,
    l.security ?? 'credit', l.disbursedOn ?? '2026-06-01']);
  return id;
}

export async function principalOf(identity: IdentityService, username: string): Promise<Principal> {
  const user = await identity.userByUsername(username);
  const org = user ? await identity.organisation(user.orgId) : undefined;
  if (!user || !org) throw new Error(`no user ${username}`);
  return {
    kind: 'user', userId: user.id, username, displayName: user.displayName, orgId: org.id, orgKind: org.kind, orgName: org.name,
    uscc: org.uscc, roles: user.roles, mfaPassed: true, sessionHash: 'test',
  };
}

interface Caller { post(path: string, body?: unknown): Promise<{ status: number; body: any }> }

/**
 * A platform loan the real way (C9): the bank publishes a credit product through the operator's review, the enterprise
 * applies, the officer accepts, approves and reports the disbursement. Answers the loan's (application's) id.
 */
export async function disburseThroughWorkflow(c: { bankAdmin: Caller; operator: Caller; officer: Caller; enterprise: Caller }, o: { amountFen: string; rateBp: number; today: string }): Promise<string> {
  const must = (r: { status: number; body: unknown }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, any>;
  };
  const product = must(await c.bankAdmin.post('/api/v1/marketplace/my/products', {
    name: '政策测试信用贷', productType: 'credit', programme: 'none', amountMinFen: '1000000', amountMaxFen: '500000000', termMinMonths: 6, termMaxMonths: 36,
    rateMinBp: 300, rateMaxBp: 600, repaymentModes: ['equal_instalment'], regionPrefixes: ['13'], rules: [], requiredAuthorisations: [], requiredMaterials: ['营业执照'], description: '',
  }), 'product');
  must(await c.bankAdmin.post(`/api/v1/marketplace/my/products/${product.id}/submit`), 'submit');
  must(await c.operator.post(`/api/v1/marketplace/review/${product.id}`, { version: 1, decision: 'approve' }), 'review');
  const app = must(await c.enterprise.post('/api/v1/marketplace/applications', { productId: product.id, amountFen: o.amountFen, termMonths: 12, materials: ['营业执照'] }), 'apply');
  must(await c.officer.post(`/api/v1/marketplace/applications/${app.id}/accept`), 'accept');
  must(await c.officer.post(`/api/v1/marketplace/applications/${app.id}/approve`, { amountFen: o.amountFen, rateBp: o.rateBp, termMonths: 12, repaymentMode: 'equal_instalment', security: 'credit' }), 'approve');
  must(await c.officer.post(`/api/v1/marketplace/applications/${app.id}/disburse`, { amountFen: o.amountFen, rateBp: o.rateBp, termMonths: 12, security: 'credit', disbursedOn: o.today }), 'disburse');
  return app.id as string;
}
