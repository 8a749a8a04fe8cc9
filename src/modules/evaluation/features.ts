import { readFileSync } from 'node:fs';
import type { Queryable } from '../../platform/db/index.ts';
import type { StoredReason } from './evaluate.ts';

/**
 * The feature layer: per enterprise, facts derived in SQL from the registry (entities), the current versions of
 * the aggregated records (records, catalog v1 field codes) and the live credit commitments. One statement computes
 * and stores the features of a whole chunk of enterprises and returns them for scoring (README.md lists every
 * feature with its definition). Interface-mode items (tax, housing fund, electricity) count only where their
 * records are held on the platform; otherwise their features are missing and score neutral.
 */
export interface Features {
  entity_type: string;
  region_code: string;
  industry_code: string;
  size_class: string;
  status: string;
  years_in_business?: number;
  registered_capital_wan?: number;
  employees?: number;
  has_tax?: boolean;
  tax_paid_12m?: number;
  tax_payable_12m?: number;
  tax_payment_ratio_bp?: number;
  tax_trend_bp?: number;
  tax_normal_months?: number;
  tax_arrears_count?: number;
  tax_arrears_amount?: number;
  tax_abnormal?: boolean;
  utility_accounts?: number;
  utility_arrears_now?: number;
  utility_arrears_12m?: number;
  utility_stale_days?: number;
  hf_contributors?: number;
  hf_normal_months?: number;
  si_insured?: number;
  si_normal_months?: number;
  si_arrears?: boolean;
  penalties_active?: number;
  penalties_severe?: number;
  penalties_12m?: number;
  penalties_repaired?: number;
  penalty_last_days?: number;
  enforcement_active?: number;
  enforcement_amount?: number;
  dishonest_debtor?: number;
  serious_dishonesty?: number;
  env_grade?: string;
  high_tech?: boolean;
  rd_support?: boolean;
  invention_patents?: number;
  patents?: number;
  trademarks?: number;
  honours?: number;
  honours_national?: number;
  honours_provincial?: number;
  specialised_new?: boolean;
  admin_rewards?: number;
  policy_supports?: number;
  agri_operator?: boolean;
  customs_grade?: string;
  trade_total_12m?: number;
  commitment_signed?: boolean;
  self_reported_records?: number;
  contracts_troubled?: number;
  gov_procurement?: boolean;
  public_welfare?: number;
}

export type FeatureCode = keyof Features;

/** Every feature the scoring rules may name (model validation refuses others). */
export const FEATURE_CODES: readonly FeatureCode[] = [
  'entity_type', 'region_code', 'industry_code', 'size_class', 'status', 'years_in_business', 'registered_capital_wan', 'employees',
  'has_tax', 'tax_paid_12m', 'tax_payable_12m', 'tax_payment_ratio_bp', 'tax_trend_bp', 'tax_normal_months', 'tax_arrears_count',
  'tax_arrears_amount', 'tax_abnormal', 'utility_accounts', 'utility_arrears_now', 'utility_arrears_12m', 'utility_stale_days',
  'hf_contributors', 'hf_normal_months', 'si_insured', 'si_normal_months', 'si_arrears', 'penalties_active', 'penalties_severe',
  'penalties_12m', 'penalties_repaired', 'penalty_last_days', 'enforcement_active', 'enforcement_amount', 'dishonest_debtor',
  'serious_dishonesty', 'env_grade', 'high_tech', 'rd_support', 'invention_patents', 'patents', 'trademarks', 'honours',
  'honours_national', 'honours_provincial', 'specialised_new', 'admin_rewards', 'policy_supports', 'agri_operator', 'customs_grade',
  'trade_total_12m', 'commitment_signed', 'self_reported_records', 'contracts_troubled', 'gov_procurement', 'public_welfare',
];

interface FeatureParams {
  version: string;
  penalty: { severeCategoryPatterns: string[]; severeFineYuan: string };
  lookbackMonths: number;
}

const PARAMS = JSON.parse(readFileSync(new URL('../../data/evaluation/features-v1.json', import.meta.url), 'utf8')) as FeatureParams;

/** Which enterprises a statement covers: a USCC range (bulk, lo exclusive, hi inclusive or open) or a list. */
export type Target = { range: [lo: string, hi: string | null] } | { usccs: readonly string[] };

/** Items whose earlier versions within the look-back window matter (trend, arrears in the last 12 months). */
const HISTORY_ITEMS = `'TAX_PAYMENT','UTILITY_WATER','UTILITY_ELECTRICITY','UTILITY_GAS'`;
const UTILITY_ITEMS = `'UTILITY_WATER','UTILITY_ELECTRICITY','UTILITY_GAS'`;
const ITEMS = `'TAX_PAYMENT','TAX_ARREARS','TAX_ABNORMAL_TAXPAYER',${UTILITY_ITEMS},'HOUSING_FUND_CONTRIBUTION','SOCIAL_INSURANCE_CONTRIBUTION',
  'ADMIN_PENALTY','ADMIN_REWARD','COURT_ENFORCEMENT','COURT_DISHONEST_DEBTOR','SERIOUS_DISHONESTY_LIST','ENV_CREDIT_RATING','SCI_TECH_RD',
  'IP_PATENT','IP_TRADEMARK','HONOUR_AWARD','POLICY_SUPPORT','NEW_AGRI_OPERATOR','CUSTOMS_IMPORT_EXPORT',
  'SELF_QUALIFICATION','SELF_OPERATING','SELF_CONTRACT','SELF_PUBLIC_WELFARE'`;

function filter(column: string, target: Target, first: number): string {
  return 'range' in target
    ? `${column} > $${first} AND ($${first + 1}::text IS NULL OR ${column} <= $${first + 1})`
    : `${column} = ANY($${first}::text[])`;
}

/**
 * The statement: $1 evaluation date, $2 start of the look-back window, $3 commitment text version in force,
 * $4 severe penalty category patterns, $5 severe fine (yuan), $6 computed_at; the target from $7.
 */
function featureSql(target: Target): string {
  const f = (col: string) => filter(col, target, 7);
  const tax = `coalesce((d->>'vat_paid_12m')::numeric, 0) + coalesce((d->>'cit_paid_12m')::numeric, 0)`;
  const taxPayable = `coalesce((d->>'vat_payable_12m')::numeric, 0) + coalesce((d->>'cit_payable_12m')::numeric, 0)`;
  const penActive = `(withheld IS NULL AND (d->>'publicity_end_date' IS NULL OR (d->>'publicity_end_date')::date >= $1::date))`;
  const penSevere = `((d->>'penalty_category') LIKE ANY($4::text[]) OR coalesce((d->>'fine_amount')::numeric, 0) >= $5::numeric)`;
  const P = `item = 'ADMIN_PENALTY' AND cur`;
  return `
WITH ent AS (
  SELECT e.uscc, e.entity_type, e.region_code, e.industry_code, e.size_class, e.status,
    e.established_on, e.registered_capital_fen, e.employees
  FROM entities e WHERE ${f('e.uscc')}
),
feat AS (
  SELECT ent.uscc, jsonb_strip_nulls(jsonb_build_object(
    'entity_type', ent.entity_type, 'region_code', ent.region_code, 'industry_code', ent.industry_code,
    'size_class', ent.size_class, 'status', ent.status,
    'years_in_business', round((($1::date - ent.established_on) / 365.25)::numeric, 1),
    'registered_capital_wan', round(ent.registered_capital_fen / 1000000.0, 2),
    'employees', ent.employees,
    'has_tax', a.has_tax, 'tax_paid_12m', round(a.tax_paid, 2), 'tax_payable_12m', round(a.tax_payable, 2),
    'tax_payment_ratio_bp', CASE WHEN a.tax_payable > 0 THEN round(a.tax_paid / a.tax_payable * 10000) END,
    'tax_trend_bp', CASE WHEN coalesce(a.tax_paid_prior, a.tax_paid_prior_cur) > 0
      THEN round((a.tax_paid - coalesce(a.tax_paid_prior, a.tax_paid_prior_cur)) / coalesce(a.tax_paid_prior, a.tax_paid_prior_cur) * 10000) END,
    'tax_normal_months', a.tax_normal_months,
    'tax_arrears_count', CASE WHEN a.has_tax OR a.tax_arrears_count > 0 THEN a.tax_arrears_count END,
    'tax_arrears_amount', a.tax_arrears_amount, 'tax_abnormal', a.tax_abnormal,
    'utility_accounts', coalesce(a.utility_accounts, 0),
    'utility_arrears_now', CASE WHEN a.utility_accounts > 0 THEN a.utility_arrears_now END,
    'utility_arrears_12m', CASE WHEN a.utility_accounts > 0 THEN a.utility_arrears_12m END,
    'utility_stale_days', $1::date - a.utility_last_stat,
    'hf_contributors', a.hf_contributors, 'hf_normal_months', a.hf_normal_months,
    'si_insured', a.si_insured, 'si_normal_months', a.si_normal_months, 'si_arrears', a.si_arrears
  ) || jsonb_build_object(
    'penalties_active', coalesce(a.penalties_active, 0), 'penalties_severe', coalesce(a.penalties_severe, 0),
    'penalties_12m', coalesce(a.penalties_12m, 0), 'penalties_repaired', coalesce(a.penalties_repaired, 0),
    'penalty_last_days', $1::date - a.penalty_last,
    'enforcement_active', coalesce(a.enforcement_active, 0), 'enforcement_amount', a.enforcement_amount,
    'dishonest_debtor', coalesce(a.dishonest_debtor, 0), 'serious_dishonesty', coalesce(a.serious_dishonesty, 0),
    'env_grade', a.env_grade, 'high_tech', a.high_tech, 'rd_support', a.rd_support,
    'invention_patents', coalesce(a.invention_patents, 0), 'patents', coalesce(a.patents, 0), 'trademarks', coalesce(a.trademarks, 0),
    'honours', coalesce(a.honours, 0), 'honours_national', coalesce(a.honours_national, 0), 'honours_provincial', coalesce(a.honours_provincial, 0),
    'specialised_new', a.specialised_new, 'admin_rewards', coalesce(a.admin_rewards, 0), 'policy_supports', coalesce(a.policy_supports, 0),
    'agri_operator', a.agri_operator, 'customs_grade', a.customs_grade, 'trade_total_12m', a.trade_total_12m,
    'commitment_signed', coalesce(com.signed, false), 'self_reported_records', coalesce(a.self_reported_records, 0),
    'contracts_troubled', coalesce(a.contracts_troubled, 0), 'gov_procurement', a.gov_procurement, 'public_welfare', coalesce(a.public_welfare, 0)
  )) AS features
  FROM ent
  -- Per enterprise, an index probe into its records (records are keyed by USCC first): the cost follows the
  -- enterprise's own records whatever the planner estimates for a range, and an enterprise without records costs
  -- one probe. (A join of the range's aggregate was planned as a nested loop over a mis-estimated row count.)
  LEFT JOIN LATERAL (
    SELECT
    bool_or(true) FILTER (WHERE item = 'TAX_PAYMENT' AND cur) AS has_tax,
      sum(${tax}) FILTER (WHERE item = 'TAX_PAYMENT' AND cur) AS tax_paid,
      sum(${taxPayable}) FILTER (WHERE item = 'TAX_PAYMENT' AND cur) AS tax_payable,
      sum(${tax}) FILTER (WHERE item = 'TAX_PAYMENT' AND valid_from <= $2::timestamptz AND NOT cur) AS tax_paid_prior,
      sum(${tax}) FILTER (WHERE item = 'TAX_PAYMENT' AND valid_from <= $2::timestamptz AND cur) AS tax_paid_prior_cur,
      max((d->>'consecutive_normal_months')::int) FILTER (WHERE item = 'TAX_PAYMENT' AND cur) AS tax_normal_months,
      count(*) FILTER (WHERE item = 'TAX_ARREARS' AND cur AND (d->>'in_arrears')::boolean) AS tax_arrears_count,
      sum((d->>'arrears_amount')::numeric) FILTER (WHERE item = 'TAX_ARREARS' AND cur AND (d->>'in_arrears')::boolean) AS tax_arrears_amount,
      bool_or((d->>'is_abnormal_taxpayer')::boolean) FILTER (WHERE item = 'TAX_ABNORMAL_TAXPAYER' AND cur) AS tax_abnormal,
      count(*) FILTER (WHERE item IN (${UTILITY_ITEMS}) AND cur) AS utility_accounts,
      count(*) FILTER (WHERE item IN (${UTILITY_ITEMS}) AND cur AND (d->>'in_arrears')::boolean) AS utility_arrears_now,
      count(DISTINCT item || ':' || rkey) FILTER (WHERE item IN (${UTILITY_ITEMS}) AND (d->>'in_arrears')::boolean) AS utility_arrears_12m,
      max((d->>'stat_date')::date) FILTER (WHERE item IN (${UTILITY_ITEMS}) AND cur) AS utility_last_stat,
      max((d->>'avg_monthly_contributors_12m')::int) FILTER (WHERE item = 'HOUSING_FUND_CONTRIBUTION' AND cur) AS hf_contributors,
      max((d->>'consecutive_normal_months')::int) FILTER (WHERE item = 'HOUSING_FUND_CONTRIBUTION' AND cur) AS hf_normal_months,
      max((d->>'avg_monthly_insured_12m')::int) FILTER (WHERE item = 'SOCIAL_INSURANCE_CONTRIBUTION' AND cur) AS si_insured,
      max((d->>'consecutive_normal_months')::int) FILTER (WHERE item = 'SOCIAL_INSURANCE_CONTRIBUTION' AND cur) AS si_normal_months,
      bool_or((d->>'in_arrears')::boolean) FILTER (WHERE item = 'SOCIAL_INSURANCE_CONTRIBUTION' AND cur) AS si_arrears,
      count(*) FILTER (WHERE ${P} AND ${penActive}) AS penalties_active,
      count(*) FILTER (WHERE ${P} AND ${penActive} AND ${penSevere}) AS penalties_severe,
      count(*) FILTER (WHERE ${P} AND ${penActive} AND (d->>'decision_date')::date > $2::date) AS penalties_12m,
      count(*) FILTER (WHERE ${P} AND NOT ${penActive}) AS penalties_repaired,
      max((d->>'decision_date')::date) FILTER (WHERE ${P} AND ${penActive}) AS penalty_last,
      count(*) FILTER (WHERE item = 'COURT_ENFORCEMENT' AND cur AND d->>'case_status' = '执行中') AS enforcement_active,
      sum((d->>'enforcement_amount')::numeric) FILTER (WHERE item = 'COURT_ENFORCEMENT' AND cur AND d->>'case_status' = '执行中') AS enforcement_amount,
      count(*) FILTER (WHERE item = 'COURT_DISHONEST_DEBTOR' AND cur) AS dishonest_debtor,
      count(*) FILTER (WHERE item = 'SERIOUS_DISHONESTY_LIST' AND cur
        AND (d->>'removal_date' IS NULL OR (d->>'removal_date')::date > $1::date)) AS serious_dishonesty,
      (array_agg(d->>'credit_grade' ORDER BY d->>'evaluation_date' DESC) FILTER (WHERE item = 'ENV_CREDIT_RATING' AND cur
        AND (d->>'valid_until' IS NULL OR (d->>'valid_until')::date >= $1::date)))[1] AS env_grade,
      bool_or((d->>'is_national_high_tech')::boolean) FILTER (WHERE item = 'SCI_TECH_RD' AND cur) AS high_tech,
      bool_or(coalesce(d->>'research_support', '') <> '') FILTER (WHERE item = 'SCI_TECH_RD' AND cur) AS rd_support,
      count(*) FILTER (WHERE item = 'IP_PATENT' AND cur AND d->>'patent_type' = '发明') AS invention_patents,
      count(*) FILTER (WHERE item = 'IP_PATENT' AND cur) AS patents,
      count(*) FILTER (WHERE item = 'IP_TRADEMARK' AND cur) AS trademarks,
      count(*) FILTER (WHERE item = 'HONOUR_AWARD' AND cur AND (d->>'valid_to' IS NULL OR (d->>'valid_to')::date >= $1::date)) AS honours,
      count(*) FILTER (WHERE item = 'HONOUR_AWARD' AND cur AND d->>'honour_level' = '国家级'
        AND (d->>'valid_to' IS NULL OR (d->>'valid_to')::date >= $1::date)) AS honours_national,
      count(*) FILTER (WHERE item = 'HONOUR_AWARD' AND cur AND d->>'honour_level' = '省级'
        AND (d->>'valid_to' IS NULL OR (d->>'valid_to')::date >= $1::date)) AS honours_provincial,
      bool_or(d->>'honour_name' LIKE '%专精特新%') FILTER (WHERE item = 'HONOUR_AWARD' AND cur
        AND (d->>'valid_to' IS NULL OR (d->>'valid_to')::date >= $1::date)) AS specialised_new,
      count(*) FILTER (WHERE item = 'ADMIN_REWARD' AND cur AND (d->>'valid_to' IS NULL OR (d->>'valid_to')::date >= $1::date)) AS admin_rewards,
      count(*) FILTER (WHERE item = 'POLICY_SUPPORT' AND cur) AS policy_supports,
      bool_or(true) FILTER (WHERE item = 'NEW_AGRI_OPERATOR' AND cur) AS agri_operator,
      max(d->>'customs_credit_grade') FILTER (WHERE item = 'CUSTOMS_IMPORT_EXPORT' AND cur) AS customs_grade,
      sum((d->>'trade_total_12m')::numeric) FILTER (WHERE item = 'CUSTOMS_IMPORT_EXPORT' AND cur) AS trade_total_12m,
      count(*) FILTER (WHERE origin = 'self_report' AND cur) AS self_reported_records,
      count(*) FILTER (WHERE item = 'SELF_CONTRACT' AND cur AND d->>'performance_status' IN ('逾期履行', '存在争议')) AS contracts_troubled,
      bool_or(d->>'contract_type' = '政府采购合同') FILTER (WHERE item = 'SELF_CONTRACT' AND cur) AS gov_procurement,
      count(*) FILTER (WHERE item = 'SELF_PUBLIC_WELFARE' AND cur) AS public_welfare
    FROM (SELECT r.item_code AS item, r.record_key AS rkey, r.data AS d, r.origin, r.valid_from, r.valid_to IS NULL AS cur,
        m.withheld_reason AS withheld
      FROM records r
      -- C11: a record whose publicity ended no longer counts against the enterprise; a repaired or expired penalty
      -- still counts as a repaired one, a record deleted after an objection not at all (record_marks by key)
      LEFT JOIN record_marks m ON m.uscc = r.uscc AND m.item_code = r.item_code AND m.record_key = r.record_key
      WHERE r.uscc = ent.uscc AND r.item_code IN (${ITEMS})
        AND (r.valid_to IS NULL OR (r.valid_to > $2::timestamptz AND r.item_code IN (${HISTORY_ITEMS})))
        AND (m.withheld_reason IS NULL OR (r.item_code = 'ADMIN_PENALTY' AND m.withheld_reason <> 'deleted'))) rec
  ) a ON true
  LEFT JOIN LATERAL (
    SELECT bool_or(c.revoked_at IS NULL AND c.text_version = $3) AS signed FROM credit_commitments c WHERE c.uscc = ent.uscc
  ) com ON true
),
-- Stored only when they changed (computed_at = when they last changed): a nightly run rewrites few rows.
ins AS (
  INSERT INTO enterprise_features AS f (uscc, features, computed_at)
  SELECT uscc, features, $6::timestamptz FROM feat
  ON CONFLICT (uscc) DO UPDATE SET features = EXCLUDED.features, computed_at = EXCLUDED.computed_at
  WHERE f.features <> EXCLUDED.features
)
SELECT feat.uscc, feat.features, s.model_version AS prev_model, s.score AS prev_score, s.grade AS prev_grade,
  s.reasons AS prev_reasons, s.tags AS prev_tags
-- The target's filter repeated on the scores so the planner can bound the read of enterprise_scores by an index
-- range (or the USCC list) whatever it estimates for the feature rows.
FROM feat LEFT JOIN enterprise_scores s ON s.uscc = feat.uscc AND ${f('s.uscc')}`;
}

const sqlCache = new Map<string, string>();

function cachedSql(target: Target): string {
  const key = 'range' in target ? 'range' : 'list';
  let text = sqlCache.get(key);
  if (!text) {
    text = featureSql(target);
    sqlCache.set(key, text);
  }
  return text;
}

/** The first day of the look-back window: the same calendar day `months` earlier. */
export function lookbackStart(asOf: Date, months = PARAMS.lookbackMonths): Date {
  return new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - months, asOf.getUTCDate()));
}

/** The features of one enterprise as computed, with what its current score was (to write only what changed). */
export interface FeatureRow {
  uscc: string;
  features: Features;
  prev_model: number | null;
  prev_score: number | null;
  prev_grade: string | null;
  prev_reasons: StoredReason[] | null;
  prev_tags: string[] | null;
}

/** Computes, stores and returns the features of the target's enterprises (unregistered USCCs are skipped). */
export async function computeFeatures(q: Queryable, target: Target, opts: { at: Date; commitmentTextVersion: string }): Promise<FeatureRow[]> {
  // The evaluation date is the calendar day in China (UTC+8), the day the records' dates are written in.
  const day = new Date(opts.at.getTime() + 8 * 3_600_000);
  const asOf = day.toISOString().slice(0, 10);
  const from = lookbackStart(day).toISOString().slice(0, 10);
  const targetParams = 'range' in target ? [target.range[0], target.range[1]] : [target.usccs];
  return q.query<FeatureRow>(cachedSql(target), [
    asOf, from, opts.commitmentTextVersion, PARAMS.penalty.severeCategoryPatterns, PARAMS.penalty.severeFineYuan, opts.at.toISOString(),
    ...targetParams,
  ]);
}

export const FEATURE_PARAMS_VERSION = PARAMS.version;
