/**
 * A product's fields as an institution sends them: validation (money as integer fen, rates in basis points, codes from
 * src/data/marketplace/matching-v1.json, rules by eligibility.ts) and the field-by-field difference of two versions
 * (the operator's review shows what an edit changed).
 */
import { badRequest } from '../../platform/http/index.ts';
import { regionPrefixOf, validateRules, type Rule, type RuleProblem } from './eligibility.ts';
import { matchingConfig, type LiveProduct } from './matching.ts';
import type { ProductFields, VersionRow } from './store.ts';

const FEN = /^[0-9]{1,15}$/;

/** Integer fen from its decimal text; anything else ("1.5", "1e3", "-2", 1.5) is refused — money is never a float. */
export function parseFen(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !FEN.test(value)) {
    throw badRequest('AMOUNT_NOT_INTEGER_FEN', {
      zh: `${field} 须为以“分”为单位的整数（字符串），不得有小数`,
      en: `${field} must be a whole number of fen, as a string, without decimals`,
    }, { field });
  }
  const fen = BigInt(value);
  if (fen <= 0n) throw badRequest('AMOUNT_NOT_POSITIVE', { zh: `${field} 须大于 0`, en: `${field} must be greater than 0` }, { field });
  return fen;
}

/** Every problem of a product's fields (empty = valid); item codes are checked by the caller's `knownItem`. */
export async function validateProduct(f: ProductFields, knownItem?: (code: string) => Promise<boolean>): Promise<RuleProblem[]> {
  const cfg = matchingConfig();
  const problems: RuleProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  if (!cfg.productTypes[f.productType]) add('/productType', `未知产品类型 ${f.productType}`, `unknown product type ${f.productType}`);
  if (!cfg.programmes[f.programme]) add('/programme', `未知专项产品 ${f.programme}`, `unknown special programme ${f.programme}`);
  const min = parseFen(f.amountMinFen, 'amountMinFen');
  const max = parseFen(f.amountMaxFen, 'amountMaxFen');
  if (min > max) add('/amountMaxFen', '额度上限须不低于下限', 'the maximum amount must not be below the minimum');
  if (!Number.isInteger(f.termMinMonths) || !Number.isInteger(f.termMaxMonths) || f.termMinMonths < 1 || f.termMinMonths > f.termMaxMonths) {
    add('/termMaxMonths', '期限须为整月，且上限不低于下限', 'terms are whole months and the maximum must not be below the minimum');
  }
  if (!Number.isInteger(f.rateMinBp) || !Number.isInteger(f.rateMaxBp) || f.rateMinBp < 0 || f.rateMinBp > f.rateMaxBp || f.rateMaxBp > 10_000) {
    add('/rateMaxBp', '利率以基点（万分之一）为整数，上限不低于下限且不超过 100%', 'rates are whole basis points, maximum not below the minimum and at most 100%');
  }
  if (!f.repaymentModes.length) add('/repaymentModes', '至少选择一种还款方式', 'choose at least one repayment mode');
  for (const m of f.repaymentModes) if (!cfg.repaymentModes[m]) add('/repaymentModes', `未知还款方式 ${m}`, `unknown repayment mode ${m}`);
  if (!f.regionPrefixes.length) add('/regionPrefixes', '至少选择一个服务地区', 'choose at least one region served');
  for (const r of f.regionPrefixes) if (!regionPrefixOf(r)) add('/regionPrefixes', `行政区划代码 ${r} 不存在（GB/T 2260）`, `unknown region code ${r} (GB/T 2260)`);
  problems.push(...validateRules(f.rules));
  if (knownItem) {
    for (const code of f.requiredAuthorisations) {
      if (!(await knownItem(code))) add('/requiredAuthorisations', `信息目录中没有数据项 ${code}`, `the catalog has no item ${code}`);
    }
  }
  return problems;
}

export function assertValidProduct(problems: RuleProblem[]): void {
  if (!problems.length) return;
  throw badRequest('PRODUCT_INVALID', {
    zh: `产品信息不合法：${problems.map((p) => `${p.path} ${p.zh}`).join('；')}`,
    en: `The product is not valid: ${problems.map((p) => `${p.path} ${p.en}`).join('; ')}`,
  }, { problems });
}

/** Region codes normalised to their subtree prefixes (131000 → 1310), duplicates dropped. */
export function normaliseFields(f: ProductFields): ProductFields {
  return { ...f, name: f.name.trim(), regionPrefixes: [...new Set(f.regionPrefixes.map((r) => regionPrefixOf(r) ?? r))], description: f.description.trim() };
}

export function fieldsOf(v: VersionRow): ProductFields {
  return {
    name: v.name, productType: v.product_type, programme: v.programme, amountMinFen: v.amount_min_fen, amountMaxFen: v.amount_max_fen,
    termMinMonths: v.term_min_months, termMaxMonths: v.term_max_months, rateMinBp: v.rate_min_bp, rateMaxBp: v.rate_max_bp,
    repaymentModes: v.repayment_modes, regionPrefixes: v.region_prefixes, rules: v.rules, requiredAuthorisations: v.required_authorisations,
    requiredMaterials: v.required_materials, description: v.description,
  };
}

export function liveProductOf(v: VersionRow): LiveProduct {
  return {
    id: v.product_id, version: v.version, institutionOrgId: v.institution_org_id, name: v.name, productType: v.product_type, programme: v.programme,
    amountMinFen: BigInt(v.amount_min_fen), amountMaxFen: BigInt(v.amount_max_fen), termMinMonths: v.term_min_months, termMaxMonths: v.term_max_months,
    rateMinBp: v.rate_min_bp, rateMaxBp: v.rate_max_bp, regionPrefixes: v.region_prefixes, rules: v.rules as Rule[],
  };
}

/** The fields that differ between two versions, JSON-compared (`before` null for a first version). */
export function diffFields(before: ProductFields | null, after: ProductFields): { field: string; before: unknown; after: unknown }[] {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const key of Object.keys(after) as (keyof ProductFields)[]) {
    const a = before ? before[key] : null;
    if (JSON.stringify(a) !== JSON.stringify(after[key])) out.push({ field: key, before: a, after: after[key] });
  }
  return out;
}
