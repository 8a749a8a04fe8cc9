import { Type } from 'typebox';

/**
 * TypeBox schemas of the marketplace API (routes.ts) — every response declared. Money is integer fen as a decimal
 * string (`"500000000"` = 5,000,000.00 yuan); rates are integer basis points (385 = 3.85 % a year). Never a float.
 */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
export const Fen = Type.String({ pattern: '^[0-9]{1,15}$', description: 'integer fen (分) as a decimal string; no decimals, no exponent' });
const Text = { zh: Type.String(), en: Type.String() };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Uuid });

export const ProductBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  productType: Type.String({ maxLength: 32 }),
  programme: Type.String({ maxLength: 32 }),
  amountMinFen: Fen,
  amountMaxFen: Fen,
  termMinMonths: Type.Integer({ minimum: 1, maximum: 360 }),
  termMaxMonths: Type.Integer({ minimum: 1, maximum: 360 }),
  rateMinBp: Type.Integer({ minimum: 0, maximum: 10000, description: 'annual rate floor in basis points' }),
  rateMaxBp: Type.Integer({ minimum: 0, maximum: 10000 }),
  repaymentModes: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 10 }),
  regionPrefixes: Type.Array(Type.String({ pattern: '^[0-9]{2,6}$' }), { minItems: 1, maxItems: 50, description: 'GB/T 2260 codes or prefixes served' }),
  rules: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 30, description: 'eligibility rules (src/modules/marketplace/eligibility.ts)' }),
  requiredAuthorisations: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }), { maxItems: 30, description: 'catalog items the enterprise must authorise' }),
  requiredMaterials: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 }),
  description: Type.String({ maxLength: 2000 }),
});

const ProductCore = {
  id: Uuid,
  version: Type.Integer(),
  institution: Type.Object({ id: Uuid, name: Nullable(Type.String()) }),
  name: Type.String(),
  productType: Type.String(),
  programme: Type.String(),
  section: Nullable(Type.String()),
  amountMinFen: Fen,
  amountMaxFen: Fen,
  termMinMonths: Type.Integer(),
  termMaxMonths: Type.Integer(),
  rateMinBp: Type.Integer(),
  rateMaxBp: Type.Integer(),
  repaymentModes: Type.Array(Type.String()),
  regionPrefixes: Type.Array(Type.String()),
  rules: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  requiredAuthorisations: Type.Array(Type.String()),
  requiredMaterials: Type.Array(Type.String()),
  description: Type.String(),
};
export const PublicProduct = Type.Object({ ...ProductCore, publishedAt: Nullable(DateTime) });
export const PublicProductList = Type.Object({ items: Type.Array(PublicProduct), total: Type.Integer() });
export const PublicQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 32 })),
  programme: Type.Optional(Type.String({ maxLength: 32 })),
  section: Type.Optional(Type.String({ maxLength: 32 })),
  amountFen: Type.Optional(Fen),
  termMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 360 })),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export const ProductVersion = Type.Object({
  ...ProductCore,
  status: Type.String(),
  liveVersion: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: DateTime,
  submittedAt: Nullable(DateTime),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(DateTime),
  reviewReason: Nullable(Type.String()),
});
export const ProductVersionList = Type.Object({ items: Type.Array(ProductVersion) });
const DiffEntry = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });
export const ReviewQueue = Type.Object({ items: Type.Array(Type.Object({ version: ProductVersion, diff: Type.Array(DiffEntry) })) });
export const ReviewBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});

export const DemandBody = Type.Object({
  amountFen: Fen,
  termMonths: Type.Integer({ minimum: 1, maximum: 360 }),
  purpose: Type.String({ minLength: 1, maxLength: 500 }),
  guarantees: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 4 }),
  urgency: Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('very_urgent')]),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
});
export const Demand = Type.Object({
  id: Uuid,
  uscc: Type.String(),
  amountFen: Fen,
  termMonths: Type.Integer(),
  purpose: Type.String(),
  guarantees: Type.Array(Type.String()),
  urgency: Type.String(),
  status: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
  matchedAt: Nullable(DateTime),
});
export const DemandList = Type.Object({ items: Type.Array(Demand) });

const RuleOutcome = Type.Object({ rule: Type.String(), kind: Type.String(), held: Type.Boolean(), ...Text });
const FitReason = Type.Object({ criterion: Type.String(), points: Type.Integer(), max: Type.Integer(), ...Text });
export const MatchSchema = Type.Object({
  product: Type.Object({ id: Uuid, version: Type.Integer(), name: Type.String(), institution: Type.Object({ id: Uuid, name: Nullable(Type.String()) }), productType: Type.String(), programme: Type.String(), amountMinFen: Fen, amountMaxFen: Fen, rateMinBp: Type.Integer(), rateMaxBp: Type.Integer() }),
  eligible: Type.Boolean(),
  fitBp: Type.Integer({ description: 'fit score in basis points, 0–10000' }),
  rules: Type.Array(RuleOutcome),
  fit: Type.Array(FitReason),
});
export const Inbox = Type.Object({
  demands: Type.Array(Type.Object({ demand: Demand, recommended: Type.Array(MatchSchema), nearMisses: Type.Array(MatchSchema) })),
  profile: Type.Object({ evaluated: Type.Boolean(), recommended: Type.Array(MatchSchema), nearMisses: Type.Array(MatchSchema) }),
});

export const QueueQuery = Type.Object({ productId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });
export const Queue = Type.Object({
  items: Type.Array(Type.Object({
    demand: Type.Object({ id: Uuid, uscc: Type.String(), enterpriseName: Nullable(Type.String()), amountFen: Fen, termMonths: Type.Integer(), purpose: Type.String(), guarantees: Type.Array(Type.String()), urgency: Type.String(), createdAt: DateTime }),
    product: Type.Object({ id: Uuid, version: Type.Integer(), name: Nullable(Type.String()) }),
    fitBp: Type.Integer(),
    rules: Type.Array(RuleOutcome),
    fit: Type.Array(FitReason),
  })),
});

export const CandidatesQuery = Type.Object({ productId: Uuid, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });
export const Candidates = Type.Object({
  items: Type.Array(Type.Object({
    enterprise: Type.Object({ uscc: Type.String(), name: Type.String(), regionCode: Type.String(), industryCode: Type.String(), sizeClass: Type.String(), grade: Nullable(Type.String()) }),
    fitBp: Type.Integer(),
    rules: Type.Array(RuleOutcome),
    fit: Type.Array(FitReason),
  })),
});

const Coded = Type.Array(Type.Object({ code: Type.String(), ...Text }));
export const Options = Type.Object({
  productTypes: Type.Array(Type.Object({ code: Type.String(), ...Text, guarantees: Type.Array(Type.String()) })),
  programmes: Type.Array(Type.Object({ code: Type.String(), ...Text, tags: Type.Array(Type.String()), section: Nullable(Type.String()) })),
  sections: Coded,
  repaymentModes: Coded,
  guarantees: Coded,
  urgencies: Coded,
  ruleKinds: Type.Array(Type.String()),
  profileTags: Coded,
  features: Type.Array(Type.String()),
  grades: Type.Array(Type.String()),
  sizeClasses: Type.Array(Type.String()),
  entityTypes: Type.Array(Type.String()),
  weights: Type.Record(Type.String(), Type.Integer()),
});
export const RematchReply = Type.Object({ demands: Type.Integer() });
