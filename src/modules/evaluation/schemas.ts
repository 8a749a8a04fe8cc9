import { Type } from 'typebox';

/** TypeBox schemas of the evaluation API (routes.ts) — every response declared, so nothing leaks by accident. */
export const Uscc = Type.String({ minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
export const UsccParams = Type.Object({ uscc: Uscc });
export const RunParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) });

const Text = { zh: Type.String(), en: Type.String() };
const GradeLetter = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]);

export const ReasonSchema = Type.Object({
  code: Type.String(),
  direction: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  points: Type.Number({ description: 'points on the model scale the factor added (up) or took away (down); 0 for grade caps' }),
  ...Text,
});
export const DimensionSchema = Type.Object({ code: Type.String(), score: Type.Number({ description: '0–100' }), weight: Type.Number(), ...Text });
export const TagSchema = Type.Object({ tag: Type.String(), ...Text });

export const EnterpriseEvaluation = Type.Object({
  uscc: Uscc,
  score: Type.Integer(),
  grade: Type.String(),
  modelVersion: Type.Integer(),
  computedAt: Type.String({ format: 'date-time' }),
  dimensions: Type.Array(DimensionSchema),
  reasons: Type.Array(ReasonSchema),
  tags: Type.Array(TagSchema),
});

export const HistoryQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false });

export const HistoryReply = Type.Object({
  items: Type.Array(Type.Object({
    score: Type.Integer(), grade: Type.String(), modelVersion: Type.Integer(), computedAt: Type.String({ format: 'date-time' }),
    dimensions: Type.Array(DimensionSchema), reasons: Type.Array(ReasonSchema),
  })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const TagSearchQuery = Type.Object({
  tag: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*(:[A-Za-z0-9_]+)?$', maxLength: 64 })),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$', description: 'GB/T 2260 code or prefix (13 = 河北省, 1310 = 廊坊市)' })),
  grade: Type.Optional(Type.String({ pattern: '^[ABCD][+-]?$', description: 'a grade letter (all its sub-grades) or an exact sub-grade' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false });

export const TagSearchReply = Type.Object({
  items: Type.Array(Type.Object({
    uscc: Uscc, name: Type.String(), regionCode: Type.String(), score: Type.Integer(), grade: Type.String(),
    modelVersion: Type.Integer(), computedAt: Type.String({ format: 'date-time' }), tags: Type.Array(Type.String()),
  })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const OutcomeSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  points: Type.Number({ minimum: 0, maximum: 100 }),
  zh: Type.String({ minLength: 1, maxLength: 200 }),
  en: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

const RuleSchema = Type.Union([
  Type.Object({
    type: Type.Literal('bands'),
    bands: Type.Array(Type.Object({ below: Type.Optional(Type.Number()), ...OutcomeSchema.properties }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
    missing: OutcomeSchema,
  }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('flag'), yes: OutcomeSchema, no: OutcomeSchema, missing: OutcomeSchema }, { additionalProperties: false }),
  Type.Object({
    type: Type.Literal('category'), values: Type.Record(Type.String(), OutcomeSchema), other: OutcomeSchema, missing: OutcomeSchema,
  }, { additionalProperties: false }),
]);

export const ModelDefinitionSchema = Type.Object({
  name: Type.Object(Text),
  description: Type.Optional(Type.Object(Text)),
  scale: Type.Integer({ minimum: 10, maximum: 100000 }),
  dimensions: Type.Array(Type.Object({
    code: Type.String(), zh: Type.String(), en: Type.String(), weight: Type.Number({ exclusiveMinimum: 0 }),
    indicators: Type.Array(Type.Object({
      code: Type.String(), feature: Type.String(), zh: Type.String(), en: Type.String(), weight: Type.Number({ exclusiveMinimum: 0 }),
      neutral: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })), rule: RuleSchema,
    }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  grades: Type.Array(Type.Object({
    grade: GradeLetter, min: Type.Number(), plusFrom: Type.Optional(Type.Number()), minusBelow: Type.Optional(Type.Number()), zh: Type.String(), en: Type.String(),
  }, { additionalProperties: false }), { minItems: 4, maxItems: 4 }),
  caps: Type.Array(Type.Object({
    code: Type.String(), feature: Type.String(), above: Type.Optional(Type.Number()), in: Type.Optional(Type.Array(Type.String())),
    maxGrade: GradeLetter, zh: Type.String(), en: Type.String(),
  }, { additionalProperties: false }), { maxItems: 20 }),
  reasons: Type.Object({ up: Type.Integer({ minimum: 0, maximum: 10 }), down: Type.Integer({ minimum: 0, maximum: 10 }) }),
}, { additionalProperties: false });

export const PublishModelBody = Type.Object({
  definition: ModelDefinitionSchema,
  activate: Type.Optional(Type.Boolean({ default: true, description: 'make it the model new scores use (default true)' })),
}, { additionalProperties: false });

export const ModelReply = Type.Object({
  version: Type.Integer(),
  active: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  definition: ModelDefinitionSchema,
});

export const ModelList = Type.Object({ items: Type.Array(ModelReply) });

export const RunReply = Type.Object({
  id: Type.String(),
  trigger: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  modelVersion: Type.Union([Type.Integer(), Type.Null()]),
  total: Type.Integer(),
  done: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
