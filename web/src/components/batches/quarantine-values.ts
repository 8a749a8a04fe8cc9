import type { CellValue, QuarantineField, QuarantineProblem, QuarantineRow, ResubmissionBody } from '../../api/types.ts';

/** Corrections the user made, by row number: the whole row as it will be sent again. */
export type Corrections = ReadonlyMap<number, Record<string, CellValue>>;

const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', '是']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', '否']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A boolean cell as the editor's 是/否 choice, or undefined when the cell holds neither. */
export function booleanOf(value: CellValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return undefined;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** A date cell in YYYY-MM-DD form (what the date picker can show), or undefined. */
export function isoDateOf(value: CellValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return ISO_DATE.test(text) ? text : undefined;
}

/** The problems of a row grouped by field code; whole-row problems under the empty string. */
export function problemsByField(row: Pick<QuarantineRow, 'problems'>): Map<string, QuarantineProblem[]> {
  const grouped = new Map<string, QuarantineProblem[]>();
  for (const problem of row.problems) {
    const key = problem.field ?? '';
    grouped.set(key, [...(grouped.get(key) ?? []), problem]);
  }
  return grouped;
}

/** The values the table shows for a row: the user's correction when there is one. */
export function currentValues(row: QuarantineRow, corrections: Corrections): Record<string, CellValue> {
  return corrections.get(row.rowNumber) ?? row.values;
}

/** Field codes whose value the correction changed (highlighted in the table). */
export function changedFields(row: QuarantineRow, corrections: Corrections): Set<string> {
  const corrected = corrections.get(row.rowNumber);
  const changed = new Set<string>();
  if (corrected === undefined) return changed;
  for (const [code, value] of Object.entries(corrected)) {
    if ((row.values[code] ?? null) !== value) changed.add(code);
  }
  return changed;
}

/**
 * What the editor sends back for one edited cell: empty text means "no value"; the server validates the rest.
 * Numbers stay strings (decimals are never floats on this platform).
 */
export function cellFromInput(field: Pick<QuarantineField, 'type'>, input: unknown): CellValue {
  if (input === undefined || input === null) return null;
  if (field.type === 'boolean') return typeof input === 'boolean' ? input : booleanOf(String(input)) ?? String(input);
  const text = String(input).trim();
  return text === '' ? null : text;
}

/** The resubmission body: every corrected row, in row order. */
export function resubmissionOf(corrections: Corrections): ResubmissionBody {
  return {
    rows: [...corrections.entries()]
      .sort(([a], [b]) => a - b)
      .map(([rowNumber, values]) => ({ rowNumber, values })),
  };
}
