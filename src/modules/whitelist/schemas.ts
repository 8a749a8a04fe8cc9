import { Type } from 'typebox';

/** TypeBox schemas of the white-list API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
export const RunParams = Type.Object({ id: Uuid });
const Period = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: "month the run is for, e.g. '2026-11'" });

export const RuleSchema = Type.Object({
  id: Type.String({ maxLength: 64 }),
  enabled: Type.Boolean(),
  zh: Type.String({ minLength: 1, maxLength: 200 }),
  en: Type.String({ minLength: 1, maxLength: 200 }),
  params: Type.Record(Type.String(), Type.Unknown()),
});
export const RuleSetBody = Type.Object({
  source: Type.Optional(Type.String({ maxLength: 1000 })),
  effectiveFrom: Type.Optional(Type.String({ format: 'date' })),
  rules: Type.Array(RuleSchema, { minItems: 1, maxItems: 30 }),
});
export const RuleSetReply = Type.Object({
  version: Type.Integer(),
  active: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  definition: RuleSetBody,
});
export const RuleSetList = Type.Object({
  active: RuleSetReply,
  versions: Type.Array(RuleSetReply),
  mandatory: Type.Array(Type.String(), { description: 'rules a rule set must keep enabled (a set that drops or disables one is refused)' }),
});

const Text = { zh: Type.String(), en: Type.String() };
const ReasonSchema = Type.Object({ rule: Type.String(), ...Text, value: Type.Optional(Type.Union([Type.String(), Type.Null()])) });

export const RunBody = Type.Object({ period: Type.Optional(Period) });
export const RunSummary = Type.Object({
  id: Uuid,
  trigger: Type.Union([Type.Literal('monthly'), Type.Literal('on_demand')]),
  period: Type.String(),
  ruleVersion: Type.Integer(),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  previousRunId: Type.Union([Uuid, Type.Null()]),
  evaluated: Type.Integer(), listed: Type.Integer(), joined: Type.Integer(), stayed: Type.Integer(), left: Type.Integer(), pushes: Type.Integer(),
  summary: Type.Object({
    failedBy: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    skipped: Type.Optional(Type.Array(Type.Object({ id: Type.String(), ...Text }))),
    ms: Type.Optional(Type.Integer()),
  }),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export const RunList = Type.Object({ items: Type.Array(RunSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) });
const DepartureSchema = Type.Object({ uscc: Type.String(), reasons: Type.Array(ReasonSchema) });
export const RunDetail = Type.Object({
  run: RunSummary,
  departures: Type.Array(DepartureSchema, { description: 'the first 200; GET /whitelist/runs/{id}/departures pages through all' }),
  pushes: Type.Array(Type.Object({ institutionOrgId: Uuid, entryCount: Type.Integer(), channel: Type.String(), pushedAt: Type.String({ format: 'date-time' }) })),
});
export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export const EntriesQuery = Type.Object({
  region: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', description: 'region code prefix' })),
  industry: Type.Optional(Type.String({ pattern: '^[A-T][0-9]{0,4}$', description: 'industry section or code prefix (GB/T 4754-2017)' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export const DepartureList = Type.Object({ items: Type.Array(DepartureSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const EntrySchema = Type.Object({
  uscc: Type.String(), regionCode: Type.String(), industryCode: Type.String(),
  score: Type.Union([Type.Integer(), Type.Null()]), grade: Type.Union([Type.String(), Type.Null()]),
  change: Type.Union([Type.Literal('joined'), Type.Literal('stayed')]),
  reasons: Type.Array(ReasonSchema),
});
export const EntryList = Type.Object({ items: Type.Array(EntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const PushedReply = Type.Object({
  runId: Type.Union([Uuid, Type.Null()]), period: Type.Union([Type.String(), Type.Null()]),
  pushedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), entryCount: Type.Integer(),
  items: Type.Array(EntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export const SubscriptionBody = Type.Object({
  regionPrefixes: Type.Array(Type.String({ pattern: '^[0-9]{2,6}$' }), { maxItems: 50, description: 'region code prefixes; empty = every region' }),
  industryPrefixes: Type.Array(Type.String({ pattern: '^[A-T][0-9]{0,4}$' }), { maxItems: 50, description: 'industry sections or code prefixes; empty = every industry' }),
});
export const SubscriptionReply = Type.Object({
  regionPrefixes: Type.Array(Type.String()), industryPrefixes: Type.Array(Type.String()),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
