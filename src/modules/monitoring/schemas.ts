import { Type } from 'typebox';

/** TypeBox schemas of the monitoring API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const Severity = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('closed')]);
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const Text = { zh: Type.String(), en: Type.String() };

export const AlertParams = Type.Object({ id: Uuid });

const Condition = Type.Object({
  type: Type.Union([Type.Literal('new'), Type.Literal('field_in'), Type.Literal('number_drop'), Type.Literal('date_older_than'), Type.Literal('grade_drop')]),
  field: Type.Optional(Type.String({ maxLength: 64 })),
  values: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Boolean()]), { maxItems: 20 })),
  minDrop: Type.Optional(Type.Integer()),
  days: Type.Optional(Type.Integer()),
  minSteps: Type.Optional(Type.Integer()),
});
export const RuleSchema = Type.Object({
  id: Type.String({ maxLength: 48 }),
  item: Type.String({ maxLength: 64 }),
  condition: Condition,
  severity: Severity,
  enabled: Type.Boolean(),
  zh: Type.String({ minLength: 1, maxLength: 200 }),
  en: Type.String({ minLength: 1, maxLength: 200 }),
});
const LevelCondition = Type.Object({
  minOverdueDays: Type.Optional(Type.Integer()),
  minDefaults: Type.Optional(Type.Integer()),
  minTroubledAmountFen: Type.Optional(Type.String({ maxLength: 19, description: 'fen as a decimal string' })),
});
export const LevelSchema = Type.Object({
  id: Type.String({ maxLength: 48 }),
  rank: Type.Integer(),
  zh: Type.String({ minLength: 1, maxLength: 50 }),
  en: Type.String({ minLength: 1, maxLength: 50 }),
  when: Type.Array(LevelCondition, { maxItems: 10 }),
  retainDays: Type.Integer(),
  consequences: Type.Array(Type.Union([Type.Literal('shown_to_institutions'), Type.Literal('refuse_new_applications')]), { maxItems: 5 }),
});
export const RuleSetBody = Type.Object({
  source: Type.Optional(Type.String({ maxLength: 1000 })),
  effectiveFrom: Type.Optional(Type.String({ format: 'date' })),
  rules: Type.Array(RuleSchema, { minItems: 1, maxItems: 60 }),
  levels: Type.Array(LevelSchema, { minItems: 1, maxItems: 10 }),
  defaultLookbackDays: Type.Integer(),
});
export const RuleSetReply = Type.Object({
  version: Type.Integer(), active: Type.Boolean(), createdBy: Type.String(), createdAt: Time,
  definition: RuleSetBody,
});
export const RuleSetList = Type.Object({ active: RuleSetReply, versions: Type.Array(RuleSetReply) });

const Objection = Type.Union([Type.Object({
  state: Type.Union([Type.String(), Type.Null()]), filedAt: Type.Union([Type.String(), Type.Null()]),
}, { description: 'the record is under objection (异议处理中)' }), Type.Null()]);

export const AlertSchema = Type.Object({
  id: Uuid,
  uscc: Type.String(),
  entityName: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  applicationId: Uuid,
  institution: Type.Object({ id: Uuid, name: Type.Union([Type.String(), Type.Null()]) }),
  ruleId: Type.String(),
  ruleVersion: Type.Integer(),
  severity: Severity,
  title: Type.Object(Text),
  item: Type.String(),
  recordKey: Type.Union([Type.String(), Type.Null()]),
  recordVersion: Type.Union([Type.Integer(), Type.Null()]),
  facts: Type.Object({ field: Type.Union([Type.String(), Type.Null()]), value: Scalar, previous: Scalar }),
  objection: Objection,
  status: Status,
  arrivedAt: Time,
  createdAt: Time,
  latencyMs: Type.Integer({ description: 'from the record arriving (its outbox event) to the alert' }),
  acknowledgedAt: NullableTime, acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  closedAt: NullableTime, closedBy: Type.Union([Type.String(), Type.Null()]),
});
export const AlertList = Type.Object({ items: Type.Array(AlertSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const AlertQuery = Type.Object({
  status: Type.Optional(Status),
  severity: Type.Optional(Severity),
  rule: Type.Optional(Type.String({ maxLength: 48 })),
  uscc: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{18}$' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const LevelView = Type.Object({
  uscc: Type.String(),
  entityName: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  name: Type.Object(Text),
  rank: Type.Integer(),
  consequences: Type.Array(Type.String()),
  basis: Type.Object({ maxOverdueDays: Type.Integer(), defaults: Type.Integer(), troubledAmountFen: Type.String(), loans: Type.Array(Type.String()) }),
  since: Time,
  curedAt: NullableTime,
  endsAt: NullableTime,
});
export const LevelList = Type.Object({ items: Type.Array(LevelView) });

export const AlertDetail = Type.Object({
  alert: AlertSchema,
  events: Type.Array(Type.Object({
    action: Type.String(), fromStatus: Type.Union([Status, Type.Null()]), toStatus: Status, actor: Type.String(), note: Type.Union([Type.String(), Type.Null()]), at: Time,
  })),
  level: Type.Union([LevelView, Type.Null()]),
});
export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });

const Count = Type.Object({ key: Type.Union([Type.String(), Type.Null()]), n: Type.Integer() });
export const DashboardQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 7, maximum: 365, default: 30 })) });
export const Dashboard = Type.Object({
  bySeverity: Type.Array(Count), byRule: Type.Array(Count), byRegion: Type.Array(Count), byStatus: Type.Array(Count),
  byInstitution: Type.Array(Type.Object({ key: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), n: Type.Integer() })),
  trend: Type.Array(Type.Object({ day: Type.String(), severity: Severity, n: Type.Integer() })),
  oldest: Type.Array(AlertSchema),
  levels: Type.Array(LevelView),
  levelCounts: Type.Array(Count),
});
export const MyLevel = Type.Object({
  level: Type.Union([LevelView, Type.Null()]),
  history: Type.Array(Type.Object({
    action: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]),
    toName: Type.Union([Type.Object(Text), Type.Null()]), at: Time,
  })),
});
