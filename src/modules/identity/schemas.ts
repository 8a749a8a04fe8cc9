import { Type } from 'typebox';

export const OrgSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  uscc: Type.Union([Type.String(), Type.Null()]),
  /** GB/T 2260 region of the organisation (a district operator's statistics are scoped to it) */
  regionCode: Type.String(),
  /** institution sub-kind (bank, guarantor, …) or provider domain (tax, utilities, …) */
  category: Type.Union([Type.String(), Type.Null()]),
});

export const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  portal: Type.Union([Type.String(), Type.Null()]),
  org: OrgSchema,
  mfaPending: Type.Boolean(),
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 128 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const LoginReply = Type.Object({
  mfaRequired: Type.Boolean(),
  user: Type.Optional(MeSchema),
});

export const TotpBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 12 }) });

export const ApiKeySchema = Type.Object({
  keyId: Type.String(),
  label: Type.String(),
  alg: Type.String(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ProblemSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String() },
  { additionalProperties: true },
);
