import { Type } from 'typebox';

/** TypeBox schemas of the privacy API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Timestamp = Type.String({ format: 'date-time' });
const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$', maxLength: 1_000_000 });
const Cipher = Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 2000 });
const Summary = Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]), { description: 'counts, metrics and SM3 digests; never ids' });

export const IdParams = Type.Object({ id: Uuid });
export const ChunkParams = Type.Object({ id: Uuid, chunk: Type.Integer({ minimum: 0, maximum: 10_000 }) });
export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const Job = {
  id: Uuid,
  institution: Type.Object({ id: Uuid, name: Type.String() }),
  status: Type.String(),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  summary: Summary,
};

export const PsiJobSchema = Type.Object({
  ...Job,
  status: Type.Union(['awaiting_upload', 'double_blinding', 'awaiting_double', 'intersecting', 'finished', 'failed'].map((s) => Type.Literal(s))),
  chunkSize: Type.Integer(),
  chunks: Type.Object({ institution: Type.Integer(), platform: Type.Integer() }, { description: 'number of chunks of each side’s set' }),
  error: Type.Union([Type.String(), Type.Null()]),
});
export const PsiJobList = Type.Object({ items: Type.Array(PsiJobSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const PsiCreateBody = Type.Object({
  idCount: Type.Integer({ minimum: 1, maximum: 2_000_000, description: 'how many ids the institution brings' }),
  chunkSize: Type.Optional(Type.Integer({ minimum: 100, maximum: 20_000, default: 10_000 })),
});
export const PointsBody = Type.Object({ points: Base64 });
export const PointsReply = Type.Object({ chunk: Type.Integer(), points: Base64 });

const PublicKey = Type.Object({ n: Type.String(), hs: Type.String(), bits: Type.Integer() });
export const TrainingSchema = Type.Object({
  ...Job,
  status: Type.Union(['running', 'converged', 'finished', 'failed'].map((s) => Type.Literal(s))),
  psiJobId: Uuid,
  samples: Type.Integer(),
  step: Type.Integer({ description: 'the next mini-batch step the platform expects' }),
  stepsPerEpoch: Type.Integer(),
  config: Type.Object({
    batchSize: Type.Integer(), learningRate: Type.Number(), lambda: Type.Number(), maxIterations: Type.Integer(), tolerance: Type.Number(),
    keyBits: Type.Integer(), guestFeatures: Type.Integer(),
  }),
  hostFeatures: Type.Array(Type.String(), { description: 'names of the platform features (their values never leave)' }),
  publicKey: PublicKey,
});
export const TrainingList = Type.Object({ items: Type.Array(TrainingSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const TrainingCreateBody = Type.Object({
  psiJobId: Uuid,
  guestFeatures: Type.Integer({ minimum: 0, maximum: 200, description: 'how many features the institution brings' }),
  batchSize: Type.Optional(Type.Integer({ minimum: 10, maximum: 10_000, default: 2_500 })),
  learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.5 })),
  lambda: Type.Optional(Type.Number({ minimum: 0, maximum: 10, default: 1e-4 })),
  maxIterations: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
  tolerance: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 1e-4 })),
  keyBits: Type.Optional(Type.Integer({ minimum: 512, maximum: 4096, multipleOf: 256, default: 2048 })),
});
export const TrainingCreated = Type.Object({ training: TrainingSchema, intersectionSm3: Type.String({ description: 'SM3 of the sorted intersection ids joined by LF, to check alignment' }) });
export const StepBody = Type.Object({ step: Type.Integer({ minimum: 0 }) });
export const ForwardReply = Type.Object({ step: Type.Integer(), ciphertexts: Type.Array(Cipher) });
export const BackwardBody = Type.Object({
  step: Type.Integer({ minimum: 0 }),
  residuals: Type.Array(Cipher, { maxItems: 10_000 }),
  maskedGradient: Type.Array(Cipher, { maxItems: 201 }),
});
export const BackwardReply = Type.Object({ step: Type.Integer(), maskedGradient: Type.Array(Type.String({ pattern: '^[0-9]+$' }), { description: 'G + R decrypted by the arbiter' }) });
export const ReportBody = Type.Object({ step: Type.Integer({ minimum: 0 }), gradientNormSq: Type.Number({ minimum: 0 }) });
export const ModelSpec = Type.Object({
  format: Type.Literal('xinrong.logistic-spec/v1'),
  kind: Type.Literal('logistic'),
  source: Type.Object({ trainingId: Uuid, psiJobId: Uuid, role: Type.Literal('host') }),
  terms: Type.Array(Type.Object({ feature: Type.String(), coefficient: Type.Number(), standardisedCoefficient: Type.Number(), mean: Type.Number(), std: Type.Number() })),
  offset: Type.Number(),
  note: Type.String(),
});
export const ArbiterLog = Type.Object({
  items: Type.Array(Type.Object({
    seq: Type.Integer(), step: Type.Integer(), kind: Type.String(), party: Type.String(), count: Type.Integer(), detail: Summary, at: Timestamp,
  })),
});
