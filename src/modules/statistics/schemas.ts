import { Type } from 'typebox';
import { COUNT_FIELDS, FEN_FIELDS } from './figures.ts';
import { DIMENSIONS } from './rollup.ts';
import { METRICS } from './targets.ts';

/** TypeBox schemas of the statistics API (routes.ts): every response declared; aggregates only, no personal data. */
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'China-time month YYYY-MM' });
const Region = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 code' });
const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

const figureProps: Record<string, ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>> = {};
for (const k of COUNT_FIELDS) figureProps[k] = Type.Integer({ minimum: 0 });
for (const k of FEN_FIELDS) figureProps[k] = Type.String({ pattern: '^[0-9]{1,30}$', description: 'integer (fen, bp·fen or seconds) as a digit string' });
export const FiguresSchema = Type.Object(figureProps);
export const DerivedSchema = Type.Object({
  creditShareBp: Nullable(Type.Integer()), creditCountShareBp: Nullable(Type.Integer()), averageRateBp: Nullable(Type.Integer()),
  approvalRateBp: Nullable(Type.Integer()), averageResponseMinutes: Nullable(Type.Integer()), whitelistConversionBp: Nullable(Type.Integer()),
});
const Block = Type.Object({ figures: FiguresSchema, derived: DerivedSchema });
const Row = Type.Object({ key: Type.String(), label: Label, drillable: Type.Boolean(), figures: FiguresSchema, derived: DerivedSchema });
const Quality = Type.Object({
  physicalItems: Type.Integer(), onTimeItems: Type.Integer(), averageCoverageBp: Nullable(Type.Integer()),
  averageCompletenessBp: Nullable(Type.Integer()), errorRateBp: Nullable(Type.Integer()),
});

export const DashboardQuery = Type.Object({
  dimension: Type.Optional(Type.Union(DIMENSIONS.map((d) => Type.Literal(d)))),
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  region: Type.Optional(Region),
});
export const ExportQuery = Type.Object({ ...DashboardQuery.properties, lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) });

export const DashboardReply = Type.Object({
  node: Type.Object({ name: Type.String(), regionCode: Type.String() }),
  scope: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), parent: Nullable(Type.String()) }),
  period: Type.Object({ from: Month, to: Month }),
  dimension: Type.String(),
  total: Block,
  rows: Type.Array(Row),
  lowerNodes: Type.Array(Type.Object({ nodeId: Type.String(), nodeName: Type.String(), regionCode: Type.String(), months: Type.Array(Month) })),
  quality: Quality,
  generatedAt: Timestamp,
});

export const HeadlineQuery = Type.Object({ region: Type.Optional(Region) });
export const HeadlineReply = Type.Object({
  node: Type.Object({ name: Type.String(), regionName: Type.String(), regionCode: Type.String() }),
  year: Type.Integer(),
  period: Type.Object({ from: Month, to: Month }),
  total: Block,
  months: Type.Array(Row),
});

const Metric = Type.Union(METRICS.map((m) => Type.Literal(m)));
export const TargetSchema = Type.Object({
  metric: Metric, unit: Type.Union([Type.Literal('bp'), Type.Literal('count')]), name: Label, external: Nullable(Label),
  target: Type.Object({ value: Nullable(Type.Integer()), origin: Type.String(), fromYear: Nullable(Type.Integer()), cite: Nullable(Type.String()) }),
  externalTotalFen: Nullable(Type.String()), actual: Nullable(Type.Integer()), progressBp: Nullable(Type.Integer()),
  status: Type.Union(['met', 'behind', 'unknown', 'unset'].map((s) => Type.Literal(s))),
});
export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const TargetsReply = Type.Object({ year: Type.Integer(), source: Type.String(), items: Type.Array(TargetSchema) });
export const TargetParams = Type.Object({ metric: Type.String({ maxLength: 40 }), year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const TargetBody = Type.Object({
  targetValue: Nullable(Type.Integer({ minimum: 0, description: 'bp for shares and growth (1% = 100), a count for counts; null clears the year' })),
  externalTotalFen: Nullable(Type.String({ maxLength: 18, description: 'a figure from outside the platform a share needs, integer fen' })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const MonthParams = Type.Object({ month: Month });
const ReportRow = Type.Object({ key: Type.String(), label: Type.String(), figures: FiguresSchema });
export const MonthlyReportSchema = Type.Object({
  format: Type.Literal('xinrong.monthly-statistics/v1'),
  node: Type.Object({ name: Type.String(), tier: Type.String(), regionCode: Type.String(), regionName: Type.String() }),
  month: Month, generatedAt: Timestamp, total: FiguresSchema,
  byRegion: Type.Array(ReportRow), byIndustry: Type.Array(ReportRow), bySize: Type.Array(ReportRow), byProduct: Type.Array(ReportRow), byInstitution: Type.Array(ReportRow),
  quality: Quality,
});
export const LowerNodesReply = Type.Object({
  items: Type.Array(Type.Object({ nodeId: Type.String(), nodeName: Type.String(), regionCode: Type.String(), months: Type.Integer(), lastMonth: Month, lastReceivedAt: Timestamp })),
});
