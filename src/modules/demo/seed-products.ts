import type { Principal } from '../../platform/http/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { MarketplaceService } from '../marketplace/index.ts';
import { DEMO_LENDER } from './seed-loans.ts';

type ProductInput = Parameters<MarketplaceService['createProduct']>[1];

const EXCLUDE_DISHONEST = { rule: 'tags_excluded', tags: ['dishonest_debtor', 'serious_dishonesty'] } as const;

/**
 * The demo bank's loan products (C8), published through the same review an operator gives every product, so the
 * product supermarket, the special sections and the recommendations have something to show on first start. Amounts in
 * integer fen (strings), rates in basis points; eligibility rules in the marketplace's rule language.
 */
const PRODUCTS: ProductInput[] = [
  {
    name: '税易贷', productType: 'credit', programme: 'tax', amountMinFen: '10000000', amountMaxFen: '300000000', termMinMonths: 6, termMaxMonths: 36,
    rateMinBp: 385, rateMaxBp: 600, repaymentModes: ['equal_instalment', 'interest_then_principal'], regionPrefixes: ['13'],
    rules: [{ rule: 'min_grade', grade: 'C' }, { rule: 'min_years', years: 1 }, EXCLUDE_DISHONEST],
    requiredAuthorisations: ['TAX_PAYMENT'], requiredMaterials: ['营业执照', '近一年财务报表'],
    description: '依据纳税信用发放的纯信用贷款，线上申请、授权查询纳税信息。',
  },
  {
    name: '科创信用贷', productType: 'credit', programme: 'sci_tech', amountMinFen: '50000000', amountMaxFen: '1000000000', termMinMonths: 12, termMaxMonths: 36,
    rateMinBp: 345, rateMaxBp: 550, repaymentModes: ['interest_then_principal'], regionPrefixes: ['13'],
    rules: [{ rule: 'tags_required', tags: ['high_tech', 'specialised_new', 'patent_holder'], mode: 'any' }, { rule: 'min_grade', grade: 'B' }, EXCLUDE_DISHONEST],
    requiredAuthorisations: [], requiredMaterials: ['营业执照', '高新技术企业证书或专利证书'],
    description: '面向高新技术、专精特新和拥有发明专利企业的信用贷款。',
  },
  {
    name: '绿色发展贷', productType: 'guarantee', programme: 'green', amountMinFen: '20000000', amountMaxFen: '500000000', termMinMonths: 12, termMaxMonths: 60,
    rateMinBp: 360, rateMaxBp: 580, repaymentModes: ['equal_principal'], regionPrefixes: ['1310'],
    rules: [{ rule: 'tags_excluded', tags: ['env_risk'] }, { rule: 'min_grade', grade: 'C' }, EXCLUDE_DISHONEST],
    requiredAuthorisations: [], requiredMaterials: ['营业执照', '项目环评批复'],
    description: '支持节能环保、清洁生产项目，环保信用评价为红牌、黑牌的企业不予准入。',
  },
  {
    name: '农牧贷', productType: 'guarantee', programme: 'agri', amountMinFen: '1000000', amountMaxFen: '50000000', termMinMonths: 6, termMaxMonths: 24,
    rateMinBp: 400, rateMaxBp: 650, repaymentModes: ['lump_sum', 'equal_instalment'], regionPrefixes: ['1310'],
    rules: [{ rule: 'tags_required', tags: ['agricultural'] }, EXCLUDE_DISHONEST],
    requiredAuthorisations: [], requiredMaterials: ['营业执照或合作社登记证', '土地承包或养殖证明'],
    description: '面向农民专业合作社、家庭农场和涉农企业，政府性融资担保增信。',
  },
  {
    name: '小微快贷', productType: 'credit', programme: 'none', amountMinFen: '1000000', amountMaxFen: '100000000', termMinMonths: 3, termMaxMonths: 12,
    rateMinBp: 420, rateMaxBp: 720, repaymentModes: ['revolving', 'lump_sum'], regionPrefixes: ['13'],
    rules: [{ rule: 'size', classes: ['micro', 'small'] }, { rule: 'min_grade', grade: 'D' }, EXCLUDE_DISHONEST],
    requiredAuthorisations: [], requiredMaterials: ['营业执照'],
    description: '小微企业随借随还的短期信用贷款。',
  },
] as ProductInput[];

export async function principalOf(identity: IdentityService, username: string): Promise<Principal | undefined> {
  const user = await identity.userByUsername(username);
  const org = user ? await identity.organisation(user.orgId) : undefined;
  if (!user || !org) return undefined;
  return {
    kind: 'user', userId: user.id, username, displayName: user.displayName, orgId: org.id, orgKind: org.kind, orgName: org.name,
    uscc: null, roles: user.roles, mfaPassed: true, sessionHash: 'demo-seed',
  };
}

/** Publishes the demo bank's products on first start (nothing when the bank has products already). Returns how many. */
export async function seedDemoProducts(services: { identity: IdentityService; marketplace: MarketplaceService }): Promise<number> {
  const bankAdmin = await principalOf(services.identity, 'bank_admin');
  const reviewer = await principalOf(services.identity, 'operator');
  if (!bankAdmin || !reviewer || bankAdmin.kind !== 'user' || bankAdmin.orgName !== DEMO_LENDER) return 0;
  if ((await services.marketplace.myProducts(bankAdmin)).length > 0) return 0;
  for (const input of PRODUCTS) {
    const draft = await services.marketplace.createProduct(bankAdmin, input);
    await services.marketplace.submit(bankAdmin, draft.product_id);
    await services.marketplace.review(reviewer, draft.product_id, draft.version, 'approve', undefined);
  }
  return PRODUCTS.length;
}
