import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../i18n/messages.ts';
import type { AccountCodes } from '../../api/accounts.ts';
import {
  activationAddress,
  categoryName,
  categoryOptions,
  daysUntil,
  fieldOfProblem,
  groupSecret,
  managedHere,
  ORG_ROLES,
  usccShapeProblem,
  validUntilProblem,
} from './accounts-format.ts';

describe('organisations and accounts helpers', () => {
  it('accepts an 18-character USCC of the GB 32100 alphabet and leaves its check character to the server', () => {
    expect(usccShapeProblem('91131000MA0BANK1X7')).toBeNull();
    expect(usccShapeProblem(' 91131000ma0bank1x7 ')).toBeNull();
  });

  it('says a USCC is too short or long before saying anything else', () => {
    expect(usccShapeProblem('9113100')).toBe('length');
    expect(usccShapeProblem('91131000MA0BANK1X70')).toBe('length');
  });

  it('refuses the letters I, O, S, V and Z and anything that is not a letter or digit', () => {
    for (const bad of ['91131000MA0BANKIX7', '91131000MA0BANKOX7', '91131000MA0BANKSX7', '91131000MA0BANKVX7', '91131000MA0BANKZX7', '91131000MA0-ANK1X7']) {
      expect(usccShapeProblem(bad), bad).toBe('characters');
    }
  });

  it('puts a server problem under the field it is about when the form has that field', () => {
    const orgFields = ['name', 'uscc', 'regionCode', 'category'] as const;
    expect(fieldOfProblem('USCC_INVALID', orgFields)).toBe('uscc');
    expect(fieldOfProblem('ORG_USCC_TAKEN', orgFields)).toBe('uscc');
    expect(fieldOfProblem('REGION_OUTSIDE_NODE', orgFields)).toBe('regionCode');
    expect(fieldOfProblem('ORG_CATEGORY_UNKNOWN', orgFields)).toBe('category');
    expect(fieldOfProblem('PASSWORD_WEAK', ['password', 'code'])).toBe('password');
    expect(fieldOfProblem('ACTIVATION_INVALID', ['password', 'code'])).toBe('code');
    expect(fieldOfProblem('USERNAME_TAKEN', ['username', 'displayName', 'roles'])).toBe('username');
    expect(fieldOfProblem('ROLE_ORG_MISMATCH', ['username', 'displayName', 'roles'])).toBe('roles');
  });

  it('leaves problems about no field, or a field the form lacks, for above the form', () => {
    expect(fieldOfProblem('ACCOUNT_SELF', ['username'])).toBeNull();
    expect(fieldOfProblem('USCC_INVALID', ['username'])).toBeNull();
    expect(fieldOfProblem(undefined, ['uscc'])).toBeNull();
  });

  it("offers and names categories in the reader's language", () => {
    const codes: AccountCodes = {
      institution: { bank: { zh: '银行', en: 'Bank' }, guarantor: { zh: '融资担保机构', en: 'Guarantor' } },
      provider: { tax: { zh: '税务', en: 'Tax' } },
      roles: { enterprise: [], institution: [], provider: [], operator: [] },
    };
    expect(categoryOptions(codes, 'institution', 'zh-CN')).toEqual([{ value: 'bank', label: '银行' }, { value: 'guarantor', label: '融资担保机构' }]);
    expect(categoryOptions(codes, 'provider', 'en')).toEqual([{ value: 'tax', label: 'Tax' }]);
    expect(categoryOptions(codes, 'operator', 'zh-CN')).toEqual([]);
    expect(categoryOptions(undefined, 'institution', 'zh-CN')).toEqual([]);
    expect(categoryName(codes, 'institution', 'bank', 'en')).toBe('Bank');
    expect(categoryName(codes, 'institution', 'leasing', 'zh-CN')).toBe('leasing');
    expect(categoryName(undefined, 'provider', 'tax', 'zh-CN')).toBe('tax');
  });

  it('groups a TOTP secret in fours for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('abcde fg')).toBe('ABCD EFG');
    expect(groupSecret('')).toBe('');
  });

  it('counts days to a date, negative once it has passed', () => {
    expect(daysUntil('2026-12-01', '2026-11-29')).toBe(2);
    expect(daysUntil('2026-11-29', '2026-11-29')).toBe(0);
    expect(daysUntil('2025-11-29', '2026-11-29')).toBe(-365);
  });

  it('refuses a valid-until date before the assessment date', () => {
    expect(validUntilProblem('2026-11-29', '2027-11-28')).toBeNull();
    expect(validUntilProblem('2026-11-29', '2026-11-29')).toBeNull();
    expect(validUntilProblem('2026-11-29', '2026-11-28')).toBe('beforeAssessed');
    expect(validUntilProblem('2026-11-29', '2026-01-01')).toBe('beforeAssessed');
    expect(validUntilProblem('2026-11-29', undefined)).toBeNull();
  });

  it('gives the activation page address of this node', () => {
    expect(activationAddress('https://xr.example.cn')).toBe('https://xr.example.cn/activate');
    expect(activationAddress('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/activate');
  });

  it("offers an enterprise's legal representative the agent role only", () => {
    expect(ORG_ROLES.enterprise).toEqual(['enterprise_agent']);
  });

  it("leaves a legal representative's account, which comes from registration, out of account management", () => {
    expect(managedHere(['enterprise_agent'])).toBe(true);
    expect(managedHere(['inst_admin', 'inst_loan_officer'])).toBe(true);
    expect(managedHere(['enterprise_legal_rep'])).toBe(false);
  });

  it('labels every role it offers in both languages', () => {
    for (const catalog of [MESSAGES['zh-CN'], MESSAGES.en]) {
      const roles = catalog.role as Record<string, unknown>;
      for (const role of Object.values(ORG_ROLES).flat()) expect(roles[role], role).toBeTypeOf('string');
    }
  });
});
