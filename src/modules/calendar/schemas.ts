import { Type } from 'typebox';

/** TypeBox schemas of the calendar API (routes.ts). */
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const HolidaySchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), from: Day, to: Day }, { additionalProperties: false });
export const YearBody = Type.Object({
  holidays: Type.Array(HolidaySchema, { maxItems: 40 }),
  workdays: Type.Array(Day, { maxItems: 40, description: 'adjusted working days (调休上班): weekend days that are working days' }),
  note: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. the State Council notice the data comes from' })),
}, { additionalProperties: false });
export const YearReply = Type.Object({
  year: Type.Integer(),
  covered: Type.Boolean({ description: 'false: the year is not loaded and only weekends are known' }),
  source: Type.Union([Type.Literal('stored'), Type.Literal('file'), Type.Literal('none')]),
  version: Type.Union([Type.Integer(), Type.Null()]),
  holidays: Type.Array(HolidaySchema),
  workdays: Type.Array(Type.String()),
  days: Type.Array(Type.Object({
    day: Type.String(), working: Type.Boolean(),
    kind: Type.Union([Type.Literal('weekday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('adjusted_workday')]),
    holiday: Type.Union([Type.String(), Type.Null()]),
  })),
  versions: Type.Array(Type.Object({
    version: Type.Integer(), holidays: Type.Integer(), workdays: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.String(), createdAt: Type.String({ format: 'date-time' }),
  })),
});
