/** Roles (SPEC §1). Each human role belongs to exactly one portal; machine roles to none. */
export const ROLES = {
  enterprise_legal_rep: 'enterprise',
  enterprise_agent: 'enterprise',
  inst_admin: 'institution',
  inst_product_manager: 'institution',
  inst_loan_officer: 'institution',
  inst_risk_officer: 'institution',
  provider_admin: 'provider',
  provider_system: 'provider',
  op_admin: 'operator',
  op_catalog_admin: 'operator',
  op_auditor: 'operator',
  op_supervisor: 'operator',
  node: 'node',
} as const;

export type Role = keyof typeof ROLES;
export type Portal = 'enterprise' | 'institution' | 'provider' | 'operator';
export type OrgKind = 'enterprise' | 'institution' | 'provider' | 'operator' | 'node';

export const ALL_ROLES = Object.keys(ROLES) as Role[];
export const ENTERPRISE_ROLES: readonly Role[] = ['enterprise_legal_rep', 'enterprise_agent'];
export const INSTITUTION_ROLES: readonly Role[] = ['inst_admin', 'inst_product_manager', 'inst_loan_officer', 'inst_risk_officer'];
export const PROVIDER_ROLES: readonly Role[] = ['provider_admin', 'provider_system'];
export const OPERATOR_ROLES: readonly Role[] = ['op_admin', 'op_catalog_admin', 'op_auditor', 'op_supervisor'];

/** Roles that must pass a TOTP second factor at login (SPEC §1). */
export const MFA_ROLES: readonly Role[] = [...OPERATOR_ROLES, 'inst_admin'];

/** The organisation kind a role may be held in. */
export function orgKindOfRole(role: Role): OrgKind {
  const p = ROLES[role];
  return p === 'node' ? 'node' : p;
}

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

export function portalOf(roles: readonly Role[]): Portal | null {
  for (const r of roles) {
    const p = ROLES[r];
    if (p !== 'node') return p;
  }
  return null;
}
