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
  /** `category` (e.g. 'utilities') names what a provider organisation supplies; absent on older servers */
  /** regionCode: GB/T 2260 — an operator department of a county is a district edition's operator */
  org: { id: string; kind: string; name: string; uscc: string | null; regionCode?: string; category?: string | null };
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
  regionCode: string;
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

/* ---------- C2 information resource catalog (信息资源目录) ---------- */

export const FIELD_TYPES = ['string', 'integer', 'decimal', 'date', 'boolean', 'enum', 'uscc', 'id_number', 'region_code'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const SHARING_MODES = ['physical', 'interface', 'verification'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];
export const LEVELS = ['L1', 'L2', 'L3'] as const;
export type Level = (typeof LEVELS)[number];
export const AUTHORISATIONS = ['none', 'required'] as const;
export type Authorisation = (typeof AUTHORISATIONS)[number];
export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'monthly', 'quarterly', 'yearly'] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

export interface CatalogField {
  code: string;
  name: string;
  nameEn: string;
  type: FieldType;
  required: boolean;
  personal: boolean;
  format?: string;
  enum?: string[];
  /** the field was added to the seed's list when the catalog was transcribed */
  added?: boolean;
}

export interface CatalogItem {
  code: string;
  name: string;
  nameEn: string;
  aliases?: string[];
  /** which seed document (or 'operator') the item comes from; kept unchanged when publishing */
  source?: { seed: string; ref: string };
  alsoIn?: { seed: string; ref: string }[];
  provider: { category: string; name: string };
  sharingMode: SharingMode;
  authorisation: Authorisation;
  level: Level;
  updateFrequency: UpdateFrequency;
  deadline?: string | null;
  naturalKey: string[];
  fields: CatalogField[];
}

export interface CatalogCategory {
  code: string;
  name: string;
  nameEn: string;
  items: CatalogItem[];
}

export interface Catalog {
  version: number;
  publishedAt: string;
  effectiveFrom: string;
  categories: CatalogCategory[];
}

export interface CatalogVersionSummary {
  version: number;
  note: string;
  publishedBy: string | null;
  publisherName: string | null;
  publishedAt: string;
  /** number of items in that version */
  items: number;
}

export interface PublishCatalogBody {
  note: string;
  baseVersion: number;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  categories: CatalogCategory[];
}

/* ---------- C3 physical aggregation batches (数据归集批次) ---------- */

export const BATCH_STATUSES = ['processing', 'completed', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type BatchFormat = 'csv' | 'json' | 'ndjson';
export type BatchSource = 'api' | 'portal' | 'cli' | 'resubmission';

/** A message the server wrote in both languages. */
export interface LocalisedMessage {
  code: string;
  zh: string;
  en: string;
}

export interface BatchCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  resolved: number;
}

export interface BatchSummary {
  id: string;
  /** the provider's own batch id (the idempotency key of the batch) */
  batchId: string;
  item: string;
  itemName: string;
  itemNameEn: string;
  catalogVersion: number;
  provider: { id: string; name: string };
  format: BatchFormat;
  encoding: 'utf-8' | 'gbk' | null;
  source: BatchSource;
  status: BatchStatus;
  counts: BatchCounts;
  /** rows read so far while the batch is processing */
  rowsProcessed?: number;
  error: LocalisedMessage | null;
  /** id of the batch whose quarantined rows this one corrects */
  resubmissionOf: string | null;
  submittedBy: string | null;
  createdAt: string;
  completedAt: string | null;
  contentSm3: string | null;
  /** true when the same batch had already been received and nothing changed */
  replayed?: boolean;
}

export type CellValue = string | number | boolean | null;

export interface QuarantineField {
  code: string;
  name: string;
  nameEn: string;
  type: FieldType;
  required: boolean;
  enum?: string[];
}

export interface QuarantineProblem {
  /** null when the problem concerns the whole row (e.g. wrong column count) */
  field: string | null;
  code: string;
  zh: string;
  en: string;
}

export interface QuarantineRow {
  rowNumber: number;
  status: 'open' | 'resolved';
  /** id of the batch that fixed the row */
  resolvedBy: string | null;
  values: Record<string, CellValue>;
  problems: QuarantineProblem[];
}

export interface QuarantinePage {
  fields: QuarantineField[];
  items: QuarantineRow[];
  nextCursor: string | null;
}

export interface ResubmissionBody {
  rows: { rowNumber: number; values: Record<string, CellValue> }[];
}
