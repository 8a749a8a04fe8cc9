import { Type, type Static } from 'typebox';

const Localised = { name: Type.String({ minLength: 1, maxLength: 200 }), nameEn: Type.String({ minLength: 1, maxLength: 300 }) };

export const FieldSchema = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
  ...Localised,
  type: Type.Union([
    Type.Literal('string'), Type.Literal('integer'), Type.Literal('decimal'), Type.Literal('date'), Type.Literal('boolean'),
    Type.Literal('enum'), Type.Literal('uscc'), Type.Literal('id_number'), Type.Literal('region_code'),
  ]),
  required: Type.Boolean(),
  personal: Type.Boolean(),
  format: Type.Optional(Type.String({ maxLength: 200 })),
  enum: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1 })),
  added: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const SourceRef = Type.Object({ seed: Type.String({ maxLength: 20 }), ref: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const ItemSchema = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  ...Localised,
  aliases: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  source: SourceRef,
  alsoIn: Type.Optional(Type.Array(SourceRef)),
  provider: Type.Object({ category: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
  sharingMode: Type.Union([Type.Literal('physical'), Type.Literal('interface'), Type.Literal('verification')]),
  authorisation: Type.Union([Type.Literal('none'), Type.Literal('required')]),
  level: Type.Union([Type.Literal('L1'), Type.Literal('L2'), Type.Literal('L3')]),
  updateFrequency: Type.Union(['realtime', 'daily', 'monthly', 'quarterly', 'yearly'].map((t) => Type.Literal(t))),
  deadline: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  naturalKey: Type.Array(Type.String(), { minItems: 1 }),
  fields: Type.Array(FieldSchema, { minItems: 1, maxItems: 200 }),
}, { additionalProperties: false });

export const CategorySchema = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  ...Localised,
  items: Type.Array(ItemSchema, { minItems: 1 }),
}, { additionalProperties: false });

export const CatalogDocumentSchema = Type.Object({
  version: Type.String(),
  effectiveFrom: Type.String({ format: 'date' }),
  sources: Type.Array(Type.Unknown()),
  categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 200 }),
}, { additionalProperties: false });
export type CatalogDocument = Static<typeof CatalogDocumentSchema>;
export type CatalogItem = Static<typeof ItemSchema>;

export const CatalogReply = Type.Object({
  version: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
  effectiveFrom: Type.String(),
  categories: Type.Array(CategorySchema),
});

export const PublishBody = Type.Object({
  note: Type.String({ minLength: 2, maxLength: 500, description: 'why the catalog changes (kept with the version)' }),
  /** The version the change was made against; refused when someone published in between. */
  baseVersion: Type.Integer({ minimum: 1 }),
  categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 200 }),
  effectiveFrom: Type.String({ format: 'date' }),
}, { additionalProperties: false });
export type PublishInput = Static<typeof PublishBody>;

export const VersionSummary = Type.Object({
  version: Type.Integer(),
  note: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  /** the publisher's display name; null for the bundled first version */
  publisherName: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.String({ format: 'date-time' }),
  items: Type.Integer(),
});
