/**
 * The figures of one group of a dashboard (C14). Every stored figure is additive — counts, fen sums, rate × amount
 * sums, response-second sums — so groups roll up (county → city → province), months add into periods and a lower node's
 * reported figures add to this node's. Shares and averages are derived only when shown, never stored.
 * Counts of distinct enterprises (authorised, white-listed, converted) are counted per group from sets of USCCs, so an
 * enterprise authorising two institutions is one authorised enterprise of its region.
 */
export interface Figures {
  /** enterprises that registered an account on the platform (注册企业) */
  registered: number;
  /** distinct enterprises that granted at least one authorisation (授权企业) */
  authorised: number;
  demands: number; demandFen: bigint;
  applications: number; applicationFen: bigint;
  approvals: number; approvalFen: bigint;
  loans: number; loanFen: bigint;
  creditLoans: number; creditLoanFen: bigint;
  /** Σ rate_bp × amount_fen of the loans: the amount-weighted average rate is rateWeight ÷ loanFen */
  rateWeight: bigint;
  /** applications with a first decision, and the seconds from submission to it */
  responses: number; responseSeconds: bigint;
  /** distinct enterprises on a monthly white-list of the period, and those of them with a platform loan since */
  whitelisted: number; whitelistConverted: number;
  payouts: number; payoutFen: bigint;
}

export const COUNT_FIELDS = ['registered', 'authorised', 'demands', 'applications', 'approvals', 'loans', 'creditLoans', 'responses', 'whitelisted', 'whitelistConverted', 'payouts'] as const;
export const FEN_FIELDS = ['demandFen', 'applicationFen', 'approvalFen', 'loanFen', 'creditLoanFen', 'rateWeight', 'responseSeconds', 'payoutFen'] as const;
type CountField = (typeof COUNT_FIELDS)[number];
type FenField = (typeof FEN_FIELDS)[number];

/** Figures as JSON: counts as integers, fen and other big sums as decimal strings (never a float). */
export type FiguresJson = { [K in CountField]: number } & { [K in FenField]: string };

export function emptyFigures(): Figures {
  const f = {} as Record<string, number | bigint>;
  for (const k of COUNT_FIELDS) f[k] = 0;
  for (const k of FEN_FIELDS) f[k] = 0n;
  return f as unknown as Figures;
}

/** Adds b into a (in place) and answers a. */
export function addFigures(a: Figures, b: Figures): Figures {
  for (const k of COUNT_FIELDS) a[k] += b[k];
  for (const k of FEN_FIELDS) a[k] += b[k];
  return a;
}

export function figuresToJson(f: Figures): FiguresJson {
  const out = {} as Record<string, number | string>;
  for (const k of COUNT_FIELDS) out[k] = f[k];
  for (const k of FEN_FIELDS) out[k] = f[k].toString();
  return out as FiguresJson;
}

const INTEGER = /^-?\d{1,30}$/;

/** Reads figures from JSON (a lower node's report); a missing figure is 0, a malformed one is refused. */
export function figuresFromJson(j: Partial<Record<string, unknown>>): Figures {
  const f = emptyFigures();
  for (const k of COUNT_FIELDS) {
    const v = j[k] ?? 0;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new RangeError(`figure ${k} must be a non-negative integer`);
    f[k] = v;
  }
  for (const k of FEN_FIELDS) {
    const v = j[k] ?? '0';
    if (typeof v !== 'string' || !INTEGER.test(v) || v.startsWith('-')) throw new RangeError(`figure ${k} must be a non-negative integer string`);
    f[k] = BigInt(v);
  }
  return f;
}

/** part ÷ whole in basis points, rounded half up (integer arithmetic); null without a whole. */
export function shareBp(part: bigint | number, whole: bigint | number): number | null {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w <= 0n) return null;
  return Number((p * 20_000n + w) / (2n * w));
}

/** (now − before) ÷ before in basis points, rounded half away from zero; null when there was nothing before. */
export function growthBp(now: bigint | number, before: bigint | number): number | null {
  const n = BigInt(now);
  const b = BigInt(before);
  if (b <= 0n) return null;
  const d = (n - b) * 10_000n;
  const q = (2n * (d < 0n ? -d : d) + b) / (2n * b);
  return Number(d < 0n ? -q : q);
}

/** What a dashboard shows beside the raw figures. */
export interface Derived {
  /** credit loans' share of the loan amount (信用贷款占比), bp */
  creditShareBp: number | null;
  /** credit loans' share of the loan count, bp */
  creditCountShareBp: number | null;
  /** average rate weighted by amount: Σ rate × amount ÷ Σ amount, bp rounded half up — a big loan weighs more, as in PBoC's 加权平均利率 */
  averageRateBp: number | null;
  /** approvals ÷ applications, bp */
  approvalRateBp: number | null;
  /** mean minutes from submission to the institution's first decision, rounded half up */
  averageResponseMinutes: number | null;
  /** white-listed enterprises that got a platform loan ÷ white-listed enterprises, bp */
  whitelistConversionBp: number | null;
}

export function derive(f: Figures): Derived {
  return {
    creditShareBp: shareBp(f.creditLoanFen, f.loanFen),
    creditCountShareBp: shareBp(f.creditLoans, f.loans),
    averageRateBp: f.loanFen > 0n ? Number((f.rateWeight * 2n + f.loanFen) / (2n * f.loanFen)) : null,
    approvalRateBp: shareBp(f.approvals, f.applications),
    averageResponseMinutes: f.responses > 0 ? Number((f.responseSeconds * 2n + 60n * BigInt(f.responses)) / (120n * BigInt(f.responses))) : null,
    whitelistConversionBp: shareBp(f.whitelistConverted, f.whitelisted),
  };
}
