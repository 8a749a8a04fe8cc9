import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const ManagedKindSchema = Type.Union([Type.Literal('institution'), Type.Literal('provider'), Type.Literal('operator')]);

export const AssessmentSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('passed'), Type.Literal('conditional'), Type.Literal('failed')]),
  assessedOn: Type.String(),
  validUntil: Nullable(Type.String()),
  assessor: Type.String(),
  note: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
  recordedBy: Type.String(),
});

export const ManagedOrgSchema = Type.Object({
  id: Type.String(),
  kind: ManagedKindSchema,
  name: Type.String(),
  uscc: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  category: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  users: Type.Integer(),
  assessment: Nullable(AssessmentSchema),
  assessmentState: Type.Union(['valid', 'conditional', 'expired', 'failed', 'none'].map((s) => Type.Literal(s))),
});

export const ManagedOrgDetailSchema = Type.Intersect([ManagedOrgSchema, Type.Object({ assessments: Type.Array(AssessmentSchema) })]);

export const AccountSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  state: Type.Union(['pending_activation', 'active', 'disabled', 'locked'].map((s) => Type.Literal(s))),
  createdAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  activationExpiresAt: Nullable(Type.String({ format: 'date-time' })),
});

export const ActivationSchema = Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });

export const OrgListQuery = Type.Object({ kind: ManagedKindSchema });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateOrgBody = Type.Object({
  kind: ManagedKindSchema,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  uscc: Type.Optional(Type.String({ maxLength: 18 })),
  regionCode: Type.String({ pattern: '^\\d{6}$' }),
  category: Type.Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false });

export const AssessmentBody = Type.Object({
  status: Type.Union([Type.Literal('passed'), Type.Literal('conditional'), Type.Literal('failed')]),
  assessedOn: Day,
  validUntil: Type.Optional(Nullable(Day)),
  assessor: Type.String({ minLength: 1, maxLength: 100 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
}, { additionalProperties: false });

export const CreateAccountBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  roles: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 8 }),
}, { additionalProperties: false });

export const ActivateBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  code: Type.String({ minLength: 1, maxLength: 40 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false });

export const ActivateReply = Type.Object({
  username: Type.String(),
  totp: Nullable(Type.Object({ secret: Type.String(), uri: Type.String() })),
});

const Localized = Type.Object({ zh: Type.String(), en: Type.String() });
export const CategoriesReply = Type.Object({
  institution: Type.Record(Type.String(), Localized),
  provider: Type.Record(Type.String(), Localized),
  roles: Type.Object({ enterprise: Type.Array(Type.String()), institution: Type.Array(Type.String()), provider: Type.Array(Type.String()), operator: Type.Array(Type.String()) }),
});

export const RegisterEnterpriseBody = Type.Object({
  uscc: Type.String({ minLength: 1, maxLength: 18 }),
  legalRepName: Type.String({ minLength: 1, maxLength: 50 }),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false });

export const RegisterEnterpriseReply = Type.Object({
  username: Type.String(),
  enterprise: Type.Object({ uscc: Type.String(), name: Type.String() }),
  replacedPredecessor: Type.Boolean(),
});
