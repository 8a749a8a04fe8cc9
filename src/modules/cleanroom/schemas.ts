import { Type } from 'typebox';

/** TypeBox schemas of the clean-room API (/api/v1/cleanroom). Specs travel as JSON and are checked by spec.ts. */
const Iso = Type.String({ format: 'date-time' });
const Sm3 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Org = Type.Object({ id: Type.String(), name: Type.String() });

export const Problem = Type.Object({ code: Type.String(), path: Type.String(), zh: Type.String(), en: Type.String() });

export const FeatureList = Type.Object({
  version: Type.String(),
  items: Type.Array(Type.Object({
    code: Type.String(),
    kind: Type.Union([Type.Literal('numeric'), Type.Literal('integer'), Type.Literal('boolean'), Type.Literal('categorical')]),
    minBinWidth: Type.Optional(Type.Number()),
    items: Type.Array(Type.String()),
    zh: Type.String(),
    en: Type.String(),
  })),
});

export const RuleSet = Type.Object({
  version: Type.String(),
  source: Type.String(),
  effectiveFrom: Type.String(),
  parameters: Type.Object({ minPopulation: Type.Integer(), maxSingleValueBins: Type.Integer(), maxBinaryCompanions: Type.Integer() }),
  rules: Type.Array(Type.Object({ code: Type.String(), stage: Type.String(), zh: Type.String(), en: Type.String() })),
});

export const CheckBody = Type.Object({ spec: Type.Unknown() });
export const CheckReply = Type.Object({
  valid: Type.Boolean(),
  problems: Type.Array(Problem),
  leaks: Type.Array(Problem),
  specSm3: Type.Union([Sm3, Type.Null()]),
  items: Type.Array(Type.String()),
});

export const CreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  spec: Type.Unknown(),
});
/** A spec from a finished federated training: the platform's (host) part with the institution's intercept and cut-offs. */
export const FromTrainingBody = Type.Object({
  trainingId: Type.String({ format: 'uuid' }),
  name: Type.String({ minLength: 1, maxLength: 80 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  intercept: Type.Number(),
  cutoffs: Type.Array(Type.Object({
    band: Type.String({ maxLength: 32 }), min: Type.Optional(Type.Union([Type.Number(), Type.Null()])), label: Type.Optional(Type.String({ maxLength: 80 })),
  }, { additionalProperties: false }), { maxItems: 10 }),
}, { additionalProperties: false });
export const VersionBody = Type.Object({ spec: Type.Unknown() });
export const RejectBody = Type.Object({ reason: Type.String({ maxLength: 500 }) });
export const RunBody = Type.Object({ versionId: Type.String({ format: 'uuid' }) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export const OutputQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')])) });

export const VersionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kind: Type.String(),
  /** the normalised spec (what the SM3 is computed over) */
  spec: Type.Unknown(),
  specSm3: Sm3,
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('superseded')]),
  submittedBy: Type.String(),
  submittedAt: Iso,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Iso, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  /** catalog items an enterprise's "model" authorisation must cover for a run of this version */
  items: Type.Array(Type.String()),
});

export const SpecSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  institution: Org,
  createdAt: Iso,
  versions: Type.Array(VersionSchema),
});
export const SpecList = Type.Object({ items: Type.Array(SpecSchema) });

export const PendingList = Type.Object({
  items: Type.Array(Type.Object({
    model: Type.Object({ id: Type.String(), name: Type.String(), institution: Org }),
    version: VersionSchema,
    base: Type.Union([VersionSchema, Type.Null()]),
    diff: Type.Array(Type.Object({ path: Type.String(), change: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
    leaks: Type.Array(Problem),
  })),
});

export const RunSchema = Type.Object({
  id: Type.String(),
  model: Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer(), versionId: Type.String() }),
  institution: Org,
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed'), Type.Literal('refused')]),
  progress: Type.Number(),
  specSm3: Sm3,
  population: Type.Object({ count: Type.Integer(), sm3: Type.Union([Sm3, Type.Null()]) }),
  excluded: Type.Object({ uncovered: Type.Integer(), limited: Type.Integer(), unregistered: Type.Integer() }),
  scored: Type.Integer(),
  outputSm3: Type.Union([Sm3, Type.Null()]),
  bands: Type.Record(Type.String(), Type.Integer()),
  refusal: Type.Union([Type.Object({ code: Type.String(), reasons: Type.Array(Problem) }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  auditIndex: Type.Union([Type.Integer(), Type.Null()]),
  requestedBy: Type.String(),
  createdAt: Iso,
  finishedAt: Type.Union([Iso, Type.Null()]),
});
export const RunList = Type.Object({ items: Type.Array(RunSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const RunCreated = Type.Object({ id: Type.String(), status: Type.String() });

export const OutputJson = Type.Object({
  runId: Type.String(),
  specSm3: Sm3,
  outputSm3: Sm3,
  count: Type.Integer(),
  items: Type.Array(Type.Object({ uscc: Type.String(), score: Type.String(), band: Type.String() })),
});
