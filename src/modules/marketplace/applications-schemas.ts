import { Type } from 'typebox';

/**
 * TypeBox schemas of the workflow API (applications-routes.ts), every response declared. Money is integer fen as a
 * decimal string (checked again by the service: "1.5" is AMOUNT_NOT_INTEGER_FEN); rates integer basis points.
 */
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const FenText = Type.String({ minLength: 1, maxLength: 20, description: 'integer fen (分) as a decimal string, e.g. "500000000"' });
const Bp = Type.Integer({ minimum: 0, maximum: 10000, description: 'annual rate in basis points (385 = 3.85 %)' });
const Months = Type.Integer({ minimum: 1, maximum: 360 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Status = Type.Union(['submitted', 'accepted', 'approved', 'declined', 'withdrawn', 'disbursed', 'repaying', 'closed', 'defaulted'].map((s) => Type.Literal(s)));
const Text = { zh: Type.String(), en: Type.String() };

export const AppIdParams = Type.Object({ id: Uuid });

export const ApplyBody = Type.Object({
  productId: Uuid,
  demandId: Type.Optional(Uuid),
  amountFen: FenText,
  termMonths: Months,
  materials: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 }),
  authorise: Type.Optional(Type.Object({
    purpose: Type.String({ pattern: '^[A-Z][A-Z_]{1,40}$' }),
    validTo: Type.String({ maxLength: 40, description: 'last day of the authorisation (YYYY-MM-DD)' }),
  }, { additionalProperties: false })),
}, { additionalProperties: false });

export const TakeBody = Type.Object({ productId: Type.Optional(Uuid) }, { additionalProperties: false });

export const ApproveBody = Type.Object({
  amountFen: FenText, rateBp: Bp, termMonths: Months, repaymentMode: Type.String({ minLength: 1, maxLength: 32 }), security: Type.String({ maxLength: 32 }),
}, { additionalProperties: false });

export const DeclineBody = Type.Object({ reasonCode: Type.String({ maxLength: 64 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const DisburseBody = Type.Object({
  amountFen: FenText, rateBp: Bp, termMonths: Months, security: Type.String({ maxLength: 32 }), disbursedOn: Day,
}, { additionalProperties: false });

export const RepaymentBody = Type.Object({
  status: Type.Union([Type.Literal('performing'), Type.Literal('overdue'), Type.Literal('repaid'), Type.Literal('defaulted')]),
  overdueDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  on: Day,
}, { additionalProperties: false });

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  escalated: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const TimelineEntry = Type.Object({
  action: Type.String(), label: Type.Object(Text), from: Nullable(Type.String()), to: Type.String(), toLabel: Type.Object(Text),
  actor: Type.String(), actorOrgId: Nullable(Type.String()), at: DateTime, payload: Type.Record(Type.String(), Type.Unknown()),
});

export const Application = Type.Object({
  id: Uuid,
  origin: Type.Union([Type.Literal('apply'), Type.Literal('take')]),
  uscc: Type.String(),
  enterpriseName: Nullable(Type.String()),
  institution: Type.Object({ id: Uuid, name: Nullable(Type.String()) }),
  product: Nullable(Type.Object({ id: Uuid, version: Nullable(Type.Integer()), name: Nullable(Type.String()) })),
  demandId: Nullable(Uuid),
  status: Type.String(),
  statusLabel: Type.Object(Text),
  amountFen: Type.String(),
  termMonths: Type.Integer(),
  materials: Type.Array(Type.String()),
  authorisationIds: Type.Array(Type.String()),
  submittedAt: DateTime,
  dueAt: Nullable(DateTime),
  workingDaysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  acceptedAt: Nullable(DateTime),
  escalatedAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  decline: Nullable(Type.Object({ code: Type.String(), ...Text })),
  terms: Nullable(Type.Object({ amountFen: Type.String(), rateBp: Type.Integer(), termMonths: Type.Integer(), repaymentMode: Nullable(Type.String()), security: Nullable(Type.String()) })),
  disbursement: Nullable(Type.Object({ amountFen: Type.String(), rateBp: Type.Integer(), termMonths: Type.Integer(), security: Type.String(), disbursedOn: Type.String() })),
  repayment: Nullable(Type.Object({ status: Type.String(), overdueDays: Type.Integer() })),
  closedAt: Nullable(DateTime),
});

export const ApplicationDetail = Type.Object({ application: Application, timeline: Type.Array(TimelineEntry) });
export const ApplicationList = Type.Object({ items: Type.Array(Application) });

const Coded = Type.Array(Type.Object({ code: Type.String(), ...Text }));
export const WorkflowOptions = Type.Object({
  slaWorkingDays: Type.Integer(), declineReasons: Coded, securities: Coded, statuses: Coded, actions: Coded, repaymentStatuses: Coded,
});

const Stats = {
  byStatus: Type.Record(Type.String(), Type.Integer()),
  total: Type.Integer(),
  approvals: Type.Integer(),
  disbursedCount: Type.Integer(),
  disbursedFen: Type.String(),
  creditShareBp: Nullable(Type.Integer()),
  averageRateBp: Nullable(Type.Integer()),
  averageResponseWorkingDaysX100: Nullable(Type.Integer()),
  averageResponseMinutes: Nullable(Type.Integer()),
  escalated: Type.Integer(),
};
export const Statistics = Type.Object({
  total: Type.Object(Stats),
  institutions: Type.Array(Type.Object({ institutionOrgId: Uuid, institutionName: Nullable(Type.String()), ...Stats })),
});

/** The public league table of institutions (机构服务榜): service figures only, nothing about any enterprise. */
export const League = Type.Object({
  institutions: Type.Array(Type.Object({
    institutionOrgId: Uuid,
    institutionName: Nullable(Type.String()),
    applications: Type.Integer({ description: 'applications received and demands taken' }),
    approvalRateBp: Nullable(Type.Integer({ description: 'approved ÷ (approved + declined), basis points' })),
    disbursedCount: Type.Integer(),
    disbursedFen: Type.String(),
    creditShareBp: Nullable(Type.Integer({ description: 'credit (unsecured) loans among the disbursed, basis points' })),
    averageRateBp: Nullable(Type.Integer()),
    averageResponseWorkingDaysX100: Nullable(Type.Integer()),
    escalated: Type.Integer({ description: 'applications not accepted within the service-level time' }),
  })),
});

export const EscalateReply = Type.Object({ escalated: Type.Integer() });
