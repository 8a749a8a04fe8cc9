import { Type } from 'typebox';

/** TypeBox schemas of the objection API (routes.ts): every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Cell = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Boolean(), Type.Null()]);
export const State = Type.Union(['open', 'escalated', 'decided', 'appealed', 'closed'].map((s) => Type.Literal(s)));
const Outcome = Type.Union(['corrected', 'deleted', 'upheld', 'resolved'].map((s) => Type.Literal(s)));

export const IdParams = Type.Object({ id: Uuid });
export const DocumentParams = Type.Object({ id: Uuid, documentId: Uuid });

export const Evidence = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  contentType: Type.String({ maxLength: 100 }),
  base64: Type.String({ minLength: 4, maxLength: 7_200_000, description: 'the file, base64 (≤ 5 MB decoded)' }),
}, { additionalProperties: false });

export const FileBody = Type.Object({
  type: Type.Union([Type.Literal('record'), Type.Literal('platform_conduct')], { description: "'record': a record is wrong; 'platform_conduct': a complaint about the platform's own conduct (30 days)" }),
  uscc: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: "the record's enterprise (institutions; an enterprise's own is implied)" })),
  item: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' })),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "the record's natural key as records answers show it" })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  evidence: Type.Optional(Type.Array(Evidence, { maxItems: 5 })),
}, { additionalProperties: false });

export const DecideBody = Type.Object({
  outcome: Outcome,
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  values: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Cell, { maxProperties: 200, description: "'corrected': the changed fields of the record (the rest stays)" })),
}, { additionalProperties: false });

export const AppealBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const ListQuery = Type.Object({
  state: Type.Optional(Type.Array(State, { maxItems: 5 })),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
});

export const ObjectionSchema = Type.Object({
  id: Uuid,
  uscc: Type.String(),
  entityName: Nullable(Type.String()),
  type: Type.Union([Type.Literal('record'), Type.Literal('platform_conduct')]),
  item: Nullable(Type.String()),
  itemName: Nullable(Type.String()),
  itemNameEn: Nullable(Type.String()),
  key: Nullable(Type.String()),
  recordVersion: Nullable(Type.Integer()),
  filerKind: Type.Union([Type.Literal('enterprise'), Type.Literal('institution')]),
  filerName: Nullable(Type.String()),
  reason: Type.String(),
  handlerKind: Type.Union([Type.Literal('provider'), Type.Literal('operator')]),
  handlerName: Nullable(Type.String()),
  state: State,
  filedAt: Timestamp,
  escalateAt: Nullable(Timestamp),
  dueAt: Timestamp,
  escalatedAt: Nullable(Timestamp),
  decidedAt: Nullable(Timestamp),
  outcome: Nullable(Outcome),
  outcomeReason: Nullable(Type.String()),
  decidedByKind: Nullable(Type.String()),
  correctedVersion: Nullable(Type.Integer()),
  appealReason: Nullable(Type.String()),
  appealedAt: Nullable(Timestamp),
  appealOutcome: Nullable(Outcome),
  appealOutcomeReason: Nullable(Type.String()),
  appealDecidedAt: Nullable(Timestamp),
  overdue: Type.Boolean({ description: 'unanswered strictly after the due time, or answered after it' }),
  daysLeft: Nullable(Type.Integer({ description: 'whole calendar days (China time) to the due time while undecided; negative when overdue' })),
  mayAppeal: Type.Boolean(),
});

export const ObjectionList = Type.Object({ items: Type.Array(ObjectionSchema) });

export const ObjectionDetail = Type.Object({
  objection: ObjectionSchema,
  party: Type.Union(['subject', 'filer', 'handler', 'operator'].map((s) => Type.Literal(s))),
  record: Nullable(Type.Object({
    version: Type.Integer(),
    validFrom: Timestamp,
    data: Type.Record(Type.String(), Cell),
    fields: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), key: Type.Boolean() })),
    withheld: Nullable(Type.Object({ reason: Type.String(), at: Timestamp, ref: Nullable(Type.String()) })),
  })),
  events: Type.Array(Type.Object({
    action: Type.String(), fromState: Nullable(State), toState: State, actorKind: Type.String(), actorRole: Type.String(), actorOrgName: Nullable(Type.String()),
    at: Timestamp, details: Type.Record(Type.String(), Type.Unknown()),
  })),
  documents: Type.Array(Type.Object({
    id: Uuid, purpose: Type.String(), name: Type.String(), contentType: Type.String(), sm3: Type.String(), bytes: Type.Integer(), uploadedAt: Timestamp,
  })),
});

const Counts = { all: Type.Integer(), overdue: Type.Integer(), answeredLate: Type.Integer(), everEscalated: Type.Integer() };
export const Statistics = Type.Object({
  at: Timestamp,
  total: Type.Object({
    ...Counts, open: Type.Integer(), escalated: Type.Integer(), decided: Type.Integer(), appealed: Type.Integer(), closed: Type.Integer(), platformConduct: Type.Integer(),
  }),
  handlers: Type.Array(Type.Object({ handlerKind: Type.String(), handlerOrgId: Nullable(Type.String()), handlerName: Nullable(Type.String()), live: Type.Integer(), ...Counts })),
});

export const SweepReply = Type.Object({ escalated: Type.Integer() });
export const Rules = Type.Object({
  version: Type.String(), effectiveFrom: Type.String(), answerDays: Type.Integer(), escalateOnDay: Type.Integer(), platformConductDays: Type.Integer(), appealsAllowed: Type.Integer(),
  reasonMinChars: Type.Integer(), maxFiles: Type.Integer(), maxBytes: Type.Integer(), contentTypes: Type.Array(Type.String()),
});
