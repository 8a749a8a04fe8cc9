import { Type } from 'typebox';

/** TypeBox schemas of the policies API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Timestamp = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Fen = Type.String({ pattern: '^[0-9]{1,16}$', description: 'integer fen as a digit string' });
const Text = { zh: Type.String(), en: Type.String() };
const Kind = Type.Union(['interest_subsidy', 'risk_compensation', 'guarantee_fee_subsidy', 're_guarantee'].map((k) => Type.Literal(k)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const RuleList = Type.Array(Type.Record(Type.String(), Type.Unknown()));

export const IdParams = Type.Object({ id: Uuid });
export const PublicQuery = Type.Object({
  kind: Type.Optional(Kind),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$', description: 'GB/T 2260 code or prefix: policies covering it' })),
  section: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$', description: 'special section (专栏): sci_tech, green, rural' })),
});

export const PolicyBody = Type.Object({
  name: Type.String({ maxLength: 120 }),
  kind: Kind,
  authority: Type.String({ maxLength: 120 }),
  regionPrefixes: Type.Array(Type.String({ maxLength: 6 }), { maxItems: 50 }),
  validFrom: Type.String({ maxLength: 10 }),
  validTo: Type.String({ maxLength: 10 }),
  budgetFen: Type.String({ maxLength: 17 }),
  formula: Type.Record(Type.String(), Type.Unknown(), { description: 'rateBp / maxDays (interest subsidy), shareBp (+ feeRateCapBp), capFen per enterprise' }),
  enterpriseRules: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 30, description: 'marketplace rule language (src/modules/marketplace/eligibility.ts)' }),
  loanRules: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 10, description: 'loan rules (src/modules/policies/loan-rules.ts)' }),
  sections: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 3 })),
  requiredMaterials: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 })),
  summary: Type.Optional(Type.String({ maxLength: 2000 })),
  source: Type.Optional(Type.String({ maxLength: 500 })),
});
export const PublishBody = Type.Object({ version: Type.Integer({ minimum: 1 }) });
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

export const PolicySchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: Type.String(),
  kind: Kind,
  kindName: Type.Object(Text),
  beneficiary: Type.Union([Type.Literal('enterprise'), Type.Literal('institution')]),
  name: Type.String(),
  authority: Type.String(),
  regionPrefixes: Type.Array(Type.String()),
  validFrom: Day,
  validTo: Day,
  budgetFen: Fen,
  committedFen: Fen,
  paidFen: Fen,
  availableFen: Fen,
  formula: Type.Object({
    rateBp: Type.Optional(Type.Integer()), maxDays: Type.Optional(Type.Integer()), shareBp: Type.Optional(Type.Integer()),
    feeRateCapBp: Type.Optional(Type.Integer()), capFen: Fen,
  }),
  formulaText: Type.Object(Text),
  declared: Nullable(Type.String()),
  applyStatuses: Type.Array(Type.String(), { description: 'loan statuses in which an application may be made' }),
  enterpriseRules: RuleList,
  loanRules: RuleList,
  sections: Type.Array(Type.String()),
  requiredMaterials: Type.Array(Type.String()),
  summary: Type.String(),
  source: Type.String(),
  liveVersion: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: Timestamp,
  publishedAt: Nullable(Timestamp),
  withdrawnAt: Nullable(Timestamp),
  withdrawReason: Nullable(Type.String()),
});
export const PolicyList = Type.Object({ items: Type.Array(PolicySchema) });
export const VersionList = Type.Object({ items: Type.Array(PolicySchema) });
export const PublishReply = Type.Object({ policy: PolicySchema, noticed: Type.Integer() });

const Outcome = Type.Object({ rule: Type.String(), kind: Type.String(), held: Type.Boolean(), ...Text });
export const LoanSchema = Type.Object({
  id: Uuid, uscc: Type.String(), institutionName: Type.String(), institutionCategory: Nullable(Type.String()), productName: Nullable(Type.String()),
  status: Type.String(), amountFen: Fen, rateBp: Type.Integer(), termMonths: Type.Integer(), security: Type.String(), disbursedOn: Day,
});
export const Judgement = Type.Object({ eligible: Type.Boolean(), enterprise: Type.Array(Outcome), loan: Type.Array(Outcome) });
export const EligibleReply = Type.Object({
  items: Type.Array(Type.Object({
    policy: PolicySchema,
    enterprise: Type.Array(Outcome),
    loans: Type.Array(Type.Object({ loan: LoanSchema, judgement: Judgement })),
  })),
});
export const LoanList = Type.Object({ items: Type.Array(LoanSchema) });

export const ApplyBody = Type.Object({
  policyId: Uuid,
  loanId: Uuid,
  materials: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 20 }),
  declared: Type.Optional(Type.Object({
    guaranteeFeeFen: Type.Optional(Type.String({ maxLength: 17 })),
    lossFen: Type.Optional(Type.String({ maxLength: 17 })),
  })),
});
export const ListQuery = Type.Object({
  status: Type.Optional(Type.Union(['submitted', 'approved', 'rejected', 'paid'].map((s) => Type.Literal(s)))),
  policyId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
});
export const PayoutBody = Type.Object({ amountFen: Type.String({ maxLength: 17 }), paidOn: Type.String({ maxLength: 10 }), voucherNo: Type.String({ maxLength: 60 }) });

const Computation = Type.Object({
  kind: Kind,
  inputs: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  uncappedFen: Fen, capLeftFen: Fen, amountFen: Fen, capped: Type.Boolean(), text: Type.Object(Text),
});
export const ApplicationSchema = Type.Object({
  id: Uuid,
  policyId: Uuid,
  policyVersion: Type.Integer(),
  policyName: Type.String(),
  kind: Kind,
  loanId: Uuid,
  uscc: Type.String(),
  status: Type.String(),
  materials: Type.Array(Type.String()),
  declared: Type.Object({ guaranteeFeeFen: Type.Optional(Type.String()), lossFen: Type.Optional(Type.String()) }),
  computation: Computation,
  approvedFen: Nullable(Fen),
  rejectReason: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Timestamp),
  submittedBy: Type.String(),
  submittedAt: Timestamp,
  payout: Nullable(Type.Object({ amountFen: Fen, paidOn: Day, voucherNo: Type.String() })),
});
export const ApplicationList = Type.Object({ items: Type.Array(ApplicationSchema) });
export const ApplicationDetail = Type.Object({
  application: ApplicationSchema,
  loan: Nullable(LoanSchema),
  judgement: Nullable(Judgement),
  preview: Nullable(Computation),
});
