import { Type, type TSchema } from 'typebox';

/** TypeBox schemas of the coordination API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Period = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: "a month, e.g. '2026-11'" });
const RegionPrefix = Type.String({ pattern: '^[0-9]{0,6}$', description: "GB/T 2260 prefix ('13' = 河北省, '131002' = one district; '' = every region)" });
const Day = Type.String({ format: 'date' });
/** integer fen as digits (a JSON integer is accepted and turned into its digits); fractions are refused */
const Fen = Type.String({ pattern: '^[0-9]{1,15}$', description: 'amount in integer fen (分), as digits' });
const Text = (max: number) => Type.String({ maxLength: max });
const Bilingual = { zh: Type.String(), en: Type.String() };
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });
export const PageQuery = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });

export const Coded = Type.Object({ code: Type.String(), ...Bilingual });
export const CodesReply = Type.Object({
  channels: Type.Array(Coded), difficulties: Type.Array(Coded), declineReasons: Type.Array(Coded),
  responseDeadlineDays: Type.Integer(),
  negativeList: Type.Object({
    version: Type.String(), source: Type.String(), effectiveFrom: Type.String(),
    rules: Type.Array(Type.Object({ id: Type.String(), feature: Type.String(), ...Bilingual })),
  }),
  feedbackSource: Type.String(),
});

export const VisitBody = Type.Object({
  uscc: Type.String({ minLength: 18, maxLength: 18 }),
  visitedOn: Day,
  visitors: Type.Array(Text(50), { minItems: 1, maxItems: 10 }),
  channel: Type.String({ maxLength: 20 }),
  need: Type.Optional(Nullable(Type.Object({
    amountFen: Fen,
    termMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 360 })),
    purpose: Type.Optional(Text(200)),
    guarantee: Type.Optional(Text(100)),
  }))),
  difficulties: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
  difficultyNote: Type.Optional(Text(1000)),
  followUp: Type.Optional(Text(1000)),
});

export const Visit = Type.Object({
  id: Uuid, uscc: Type.String(), enterpriseName: Type.String(), regionCode: Type.String(), visitedOn: Type.String(),
  visitors: Type.Array(Type.String()), channel: Type.String(),
  need: Nullable(Type.Object({ amountFen: Type.String(), termMonths: Nullable(Type.Integer()), purpose: Nullable(Type.String()), guarantee: Nullable(Type.String()) })),
  difficulties: Type.Array(Type.String()), difficultyNote: Nullable(Type.String()), followUp: Nullable(Type.String()),
  recordedBy: Type.String(), recordedByOrgId: Uuid, recordedAt: Type.String({ format: 'date-time' }),
});
export const VisitQuery = Type.Object({
  region: Type.Optional(RegionPrefix), from: Type.Optional(Day), to: Type.Optional(Day), uscc: Type.Optional(Type.String({ maxLength: 18 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export const VisitList = Type.Object({ items: Type.Array(Visit), nextCursor: Nullable(Type.String()) });

export const ListBody = Type.Object({ period: Period, region: Type.Optional(RegionPrefix) });
export const ListSummary = Type.Object({
  id: Uuid, period: Type.String(), regionPrefix: Type.String(), status: Type.Union([Type.Literal('draft'), Type.Literal('confirmed')]),
  rulesVersion: Type.String(), deadlineDays: Type.Integer(), candidates: Type.Integer(), included: Type.Integer(),
  createdBy: Type.String(), createdAt: Type.String({ format: 'date-time' }), confirmedBy: Nullable(Type.String()), confirmedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const ListList = Type.Object({ items: Type.Array(ListSummary), nextCursor: Nullable(Type.String()) });
const Reason = Type.Object({ rule: Type.String(), outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('info')]), ...Bilingual, value: Type.Optional(Nullable(Type.String())) });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('granted'), Type.Literal('disbursed'), Type.Literal('declined')]);
export const Assignment = Type.Object({
  id: Uuid, listId: Uuid, uscc: Type.String(), institutionId: Uuid, institutionName: Nullable(Type.String()), status: Status,
  assignedAt: Type.String({ format: 'date-time' }), dueAt: Type.String({ format: 'date-time' }), overdue: Type.Boolean(),
  firstResponseAt: Nullable(Type.String({ format: 'date-time' })),
  grantedAmountFen: Nullable(Type.String()), grantedOn: Nullable(Type.String()), disbursedAmountFen: Nullable(Type.String()), disbursedOn: Nullable(Type.String()),
  declineReason: Nullable(Type.String()),
});
export const Candidate = Type.Object({
  uscc: Type.String(), enterpriseName: Type.String(), regionCode: Type.String(), visitId: Uuid, needAmountFen: Type.String(), included: Type.Boolean(),
  reasons: Type.Array(Reason), assignments: Type.Array(Assignment),
});
export const ListDetail = Type.Object({ list: ListSummary, candidates: Type.Array(Candidate) });
export const ConfirmBody = Type.Object({
  assignments: Type.Array(Type.Object({ uscc: Type.String({ maxLength: 18 }), institutionIds: Type.Array(Uuid, { minItems: 1, maxItems: 10 }) }), { minItems: 1, maxItems: 5000 }),
});

export const InstitutionList = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), regionCode: Type.String(), category: Nullable(Type.String()) })) });

export const Figures = Type.Object({
  recommended: Type.Integer({ description: 'enterprises pushed' }), assignments: Type.Integer({ description: 'enterprise × bank pushes' }),
  responded: Type.Integer(), granted: Type.Integer({ description: 'enterprises granted credit by at least one bank' }), grantedFen: Type.String(),
  disbursed: Type.Integer(), disbursedFen: Type.String(), declined: Type.Integer(), declinedByReason: Type.Record(Type.String(), Type.Integer()), overdue: Type.Integer(),
});
export const TrackingQuery = Type.Object({ period: Type.Optional(Period), listId: Type.Optional(Uuid) });
export const TrackingReply = Type.Object({
  lists: Type.Array(Type.Object({ listId: Uuid, period: Type.String(), regionPrefix: Type.String(), figures: Figures })),
  regions: Type.Array(Type.Object({ regionCode: Type.String(), regionName: Nullable(Type.String()), figures: Figures })),
  total: Figures,
});

export const ResponseRecord = Type.Object({
  kind: Type.String(), amountFen: Nullable(Type.String()), on: Nullable(Type.String()), reasonCode: Nullable(Type.String()), note: Nullable(Type.String()),
  respondedBy: Type.String(), respondedAt: Type.String({ format: 'date-time' }),
});
export const QueueItem = Type.Object({
  ...Assignment.properties, enterpriseName: Type.String(), regionCode: Type.String(), period: Type.String(), visitedOn: Type.String(),
  need: Type.Object({ amountFen: Type.String(), termMonths: Nullable(Type.Integer()), purpose: Nullable(Type.String()), guarantee: Nullable(Type.String()) }),
  responses: Type.Array(ResponseRecord),
});
export const QueueQuery = Type.Object({ ...PageQuery.properties, status: Type.Optional(Status) });
export const QueueReply = Type.Object({ items: Type.Array(QueueItem), nextCursor: Nullable(Type.String()), deadlineDays: Type.Integer() });
export const ResponseBody = Type.Object({
  kind: Type.Union([Type.Literal('accepted'), Type.Literal('granted'), Type.Literal('disbursed'), Type.Literal('declined')]),
  amountFen: Type.Optional(Fen), on: Type.Optional(Day), reasonCode: Type.Optional(Type.String({ maxLength: 40 })), note: Type.Optional(Text(500)),
});
