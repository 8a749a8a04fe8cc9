import { Type } from 'typebox';

const Bp = (description: string) => Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()], { description });

export const QUALITY_DEFINITIONS = 'Definitions — coverage (归集率): registered enterprises with at least one current record of the item ÷ all registered enterprises. '
  + 'Completeness: over current records, filled fields ÷ (records × fields), for all fields and for the optional fields alone (ingest enforces required ones); '
  + 'personal fields are never decrypted and count as filled when the record carries personal data. '
  + 'Timeliness: age of the newest completed batch that accepted a row versus the update frequency (realtime and daily 1 day, monthly 31, quarterly 92, yearly 366) → on_time / late / never. '
  + 'Error rate: rows quarantined ÷ rows received in completed batches over the window (default 30 days). '
  + 'Percentages are basis points (0–10000); interface-call and verification items hold no stored records, so their indicators are null / not_applicable.';

export const ItemQualitySchema = Type.Object({
  item: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  providerCategory: Type.String(),
  providerName: Type.String(),
  sharingMode: Type.Union([Type.Literal('physical'), Type.Literal('interface'), Type.Literal('verification')]),
  updateFrequency: Type.String(),
  registeredEnterprises: Type.Integer({ description: 'enterprises in the registry' }),
  coveredEnterprises: Type.Integer({ description: 'registered enterprises with at least one current record of the item' }),
  currentRecords: Type.Integer(),
  coverageBp: Bp('coverage (归集率) in basis points'),
  completeness: Type.Object({
    fields: Type.Integer(),
    optionalFields: Type.Integer(),
    allBp: Bp('filled share of all fields over current records'),
    optionalBp: Bp('filled share of the optional fields over current records'),
  }),
  timeliness: Type.Object({
    status: Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('never'), Type.Literal('not_applicable')]),
    expectedDays: Type.Integer({ description: 'the interval the update frequency promises' }),
    lastReceivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    ageDays: Type.Union([Type.Integer(), Type.Null()], { description: 'whole days since lastReceivedAt' }),
  }),
  errors: Type.Object({
    windowDays: Type.Integer(),
    batches: Type.Integer(),
    rowsReceived: Type.Integer(),
    rowsQuarantined: Type.Integer(),
    rateBp: Bp('rows quarantined ÷ rows received in the window'),
  }),
});

export const ItemsQuery = Type.Object({
  provider: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'provider category (catalog provider.category)' })),
  windowDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'error-rate window in days (default 30)' })),
}, { additionalProperties: false });

export const ItemsReply = Type.Object({ generatedAt: Type.String({ format: 'date-time' }), items: Type.Array(ItemQualitySchema) });

export const TrendParams = Type.Object({ item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }) });
export const TrendQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 731, description: 'days back from today (default 90)' })) }, { additionalProperties: false });

export const SnapshotPoint = Type.Object({
  day: Type.String({ format: 'date' }),
  coverageBp: Bp('coverage that day'),
  completenessAllBp: Bp('completeness of all fields that day'),
  completenessOptionalBp: Bp('completeness of the optional fields that day'),
  errorRateBp: Bp('error rate over the 30 days before the snapshot'),
  timeliness: Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('never'), Type.Literal('not_applicable')]),
  ageDays: Type.Union([Type.Integer(), Type.Null()]),
  registeredEnterprises: Type.Integer(),
  coveredEnterprises: Type.Integer(),
  currentRecords: Type.Integer(),
  rowsReceived: Type.Integer(),
  rowsQuarantined: Type.Integer(),
  takenAt: Type.String({ format: 'date-time' }),
});

export const TrendReply = Type.Object({ item: Type.String(), days: Type.Integer(), points: Type.Array(SnapshotPoint) });

export const SnapshotReply = Type.Object({ day: Type.String({ format: 'date' }), items: Type.Integer(), takenAt: Type.String({ format: 'date-time' }) });

export const UsageQuery = Type.Object({
  provider: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'provider category' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'days back from now (default 30)' })),
}, { additionalProperties: false });

export const UsageRow = Type.Object({
  consumerOrgId: Type.String(),
  consumerName: Type.String({ description: 'the institution that used the data' }),
  item: Type.String(),
  itemName: Type.String(),
  itemNameEn: Type.String(),
  providerCategory: Type.String(),
  purpose: Type.Union([Type.String(), Type.Null()]),
  mode: Type.Union([Type.Literal('verification'), Type.Literal('interface_call'), Type.Literal('record_read')]),
  uses: Type.Integer(),
  enterprises: Type.Integer({ description: 'distinct enterprises the uses concerned' }),
  lastUsedAt: Type.String({ format: 'date-time' }),
});

export const UsageReply = Type.Object({ days: Type.Integer(), items: Type.Array(UsageRow) });
