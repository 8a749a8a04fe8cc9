/**
 * The fixed list of purposes an authorisation may name. Every one is a financing purpose: institutions may use
 * shared credit data only to support financing (SPEC §1, 国办发〔2021〕52号 (六)).
 */
export interface Purpose {
  code: string;
  zh: string;
  en: string;
}

export const PURPOSES: readonly Purpose[] = [
  { code: 'CREDIT_LOAN', zh: '信用贷款', en: 'Credit loan' },
  { code: 'WORKING_CAPITAL', zh: '流动资金贷款', en: 'Working-capital loan' },
  { code: 'LOAN_RENEWAL', zh: '续贷/展期', en: 'Loan renewal or extension' },
  { code: 'GUARANTEE', zh: '融资担保', en: 'Financing guarantee' },
  { code: 'CREDIT_INSURANCE', zh: '信用保证保险', en: 'Credit guarantee insurance' },
  { code: 'LEASING_FACTORING', zh: '融资租赁/保理', en: 'Financial leasing or factoring' },
  { code: 'POST_LOAN', zh: '贷后管理', en: 'Post-loan management' },
];

const BY_CODE = new Map(PURPOSES.map((p) => [p.code, p]));

export function purposeOf(code: string): Purpose | undefined {
  return BY_CODE.get(code);
}

export function isPurpose(code: string): boolean {
  return BY_CODE.has(code);
}
