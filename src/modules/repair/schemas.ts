import { Type } from 'typebox';

/** TypeBox schemas of the credit-repair API (routes.ts): every response declared. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Timestamp = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const Kind = Type.Union(['penalty_publicity', 'serious_dishonesty', 'other_dishonesty'].map((k) => Type.Literal(k)));
const Status = Type.Union(['pending', 'approved', 'refused'].map((k) => Type.Literal(k)));
const Case = Type.Union(['general', 'safety', 'market_minor', 'market_ban'].map((k) => Type.Literal(k)));

export const IdParams = Type.Object({ id: Uuid });
export const DocumentParams = Type.Object({ id: Uuid, documentId: Uuid });
const File = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }), contentType: Type.String({ maxLength: 100 }),
  base64: Type.String({ minLength: 4, maxLength: 7_200_000, description: 'the file, base64 (≤ 5 MB decoded)' }),
}, { additionalProperties: false });

export const ApplyBody = Type.Object({
  item: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,62}$' }),
  key: Type.String({ minLength: 1, maxLength: 500 }),
  statement: Type.String({ minLength: 1, maxLength: 4000, description: 'how the conduct was corrected' }),
  performanceEvidence: Type.Array(File, { maxItems: 5, description: 'proof the penalty was performed (fine paid, obligations met)' }),
  trainingReport: Type.Optional(Type.Array(File, { maxItems: 5 })),
}, { additionalProperties: false });

export const DecideBody = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  reapplyFrom: Type.Optional(Day),
}, { additionalProperties: false });

export const ListQuery = Type.Object({ status: Type.Optional(Status), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })) });

const WindowSchema = Type.Object({
  case: Case, caseName: Type.String(), caseNameEn: Type.String(), types: Type.Array(Type.Object({ type: Type.String(), case: Case })),
  decisionDate: Day, shortestEndsOn: Nullable(Day), longestEndsOn: Type.String(), repairable: Type.Boolean(), rulesVersion: Type.String(),
});

export const ApplicationSchema = Type.Object({
  id: Uuid, uscc: Type.String(), entityName: Nullable(Type.String()), kind: Kind, item: Type.String(), itemName: Nullable(Type.String()), key: Type.String(), recordVersion: Type.Integer(),
  statement: Type.String(), commitmentId: Nullable(Type.String()), rulesVersion: Type.String(), penaltyCase: Nullable(Type.String()),
  shortestEndsOn: Nullable(Day), longestEndsOn: Nullable(Type.String()), status: Status, submittedAt: Timestamp, decidedAt: Nullable(Timestamp),
  decisionReason: Nullable(Type.String()), reapplyFrom: Nullable(Day),
});

export const ApplicationList = Type.Object({
  items: Type.Array(ApplicationSchema),
  counts: Type.Object({ pending: Type.Integer(), approved: Type.Integer(), refused: Type.Integer() }),
});

const RecordSchema = Type.Object({
  key: Type.String(), version: Type.Integer(), validFrom: Timestamp, data: Type.Record(Type.String(), Cell),
  objection: Nullable(Type.Object({ id: Type.String(), state: Type.String(), filedAt: Timestamp })),
  withheld: Nullable(Type.Object({ reason: Type.String(), at: Timestamp, ref: Nullable(Type.String()) })),
});

export const ApplicationDetail = Type.Object({
  application: ApplicationSchema,
  record: Nullable(RecordSchema),
  documents: Type.Array(Type.Object({ id: Uuid, purpose: Type.String(), name: Type.String(), contentType: Type.String(), sm3: Type.String(), bytes: Type.Integer(), uploadedAt: Timestamp })),
});

export const RepairRecords = Type.Object({
  today: Day,
  commitment: Nullable(Type.Object({ id: Type.String(), signedAt: Timestamp })),
  records: Type.Array(Type.Object({
    kind: Kind, kindName: Type.String(), kindNameEn: Type.String(), item: Type.String(), itemName: Nullable(Type.String()),
    record: RecordSchema,
    window: Nullable(WindowSchema),
    checklist: Type.Array(Type.Object({
      code: Type.Union(['performed', 'shortest_period', 'commitment', 'training'].map((k) => Type.Literal(k))), required: Type.Boolean(), satisfied: Nullable(Type.Boolean()), date: Type.Optional(Nullable(Day)),
    })),
    latest: Nullable(ApplicationSchema),
  })),
});

export const Rules = Type.Object({
  version: Type.String(), effectiveFrom: Type.String(), trainingReportRequired: Type.Boolean(), reapplyAfterDays: Type.Integer(), lowFineYuan: Type.String(),
  cases: Type.Array(Type.Object({ case: Case, name: Type.String(), nameEn: Type.String(), shortest: Nullable(Type.String()), longest: Type.String(), repairable: Type.Boolean() })),
});
export const SweepReply = Type.Object({ expired: Type.Integer() });
