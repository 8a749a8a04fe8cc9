import { Type } from 'typebox';

/** TypeBox schemas of the scorecard API (routes.ts) — every response declared, so nothing leaks by accident. */
const Uscc = Type.String({ minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar day, YYYY-MM-DD (China)' });
const Time = Type.String({ format: 'date-time' });
const Text = { zh: Type.String(), en: Type.String() };
const Localized = Type.Object(Text);
const Outcome = Type.Union([Type.Literal('performing'), Type.Literal('repaid'), Type.Literal('defaulted')]);
const Status = Type.Union([Type.Literal('challenger'), Type.Literal('champion'), Type.Literal('retired')]);

export const UsccParams = Type.Object({ uscc: Uscc });
export const JobParams = Type.Object({ id: Uuid });
export const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1 }) });

export const LoanReport = Type.Object({
  loanRef: Type.String({ minLength: 1, maxLength: 64, description: "the institution's own loan reference; one loan per (institution, reference)" }),
  uscc: Type.Optional(Uscc),
  disbursedOn: Type.Optional(Day),
  amountFen: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'amount disbursed in integer fen, as a digit string' })),
  termMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
  outcome: Type.Optional(Type.Union([Outcome, Type.Null()])),
  outcomeOn: Type.Optional(Type.Union([Day, Type.Null()])),
}, { additionalProperties: false });

export const LoansBody = Type.Object({ loans: Type.Array(LoanReport, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false });
export const CsvBody = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 4_000_000, description: 'UTF-8 CSV text; header: loan_ref, uscc, disbursed_on, amount_fen, term_months, outcome, outcome_on' }) }, { additionalProperties: false });

export const ReportReply = Type.Object({
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), rejected: Type.Integer(),
  items: Type.Array(Type.Object({
    loanRef: Type.String(),
    result: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('rejected')]),
    code: Type.Optional(Type.String()), zh: Type.Optional(Type.String()), en: Type.Optional(Type.String()),
  })),
});

export const LoansQuery = Type.Object({
  outcome: Type.Optional(Type.Union([Outcome, Type.Literal('none')])),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false });

export const LoanSchema = Type.Object({
  institutionOrgId: Type.String(), loanRef: Type.String(), uscc: Type.String(), disbursedOn: Day, amountFen: Type.String(), termMonths: Type.Integer(),
  reportedAt: Time, featuresComputedAt: Time, outcome: Type.Union([Outcome, Type.Null()]), outcomeOn: Type.Union([Day, Type.Null()]),
  outcomeReportedAt: Type.Union([Time, Type.Null()]),
});

export const LoanList = Type.Object({
  items: Type.Array(LoanSchema), nextCursor: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Object({ total: Type.Integer(), performing: Type.Integer(), repaid: Type.Integer(), defaulted: Type.Integer(), none: Type.Integer() }),
});

const RuleSchema = {
  windowMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'performance window after disbursement (default 12)' })),
  maxSnapshotLagDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'loans reported later than this after disbursement are left out (default 31)' })),
  repaidNeedsWindow: Type.Optional(Type.Boolean({ description: 'a loan repaid before the window ends is indeterminate, not good (default false)' })),
};

export const PopulationQuery = Type.Object({ ...RuleSchema, institution: Type.Optional(Uuid) }, { additionalProperties: false });

export const PopulationSchema = Type.Object({
  good: Type.Integer(), bad: Type.Integer(), indeterminate: Type.Integer(), lateSnapshot: Type.Integer(),
  from: Type.Union([Day, Type.Null()]), to: Type.Union([Day, Type.Null()]), institutions: Type.Integer(),
});

export const PopulationReply = Type.Object({
  population: PopulationSchema,
  defaults: Type.Object({ minBads: Type.Integer(), minGoods: Type.Integer(), windowMonths: Type.Integer(), maxSnapshotLagDays: Type.Integer(), folds: Type.Integer() }),
});

export const TrainingBody = Type.Object({
  institutions: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
  disbursedFrom: Type.Optional(Day),
  disbursedTo: Type.Optional(Day),
  ...RuleSchema,
  minBads: Type.Optional(Type.Integer({ minimum: 10, maximum: 100000 })),
  minGoods: Type.Optional(Type.Integer({ minimum: 10, maximum: 100000 })),
  folds: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
  repeats: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  baseScore: Type.Optional(Type.Integer({ minimum: 100, maximum: 2000 })),
  baseOdds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000 })),
  pdo: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
}, { additionalProperties: false });

export const JobSchema = Type.Object({
  id: Type.String(), status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  stage: Type.String(), progress: Type.Integer(), population: PopulationSchema, modelVersion: Type.Union([Type.Integer(), Type.Null()]),
  errorCode: Type.Union([Type.String(), Type.Null()]), error: Type.Union([Localized, Type.Null()]),
  requestedBy: Type.String(), startedAt: Time, finishedAt: Type.Union([Time, Type.Null()]),
});
export const JobList = Type.Object({ items: Type.Array(JobSchema) });

const MonitoringSchema = Type.Object({
  at: Time, enterprises: Type.Integer(), psi: Type.Number(),
  csi: Type.Array(Type.Object({ characteristic: Type.String(), csi: Type.Number() })),
});

export const ModelSummary = Type.Object({
  version: Type.Integer(), status: Status, jobId: Type.String(), population: PopulationSchema, characteristics: Type.Integer(),
  trainAuc: Type.Number(), trainKs: Type.Number(), trainGini: Type.Number(), cvAuc: Type.Union([Type.Number(), Type.Null()]), cvKs: Type.Union([Type.Number(), Type.Null()]),
  psi: Type.Union([Type.Number(), Type.Null()]), createdBy: Type.String(), createdAt: Time, statusChangedAt: Time,
});
export const ModelList = Type.Object({ items: Type.Array(ModelSummary) });
export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export { MonitoringSchema };

const Discrimination = Type.Object({ auc: Type.Number(), ks: Type.Number(), gini: Type.Number() });

export const CardSchema = Type.Object({
  version: Type.Integer(), status: Status, createdAt: Time, createdBy: Type.String(), purpose: Localized,
  data: Type.Object({
    good: Type.Integer(), bad: Type.Integer(), indeterminate: Type.Integer(), lateSnapshot: Type.Integer(), institutions: Type.Integer(),
    from: Type.Union([Day, Type.Null()]), to: Type.Union([Day, Type.Null()]), badRate: Type.Number(), badDefinition: Localized,
  }),
  variables: Type.Array(Type.Object({
    name: Type.String(), label: Localized, kind: Type.String(), iv: Type.Number(), strength: Localized, coefficient: Type.Number(), missingRate: Type.Number(),
    bins: Type.Array(Type.Object({ label: Type.String(), count: Type.Integer(), bads: Type.Integer(), woe: Type.Number(), points: Type.Number() })),
  })),
  dropped: Type.Array(Type.Object({ name: Type.String(), label: Localized, reason: Localized, detail: Type.String() })),
  performance: Type.Object({
    train: Discrimination,
    crossValidation: Type.Union([Type.Null(), Type.Object({
      folds: Type.Integer(), repeats: Type.Integer(), seed: Type.String(), gini: Type.Number(),
      auc: Type.Object({ mean: Type.Number(), sd: Type.Number() }), ks: Type.Object({ mean: Type.Number(), sd: Type.Number() }),
    })]),
  }),
  scaling: Type.Object({ baseScore: Type.Number(), baseOdds: Type.Number(), pdo: Type.Number(), factor: Type.Number(), offset: Type.Number() }),
  stability: Type.Union([MonitoringSchema, Type.Null()]),
  limitations: Type.Array(Localized),
  approvals: Type.Array(Type.Object({ action: Type.String(), actor: Type.String(), note: Type.Union([Type.String(), Type.Null()]), at: Time })),
  markdown: Type.String(),
});

const ModelScore = Type.Object({
  version: Type.Integer(), status: Type.Union([Type.Literal('champion'), Type.Literal('challenger')]), score: Type.Number(), probabilityOfBad: Type.Number(),
  points: Type.Array(Type.Object({ characteristic: Type.String(), label: Localized, bin: Type.String(), points: Type.Number() })),
  reasons: Type.Array(Type.Object({ characteristic: Type.String(), bin: Type.String(), pointsLost: Type.Number(), ...Text })),
});

export const ScoreReply = Type.Object({
  uscc: Type.String(), featuresComputedAt: Time, champion: Type.Union([ModelScore, Type.Null()]), challengers: Type.Array(ModelScore),
});
