import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const STATUSES = ['PENDING', 'ACTIVE', 'PAUSED', 'REVOKED', 'EXPIRED', 'DECLINED'] as const;
export type AuthorisationStatus = (typeof STATUSES)[number];
export const MODES = ['view', 'query', 'verify', 'model'] as const;
export type UseMode = (typeof MODES)[number];
export const PERIODS = ['day', 'month'] as const;
export type LimitPeriod = (typeof PERIODS)[number];

const Uscc = Type.String({ minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
const ItemCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' });
const Status = Type.Union([Type.Literal('PENDING'), Type.Literal('ACTIVE'), Type.Literal('PAUSED'), Type.Literal('REVOKED'), Type.Literal('EXPIRED'), Type.Literal('DECLINED')]);
const Mode = Type.Union([Type.Literal('view'), Type.Literal('query'), Type.Literal('verify'), Type.Literal('model')]);

export const FrequencyLimit = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: 100000 }),
  period: Type.Union([Type.Literal('day'), Type.Literal('month')]),
}, { additionalProperties: false });

/** A day (YYYY-MM-DD: valid through the end of that day, Asia/Shanghai) or an instant with offset. */
const ValidTo = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'last day of validity (YYYY-MM-DD, through 24:00 Asia/Shanghai) or an ISO 8601 instant with offset',
});

const Terms = {
  purpose: Type.String({ pattern: '^[A-Z][A-Z_]{1,40}$' }),
  items: Type.Array(ItemCode, { minItems: 1, maxItems: 100 }),
  mode: Mode,
  validTo: ValidTo,
  frequencyLimit: FrequencyLimit,
  retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
};

export const GrantBody = Type.Object({ institutionId: Type.String({ format: 'uuid' }), ...Terms }, { additionalProperties: false });
export type GrantInput = Static<typeof GrantBody>;

export const RequestBody = Type.Object({ uscc: Uscc, ...Terms, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type RequestInput = Static<typeof RequestBody>;

/** Written authorisation (书面授权) uploaded by an operator: the terms plus the scanned document. */
export const WrittenBody = Type.Object({
  uscc: Uscc,
  institutionId: Type.String({ format: 'uuid' }),
  ...Terms,
  note: Type.Optional(Type.String({ maxLength: 500 })),
  document: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.String({ pattern: '^(application/pdf|image/(png|jpeg|tiff))$' }),
    /** base64 of the file, at most 5 MB decoded */
    base64: Type.String({ minLength: 4, maxLength: 7_000_000 }),
  }, { additionalProperties: false }),
}, { additionalProperties: false });
export type WrittenInput = Static<typeof WrittenBody>;

export const ActionBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'why (required when an operator revokes)' })),
}, { additionalProperties: false });

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  uscc: Type.Optional(Uscc),
}, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const Authorisation = Type.Object({
  id: Type.String(),
  status: Status,
  channel: Type.Union([Type.Literal('online'), Type.Literal('written')]),
  enterprise: Type.Object({ uscc: Type.String(), name: Type.String() }),
  institution: Type.Object({ id: Type.String(), name: Type.String() }),
  purpose: Type.String(),
  items: Type.Array(Type.String()),
  mode: Mode,
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.String({ format: 'date-time' }),
  frequencyLimit: FrequencyLimit,
  retentionDays: Type.Integer(),
  usageCount: Type.Integer(),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ArtefactPayload = Type.Object({
  type: Type.Literal('xinrong.authorisation.v1'),
  id: Type.String(),
  enterprise: Type.Object({ uscc: Type.String(), name: Type.String() }),
  institution: Type.Object({ id: Type.String(), name: Type.String() }),
  purpose: Type.String(),
  items: Type.Array(Type.String()),
  mode: Mode,
  validFrom: Type.String(),
  validTo: Type.String(),
  frequencyLimit: FrequencyLimit,
  retentionDays: Type.Integer(),
  channel: Type.Union([Type.Literal('online'), Type.Literal('written')]),
  documentSm3: Nullable(Type.String()),
  grantedAt: Type.String(),
  grantedBy: Type.String(),
});
export type ArtefactPayloadT = Static<typeof ArtefactPayload>;

export const Artefact = Type.Object({
  payload: ArtefactPayload,
  signature: Type.String({ description: 'platform signature over the canonical JSON of payload (README: artefact)' }),
  alg: Type.Union([Type.Literal('sm2'), Type.Literal('ed25519')]),
  keyId: Type.String(),
});
export type ArtefactT = Static<typeof Artefact>;

export const AuthorisationDetail = Type.Object({
  ...Authorisation.properties,
  note: Nullable(Type.String()),
  document: Nullable(Type.Object({ name: Type.String(), contentType: Type.String(), sm3: Type.String(), bytes: Type.Integer() })),
  artefact: Nullable(Artefact),
  history: Type.Array(Type.Object({
    status: Status,
    at: Type.String({ format: 'date-time' }),
    /** user id (a token) of who changed it; null for the platform's own jobs */
    actor: Nullable(Type.String()),
    role: Type.String(),
    reason: Nullable(Type.String()),
  })),
});

export const AuthorisationList = Type.Object({ items: Type.Array(Authorisation) });

export const PurposeList = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })) });
export const InstitutionList = Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), category: Type.String() })) });
export const ItemList = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), level: Type.String() })) });
export const PublicKey = Type.Object({ alg: Type.String(), keyId: Type.String(), publicKey: Type.String() });

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  text: Type.Object({ zh: Type.String(), en: Type.String() }),
  authorisationId: Nullable(Type.String()),
  readAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export const NotificationList = Type.Object({ items: Type.Array(Notification), unread: Type.Integer() });

export const DataParams = Type.Object({ uscc: Type.String({ minLength: 1, maxLength: 40 }) });
export const DataQuery = Type.Object({
  purpose: Type.Optional(Type.String({ maxLength: 40 })),
  items: Type.Optional(Type.String({ maxLength: 2000, description: 'comma-separated item codes; without it every item the caller may see' })),
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'operators: why the data is read (at least 4 characters), recorded in the audit log' })),
}, { additionalProperties: false });

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const DataReply = Type.Object({
  uscc: Type.String(),
  name: Type.String(),
  purpose: Nullable(Type.String()),
  items: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    level: Type.String(),
    access: Type.Union([Type.Literal('public'), Type.Literal('authorised'), Type.Literal('subject'), Type.Literal('operator')]),
    authorisationId: Nullable(Type.String()),
    records: Type.Array(Type.Object({
      key: Type.String(),
      version: Type.Integer(),
      validFrom: Type.String(),
      data: Type.Record(Type.String(), Scalar),
      masked: Type.Array(Type.String()),
      objection: Nullable(Type.Object({
        id: Type.String(), state: Type.Union([Type.Literal('open'), Type.Literal('escalated')]), filedAt: Type.String({ format: 'date-time' }),
      }, { description: 'the record is under objection (异议处理中, C11)' })),
    })),
  })),
});
export type DataReplyT = Static<typeof DataReply>;

export const WebhookBody = Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }) }, { additionalProperties: false });
export const Webhook = Type.Object({ url: Type.String(), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) });
export const WebhookWithSecret = Type.Object({
  ...Webhook.properties,
  secret: Type.String({ description: 'HMAC-SM3 key for x-xr-signature; shown only in this answer' }),
});
