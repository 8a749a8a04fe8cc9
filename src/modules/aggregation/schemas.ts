import { Type } from 'typebox';

const Localised = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
const Count = Type.Integer({ minimum: 0 });

export const BatchSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  batchId: Type.String({ description: "the provider's own batch id (idempotency key)" }),
  item: Type.String(),
  itemName: Type.String(),
  itemNameEn: Type.String(),
  catalogVersion: Type.Integer(),
  provider: Type.Object({ id: Type.String(), name: Type.String() }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('ndjson')]),
  encoding: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Literal('api'), Type.Literal('portal'), Type.Literal('cli'), Type.Literal('resubmission')]),
  status: Type.Union([Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')]),
  counts: Type.Object({ total: Count, inserted: Count, updated: Count, unchanged: Count, quarantined: Count, resolved: Count }),
  rowsProcessed: Count,
  error: Type.Union([Localised, Type.Null()]),
  resubmissionOf: Type.Union([Type.String(), Type.Null()]),
  submittedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  contentSm3: Type.Union([Type.String(), Type.Null()]),
  replayed: Type.Optional(Type.Boolean({ description: 'true when this batch id was received before and nothing changed now' })),
});

export const SubmitQuery = Type.Object({
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$', description: 'catalog item code' }),
  batchId: Type.String({ minLength: 1, maxLength: 128 }),
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json'), Type.Literal('ndjson')], { description: 'default: from Content-Type' })),
  encoding: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('utf-8'), Type.Literal('gbk')])),
  source: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('portal')])),
}, { additionalProperties: false });

export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  item: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Union([Type.Literal('processing'), Type.Literal('completed'), Type.Literal('failed')])),
}, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const CellValue = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Boolean(), Type.Null()]);

export const RowProblemSchema = Type.Object({ field: Type.Union([Type.String(), Type.Null()]), code: Type.String(), zh: Type.String(), en: Type.String() });

export const QuarantineQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')])),
}, { additionalProperties: false });

export const QuarantinePage = Type.Object({
  fields: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), nameEn: Type.String(), type: Type.String(), required: Type.Boolean(),
    enum: Type.Optional(Type.Array(Type.String())),
  })),
  items: Type.Array(Type.Object({
    rowNumber: Type.Integer(),
    status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    resolvedBy: Type.Union([Type.String(), Type.Null()]),
    values: Type.Record(Type.String(), CellValue),
    problems: Type.Array(RowProblemSchema),
  })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ResubmitBody = Type.Object({
  rows: Type.Array(Type.Object({
    rowNumber: Type.Integer({ minimum: 1 }),
    values: Type.Record(Type.String({ maxLength: 200 }), CellValue, { maxProperties: 200 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 10000 }),
}, { additionalProperties: false });

export const RecordParams = Type.Object({
  uscc: Type.String({ minLength: 18, maxLength: 18 }),
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
});

export const RecordVersion = Type.Object({
  key: Type.String({ description: 'natural-key values after the USCC, joined by U+001F' }),
  version: Type.Integer(),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  origin: Type.Union([Type.Literal('provider'), Type.Literal('self_report')]),
  batchId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), CellValue),
  objection: Type.Union([Type.Object({
    id: Type.String(), state: Type.Union([Type.Literal('open'), Type.Literal('escalated')]), filedAt: Type.String({ format: 'date-time' }),
  }, { description: 'the record is under objection (异议处理中)' }), Type.Null()]),
  withheld: Type.Union([Type.Object({
    reason: Type.Union([Type.Literal('repaired'), Type.Literal('expired'), Type.Literal('deleted')]),
    at: Type.String({ format: 'date-time' }), ref: Type.Union([Type.String(), Type.Null()]),
  }, { description: 'the record is no longer published (repaired, publicity expired, deleted after an objection)' }), Type.Null()]),
});

export const RecordsReply = Type.Object({
  uscc: Type.String(),
  item: Type.String(),
  asOf: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  records: Type.Array(RecordVersion),
});
