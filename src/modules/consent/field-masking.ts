import type { CatalogItem } from '../catalog/index.ts';
import { maskBankAccount, maskIdNumber, maskMobile, maskPersonName } from './masking.ts';

type Level = CatalogItem['level'];
type Field = CatalogItem['fields'][number];

/** Who reads, for masking: the enterprise the data is about, an institution, an operator. */
export type ReaderKind = 'subject' | 'institution' | 'operator';

export interface MaskingRule {
  /** item levels at which fields flagged `personal` are masked */
  personalAt: readonly Level[];
  /** item levels at which every field except the natural key is masked (L3: only masked or computed results) */
  wholeItemAt: readonly Level[];
  /** an operator who stated a reason (audited) sees personal fields in clear */
  clearWithReason: boolean;
}

/**
 * Which fields each kind of reader gets masked (SPEC §C4). Institutions get personal fields masked at every
 * level — a legal representative's ID number in a public licence record is still personal information — and L3
 * items only masked. The subject sees everything in clear. Operators see clear only with a stated reason.
 */
export const DEFAULT_MASKING: Readonly<Record<ReaderKind, MaskingRule>> = {
  subject: { personalAt: [], wholeItemAt: [], clearWithReason: false },
  institution: { personalAt: ['L1', 'L2', 'L3'], wholeItemAt: ['L3'], clearWithReason: false },
  operator: { personalAt: ['L1', 'L2', 'L3'], wholeItemAt: ['L3'], clearWithReason: true },
};

/** The masking format for a field, decided by its catalog type and code (SPEC §C4 default formats). */
export function maskerFor(field: Pick<Field, 'code' | 'type'>): (value: string) => string {
  if (field.type === 'id_number' || /id_number|id_no|identity/.test(field.code)) return maskIdNumber;
  if (/mobile|phone|tel/.test(field.code)) return maskMobile;
  if (/account|card_no/.test(field.code)) return maskBankAccount;
  if (/(^|_)name$|person_in_charge|contact|legal_rep$/.test(field.code)) return maskPersonName;
  return (v) => '*'.repeat(Math.min(Math.max(Array.from(v).length, 1), 8));
}

export type Scalar = string | number | boolean | null;

/** Masks one record's data for a reader; answers the data to send and the codes of the fields masked. */
export function maskRecord(
  item: Pick<CatalogItem, 'level' | 'fields' | 'naturalKey'>,
  data: Record<string, unknown>,
  rule: MaskingRule,
  opts: { reasonGiven?: boolean } = {},
): { data: Record<string, Scalar>; masked: string[] } {
  const out: Record<string, Scalar> = {};
  const masked: string[] = [];
  const clear = rule.clearWithReason && opts.reasonGiven === true;
  const whole = !clear && rule.wholeItemAt.includes(item.level);
  const personal = !clear && rule.personalAt.includes(item.level);
  const fields = new Map(item.fields.map((f) => [f.code, f]));
  for (const [code, raw] of Object.entries(data)) {
    const value: Scalar = raw === undefined ? null : typeof raw === 'object' && raw !== null ? JSON.stringify(raw) : (raw as Scalar);
    const field = fields.get(code);
    const mustMask = value !== null && value !== '' && (
      (whole && !item.naturalKey.includes(code) && code !== 'uscc' && code !== 'entity_name')
      || (personal && (field?.personal ?? false))
    );
    if (!mustMask) {
      out[code] = value;
      continue;
    }
    out[code] = maskerFor(field ?? { code, type: 'string' })(String(value));
    masked.push(code);
  }
  // A personal field the catalog declares but the record lacks is not reported as masked.
  return { data: out, masked };
}
