import { Type, type Static } from 'typebox';

/** TypeBox shapes of the C16 report API. Every field of a report is declared: undeclared ones would be dropped. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const Uscc = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码 (GB 32100-2015)' });
const Localised = { zh: Type.String(), en: Type.String() };

export const ReportVersion = Type.Union([Type.Literal('public'), Type.Literal('authorised'), Type.Literal('subject'), Type.Literal('operator')], {
  description: 'public = L1 only, masked; authorised = what the institution\'s live authorisations cover; subject = the enterprise\'s own full report; operator = read with a stated reason',
});
export type ReportVersionT = Static<typeof ReportVersion>;

export const RecordSchema = Type.Object({
  key: Type.String(),
  version: Type.Integer(),
  /** freshness: when this version of the record took effect */
  validFrom: Type.String({ format: 'date-time' }),
  data: Type.Record(Type.String(), Scalar),
  masked: Type.Array(Type.String()),
  /** 异议处理中: the record is under objection */
  objection: Nullable(Type.Object({ state: Type.String(), filedAt: Type.String({ format: 'date-time' }) })),
});

export const ItemSectionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  level: Type.String(),
  provider: Type.String(),
  sharingMode: Type.String(),
  updateFrequency: Type.String(),
  access: Type.String(),
  authorisationId: Nullable(Type.String()),
  /** the newest validFrom among the records shown (null when none) */
  latestValidFrom: Nullable(Type.String({ format: 'date-time' })),
  fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
  records: Type.Array(RecordSchema),
});

export const SectionSchema = Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), items: Type.Array(ItemSectionSchema) });

export const RegistrySchema = Type.Object({
  uscc: Uscc,
  name: Type.String(),
  entityType: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  industryCode: Type.String(),
  industryName: Type.String(),
  establishedOn: Nullable(Type.String()),
  registrationAuthority: Type.String(),
  registeredCapital: Nullable(Type.String()),
  legalRepName: Nullable(Type.String()),
  legalRepIdNumber: Nullable(Type.String()),
  legalRepMasked: Type.Boolean(),
  sizeClass: Type.String(),
  sizeRule: Type.String(),
  employees: Nullable(Type.Integer()),
  revenue: Nullable(Type.String()),
  assets: Nullable(Type.String()),
});

export const EvaluationSchema = Type.Object({
  score: Type.Integer(),
  grade: Type.String(),
  modelVersion: Type.Integer(),
  computedAt: Type.String(),
  reasons: Type.Array(Type.Object({ code: Type.String(), direction: Type.String(), ...Localised })),
  tags: Type.Array(Type.Object({ tag: Type.String(), ...Localised })),
});

export const ReportContentSchema = Type.Object({
  format: Type.Literal('xinrong-credit-report/v1'),
  number: Type.String(),
  version: ReportVersion,
  generatedAt: Type.String({ format: 'date-time' }),
  node: Type.Object({ name: Type.String(), regionCode: Type.String() }),
  requester: Type.Object({ orgName: Type.String(), orgKind: Type.String() }),
  purpose: Nullable(Type.String()),
  registry: RegistrySchema,
  evaluation: Nullable(EvaluationSchema),
  sections: Type.Array(SectionSchema),
  /** records shown with the 异议处理中 flag */
  objectionsInProgress: Type.Integer(),
  /** records no longer published (repaired / expired / deleted): only counted, never shown */
  withheld: Type.Object({ total: Type.Integer(), repaired: Type.Integer(), expired: Type.Integer(), deleted: Type.Integer() }),
  /** items the reader may not see in this version (no live authorisation covering them) */
  notIncluded: Type.Array(Type.String()),
});
export type ReportContent = Static<typeof ReportContentSchema>;

export const ReportReply = Type.Object({
  content: ReportContentSchema,
  /** SM3 of the content: SM3(JCS({"body": SM3(JCS(body members)), "header": the other members})), reports/digest.ts */
  digest: Type.String(),
  digestAlg: Type.Literal('SM3'),
  evidence: Type.Object({ auditIndex: Type.Integer(), receiptPath: Type.String() }),
  verifyPath: Type.String(),
});
export type ReportReplyT = Static<typeof ReportReply>;

export const GenerateBody = Type.Object({
  uscc: Uscc,
  /** a financing purpose (consent purposes): an institution needs it for the authorised version */
  purpose: Type.Optional(Type.String({ maxLength: 40 })),
  /** an operator's reason for reading (audited) */
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type GenerateBodyT = Static<typeof GenerateBody>;

export const VerifyBody = Type.Object({
  number: Type.Optional(Type.String({ maxLength: 80 })),
  digest: Type.Optional(Type.String({ maxLength: 128 })),
  /** a downloaded report file (PDF or JSON), base64 */
  file: Type.Optional(Type.String({ maxLength: 8 * 1024 * 1024 })),
}, { additionalProperties: false });
export type VerifyBodyT = Static<typeof VerifyBody>;

export const VerifyReply = Type.Object({
  authentic: Type.Boolean(),
  /** why not: REPORT_UNKNOWN, DIGEST_MISMATCH, FILE_CHANGED, FILE_UNREADABLE */
  reason: Nullable(Type.String()),
  number: Nullable(Type.String()),
  generatedAt: Nullable(Type.String({ format: 'date-time' })),
  enterpriseName: Nullable(Type.String()),
  version: Nullable(Type.String()),
  auditIndex: Nullable(Type.Integer()),
});
export type VerifyReplyT = Static<typeof VerifyReply>;

export const ReportListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, { additionalProperties: false });

export const ReportList = Type.Object({
  items: Type.Array(Type.Object({
    number: Type.String(), uscc: Type.String(), version: Type.String(), format: Type.String(), generatedAt: Type.String({ format: 'date-time' }),
    digest: Type.String(), auditIndex: Type.Integer(),
  })),
});

export const NumberParams = Type.Object({ number: Type.String({ pattern: '^XR-[0-9A-Z]{1,12}-[0-9]{8}-[0-9A-Z]{10}$' }) });
