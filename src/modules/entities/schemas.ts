import { Type, type Static } from 'typebox';

const Yuan = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,2})?$', description: 'yuan as a decimal string, e.g. "20000000.00"' });
const NullableYuan = Type.Union([Yuan, Type.Null()]);

export const EntityType = Type.Union([Type.Literal('enterprise'), Type.Literal('individual_business'), Type.Literal('farmer_cooperative'), Type.Literal('other')]);
export const EntityStatus = Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('cancelled'), Type.Literal('moved_out')]);
export const SizeClassLiteral = Type.Union([Type.Literal('large'), Type.Literal('medium'), Type.Literal('small'), Type.Literal('micro'), Type.Literal('unknown')]);

export const EntitySummarySchema = Type.Object({
  uscc: Type.String(),
  name: Type.String(),
  entityType: EntityType,
  regionCode: Type.String(),
  regionName: Type.String(),
  industryCode: Type.String(),
  industryName: Type.String(),
  sizeClass: SizeClassLiteral,
  status: EntityStatus,
  establishedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});

export const SizeSchema = Type.Object({
  sizeClass: SizeClassLiteral,
  rule: Type.String(),
  ruleEn: Type.String(),
  tableVersion: Type.String(),
  missing: Type.Array(Type.String()),
});

export const EntityDetailSchema = Type.Object({
  ...EntitySummarySchema.properties,
  registrationAuthority: Type.String(),
  registeredCapital: NullableYuan,
  legalRep: Type.Object({
    name: Type.Union([Type.String(), Type.Null()]),
    idType: Type.Union([Type.String(), Type.Null()]),
    idNumber: Type.Union([Type.String(), Type.Null()]),
    mobile: Type.Union([Type.String(), Type.Null()]),
    masked: Type.Boolean(),
  }),
  employees: Type.Union([Type.Integer(), Type.Null()]),
  revenue: NullableYuan,
  assets: NullableYuan,
  /** Fields withheld from this caller (business data needs the enterprise's authorisation). */
  restricted: Type.Array(Type.String()),
  size: SizeSchema,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const EntityInputSchema = Type.Object({
  uscc: Type.String({ maxLength: 64 }),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  entityType: EntityType,
  registrationAuthority: Type.String({ minLength: 2, maxLength: 200 }),
  regionCode: Type.String({ maxLength: 16 }),
  industryCode: Type.String({ maxLength: 16 }),
  registeredCapital: Type.Optional(NullableYuan),
  establishedOn: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
  legalRep: Type.Optional(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 50 }),
    idType: Type.Union([Type.Literal('RESIDENT_ID'), Type.Literal('PASSPORT'), Type.Literal('HK_MACAO_PERMIT'), Type.Literal('TAIWAN_PERMIT'), Type.Literal('FOREIGN_PERMANENT_RESIDENT')]),
    idNumber: Type.String({ minLength: 5, maxLength: 32 }),
    mobile: Type.Optional(Type.Union([Type.String({ pattern: '^1\\d{10}$' }), Type.Null()])),
  })),
  status: Type.Optional(EntityStatus),
  employees: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()])),
  revenue: Type.Optional(NullableYuan),
  assets: Type.Optional(NullableYuan),
}, { additionalProperties: false });
export type EntityInput = Static<typeof EntityInputSchema>;

export const EntityPatchSchema = Type.Partial(Type.Omit(EntityInputSchema, ['uscc']), { additionalProperties: false });
export type EntityPatch = Static<typeof EntityPatchSchema>;

export const EntitySearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'name prefix' })),
  uscc: Type.Optional(Type.String({ maxLength: 18 })),
  region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code; matches its whole subtree' })),
  industry: Type.Optional(Type.String({ maxLength: 5, description: 'GB/T 4754 section, division, group or class' })),
  size: Type.Optional(SizeClassLiteral),
  status: Type.Optional(EntityStatus),
  type: Type.Optional(EntityType),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});
export type EntitySearch = Static<typeof EntitySearchQuery>;

export const CodeCheckSchema = Type.Union([
  Type.Object({ valid: Type.Literal(true) }),
  Type.Object({
    valid: Type.Literal(false),
    error: Type.Object({
      code: Type.String(),
      position: Type.Integer(),
      message: Type.String(),
      messageEn: Type.String(),
      expected: Type.Optional(Type.String()),
    }),
  }),
]);

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  fullName: Type.String(),
  tableVersion: Type.String(),
});

export const IndustrySchema = Type.Object({
  code: Type.String(),
  level: Type.String(),
  section: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  exact: Type.Boolean(),
});

export const SizeClassBody = Type.Object({
  industryCode: Type.String({ maxLength: 16 }),
  employees: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  revenue: Type.Optional(NullableYuan),
  assets: Type.Optional(NullableYuan),
});

export const SizeClassReply = Type.Object({
  sizeClass: SizeClassLiteral,
  rule: Type.String(),
  ruleEn: Type.String(),
  row: Type.Integer(),
  industryGroup: Type.String(),
  tableVersion: Type.String(),
  missing: Type.Array(Type.String()),
});
