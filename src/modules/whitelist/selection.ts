/**
 * The white-list selection as one set-based statement over every registered enterprise: the facts each rule needs
 * (current score, current enforcement / dishonest-debtor / serious-dishonesty records, live credit commitments, live
 * financing demands) are
 * joined once, every enabled rule becomes a boolean column, and two data-modifying CTEs write the run's entries
 * (with the reasons: each rule that held, as {rule: fact}) and the departures (previous entries whose rules stopped holding).
 */
import type { Queryable } from '../../platform/db/index.ts';
import { compileRules, type RuleSet } from './rules.ts';

export interface SelectionInput {
  runId: string;
  previousRunId: string | null;
  /** the selection date (Asia/Shanghai calendar day, 'YYYY-MM-DD') */
  asOf: string;
  rules: RuleSet;
}

export interface SelectionResult {
  evaluated: number;
  joined: number;
  stayed: number;
  left: number;
  /** per rule: how many enterprises it excluded */
  failedBy: Record<string, number>;
  skipped: { id: string; zh: string; en: string }[];
}

export async function selectWhitelist(q: Queryable, input: SelectionInput): Promise<SelectionResult> {
  const params: unknown[] = [];
  const param = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const runP = param(input.runId);
  const prevP = param(input.previousRunId);
  const asOfP = param(input.asOf);
  const enforcement = input.rules.rules.find((r) => r.id === 'no_current_enforcement');
  const closedP = param((enforcement?.params.closedStatuses as string[] | undefined) ?? ['已结案']);
  // A demand is live when open and published or updated within maxAgeDays before the selection day (China time).
  const need = input.rules.rules.find((r) => r.id === 'financing_need' && r.enabled);
  const needSinceP = need
    ? param(new Date(Date.parse(`${input.asOf}T00:00:00+08:00`) - Number(need.params.maxAgeDays) * 86_400_000).toISOString())
    : null;
  const compiled = compileRules(input.rules, param);
  const byId = new Map(input.rules.rules.map((r) => [r.id, r]));
  const text = (id: string) => {
    const r = byId.get(id as never);
    return { zh: param(r?.zh ?? id), en: param(r?.en ?? id) };
  };
  const cols = compiled.sql.map((r, i) => `${r.held} AS r${i}, (${r.value})::text AS v${i}`).join(',\n    ');
  const all = compiled.sql.length ? compiled.sql.map((_, i) => `f.r${i}`).join(' AND ') : 'true';
  // Entries keep only each held rule's fact ({rule: value}); the zh/en text comes from the run's (immutable) rule-set
  // version when read — a million entries × eight sentences would be most of the run's time and space.
  const reasons = compiled.sql.map((r, i) => `'${r.id}', f.v${i}`);
  const failing = compiled.sql.map((r, i) => {
    const t = text(r.id);
    return `(CASE WHEN NOT f.r${i} THEN jsonb_build_object('rule', '${r.id}', 'zh', ${t.zh}::text, 'en', ${t.en}::text, 'value', f.v${i}) END)`;
  });
  const failedCounts = compiled.sql.map((r, i) => `'${r.id}', count(*) FILTER (WHERE NOT r${i})`).join(', ');
  const statement = `
WITH flags AS (
  -- one pass over the current records of the three judicial / dishonesty items
  SELECT uscc,
    bool_or(item_code = 'COURT_ENFORCEMENT' AND NOT coalesce(data->>'case_status' = ANY(${closedP}::text[]), false)) AS enforcement,
    bool_or(item_code = 'COURT_DISHONEST_DEBTOR') AS dishonest,
    bool_or(item_code = 'SERIOUS_DISHONESTY_LIST' AND (data->>'removal_date' IS NULL OR (data->>'removal_date')::date > ${asOfP}::date)) AS serious
  FROM records r WHERE valid_to IS NULL AND item_code IN ('COURT_ENFORCEMENT', 'COURT_DISHONEST_DEBTOR', 'SERIOUS_DISHONESTY_LIST')
    -- C11: records whose publicity ended (repaired, expired, deleted after an objection) do not bar an enterprise
    AND NOT EXISTS (SELECT 1 FROM record_marks m WHERE m.uscc = r.uscc AND m.item_code = r.item_code AND m.record_key = r.record_key
      AND m.withheld_reason IS NOT NULL)
  GROUP BY uscc
),
com AS (SELECT uscc, max(signed_at) AS signed_at FROM credit_commitments WHERE revoked_at IS NULL GROUP BY uscc),
dem AS (
  SELECT uscc, max(updated_at) AS at FROM marketplace_demands
  WHERE ${needSinceP ? `status = 'open' AND updated_at >= ${needSinceP}::timestamptz` : 'false'} GROUP BY uscc
),
x AS (
  SELECT e.uscc, e.region_code, e.industry_code, e.size_class, e.status, e.established_on, ${asOfP}::date AS as_of,
    s.score, s.grade, coalesce(g.enforcement, false) AS enforcement, coalesce(g.dishonest, false) AS dishonest,
    coalesce(g.serious, false) AS serious,
    com.signed_at AS commitment_signed_at, dem.at AS demand_at
  FROM entities e
  LEFT JOIN enterprise_scores s ON s.uscc = e.uscc
  LEFT JOIN flags g ON g.uscc = e.uscc
  LEFT JOIN com ON com.uscc = e.uscc
  LEFT JOIN dem ON dem.uscc = e.uscc
),
f AS MATERIALIZED (
  SELECT x.uscc, x.region_code, x.industry_code, x.score, x.grade${cols ? `,\n    ${cols}` : ''}
  FROM x
),
ins AS (
  INSERT INTO whitelist_entries (run_id, uscc, region_code, industry_code, score, grade, change, reasons)
  SELECT ${runP}::uuid, f.uscc, f.region_code, f.industry_code, f.score, f.grade,
    CASE WHEN p.uscc IS NULL THEN 'joined' ELSE 'stayed' END,
    jsonb_build_object(${reasons.join(', ')})
  FROM f LEFT JOIN whitelist_entries p ON p.run_id = ${prevP}::uuid AND p.uscc = f.uscc
  WHERE ${all}
  RETURNING change
),
dep AS (
  INSERT INTO whitelist_departures (run_id, uscc, reasons)
  SELECT ${runP}::uuid, p.uscc, coalesce((SELECT jsonb_agg(v.o) FROM (VALUES
      (CASE WHEN f.uscc IS NULL THEN jsonb_build_object('rule', 'registry', 'zh', '已不在主体登记库中', 'en', 'No longer in the registry') END)
      ${failing.map((s) => `, (${s})`).join('\n      ')}
    ) v(o) WHERE v.o IS NOT NULL), '[]'::jsonb)
  FROM whitelist_entries p LEFT JOIN f ON f.uscc = p.uscc
  WHERE p.run_id = ${prevP}::uuid AND NOT coalesce(${all}, false)
  RETURNING 1
)
SELECT (SELECT count(*) FROM f)::int AS evaluated,
  (SELECT count(*) FILTER (WHERE change = 'joined') FROM ins)::int AS joined,
  (SELECT count(*) FILTER (WHERE change = 'stayed') FROM ins)::int AS stayed,
  (SELECT count(*) FROM dep)::int AS departed,
  (SELECT jsonb_build_object(${failedCounts}) FROM f) AS failed_by`;
  const [row] = await q.query<{ evaluated: number; joined: number; stayed: number; departed: number; failed_by: Record<string, number> }>(statement, params);
  return {
    evaluated: row.evaluated, joined: row.joined, stayed: row.stayed, left: row.departed,
    failedBy: row.failed_by ?? {}, skipped: compiled.skipped,
  };
}
