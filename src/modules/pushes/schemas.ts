import { Type } from 'typebox';

/** TypeBox schemas of the push API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Frequency = Type.Union([Type.Literal('daily'), Type.Literal('weekly')]);
const Timestamp = Type.String({ format: 'date-time' });
const Cursor = Type.Union([Type.String(), Type.Null()]);

export const BatchParams = Type.Object({ id: Uuid });
export const SubscriptionBody = Type.Object({
  regionPrefixes: Type.Array(Type.String({ pattern: '^[0-9]{2,6}$' }), { maxItems: 50, description: 'GB/T 2260 region code prefixes; empty = every region' }),
  industryPrefixes: Type.Array(Type.String({ pattern: '^[A-T][0-9]{0,4}$' }), { maxItems: 50, description: 'GB/T 4754-2017 sections or code prefixes; empty = every industry' }),
  items: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }), { minItems: 1, maxItems: 40, description: 'public (L1) catalog items; others are refused' }),
  frequency: Frequency,
});
export const SubscriptionReply = Type.Object({
  subscribed: Type.Boolean(),
  regionPrefixes: Type.Array(Type.String()),
  industryPrefixes: Type.Array(Type.String()),
  items: Type.Array(Type.String()),
  frequency: Frequency,
  nextDueAt: Type.Union([Timestamp, Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export const ItemList = Type.Object({
  items: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.String(),
    fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), personal: Type.Boolean() })),
  })),
});
export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const EntriesQuery = Type.Object({
  item: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' })),
  cursor: Type.Optional(Type.String({ maxLength: 600 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export const BatchSchema = Type.Object({
  id: Uuid,
  trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('on_demand')]),
  period: Type.String(),
  frequency: Frequency,
  regionPrefixes: Type.Array(Type.String()),
  industryPrefixes: Type.Array(Type.String()),
  items: Type.Array(Type.String()),
  entryCount: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'entries per item code' }),
  createdAt: Timestamp,
  readyAt: Type.Union([Timestamp, Type.Null()]),
});
export const BatchList = Type.Object({ items: Type.Array(BatchSchema), nextCursor: Cursor });
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const EntrySchema = Type.Object({
  uscc: Type.String(), entityName: Type.String(), regionCode: Type.String(), industryCode: Type.String(),
  item: Type.String(), recordKey: Type.String(), version: Type.Integer(), change: Type.Union([Type.Literal('inserted'), Type.Literal('updated')]),
  validFrom: Timestamp,
  data: Type.Record(Type.String(), Scalar, { description: 'the record as the public view shows it to an institution: personal fields masked' }),
  masked: Type.Array(Type.String(), { description: 'codes of the fields masked' }),
  objection: Type.Union([Type.Object({
    id: Type.String(), state: Type.Union([Type.Literal('open'), Type.Literal('escalated')]), filedAt: Timestamp,
  }, { description: 'the record is under objection (异议处理中) now' }), Type.Null()]),
});
export const EntryList = Type.Object({ items: Type.Array(EntrySchema), nextCursor: Cursor });
export const RunBody = Type.Object({
  institutionOrgId: Type.Optional(Uuid),
});
export const RunReply = Type.Object({
  batches: Type.Array(Type.Object({ batchId: Uuid, institutionOrgId: Uuid, period: Type.String(), entries: Type.Integer(), webhook: Type.Boolean() })),
});
