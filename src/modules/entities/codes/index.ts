/**
 * Public face of the entity codes: USCC (GB 32100), resident ID (GB 11643), regions (GB/T 2260),
 * industries (GB/T 4754-2017) and SME size class (工信部联企业〔2011〕300号).
 */
export type { CheckResult, CodeError, ValueError } from './code-error.ts';
export { USCC_ALPHABET, makeUscc, orgCodeCheckChar, usccAuthorityName, usccCheckChar, validateUscc } from './uscc.ts';
export type { UsccResult } from './uscc.ts';
export { idCheckChar, makeIdNumber, validateIdNumber } from './id-number.ts';
export type { IdNumberResult } from './id-number.ts';
export {
  childrenOf,
  isInSubtree,
  listRegions,
  regionByCode,
  regionSubtreePrefix,
  regionTableEffectiveDate,
  regionTableVersion,
} from './regions.ts';
export type { Region, RegionLevel } from './regions.ts';
export { industryChildren, industryTableVersion, isIndustryError, listIndustries, parseIndustryCode } from './industries.ts';
export type { Industry, IndustryCodeError, IndustryLevel } from './industries.ts';
export { isSizeClassError, sizeClassOf } from './size-class.ts';
export type { SizeClass, SizeClassInput, SizeClassOutcome, SizeClassResult } from './size-class.ts';
export { SIZE_FIELDS, selectSizeTable, sizeTables } from './size-table.ts';
export type { SizeBounds, SizeField, SizeRow, SizeTable } from './size-table.ts';
export { compareYuan, fenToWan, fenToYuan, parseYuanToFen, wanToFen } from './decimal.ts';
