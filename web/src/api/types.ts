/**
 * Shapes of the xinrong HTTP API (`/api/v1`) as the portals consume them.
 * The server computes every derived value (size class, masking); these types only describe what arrives.
 */

export type PortalKey = 'enterprise' | 'institution' | 'provider' | 'operator';

export const PORTAL_KEYS: readonly PortalKey[] = ['enterprise', 'institution', 'provider', 'operator'];

export type RoleKey =
  | 'enterprise_legal_rep'
  | 'enterprise_agent'
  | 'inst_admin'
  | 'inst_product_manager'
  | 'inst_loan_officer'
  | 'inst_risk_officer'
  | 'provider_admin'
  | 'provider_system'
  | 'op_admin'
  | 'op_catalog_admin'
  | 'op_auditor'
  | 'op_supervisor';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  /** null for an account whose roles open no portal (e.g. a machine identity) */
  portal: PortalKey | null;
  org: { id: string; kind: string; name: string; uscc: string | null };
  /** password accepted, TOTP still to come */
  mfaPending?: boolean;
}

export interface LoginResponse {
  mfaRequired: boolean;
  user?: Me;
}

export interface TotpResponse {
  user: Me;
}

export type EntityType = 'enterprise' | 'individual_business' | 'farmer_cooperative' | 'other';
export type SizeClass = 'large' | 'medium' | 'small' | 'micro' | 'unknown';
export type EntityStatus = 'active' | 'revoked' | 'cancelled' | 'moved_out';

export const ENTITY_TYPES: readonly EntityType[] = ['enterprise', 'individual_business', 'farmer_cooperative', 'other'];
export const SIZE_CLASSES: readonly SizeClass[] = ['large', 'medium', 'small', 'micro', 'unknown'];
export const ENTITY_STATUSES: readonly EntityStatus[] = ['active', 'revoked', 'cancelled', 'moved_out'];

export interface EntitySummary {
  uscc: string;
  name: string;
  entityType: EntityType;
  regionCode: string;
  regionName: string;
  industryCode: string;
  industryName: string;
  sizeClass: SizeClass;
  status: EntityStatus;
  establishedOn: string | null;
}

export interface SizeDecision {
  sizeClass: SizeClass;
  rule: string;
  ruleEn: string;
  tableVersion: string;
  missing: string[];
}

export interface EntityDetail extends EntitySummary {
  registrationAuthority: string;
  /** yuan as a decimal string — never parsed into a float */
  registeredCapital: string | null;
  legalRep: {
    name: string | null;
    idType: string | null;
    idNumber: string | null;
    mobile: string | null;
    /** the server masked the personal data for this viewer (SPEC C4) */
    masked?: boolean;
  };
  employees: number | null;
  revenue: string | null;
  assets: string | null;
  /** fields the server withheld from this viewer (business data needs the enterprise's authorisation) */
  restricted?: string[];
  size: SizeDecision;
  version?: number;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  fullName?: string;
}

export interface Industry {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  /** the section letter (门类) a division belongs to */
  section?: string;
}

export type UsccCheck =
  | { valid: true }
  | { valid: false; error: { code?: string; position: number; message: string; messageEn?: string; expected?: string } };

export interface PublicSummary {
  nodeName: string;
  regionName: string;
  enterprises: number;
  institutions: number;
  providers: number;
}

export interface ApiKey {
  keyId: string;
  label?: string;
  alg?: string;
  roles?: string[];
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt?: string | null;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
}
