import { Type, type Static } from 'typebox';

const Wording = Type.Object({
  title: Type.String(),
  preamble: Type.String(),
  clauses: Type.Array(Type.String()),
  closing: Type.String(),
});

export const CommitmentReceiptSchema = Type.Object({
  type: Type.Literal('xinrong.credit-commitment.v1'),
  receiptId: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  issuer: Type.Object({ node: Type.String(), keyId: Type.String(), alg: Type.Union([Type.Literal('sm2'), Type.Literal('ed25519')]) }),
  enterprise: Type.Object({ uscc: Type.String(), orgId: Type.String(), name: Type.String() }),
  signer: Type.Object({ userId: Type.String(), displayName: Type.String(), role: Type.Literal('enterprise_legal_rep'), realNameVerified: Type.Literal(true) }),
  text: Type.Object({ version: Type.String(), sm3: Type.String({ description: 'SM3 of the canonical JSON of the commitment text (both languages)' }) }),
  signature: Type.String({ description: 'SM2 (or Ed25519) signature by the platform key over the canonical JSON of every other member' }),
});

export const SignedCommitment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  textVersion: Type.String(),
  textSm3: Type.String(),
  signedAt: Type.String({ format: 'date-time' }),
  signer: Type.Object({ userId: Type.String(), displayName: Type.String() }),
  receipt: CommitmentReceiptSchema,
});

export const CommitmentReply = Type.Object({
  text: Type.Object({ version: Type.String(), effectiveFrom: Type.String(), sm3: Type.String(), zh: Wording, en: Wording }),
  live: Type.Boolean({ description: 'a signed, unrevoked commitment against the text in force covers new reports' }),
  canSign: Type.Boolean({ description: 'the caller is the legal representative' }),
  commitment: Type.Union([SignedCommitment, Type.Null()], { description: 'the newest unrevoked signature (possibly of an older text version)' }),
});

export const SignBody = Type.Object({
  textVersion: Type.String({ minLength: 1, maxLength: 20 }),
  accept: Type.Boolean({ description: 'must be true: the legal representative has read and accepts the text' }),
}, { additionalProperties: false });
export type SignInput = Static<typeof SignBody>;

export const SignReply = Type.Object({ created: Type.Boolean(), commitment: SignedCommitment });

const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const ReportBody = Type.Object({
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  values: Type.Record(Type.String({ maxLength: 64 }), Cell, { description: 'field code → value; uscc is always the caller\'s own enterprise' }),
}, { additionalProperties: false });
export type ReportInput = Static<typeof ReportBody>;

export const SelfReportedRecord = Type.Object({
  item: Type.String(),
  itemName: Type.String(),
  itemNameEn: Type.String(),
  key: Type.String({ description: 'natural-key values after the USCC, joined by U+001F' }),
  version: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  origin: Type.Union([Type.Literal('self_report'), Type.Literal('provider')]),
  commitmentId: Type.Union([Type.String(), Type.Null()], { description: 'the credit commitment this version was reported under' }),
  data: Type.Record(Type.String(), Cell),
});

export const ReportReply = Type.Object({ changed: Type.Boolean({ description: 'false when the values equal the current version' }), record: SelfReportedRecord });

export const ReportList = Type.Object({ items: Type.Array(SelfReportedRecord) });

export const ProblemList = Type.Array(Type.Object({ field: Type.Union([Type.String(), Type.Null()]), code: Type.String(), zh: Type.String(), en: Type.String() }));
